import { describe, expect, it } from 'vitest';
import { secretProtectionText } from '../../src/renderer/src/logic/secret-protection-text';

/** Shows which message was asked for, with its values, instead of a language's text. */
const keys = (key: string, values: Record<string, string> = {}) =>
  `[${key}${Object.entries(values)
    .map(([name, value]) => ` ${name}=${value}`)
    .join('')}]`;

describe('what Settings says protects the tokens', () => {
  it('names the OS keychain, with the Linux store in use', () => {
    expect(secretProtectionText({ kind: 'keychain', backend: null }, keys)).toBe('[settings.secrets] [settings.secrets.keychain].');
    expect(secretProtectionText({ kind: 'keychain', backend: 'gnome_libsecret' }, keys)).toBe('[settings.secrets] [settings.secrets.keychain] (gnome_libsecret).');
  });

  it('names the key file and why the keychain is not used', () => {
    expect(secretProtectionText({ kind: 'key_file', file: '/d/secret.key', reason: 'no_secret_service', backend: 'basic_text' }, keys)).toBe(
      '[settings.secrets] [settings.secrets.keyFile file=/d/secret.key]: [settings.secrets.why.no_secret_service] (basic_text).',
    );
    expect(secretProtectionText({ kind: 'key_file', file: '/d/secret.key', reason: 'not_desktop', backend: null }, keys)).toBe(
      '[settings.secrets] [settings.secrets.keyFile file=/d/secret.key]: [settings.secrets.why.not_desktop].',
    );
  });
});
