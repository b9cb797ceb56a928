import { X509Certificate } from 'node:crypto';
import { isIP, isIPv4 } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/**
 * The names by which a browser may reach this server. Cookies ignore ports, so a page
 * served from another local port (or a DNS name rebound to this address) would carry the
 * operator's cookie: every request must name this server in `Host`, and come from its own
 * origin when it says where it came from.
 */
export interface ServerNames {
  readonly scheme: 'http' | 'https';
  readonly port: number;
  /** Host names and addresses, lower case, IPv6 in brackets. */
  readonly names: ReadonlySet<string>;
  /** Wildcard names from the certificate, as the suffix a single label precedes (`.example.com`). */
  readonly wildcardSuffixes: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIPv4(bare) && bare.startsWith('127.'));
}

/** Listening on every interface. */
export function isWildcardHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return bare === '0.0.0.0' || bare === '::' || bare === '';
}

/** A host as it appears in a URL: IPv6 in brackets, lower case. */
export function hostInUrl(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return isIP(bare) === 6 ? `[${bare}]` : bare;
}

/** The DNS names and addresses a certificate is valid for. */
function certificateNames(certificate: string | Buffer): string[] {
  const altNames = new X509Certificate(certificate).subjectAltName ?? '';
  const names: string[] = [];
  for (const entry of altNames.split(', ')) {
    if (entry.startsWith('DNS:')) names.push(entry.slice(4).toLowerCase());
    else if (entry.startsWith('IP Address:')) names.push(hostInUrl(entry.slice(11)));
  }
  return names;
}

/** This machine's own addresses, for a server that listens on all of them. */
function interfaceAddresses(): string[] {
  const addresses: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      // A link-local IPv6 address needs a zone id in the URL, which browsers do not send.
      if (entry.family === 'IPv6' && entry.scopeid !== 0) continue;
      addresses.push(hostInUrl(entry.address));
    }
  }
  return addresses;
}

export function serverNames(options: { readonly host: string; readonly port: number; readonly certificate?: string | Buffer }): ServerNames {
  const names = new Set<string>([hostInUrl(options.host)]);
  if (isLoopbackHost(options.host)) for (const name of LOOPBACK_NAMES) names.add(name);
  if (isWildcardHost(options.host)) for (const name of [...LOOPBACK_NAMES, ...interfaceAddresses(), hostname().toLowerCase()]) names.add(name);
  const wildcardSuffixes: string[] = [];
  if (options.certificate !== undefined) {
    for (const name of certificateNames(options.certificate)) {
      if (name.startsWith('*.')) wildcardSuffixes.push(name.slice(1));
      else names.add(name);
    }
  }
  return { scheme: options.certificate === undefined ? 'http' : 'https', port: options.port, names, wildcardSuffixes };
}

function namesThisServer(server: ServerNames, name: string, port: number): boolean {
  if (port !== server.port) return false;
  if (server.names.has(name)) return true;
  return server.wildcardSuffixes.some((suffix) => name.endsWith(suffix) && !name.slice(0, -suffix.length).includes('.') && name.length > suffix.length);
}

const DEFAULT_PORT = { http: 80, https: 443 } as const;

/** `Host: name[:port]` split up; null when it is not of that form. */
function parseHost(value: string, scheme: ServerNames['scheme']): { name: string; port: number } | null {
  const match = /^(?<name>\[[0-9a-f:.]+\]|[^[\]:]+)(?::(?<port>\d{1,5}))?$/i.exec(value);
  const name = match?.groups?.['name'];
  if (name === undefined) return null;
  const port = match?.groups?.['port'];
  return { name: name.toLowerCase(), port: port === undefined ? DEFAULT_PORT[scheme] : Number(port) };
}

/**
 * Why a request is refused for where it was sent or where it came from; null when `Host`
 * names this server and `Origin`, if present, is this server's own origin.
 */
export function requestRefusal(server: ServerNames, host: string | undefined, origin: string | undefined): string | null {
  const target = host === undefined ? null : parseHost(host, server.scheme);
  if (target === null || !namesThisServer(server, target.name, target.port)) {
    return 'Botdeck refused this request: it was not addressed to this server (Host header). Open the address the server printed when it started; through an SSH tunnel, use the same port number on both ends.';
  }
  if (origin === undefined) return null;
  let from: URL | null;
  try {
    from = new URL(origin);
  } catch {
    from = null;
  }
  const fromPort = from === null ? null : from.port === '' ? DEFAULT_PORT[server.scheme] : Number(from.port);
  if (from === null || from.origin !== origin || from.protocol !== `${server.scheme}:` || fromPort === null || !namesThisServer(server, from.hostname.toLowerCase(), fromPort)) {
    return 'Botdeck refused this request: it came from a page of another site (Origin header). Open the console from the address the server printed when it started.';
  }
  return null;
}
