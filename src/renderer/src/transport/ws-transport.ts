import type { CallName, CallResult } from '../../../shared/calls';
import type { PushedEvent } from '../../../shared/events';
import { WS_PATH, type WsMessage } from '../../../shared/ws-protocol';
import type { Transport } from './transport';

const RECONNECT_MAX_MS = 10_000;

/**
 * Headless mode: the contract over one WebSocket to the page's own server, which checks
 * the access token (sent as a cookie with the upgrade). Reconnects with backoff; calls made
 * while disconnected wait for the connection.
 */
export function wsTransport(location: Location): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
  const pending = new Map<number, (result: CallResult<unknown>) => void>();
  const listeners = new Set<(event: PushedEvent) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let retryMs = 500;

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.addEventListener('open', () => {
        socket = ws;
        retryMs = 500;
        resolve(ws);
      });
      ws.addEventListener('message', (message: MessageEvent<string>) => {
        const data = JSON.parse(message.data) as WsMessage;
        if (data.id === undefined) {
          for (const listener of listeners) listener(data);
          return;
        }
        pending.get(data.id)?.(data.result);
        pending.delete(data.id);
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
    call: async (name: CallName, input?: unknown) => {
      const ws = socket ?? (await connect());
      const id = nextId++;
      return new Promise<CallResult<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, call: name, input }));
      });
    },
    onEvent: (listener) => {
      listeners.add(listener);
      void connect();
      return () => listeners.delete(listener);
    },
  };
}
