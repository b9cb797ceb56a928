import type { SafeStorage } from 'electron';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelRecords } from '../../src/main/core/alerts/channel-records';
import { BotRecords } from '../../src/main/core/bots/bot-records';
import { createHandlers } from '../../src/main/core/api';
import { startCore } from '../../src/main/core/core';
import { openStore } from '../../src/main/core/db/store';
import type { Logger } from '../../src/main/core/logger';
import { keyFileSecretStore } from '../../src/main/core/secrets/key-file-secret-store';
import type { SecretStore } from '../../src/main/core/secrets/secret-store';
import { safeStorageSecretStore } from '../../src/main/safe-storage-secret-store';
import { defaultWelcome } from '../../src/shared/welcome';
import { safeStorage } from '../support/fake-electron';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';
import { PixGatewayRecords } from '../../src/main/core/payments/pix-gateway-records';

const electronSafeStorage = safeStorage as unknown as SafeStorage;
const fakeDecrypt = safeStorage.decryptString.getMockImplementation();

/** The keychain as it is on this machine: whether safeStorage can encrypt, and the Linux store it picked. */
function keychain(available: boolean, backend: typeof safeStorage.backend): void {
  safeStorage.available = available;
  safeStorage.backend = backend;
}

/** A value the keychain sealed where it had a real secret service, which safeStorage cannot open now. */
const SEALED_ELSEWHERE = `ss1:${Buffer.from('v11 sealed by a keyring that is gone').toString('base64')}`;

