import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../../shared/contract';
import { errorInfoOf } from '../../shared/errors';
import { errorText as text } from '../../shared/i18n/error-text';
import { TOKEN_COOKIE, WS_MAX_MESSAGE_BYTES, WS_PATH, wsRequestSchema, type WsMessage } from '../../shared/ws-protocol';
import { contentSecurityPolicy } from '../content-security-policy';
import { dispatch } from '../core/dispatch';
import { onPushedEvents, type EventBus } from '../core/events';
import { silentLogger, type Logger } from '../core/logger';
import { errorText, redactData } from '../core/redact';
import { offeredTokens, tokenMatches } from './access-token';
import { hostInUrl, requestRefusal, serverNames, type ServerNames } from './server-names';
import { serveStatic } from './static-files';

export interface HeadlessServerOptions {
  readonly handlers: Handlers;
  readonly events: EventBus;
  /** The built console (out/renderer). */
  readonly rendererDir: string;
  /** Where CSV exports are written (<data>/exports); served under /exports/ for download. */
  readonly exportsDir?: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** Certificate and private key (PEM): the server then speaks https and wss, and the cookie is Secure. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Where the server's own failures are written. */
  readonly logger?: Logger;
}

export interface HeadlessServer {
  /** The address to open, with the access token. */
  readonly url: string;
  readonly port: number;
  /** Consoles connected now (each with the token). */
  consoles(): number;
  close(): Promise<void>;
}

const EXPORTS_PREFIX = '/exports/';

