/** The answer to one API call, before it becomes an HTTP response. */
export type ApiOutcome = { ok: true; result: unknown } | { ok: false; code: number; description: string; retryAfter?: number };

export function success(result: unknown): ApiOutcome {
  return { ok: true, result };
}

export function failure(code: number, description: string, retryAfter?: number): ApiOutcome {
  return retryAfter === undefined ? { ok: false, code, description } : { ok: false, code, description, retryAfter };
}

/** The Bot API's envelope; HTTP status equals error_code, as with Telegram. */
export function envelope(outcome: ApiOutcome): { status: number; body: Record<string, unknown> } {
  if (outcome.ok) return { status: 200, body: { ok: true, result: outcome.result } };
  const body: Record<string, unknown> = { ok: false, error_code: outcome.code, description: outcome.description };
  if (outcome.retryAfter !== undefined) body.parameters = { retry_after: outcome.retryAfter };
  return { status: outcome.code, body };
}
