import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/main/core/bots/backoff';
import { BotRecords } from '../../src/main/core/bots/bot-records';
import { defaultWelcome } from '../../src/shared/welcome';
import { maskToken, parseToken } from '../../src/main/core/bots/token';
import { TokenBucket } from '../../src/main/core/bots/token-bucket';
import { keyFileSecretStore } from '../../src/main/core/secrets/key-file-secret-store';
import { telegramApiRoot } from '../../src/main/core/bots/telegram-api-root';
import { setSetting } from '../../src/main/core/db/settings';
import { openStore } from '../../src/main/core/db/store';
import { errorText, redactSecrets } from '../../src/main/core/redact';
import { tempDir } from '../support/temp-dir';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_';

describe('bot tokens', () => {
  it('accepts a BotFather token, trimmed, and masks it to the id and last four characters', () => {
    expect(parseToken(`  ${TOKEN}\n`)).toEqual({ token: TOKEN, botId: 123456789 });
    expect(maskToken(TOKEN)).toBe('123456789:…saw_');
    expect(maskToken(TOKEN)).not.toContain('AAHdq');
  });

  it.each(['', 'hello', '123456789', '123456789:short', 'abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_', `${TOKEN} extra`])('rejects %j with a clear error', (raw) => {
    expect(() => parseToken(raw)).toThrow(expect.objectContaining({ code: 'BOT_TOKEN_MALFORMED', message: expect.stringContaining('BotFather') as string }));
  });
});

describe('the key-file secret store', () => {
  it('seals with a key file readable by the owner only, and opens what it sealed', () => {
    const dataDir = tempDir();
    const store = keyFileSecretStore(dataDir);
    const sealed = store.seal(TOKEN);
    expect(sealed).toMatch(/^kf1:/);
    expect(sealed).not.toContain('AAHdq');
    expect(store.seal(TOKEN)).not.toBe(sealed);
    expect(keyFileSecretStore(dataDir).unseal(sealed)).toBe(TOKEN);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('says clearly when the key was replaced or the value came from another store', () => {
    const dataDir = tempDir();
    const sealed = keyFileSecretStore(dataDir).seal(TOKEN);
    expect(() => keyFileSecretStore(dataDir).unseal('ss1:abcd')).toThrow(/sealed by another key store/);
    writeFileSync(join(dataDir, 'secret.key'), Buffer.alloc(32, 7).toString('base64'));
    expect(() => keyFileSecretStore(dataDir).unseal(sealed)).toThrow(expect.objectContaining({ code: 'SECRET_UNREADABLE' }));
    writeFileSync(join(dataDir, 'secret.key'), 'short');
    expect(() => keyFileSecretStore(dataDir)).toThrow(/damaged/);
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8')).toBe('short');
  });
});

describe('the token bucket', () => {
  it('spaces takes evenly at the configured rate, without bursts after idling', () => {
    const bucket = new TokenBucket(25, 1, 1);
    expect(bucket.delay(0)).toBe(0);
    bucket.take(0);
    expect(bucket.delay(0)).toBe(40);
    expect(bucket.delay(40)).toBe(0);
    bucket.take(40);
    bucket.take(10_000);
    expect(bucket.delay(10_000)).toBe(40);
  });

  it('never lets more than the rate through in any one-second window', () => {
    const bucket = new TokenBucket(30);
    const taken: number[] = [];
    for (let t = 0; t < 5000; t += 1) {
      if (bucket.delay(t) === 0) {
        bucket.take(t);
        taken.push(t);
      }
    }
    for (const start of taken) expect(taken.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(30);
    // 30 a second stretched by the safety margin (1.04): about 28.8 a second.
    expect(taken.length).toBeGreaterThanOrEqual(5 * 28);
  });
});

describe('backoff', () => {
  it('doubles up to the bound, with jitter between half and the whole step', () => {
    const policy = { baseMs: 1000, maxMs: 8000, maxAttempts: 6 };
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 1)).toBe(4000);
    expect(backoffDelay(10, policy, () => 1)).toBe(8000);
    expect(backoffDelay(10, policy, () => 0)).toBe(4000);
  });
});

describe('redaction', () => {
  it('removes tokens from text such as a network error quoting the Bot API URL', () => {
    expect(redactSecrets(`request to http://127.0.0.1:8081/bot${TOKEN}/getMe failed`)).toBe('request to http://127.0.0.1:8081/bot123456789:<token>/getMe failed');
    expect(errorText(new Error(`x ${TOKEN} y ${TOKEN}`))).toBe('x 123456789:<token> y 123456789:<token>');
    expect(redactSecrets('port 127.0.0.1:8081 and time 12:30')).toBe('port 127.0.0.1:8081 and time 12:30');
  });
});

describe('the Bot API root', () => {
  it('comes from the environment, then the setting, then Telegram', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: 'test' });
    expect(telegramApiRoot(store.db, {})).toBe('https://api.telegram.org');
    setSetting(store.db, 'telegram.apiRoot', 'http://localhost:8081/');
    expect(telegramApiRoot(store.db, {})).toBe('http://localhost:8081');
    expect(telegramApiRoot(store.db, { BOTDECK_TELEGRAM_API_ROOT: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
    store.close();
  });
});

describe('a bot row whose welcome no longer validates', () => {
  it('falls back to the default welcome instead of stopping the engine', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: 'test' });
    store.db
      .prepare(
        "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 9, 'b', 'Loja', 's', 'h', '{\"text\": 5}', 0, 0)",
      )
      .run();
    store.db
      .prepare(
        "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (2, 8, 'c', 'Shop', 's', 'h', 'not json', 0, 0)",
      )
      .run();
    const [first, second] = new BotRecords(store.db).active();
    expect(first?.welcome).toEqual(defaultWelcome('Loja', 'en'));
    expect(second?.welcome).toEqual(defaultWelcome('Shop', 'en'));
    store.close();
  });
});
