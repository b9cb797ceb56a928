import { redactSecrets } from '../../redact';

const HIDDEN = '[hidden]';

/**
 * Everything of the address that may be secret: the whole URL in its spellings, its
 * path and query, credentials, and any path segment or query value that looks like a key.
 * The host stays: it is what hints and messages use to name the receiver.
 */
export function secretsIn(url: string): string[] {
  const secrets = new Set([url]);
  if (URL.canParse(url)) {
    const parsed = new URL(url);
    secrets.add(parsed.href);
    secrets.add(parsed.username);
    secrets.add(parsed.password);
    if (parsed.pathname.length > 1 || parsed.search !== '') secrets.add(parsed.pathname + parsed.search);
    for (const part of [...parsed.pathname.split('/'), ...parsed.searchParams.values()]) {
      if (part.length >= 20 || (part.length >= 8 && /\d/.test(part))) {
        secrets.add(part);
        secrets.add(safeDecode(part));
      }
    }
  }
  // Longest first, so a part never leaves a fragment of a longer secret behind.
  return [...secrets].filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length);
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The text with every one of the secrets hidden, and any bot token redacted. */
export function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.replaceAll(secret, HIDDEN);
  return redactSecrets(result);
}
