import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from './listen-loopback';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  readonly json: unknown;
}

export type ReceiverBehaviour =
  | { readonly kind: 'answer'; readonly status: number; readonly body: string; readonly contentType: string }
  /** Never answers: the client must give up by itself. */
  | { readonly kind: 'hang' }
  /** Sends the status and headers, then stalls before the body ends. */
  | { readonly kind: 'stall-body'; readonly status: number };

export interface HttpReceiver {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  readonly origin: string;
  readonly requests: readonly ReceivedRequest[];
  /** Answer every request from now on with this status and body (an object is sent as JSON). */
  answer(status: number, body?: string | object): void;
  hang(): void;
  stallBody(status: number): void;
  /** Resolves with the next request to arrive (or the first one not yet awaited this way). */
  nextRequest(): Promise<ReceivedRequest>;
  /** Stops listening and destroys open sockets, hanging ones included. */
  close(): Promise<void>;
}

/** A local HTTP endpoint that records what channels send; answers 200 "ok" until told otherwise. */
export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiting: ((request: ReceivedRequest) => void)[] = [];
  let handedOut = 0;
  let behaviour: ReceiverBehaviour = { kind: 'answer', status: 200, body: 'ok', contentType: 'text/plain' };
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const port = await listenOnLoopback(server);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json: parseJson(body) };
    requests.push(request);
    const waiter = waiting.shift();
    if (waiter !== undefined) {
      handedOut++;
      waiter(request);
    }
    const now = behaviour;
    if (now.kind === 'hang') return;
    if (now.kind === 'stall-body') {
      res.writeHead(now.status, { 'content-type': 'application/json' });
      res.write('{"ok":');
      return;
    }
    res.writeHead(now.status, { 'content-type': now.contentType });
    res.end(now.body);
  }

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    answer(status, body = '') {
      behaviour =
        typeof body === 'string'
          ? { kind: 'answer', status, body, contentType: 'text/plain' }
          : { kind: 'answer', status, body: JSON.stringify(body), contentType: 'application/json' };
    },
    hang() {
      behaviour = { kind: 'hang' };
    },
    stallBody(status) {
      behaviour = { kind: 'stall-body', status };
    },
    nextRequest() {
      const ready = requests[handedOut];
      if (ready !== undefined) {
        handedOut++;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** An address where nothing listens: a port that was just free, on 127.0.0.1. */
export async function refusingOrigin(): Promise<string> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
