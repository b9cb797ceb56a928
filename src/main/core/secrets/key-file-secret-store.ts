import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { PRIVATE_DIR_MODE } from '../private-data-dir';
import type { SecretStore } from './secret-store';

const SCHEME = 'kf1';
const KEY_FILE = 'secret.key';

export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE);
}

function loadOrCreateKey(dataDir: string): Buffer {
  const file = keyFilePath(dataDir);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    try {
      // 'wx' fails if another process created it first; then we read theirs.
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) {
    throw new BotdeckError('SECRET_UNREADABLE', text('secret.keyFileDamaged', { file }));
  }
  return key;
}

/** AES-256-GCM with a random key kept in the data folder, readable by the owner only (0600). */
export function keyFileSecretStore(dataDir: string): SecretStore {
  const key = loadOrCreateKey(dataDir);
  return {
    scheme: SCHEME,
    protection: { kind: 'key_file', file: keyFilePath(dataDir), reason: 'not_desktop', backend: null },
    outdated: () => false,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${SCHEME}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    unseal(sealed) {
      const [scheme, payload = ''] = sealed.split(':', 2);
      if (scheme !== SCHEME) {
        throw new BotdeckError('SECRET_UNREADABLE', text('secret.otherStore', { scheme: scheme ?? 'unknown' }));
      }
      try {
        const raw = Buffer.from(payload, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new BotdeckError('SECRET_UNREADABLE', text('secret.keyFileReplaced', { file: join(dataDir, KEY_FILE) }), {
          cause: error,
        });
      }
    },
  };
}
