/**
 * Keeps secrets (bot tokens, webhook URLs) encrypted at rest. The desktop app seals with
 * the OS keychain (Electron's safeStorage); plain Node uses a key file. Sealed values carry
 * a scheme prefix so a value sealed by one store is recognised, not garbled, by another.
 */
export interface SecretStore {
  readonly scheme: string;
  seal(plain: string): string;
  unseal(sealed: string): string;
}
