import type { CallName, CallResult } from '../../shared/calls';
import { inputSchema, type CallOutput, type Handlers } from '../../shared/contract';
import { toErrorInfo } from './errors';
import { redactSecrets } from './redact';

/**
 * Runs one call from an untrusted caller: the input is validated against the contract
 * first, and any failure comes back as a coded error, never as a thrown exception.
 */
export async function dispatch<N extends CallName>(handlers: Handlers, name: N, raw: unknown): Promise<CallResult<CallOutput<N>>> {
  const parsed = inputSchema(name).safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
    // A message may quote what was sent (a token pasted into the wrong field).
    return { ok: false, error: { code: 'BAD_INPUT', message: redactSecrets(`Invalid input for ${name}: ${detail}`) } };
  }
  try {
    const handler: Handlers[N] = handlers[name];
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
