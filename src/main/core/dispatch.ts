import type { CallName, CallResult } from '../../shared/calls';
import { inputSchema, type CallOutput, type Handlers } from '../../shared/contract';
import { errorInfo, toErrorInfo } from './errors';
import { errorText } from '../../shared/i18n/error-text';
import { problemsOf } from '../../shared/i18n/problems';

/**
 * Runs one call from an untrusted caller: the input is validated against the contract
 * first, and any failure comes back as a coded error, never as a thrown exception.
 */
export async function dispatch<N extends CallName>(handlers: Handlers, name: N, raw: unknown): Promise<CallResult<CallOutput<N>>> {
  const parsed = inputSchema(name).safeParse(raw);
  if (!parsed.success) {
    // A problem may quote what was sent (a token pasted into the wrong field): errorInfo hides secrets.
    return { ok: false, error: errorInfo('BAD_INPUT', errorText('input.invalid', { problems: problemsOf(parsed.error) })) };
  }
  try {
    const handler: Handlers[N] = handlers[name];
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
