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

/** The token a request carries: `?token=` in the URL, or the cookie set on the first visit. */
export function offeredToken(url: URL, cookieHeader: string | undefined, cookieName: string): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return fromQuery;
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName) return decodeURIComponent(rest.join('='));
  }
  return null;
}
