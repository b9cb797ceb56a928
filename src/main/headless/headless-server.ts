import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { pushedEvents, type PushedEvent } from '../../shared/events';
import type { Handlers } from '../../shared/contract';
import { TOKEN_COOKIE, WS_PATH, wsRequestSchema, type WsMessage } from '../../shared/ws-protocol';
import { contentSecurityPolicy } from '../content-security-policy';
import { dispatch } from '../core/dispatch';
import type { EventBus } from '../core/events';
import { offeredToken, tokenMatches } from './access-token';
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

function send(socket: WebSocket, message: WsMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/**
 * The headless host's transport: the built console as static files and the contract over
 * a WebSocket, both refused without the run's access token.
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const allowed = (req: IncomingMessage): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    return tokenMatches(options.token, offeredToken(url, req.headers.cookie, TOKEN_COOKIE));
  };

  const server: Server = createServer((req, res) => {
    if (!allowed(req)) {
      res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Botdeck: open the address printed when the server started; it carries the access token.');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The first visit carries the token in the URL; later requests (assets, the socket) use the cookie.
    const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`;
    if (options.exportsDir !== undefined && url.pathname.startsWith(EXPORTS_PREFIX)) {
      void serveStatic(options.exportsDir, url.pathname.slice(EXPORTS_PREFIX.length - 1), res, { ...SECURITY_HEADERS, 'Content-Disposition': 'attachment' });
      return;
    }
    void serveStatic(options.rendererDir, url.pathname, res, { ...SECURITY_HEADERS, 'Set-Cookie': cookie });
  });

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH || !allowed(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '');
      } catch {
        send(ws, { id: 0, result: { ok: false, error: { code: 'BAD_INPUT', message: 'The message is not JSON.' } } });
        return;
      }
      const request = wsRequestSchema.safeParse(raw);
      if (!request.success) {
        const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : 0;
        send(ws, { id, result: { ok: false, error: { code: 'BAD_INPUT', message: 'Unknown call or malformed request.' } } });
        return;
      }
      void dispatch(options.handlers, request.data.call, request.data.input).then((result) => {
        send(ws, { id: request.data.id, result });
      });
    });
  });

  const unsubscribe = pushedEvents.map((event) =>
    options.events.on(event, (payload) => {
      const message: PushedEvent = { event, payload };
      for (const client of wss.clients) send(client, message);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    port,
    consoles: () => wss.clients.size,
    close: async () => {
      for (const stop of unsubscribe) stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
