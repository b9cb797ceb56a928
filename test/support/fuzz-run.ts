import { connect } from 'node:net';
import WebSocket from 'ws';
import type { FuzzCase, FuzzKind } from './fuzz-inputs';

/** A case whose connection is still open after this long is closed by the client. */
const CASE_TIMEOUT_MS = 2000;

export interface FuzzRunOptions {
  readonly port: number;
  readonly cases: Iterable<FuzzCase>;
  /** Connections open at once. */
  readonly concurrency: number;
  /** Cases between two probes. */
  readonly batchSize: number;
  /** Whether the server still does its job; asked after every batch. */
  readonly probe: () => Promise<boolean>;
}

export interface FuzzRunResult {
  readonly sent: number;
  /**
   * Cases in batches after which the probe passed. A batch whose probe failed counts
   * entirely as not survived, since any of its cases may be the one that did the harm.
   */
  readonly survived: number;
  readonly byKind: Readonly<Record<FuzzKind, number>>;
  /** Cases the client had to close itself after CASE_TIMEOUT_MS (slow, not broken). */
  readonly timedOut: number;
  /** The first case index of each batch whose probe failed. */
  readonly failedBatches: readonly number[];
}

/** Sends one case on its own connection and resolves when the connection is gone. */
function sendCase(port: number, fuzzCase: FuzzCase): Promise<'closed' | 'timeout'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let outcome: 'closed' | 'timeout' = 'closed';
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.setTimeout(CASE_TIMEOUT_MS, () => {
      outcome = 'timeout';
      socket.destroy();
    });
    socket.on('close', () => resolve(outcome));
    socket.on('connect', () => {
      for (const chunk of fuzzCase.chunks) socket.write(chunk);
      // Empty write: its callback runs once everything before it is flushed.
      socket.write(Buffer.alloc(0), () => {
        if (fuzzCase.ending === 'end') socket.end();
        else if (fuzzCase.ending === 'reset') socket.resetAndDestroy();
        else if (fuzzCase.ending === 'destroy') socket.destroy();
      });
    });
  });
}

/** Sends every case (a few connections at a time) and probes the server after each batch. */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzRunResult> {
  const byKind: Record<FuzzKind, number> = { request: 0, cookie: 0, upgrade: 0, frames: 0, socket: 0 };
  const failedBatches: number[] = [];
  let sent = 0;
  let survived = 0;
  let timedOut = 0;
  const iterator = options.cases[Symbol.iterator]();
  for (;;) {
    const batchStart = sent;
    let inBatch = 0;
    const worker = async (): Promise<void> => {
      while (inBatch < options.batchSize) {
        const next = iterator.next();
        if (next.done === true) return;
        inBatch += 1;
        sent += 1;
        byKind[next.value.kind] += 1;
        if ((await sendCase(options.port, next.value)) === 'timeout') timedOut += 1;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    if (inBatch === 0) break;
    if (await options.probe()) survived += inBatch;
    else failedBatches.push(batchStart);
    // A short batch means the cases ran out.
    if (inBatch < options.batchSize) break;
  }
  return { sent, survived, byKind, timedOut, failedBatches };
}

/** The console's page, served to a request that carries the cookie. */
export async function consoleServed(port: number, token: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie: `botdeck_token=${token}` }, signal: AbortSignal.timeout(5000) });
    return response.status === 200 && (await response.text()).includes('<title>Botdeck</title>');
  } catch {
    return false;
  }
}

/** A contract call over the WebSocket, as the console makes it, answered correctly. */
export function contractAnswers(port: number, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers: { cookie: `botdeck_token=${token}`, origin: `http://127.0.0.1:${port}` } });
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(false);
    }, 5000);
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      ws.close();
      resolve(ok);
    };
    ws.on('error', () => finish(false));
    ws.on('open', () => ws.send(JSON.stringify({ id: 7, call: 'getAppInfo' })));
    ws.on('message', (data: Buffer) => {
      let answer: { id?: number; result?: { ok?: boolean } };
      try {
        answer = JSON.parse(data.toString('utf8')) as { id?: number; result?: { ok?: boolean } };
      } catch {
        finish(false);
        return;
      }
      // Pushed events (a bot's status) may come first; the answer is the message with our id.
      if (answer.id === 7) finish(answer.result?.ok === true);
    });
  });
}
