import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPaymentBody } from './create-schema';
import type { MercadoPagoError } from './errors';
import { errorBody, internalError, notFound, tooManyRequests, unauthorized } from './errors';
import { PixFaults } from './faults';
import type { PaymentView } from './payments';
import { Payments } from './payments';
import type { FakePix, FakePixOptions, PixFault, PixRoute } from './types';
import { listenOnLoopback } from '../listen-loopback';

const SEARCH_ROUTE = /^\/v1\/payments\/search\/?$/;
const STATUS_ROUTE = /^\/v1\/payments\/([^/]+)\/?$/;
const CREATE_ROUTE = /^\/v1\/payments\/?$/;

/** Starts a fake Mercado Pago payments API on 127.0.0.1 with a random port. */
export async function startFakePix(options: FakePixOptions = {}): Promise<FakePix> {
  const accessToken = options.accessToken ?? 'APP_USR-fake-pix-token';
  let clock = options.startAt ?? Date.now();
  const now = (): number => clock;
  const faults = new PixFaults();
  const statusCalls = new Map<string, number[]>();
  const createCalls = new Map<string, number>();
  let requests = 0;
  let searches = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      answer(res, { status: 500, body: internalError() });
    });
  });
  // Malformed HTTP must not crash the test process.
  server.on('clientError', (_err, socket) => socket.destroy());
  const port = await listenOnLoopback(server);
  const baseUrl = `http://127.0.0.1:${port}`;
  const payments = new Payments(now, baseUrl);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests += 1;
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', baseUrl).pathname;
    const statusId = STATUS_ROUTE.exec(path)?.[1];
    let route: PixRoute;
    if (req.method === 'POST' && CREATE_ROUTE.test(path)) {
      route = 'create';
      const key = idempotencyKey(req);
      if (key !== undefined) createCalls.set(key, (createCalls.get(key) ?? 0) + 1);
    } else if (req.method === 'GET' && SEARCH_ROUTE.test(path)) {
      route = 'search';
      searches += 1;
    } else if (req.method === 'GET' && statusId !== undefined) {
      route = 'status';
      const calls = statusCalls.get(statusId);
      if (calls === undefined) statusCalls.set(statusId, [now()]);
      else calls.push(now());
    } else {
      answer(res, { status: 404, body: errorBody(404, 'not_found', 'resource not found') });
      return;
    }
    const fault = faults.take(route);
    // A timeout holds the request unanswered: the client's own timeout ends it, or close() does.
    if (fault?.kind === 'timeout') return;
    answer(res, reply(req, fault, route === 'status' ? { route, id: statusId ?? '' } : route === 'create' ? { route, body } : { route }));
  }

  function reply(req: IncomingMessage, fault: PixFault | undefined, call: Call): Reply {
    if (fault?.kind === '429') return { status: 429, body: tooManyRequests(), retryAfter: fault.retryAfter };
    if (fault?.kind === '500') return { status: 500, body: internalError() };
    if (fault?.kind === 'refuse_credentials' || req.headers.authorization !== `Bearer ${accessToken}`) return { status: 401, body: unauthorized() };
    if (call.route === 'search') return { status: 200, body: { results: [], paging: { total: payments.count, limit: 1, offset: 0 } } };
    return call.route === 'status' ? statusReply(call.id) : createReply(req, call.body);
  }

  function statusReply(rawId: string): Reply {
    const payment = /^\d+$/.test(rawId) ? payments.find(Number(rawId)) : undefined;
    return payment === undefined ? { status: 404, body: notFound(rawId) } : { status: 200, body: payment };
  }

  function createReply(req: IncomingMessage, body: string): Reply {
    const key = idempotencyKey(req);
    if (key === undefined) {
      return {
        status: 400,
        body: errorBody(400, 'bad_request', 'X-Idempotency-Key header is required', [{ code: 'idempotency_key', description: 'missing header X-Idempotency-Key' }]),
      };
    }
    const parsed = createPaymentBody.safeParse(parseJson(body));
    if (!parsed.success) {
      const causes = parsed.error.issues.map((issue) => ({ code: issue.path.join('.') || 'body', description: issue.message }));
      return { status: 400, body: errorBody(400, 'bad_request', causes[0]?.description ?? 'invalid body', causes) };
    }
    const outcome = payments.create(key, parsed.data);
    if (outcome.kind === 'key_reused') {
      return {
        status: 409,
        body: errorBody(409, 'conflict', 'idempotency key already used with another request', [
          { code: 'idempotency_key', description: 'the X-Idempotency-Key was used for a different body' },
        ]),
      };
    }
    return { status: outcome.kind === 'created' ? 201 : 200, body: outcome.payment };
  }

  return {
    baseUrl,
    accessToken,
    now,
    advance(ms) {
      if (!(ms >= 0)) throw new Error(`fake-pix: the clock only moves forward, got ${ms}`);
      clock += ms;
    },
    pay: (id) => payments.pay(id),
    reject: (id) => payments.reject(id),
    expiryOf: (id) => payments.expiryOf(id),
    expire(id) {
      clock = Math.max(clock, payments.expiryOf(id));
    },
    fault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    statusCalls: (id) => [...(statusCalls.get(String(id)) ?? [])],
    createCalls: (key) => createCalls.get(key) ?? 0,
    paymentCount: () => payments.count,
    searchCalls: () => searches,
    requestCount: () => requests,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Held (timeout) requests and idle keep-alive sockets would keep close() waiting.
      server.closeAllConnections();
      await closed;
    },
  };
}

function idempotencyKey(req: IncomingMessage): string | undefined {
  const value = req.headers['x-idempotency-key'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

type Call = { route: 'status'; id: string } | { route: 'create'; body: string } | { route: 'search' };

interface SearchResult {
  results: PaymentView[];
  paging: { total: number; limit: number; offset: number };
}

interface Reply {
  status: number;
  body: PaymentView | MercadoPagoError | SearchResult;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number | undefined;
}

function answer(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  res.writeHead(
    reply.status,
    reply.retryAfter === undefined ? { 'content-type': 'application/json' } : { 'content-type': 'application/json', 'retry-after': String(reply.retryAfter) },
  );
  res.end(JSON.stringify(reply.body));
}
