import { z } from 'zod';
import { callNames, type CallResult } from './calls';
import type { PushedEvent } from './events';

/** What the console sends over the WebSocket: one call, numbered so answers can be matched. */
export const wsRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  call: z.enum(callNames),
  input: z.unknown().optional(),
});
export type WsRequest = z.infer<typeof wsRequestSchema>;

/** What the server sends: the answer to a call, or a pushed event. */
export type WsMessage = { readonly id: number; readonly result: CallResult<unknown> } | ({ readonly id?: undefined } & PushedEvent);

export const WS_PATH = '/api';
export const TOKEN_COOKIE = 'botdeck_token';
