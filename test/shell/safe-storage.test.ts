import type { SafeStorage } from 'electron';
import { describe, expect, it } from 'vitest';
import { keyFileSecretStore } from '../../src/main/core/secrets/key-file-secret-store';
import { safeStorageSecretStore } from '../../src/main/safe-storage-secret-store';
import { safeStorage } from '../support/fake-electron';
import { tempDir } from '../support/temp-dir';

describe('the safeStorage secret store', () => {
  it('seals with the OS keychain when it is available', () => {
    safeStorage.available = true;
    const store = safeStorageSecretStore(safeStorage as unknown as SafeStorage, tempDir());
    const sealed = store.seal('123456:secret-token');
    expect(sealed.startsWith('ss1:')).toBe(true);
    expect(sealed).not.toContain('secret-token');
    expect(store.unseal(sealed)).toBe('123456:secret-token');
    expect(safeStorage.encryptString).toHaveBeenCalledWith('123456:secret-token');
  });

  it('falls back to the key file without a keychain, and still opens key-file secrets later', () => {
    const dataDir = tempDir();
    safeStorage.available = false;
    const withoutKeychain = safeStorageSecretStore(safeStorage as unknown as SafeStorage, dataDir);
    const sealed = withoutKeychain.seal('token-a');
    expect(sealed.startsWith('kf1:')).toBe(true);
    safeStorage.available = true;
    const withKeychain = safeStorageSecretStore(safeStorage as unknown as SafeStorage, dataDir);
    expect(withKeychain.unseal(sealed)).toBe('token-a');
    expect(keyFileSecretStore(dataDir).unseal(sealed)).toBe('token-a');
  });
});