function refuseValuesSealedElsewhere(): void {
  safeStorage.decryptString.mockImplementation((sealed: Buffer) => {
    if (sealed.toString().startsWith('v11')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return fakeDecrypt!(sealed);
  });
}

afterEach(() => {
  keychain(false, 'gnome_libsecret');
  safeStorage.decryptString.mockImplementation(fakeDecrypt!);
  safeStorage.encryptString.mockClear();
  safeStorage.getSelectedStorageBackend.mockClear();
});

describe('the safeStorage secret store', () => {
  it('seals with the OS keychain when a secret service keeps its key', () => {
    keychain(true, 'gnome_libsecret');
    const store = safeStorageSecretStore(electronSafeStorage, tempDir(), 'linux');
    const sealed = store.seal('123456:secret-token');
    expect(sealed.startsWith('ss1:')).toBe(true);
    expect(sealed).not.toContain('secret-token');
    expect(store.unseal(sealed)).toBe('123456:secret-token');
    expect(safeStorage.encryptString).toHaveBeenCalledWith('123456:secret-token');
    expect(store.protection).toEqual({ kind: 'keychain', backend: 'gnome_libsecret' });
    expect(store.outdated(sealed)).toBe(false);
  });

  it('asks for the Linux password store on Linux only', () => {
    keychain(true, 'basic_text');
    const store = safeStorageSecretStore(electronSafeStorage, tempDir(), 'darwin');
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
    expect(store.protection).toEqual({ kind: 'keychain', backend: null });
  });

  it.each(['basic_text', 'unknown'] as const)('uses the key file on Linux without a secret service (%s), and says why', (backend) => {
    // safeStorage would encrypt here, with a password built into Chromium.
    keychain(true, backend);
    const dataDir = tempDir();
    const store = safeStorageSecretStore(electronSafeStorage, dataDir, 'linux');
    const sealed = store.seal('token-b');
    expect(sealed.startsWith('kf1:')).toBe(true);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(keyFileSecretStore(dataDir).unseal(sealed)).toBe('token-b');
    expect(store.protection).toEqual({ kind: 'key_file', file: join(dataDir, 'secret.key'), reason: 'no_secret_service', backend });
  });

  it('falls back to the key file without a keychain, and still opens key-file secrets later', () => {
    const dataDir = tempDir();
    keychain(false, 'gnome_libsecret');
    const withoutKeychain = safeStorageSecretStore(electronSafeStorage, dataDir, 'linux');
    expect(withoutKeychain.protection).toMatchObject({ kind: 'key_file', reason: 'keychain_unavailable' });
    const sealed = withoutKeychain.seal('token-a');
    expect(sealed.startsWith('kf1:')).toBe(true);
    keychain(true, 'gnome_libsecret');
    const withKeychain = safeStorageSecretStore(electronSafeStorage, dataDir, 'linux');
    expect(withKeychain.unseal(sealed)).toBe('token-a');
    expect(keyFileSecretStore(dataDir).unseal(sealed)).toBe('token-a');
  });

  it('still opens what the keychain sealed under basic_text, and marks it to be moved to the key file', () => {
    const dataDir = tempDir();
    keychain(true, 'basic_text');
    const before = safeStorageSecretStore(electronSafeStorage, dataDir, 'darwin').seal('token-c');
    expect(before.startsWith('ss1:')).toBe(true);
    const now = safeStorageSecretStore(electronSafeStorage, dataDir, 'linux');
    expect(now.unseal(before)).toBe('token-c');
    expect(now.outdated(before)).toBe(true);
    expect(now.outdated(now.seal('token-c'))).toBe(false);
  });

  it('says clearly why a value sealed by a keyring that is gone cannot be opened', () => {
    keychain(true, 'basic_text');
    refuseValuesSealedElsewhere();
    const store = safeStorageSecretStore(electronSafeStorage, tempDir(), 'linux');
    expect(() => store.unseal(SEALED_ELSEWHERE)).toThrow(
      expect.objectContaining({ code: 'SECRET_UNREADABLE', message: expect.stringContaining('no secret service was found (basic_text)') as string }),
    );
  });
});

describe('secrets the keychain sealed under basic_text, at the next start', () => {
  it('move to the key file with nothing lost, and Settings says how tokens are sealed', async () => {
    const dataDir = tempDir();
    // Sealed by an earlier version that trusted basic_text.
    keychain(true, 'basic_text');
    const before = safeStorageSecretStore(electronSafeStorage, dataDir, 'darwin');
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    const bots = new BotRecords(store.db);
    const bot = (telegramId: number, tokenSealed: string) =>
      bots.insert({ telegramId, username: `bot${telegramId}`, name: 'Shop', tokenSealed, tokenHint: `${telegramId}:…`, welcome: defaultWelcome('Shop', 'en') }, 1);
    const weak = bot(111, before.seal('111:weak-token'));
    const elsewhere = bot(222, SEALED_ELSEWHERE);
    const onKeyFile = bot(333, keyFileSecretStore(dataDir).seal('333:key-file-token'));
    const channel = new ChannelRecords(store.db, before).insert(
      { name: 'Hook', enabled: true, config: { kind: 'webhook', url: 'https://hooks.example/secret-path' }, hint: 'hooks.example' },
      1,
    );
    new PixGatewayRecords(store.db, before).save({ kind: 'mercado_pago', accessToken: 'APP_USR-pix-token', baseUrl: 'https://api.mercadopago.com', expiryMinutes: 30 }, 1);
    store.close();

    refuseValuesSealedElsewhere();
    const lines: string[] = [];
    const logger: Logger = { info: (_fields, message) => lines.push(message), warn: (_fields, message) => lines.push(message), error: (_fields, message) => lines.push(message) };
    const core = await startCore({ dataDir, appVersion: APP_VERSION, logger, secrets: (dir) => safeStorageSecretStore(electronSafeStorage, dir, 'linux') });
    const settings = await createHandlers(core, 'linux').getSettings(undefined);
    await core.close();

    expect(settings.secrets).toEqual({ kind: 'key_file', file: join(dataDir, 'secret.key'), reason: 'no_secret_service', backend: 'basic_text' });
    expect(lines).toContain('secrets sealed a weaker way were sealed again');
    expect(lines).toContain('some secrets sealed a weaker way cannot be opened now; they are kept as they were');
    const reopened = await openStore({ dataDir, appVersion: APP_VERSION });
    const after = new BotRecords(reopened.db);
    const keyFile = keyFileSecretStore(dataDir);
    const sealedToken = (id: number) => after.get(id)?.tokenSealed ?? '';
    // Readable with the key file alone: no keychain involved any more.
    expect(sealedToken(weak)).toMatch(/^kf1:/);
    expect(keyFile.unseal(sealedToken(weak))).toBe('111:weak-token');
    expect(keyFile.unseal(sealedToken(onKeyFile))).toBe('333:key-file-token');
    expect(sealedToken(elsewhere)).toBe(SEALED_ELSEWHERE);
    const channels = new ChannelRecords(reopened.db, keyFile);
    expect(channels.get(channel).sealed).toMatch(/^kf1:/);
    expect(channels.config(channels.get(channel))).toEqual({ kind: 'webhook', url: 'https://hooks.example/secret-path' });
    const pix = new PixGatewayRecords(reopened.db, keyFile);
    expect(pix.sealedValues()[0]?.sealed).toMatch(/^kf1:/);
    expect(pix.stored()?.accessToken).toBe('APP_USR-pix-token');
    reopened.close();
  });

  const sealingFails = {
    'sealing throws': (): string => {
      throw new Error('database or disk is full');
    },
    'the new seal opens to something else': (_plain: string, store: SecretStore): string => store.seal('not the token'),
  };

  it.each(Object.keys(sealingFails) as (keyof typeof sealingFails)[])('stay as they were, and the engine starts, when %s', async (failure) => {
    const dataDir = tempDir();
    keychain(true, 'basic_text');
    const sealed = safeStorageSecretStore(electronSafeStorage, dataDir, 'darwin').seal('555:weak-token');
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    const id = new BotRecords(store.db).insert(
      { telegramId: 555, username: 'bot555', name: 'Shop', tokenSealed: sealed, tokenHint: '555:…', welcome: defaultWelcome('Shop', 'en') },
      1,
    );
    store.close();
    const lines: string[] = [];
    const logger: Logger = { info: (_fields, message) => lines.push(message), warn: (_fields, message) => lines.push(message), error: (_fields, message) => lines.push(message) };
    const failing = (dir: string): SecretStore => {
      const store = safeStorageSecretStore(electronSafeStorage, dir, 'linux');
      return { ...store, seal: (plain) => sealingFails[failure](plain, store) };
    };
    const core = await startCore({ dataDir, appVersion: APP_VERSION, logger, secrets: failing });
    expect(core.botsMayRun()).toBeNull();
    expect(new BotRecords(core.store()!.db).get(id)?.tokenSealed).toBe(sealed);
    await core.close();
    expect(lines).toContain('secrets sealed a weaker way could not be sealed again; they stay as they were');
  });

  it('are left alone where the keychain is real, and the headless engine reports its key file', async () => {
    const dataDir = tempDir();
    keychain(true, 'gnome_libsecret');
    const secrets = (dir: string) => safeStorageSecretStore(electronSafeStorage, dir, 'linux');
    const store = await openStore({ dataDir, appVersion: APP_VERSION });
    const sealed = secrets(dataDir).seal('444:keychain-token');
    const id = new BotRecords(store.db).insert(
      { telegramId: 444, username: 'bot444', name: 'Shop', tokenSealed: sealed, tokenHint: '444:…', welcome: defaultWelcome('Shop', 'en') },
      1,
    );
    store.close();
    await (await startCore({ dataDir, appVersion: APP_VERSION, secrets })).close();
    const headless = await startCore({ dataDir, appVersion: APP_VERSION });
    const settings = await createHandlers(headless, 'linux').getSettings(undefined);
    expect(new BotRecords(headless.store()!.db).get(id)?.tokenSealed).toBe(sealed);
    await headless.close();
    expect(settings.secrets).toEqual({ kind: 'key_file', file: join(dataDir, 'secret.key'), reason: 'not_desktop', backend: null });
  });
});
