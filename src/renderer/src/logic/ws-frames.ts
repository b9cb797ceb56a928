import { errorInfoOf } from '../../../shared/errors';
import { errorText } from '../../../shared/i18n/error-text';
import { z } from 'zod';
import type { CallName, CallResult } from '../../../shared/calls';
import { outputSchema, type CallOutput } from '../../../shared/contract';
import { parsePushedEvent } from '../../../shared/event-schemas';
import type { PushedEvent } from '../../../shared/events';
import { wsAnswerSchema } from '../../../shared/ws-protocol';

/** What one frame from the headless server holds, once checked. */
export type ServerFrame = { readonly kind: 'answer'; readonly id: number; readonly result: CallResult<unknown> } | { readonly kind: 'event'; readonly event: PushedEvent };

const numbered = z.object({ id: z.number().int().nonnegative() });

const notUnderstood = (what: string): CallResult<never> => ({
  ok: false,
  error: errorInfoOf('INTERNAL', errorText('console.notUnderstood', { what })),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A frame's text as an answer (its envelope checked; the value is checked by `checkedAnswer`,
 * which knows the call) or as a pushed event (its payload checked); null for anything else.
 * A numbered frame this page cannot read still answers its call, with an error, so no call
 * waits forever.
 */
export function readServerFrame(text: string): ServerFrame | null {
  const raw = parseJson(text);
  const answer = wsAnswerSchema.safeParse(raw);
  if (answer.success) return { kind: 'answer', id: answer.data.id, result: answer.data.result };
  const id = numbered.safeParse(raw);
  if (id.success) return { kind: 'answer', id: id.data.id, result: notUnderstood('a call') };
  const event = parsePushedEvent(raw);
  return event === null ? null : { kind: 'event', event };
}

/**
 * The answer's value checked against the call's output schema: a page served by an older
 * or newer Botdeck than the one answering gets an error it can act on, not wrong data.
 */
export function checkedAnswer<N extends CallName>(name: N, result: CallResult<unknown>): CallResult<CallOutput<N>> {
  if (!result.ok) return result;
  const value = outputSchema(name).safeParse(result.value);
  return value.success ? { ok: true, value: value.data } : notUnderstood(name);
}
