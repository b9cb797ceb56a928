import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random access token for one run of the headless server. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares in constant time. Both sides are hashed first so that inputs of any length
 * compare in the same time and timingSafeEqual gets equal-length buffers.
 */
export function tokenMatches(expected: string, offered: string | null | undefined): boolean {
  if (offered === null || offered === undefined || offered === '') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(offered).digest();
  return timingSafeEqual(a, b);
}

/** The tokens a request carries: `?token=` in the address, and the cookie set on the first visit. */
export interface OfferedTokens {
  readonly query: string | null;
  readonly cookie: string | null;
}

export function offeredTokens(url: URL, cookieHeader: string | undefined, cookieName: string): OfferedTokens {
  return { query: url.searchParams.get('token'), cookie: cookieValue(cookieHeader, cookieName) };
}

/** A cookie's value; one that is not valid percent-encoding is no token at all (never an exception). */
function cookieValue(cookieHeader: string | undefined, cookieName: string): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== cookieName) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return null;
    }
  }
  return null;
}
