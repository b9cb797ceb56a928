import type { SafeStorage } from 'electron';
import type { SecretProtection } from '../shared/secret-protection';
import { BotdeckError } from './core/errors';
import { errorText as text } from '../shared/i18n/error-text';
import type { SecretStore } from './core/secrets/secret-store';
import { keyFilePath, keyFileSecretStore } from './core/secrets/key-file-secret-store';

const SCHEME = 'ss1';

type Backend = ReturnType<SafeStorage['getSelectedStorageBackend']>;

/** Linux password stores that keep the key out of the data folder. */
const SECRET_SERVICES: readonly Backend[] = ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'];

const KEYCHAIN_GONE: Record<Exclude<SecretProtection, { kind: 'keychain' }>['reason'], string> = {
  not_desktop: 'this is not the desktop app',
  keychain_unavailable: 'the OS keychain is not available',
  no_secret_service: 'no secret service was found',
};

/**
 * Seals secrets with the OS keychain through Electron's safeStorage. Where there is no
 * real keychain it uses the key file instead, so tokens are never stored in plain text:
 * when safeStorage cannot encrypt, and on Linux without a secret service, where
 * safeStorage would still encrypt (backend `basic_text`) but with a password built into
 * Chromium, which protects nothing. Values sealed by either one open here; values the
 * keychain sealed while using the key file are marked outdated, to be moved to it.
 */
export function safeStorageSecretStore(safeStorage: SafeStorage, dataDir: string, platform: NodeJS.Platform = process.platform): SecretStore {
  const keyFile = keyFileSecretStore(dataDir);
  // Only Linux has (and answers) getSelectedStorageBackend.
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  const sealedByKeychain = (sealed: string): boolean => sealed.startsWith(`${SCHEME}:`);
  const openWithKeychain = (sealed: string): string => safeStorage.decryptString(Buffer.from(sealed.slice(SCHEME.length + 1), 'base64'));

  let refusal: SecretProtection | null = null;
  if (!safeStorage.isEncryptionAvailable()) refusal = { kind: 'key_file', file: keyFilePath(dataDir), reason: 'keychain_unavailable', backend };
  else if (backend !== null && !SECRET_SERVICES.includes(backend)) refusal = { kind: 'key_file', file: keyFilePath(dataDir), reason: 'no_secret_service', backend };

  if (refusal === null) {
    return {
      scheme: SCHEME,
      protection: { kind: 'keychain', backend },
      seal: (plain) => `${SCHEME}:${safeStorage.encryptString(plain).toString('base64')}`,
      unseal: (sealed) => (sealedByKeychain(sealed) ? openWithKeychain(sealed) : keyFile.unseal(sealed)),
      outdated: () => false,
    };
  }
  const why = `${KEYCHAIN_GONE[refusal.reason]}${backend === null ? '' : ` (${backend})`}`;
  return {
    scheme: keyFile.scheme,
    protection: refusal,
    seal: (plain) => keyFile.seal(plain),
    unseal: (sealed) => {
      if (!sealedByKeychain(sealed)) return keyFile.unseal(sealed);
      try {
        return openWithKeychain(sealed);
      } catch (error) {
        throw new BotdeckError('SECRET_UNREADABLE', text('secret.keychainUnavailable', { why }), { cause: error });
      }
    },
    outdated: sealedByKeychain,
  };
}
