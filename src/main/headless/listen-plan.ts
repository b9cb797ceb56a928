import { isLoopbackHost } from './server-names';

export interface ListenRequest {
  readonly host: string;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly insecureNoTls: boolean;
}

/** How the server will listen, or why it must not. */
export type ListenPlan =
  { readonly ok: true; readonly host: string; readonly tls: { readonly certFile: string; readonly keyFile: string } | null } | { readonly ok: false; readonly message: string };

/**
 * Loopback needs nothing more. Any other address would carry the access token and every
 * bot's data in clear text across the network, so it needs a certificate and key, or the
 * operator's explicit word that the traffic may go unencrypted (e.g. inside a VPN).
 */
export function listenPlan(request: ListenRequest): ListenPlan {
  if ((request.tlsCert === undefined) !== (request.tlsKey === undefined)) {
    return { ok: false, message: 'Give both --tls-cert and --tls-key (the certificate and its private key, PEM files), or neither.' };
  }
  const tls = request.tlsCert !== undefined && request.tlsKey !== undefined ? { certFile: request.tlsCert, keyFile: request.tlsKey } : null;
  if (tls !== null && request.insecureNoTls) {
    return { ok: false, message: '--insecure-no-tls contradicts --tls-cert and --tls-key: choose one.' };
  }
  if (tls === null && !request.insecureNoTls && !isLoopbackHost(request.host)) {
    return {
      ok: false,
      message: `--host ${request.host} would expose the console beyond this machine without encryption: the access token and every bot's data would cross the network in clear text. Pass --tls-cert FILE --tls-key FILE to serve https, or --insecure-no-tls if the network itself is private (a VPN), or keep the default 127.0.0.1 and use an SSH tunnel.`,
    };
  }
  return { ok: true, host: request.host, tls };
}
