import type { SecretProtection } from '../../../shared/secret-protection';

type KeyFileReason = Extract<SecretProtection, { kind: 'key_file' }>['reason'];

/** The catalog messages this text is made of (the catalogs' type checks each exists). */
export type SecretProtectionMessage = 'settings.secrets' | 'settings.secrets.keychain' | 'settings.secrets.keyFile' | `settings.secrets.why.${KeyFileReason}`;

/** What protects the tokens, as Settings says it: the keychain, or the key file and why. */
export function secretProtectionText(protection: SecretProtection, t: (key: SecretProtectionMessage, values?: Record<string, string>) => string): string {
  const backend = protection.backend === null ? '' : ` (${protection.backend})`;
  if (protection.kind === 'keychain') return `${t('settings.secrets')} ${t('settings.secrets.keychain')}${backend}.`;
  return `${t('settings.secrets')} ${t('settings.secrets.keyFile', { file: protection.file })}: ${t(`settings.secrets.why.${protection.reason}`)}${backend}.`;
}
