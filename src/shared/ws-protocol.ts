import { z } from 'zod';
import { callNames, type CallResult } from './calls';
import type { PushedEvent } from './events';
import { errorInfoSchema } from './store-status';

/** What the console sends over the WebSocket: one call, numbered so answers can be matched. */
export const wsRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  call: z.enum(callNames),
  input: z.unknown().optional(),
});
export type WsRequest = z.infer<typeof wsRequestSchema>;

/** What the server sends: the answer to a call, or a pushed event. */
export type WsMessage = { readonly id: number; readonly result: CallResult<unknown> } | ({ readonly id?: undefined } & PushedEvent);

/** A call's result envelope as received: the value is checked separately, by the call's output schema. */
export const callResultSchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: errorInfoSchema })]);

/** An answer as the console receives it. */
export const wsAnswerSchema = z.object({ id: z.number().int().nonnegative(), result: callResultSchema });

export const WS_PATH = '/api';
/** The largest message the headless WebSocket takes; a media upload chunk is sized to fit (see media.ts). */
export const WS_MAX_MESSAGE_BYTES = 1024 * 1024;
export const TOKEN_COOKIE = 'botdeck_token';