const SECURITY_HEADERS = {
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const TEXT = { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' };

const NO_TOKEN = 'Botdeck: open the address printed when the server started; it carries the access token.';
const BAD_TARGET = 'Botdeck: this address is not one the server knows.';

/**
 * A peer's broken connection (reset, half-sent request, bad frame) is that peer's problem:
 * the socket is dropped and nothing else changes. It is not logged, or anyone who can
 * reach the port could fill the disk.
 */
const ignorePeerFault = (): void => undefined;

function send(socket: WebSocket, message: WsMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/**
 * The request's path and query, or null for anything but a path (`*`, an absolute URL).
 * Parsed against a fixed origin so that `//` and friends stay a path, never a host.
 */
function requestTarget(rawUrl: string | undefined): URL | null {
  if (rawUrl?.startsWith('/') !== true) return null;
  try {
    return new URL(`http://botdeck.invalid${rawUrl}`);
  } catch {
    return null;
  }
}

/** The same address without `?token=`, and never starting with `//` (which would name another host). */
function withoutToken(target: URL): string {
  const query = new URLSearchParams(target.searchParams);
  query.delete('token');
  const search = query.toString();
  return `${target.pathname.replace(/^\/+/, '/')}${search === '' ? '' : `?${search}`}`;
}

/** A refusal on a socket that asked to upgrade: a plain HTTP answer, then the socket closes. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = Buffer.from(text, 'utf8');
  socket.end(
    Buffer.concat([
      Buffer.from(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        'latin1',
      ),
      body,
    ]),
  );
}

/**
 * The headless host's transport: the built console as static files and the contract over
 * a WebSocket, both refused without the run's access token, and refused when not addressed
 * to this server or sent from another site's page. Nothing a peer sends may end the process:
 * every socket and server has an error listener, and every handler its own guard.
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const logger = options.logger ?? silentLogger;
  const secure = options.tls !== undefined;
  const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
  const allowed = (req: IncomingMessage, target: URL): boolean => {
    const offered = offeredTokens(target, req.headers.cookie, TOKEN_COOKIE);
    return tokenMatches(options.token, offered.query) || tokenMatches(options.token, offered.cookie);
  };

  const handleRequest = (names: ServerNames, req: IncomingMessage, res: ServerResponse): void => {
    const refusal = requestRefusal(names, req.headers.host, req.headers.origin);
    if (refusal !== null) {
      res.writeHead(403, TEXT).end(refusal);
      return;
    }
    const target = requestTarget(req.url);
    if (target === null) {
      res.writeHead(400, TEXT).end(BAD_TARGET);
      return;
    }
    if (!allowed(req, target)) {
      res.writeHead(401, TEXT).end(NO_TOKEN);
      return;
    }
    // The first visit carries the token in the address: it moves into the cookie and leaves the address bar.
    if (target.searchParams.has('token')) {
      res.writeHead(303, { ...SECURITY_HEADERS, Location: withoutToken(target), 'Set-Cookie': cookie }).end();
      return;
    }
    const served =
      options.exportsDir !== undefined && target.pathname.startsWith(EXPORTS_PREFIX)
        ? serveStatic(options.exportsDir, target.pathname.slice(EXPORTS_PREFIX.length - 1), res, { ...SECURITY_HEADERS, 'Content-Disposition': 'attachment' })
        : serveStatic(options.rendererDir, target.pathname, res, SECURITY_HEADERS);
    served.catch((error: unknown) => {
      failed(res, error);
    });
  };

  const failed = (res: ServerResponse, error: unknown): void => {
    logger.error({ error: errorText(error) }, 'the headless server failed to answer a request');
    if (res.headersSent) res.destroy();
    else res.writeHead(500, TEXT).end('Botdeck could not answer this request; the details are in its log.');
  };

  const server: Server = secure ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }) : createHttpServer();
  // Malformed requests ('clientError') keep Node's own handling: a 400, 408 or 431 when
  // nothing was answered yet, then the socket is destroyed.
  server.on('error', (error) => {
    logger.error({ error: errorText(error) }, 'the headless server reported an error');
  });

  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', ignorePeerFault);
    socket.on('close', () => sockets.delete(socket));
  });
  // Over TLS the requests run on a TLS socket wrapped around the raw one: it needs its own listener.
  server.on('secureConnection', (socket: Socket) => {
    socket.on('error', ignorePeerFault);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE_BYTES });
  wss.on('error', (error) => {
    logger.error({ error: errorText(error) }, 'the headless WebSocket server reported an error');
  });

  const handleUpgrade = (names: ServerNames, req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node stops watching a socket once it is handed over for an upgrade.
    socket.on('error', ignorePeerFault);
    try {
      const refusal = requestRefusal(names, req.headers.host, req.headers.origin);
      if (refusal !== null) {
        refuseUpgrade(socket, 403, refusal);
        return;
      }
      const target = requestTarget(req.url);
      if (target?.pathname !== WS_PATH || !allowed(req, target)) {
        refuseUpgrade(socket, 401, NO_TOKEN);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (error) {
      logger.error({ error: errorText(error) }, 'the headless server failed to answer an upgrade');
      socket.destroy();
    }
  };

  wss.on('connection', (ws: WebSocket) => {
    // A frame over the size limit or text that is not UTF-8: ws closes the socket (1009, 1007) after this.
    ws.on('error', ignorePeerFault);
    ws.on('message', (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '');
      } catch {
        send(ws, { id: 0, result: { ok: false, error: errorInfoOf('BAD_INPUT', text('ws.notJson', {})) } });
        return;
      }
      const request = wsRequestSchema.safeParse(raw);
      if (!request.success) {
        const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : 0;
        send(ws, { id, result: { ok: false, error: errorInfoOf('BAD_INPUT', text('ws.malformed', {})) } });
        return;
      }
      dispatch(options.handlers, request.data.call, request.data.input)
        .then((result) => {
          send(ws, { id: request.data.id, result });
        })
        .catch((error: unknown) => {
          logger.error({ error: errorText(error), call: request.data.call }, 'the headless server failed to answer a call');
        });
    });
  });

  // Pushed events carry error texts from anywhere in the engine; as in the desktop app,
  // they pass the secret redaction on their way out.
  const unsubscribe = onPushedEvents(options.events, (event) => {
    const message = redactData(event);
    for (const client of wss.clients) send(client, message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // Known only once the port is bound (port 0 picks one); no request can arrive before this turn ends.
  const names = serverNames({ host: options.host, port, ...(secure ? { certificate: options.tls.cert } : {}) });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      handleRequest(names, req, res);
    } catch (error) {
      failed(res, error);
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handleUpgrade(names, req, socket, head);
  });
  return {
    url: `${secure ? 'https' : 'http'}://${hostInUrl(options.host)}:${port}/?token=${options.token}`,
    port,
    consoles: () => wss.clients.size,
    close: async () => {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
