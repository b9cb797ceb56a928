/**
 * The console's Content-Security-Policy. Production allows nothing but the app's own
 * files; development adds what Vite's dev server needs (its origin, HMR socket and the
 * React refresh preamble), and only when a dev server URL is given.
 */
export function contentSecurityPolicy(devServerUrl?: string, delivery: 'header' | 'meta' = 'header'): string {
  const dev = devServerUrl === undefined ? null : new URL(devServerUrl);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  // Browsers ignore (and warn about) frame-ancestors in a <meta> tag.
  if (delivery === 'meta') delete directives['frame-ancestors'];
  if (dev !== null) {
    directives['script-src']?.push(dev.origin, "'unsafe-inline'");
    directives['connect-src']?.push(dev.origin, `ws://${dev.host}`);
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
