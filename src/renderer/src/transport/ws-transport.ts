import type { CallName, CallResult } from '../../../shared/calls';
import { outputSchema, type CallOutput } from '../../../shared/contract';
import { parsePushedEvent } from '../../../shared/event-schemas';
import type { PushedEvent } from '../../../shared/events';
import { WS_PATH, wsAnswerSchema } from '../../../shared/ws-protocol';
import type { Transport } from './transport';

const RECONNECT_MAX_MS = 10_000;

/** A frame's text as JSON, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The answer's value checked against the call's output schema: a page served by an older
 * or newer Botdeck than the one answering gets an error it can act on, not wrong data.
 */
function checkedResult<N extends CallName>(name: N, result: CallResult<unknown>): CallResult<CallOutput<N>> {
  if (!result.ok) return result;
  const value = outputSchema(name).safeParse(result.value);
  if (value.success) return { ok: true, value: value.data };
  return { ok: false, error: { code: 'INTERNAL', message: `Botdeck answered ${name} with data this page does not understand. Reload the page.` } };
}

/**
 * Headless mode: the contract over one WebSocket to the page's own server, which checks
 * the access token (sent as a cookie with the upgrade). Reconnects with backoff; calls made
 * while disconnected wait for the connection. Every frame is checked (answers against the
 * call's output schema, events against their payload's) before the console sees it.
 */
export function wsTransport(location: Location): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
  const pending = new Map<number, (result: CallResult<unknown>) => void>();
  const listeners = new Set<(event: PushedEvent) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let retryMs = 500;

  const receive = (text: string): void => {
    const raw = parseJson(text);
    const answer = wsAnswerSchema.safeParse(raw);
    if (answer.success) {
      pending.get(answer.data.id)?.(answer.data.result);
      pending.delete(answer.data.id);
      return;
    }
    // A frame that is neither an answer nor an event this console knows is dropped: the
    // screens reload what they show on the next call or event.
    const event = parsePushedEvent(raw);
    if (event !== null) for (const listener of listeners) listener(event);
  };

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.addEventListener('open', () => {
        socket = ws;
        retryMs = 500;
        resolve(ws);
      });
      ws.addEventListener('message', (message: MessageEvent<unknown>) => {
        if (typeof message.data === 'string') receive(message.data);
      });
      ws.addEventListener('close', () => {
        socket = null;
        opened = null;
        for (const [id, settle] of pending) {
          settle({ ok: false, error: { code: 'INTERNAL', message: 'The connection to Botdeck was lost; trying again.' } });
          pending.delete(id);
        }
        setTimeout(() => void connect().then(resolve), retryMs);
        retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
      });
    });
    return opened;
  };

  return {
    call: async (name, ...[input]) => {
      const ws = socket ?? (await connect());
      const id = nextId++;
      const result = await new Promise<CallResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, call: name, input }));
      });
      return checkedResult(name, result);
    },
    onEvent: (listener) => {
      listeners.add(listener);
      void connect();
      return () => listeners.delete(listener);
    },
  };
}
