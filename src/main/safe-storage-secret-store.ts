import type { SafeStorage } from 'electron';
import type { SecretStore } from './core/secrets/secret-store';
import { keyFileSecretStore } from './core/secrets/key-file-secret-store';

const SCHEME = 'ss1';

/**
 * Seals secrets with the OS keychain through Electron's safeStorage. Where no keychain is
 * available (a Linux desktop without a secret service), it falls back to the key file, so
 * tokens are never stored in plain text either way. Values sealed by either one open here.
 */
export function safeStorageSecretStore(safeStorage: SafeStorage, dataDir: string): SecretStore {
  const fallback = keyFileSecretStore(dataDir);
  if (!safeStorage.isEncryptionAvailable()) return fallback;
  return {
    scheme: SCHEME,
    seal: (plain) => `${SCHEME}:${safeStorage.encryptString(plain).toString('base64')}`,
    unseal: (sealed) => {
      if (!sealed.startsWith(`${SCHEME}:`)) return fallback.unseal(sealed);
      return safeStorage.decryptString(Buffer.from(sealed.slice(SCHEME.length + 1), 'base64'));
    },
  };
}
