import { errorInfoOf } from '../../../shared/errors';
import { errorText } from '../../../shared/i18n/error-text';
import type { CallResult } from '../../../shared/calls';
import type { PushedEvent } from '../../../shared/events';
import { WS_PATH } from '../../../shared/ws-protocol';
import { checkedAnswer, readServerFrame } from '../logic/ws-frames';
import type { Transport } from './transport';

const RECONNECT_MAX_MS = 10_000;

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
    const frame = readServerFrame(text);
    // Anything else is dropped: an event this page cannot read (from a newer Botdeck) is
    // missed, and the screens show its effect on their next load.
    if (frame?.kind === 'event') for (const listener of listeners) listener(frame.event);
    else if (frame?.kind === 'answer') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    }
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
          settle({ ok: false, error: errorInfoOf('INTERNAL', errorText('console.connectionLost', {})) });
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
      return checkedAnswer(name, result);
    },
    onEvent: (listener) => {
      listeners.add(listener);
      void connect();
      return () => listeners.delete(listener);
    },
  };
}
