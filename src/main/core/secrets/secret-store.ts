import type { SecretProtection } from '../../../shared/secret-protection';

/**
 * Keeps secrets (bot tokens, webhook URLs) encrypted at rest. The desktop app seals with
 * the OS keychain (Electron's safeStorage); plain Node uses a key file. Sealed values carry
 * a scheme prefix so a value sealed by one store is recognised, not garbled, by another.
 */
export interface SecretStore {
  readonly scheme: string;
  /** What protects what this store seals, for Settings. */
  readonly protection: SecretProtection;
  seal(plain: string): string;
  unseal(sealed: string): string;
  /** Whether a value sealed earlier is protected less well than this store would protect it now: it is sealed again at start. */
  outdated(sealed: string): boolean;
}

/** One sealed value in a table, by its row id. */
export interface SealedValue {
  readonly id: number;
  readonly sealed: string;
}
