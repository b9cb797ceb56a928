import { STATUS_CODES } from 'node:http';
import { ChannelDeliveryError } from './channel';
import type { DeliveryContext } from './channel';
import { unreachable } from './network-failure';
import { scrub, secretsIn } from './url-secrets';

export interface HttpRequest {
  /** Holds the channel's secret (webhook path, bot token): it never reaches an error message. */
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** Sent as a JSON body; omitted sends no body. */
  readonly json?: unknown;
}

/** What a receiver answered, for channels whose API says more than a status code. */
export interface HttpAnswer {
  readonly status: number;
  /** "404 Not Found": the reason phrase, or the standard one when the server sent none. */
  readonly statusLine: string;
  /** The body parsed as JSON, when it is JSON and was read whole; otherwise undefined. */
  readonly json: unknown;
  /** The receiver's own explanation (a JSON description/message/error, or plain text), clipped and scrubbed; null if none. */
  readonly said: string | null;
}

/**
 * A channel's own reading of an answer: an error to throw, or null for the usual rules
 * (2xx delivered, anything else explained by its status).
 */
export type AnswerJudge = (answer: HttpAnswer) => ChannelDeliveryError | null;

// Error bodies only feed one sentence; a judge may need a whole (small) JSON answer.
const ERROR_READ_LIMIT = 1000;
const JUDGED_READ_LIMIT = 16_384;
const SAID_LIMIT = 300;

/**
 * Sends one request and resolves once the receiver answered 2xx. Anything else throws a
 * ChannelDeliveryError naming `what` (e.g. 'Discord'), retryable when a later try can help:
 * network trouble, timeouts, 408, 429 and 5xx.
 */
export async function send(request: HttpRequest, context: DeliveryContext, what: string, judge?: AnswerJudge): Promise<void> {
  const started = Date.now();
  const secrets = secretsIn(request.url);
  try {
    const response = await context.fetch(request.url, requestInit(request, context.signal));
    const accepted = isSuccess(response.status);
    if (accepted && judge === undefined) {
      // The verdict is in the status; the body is not worth waiting for.
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    const answer = await readAnswer(response, judge === undefined ? ERROR_READ_LIMIT : JUDGED_READ_LIMIT, secrets);
    const verdict = judge?.(answer) ?? null;
    if (verdict !== null) throw verdict;
    if (!accepted) throw refusal(what, answer);
  } catch (error) {
    const failure = error instanceof ChannelDeliveryError ? error : unreachable(error, what, context.signal, started);
    // Every message passes here, whoever wrote it: undici causes and echoed bodies may quote the URL.
    throw new ChannelDeliveryError(scrub(failure.message, secrets), failure.retryable);
  }
}

/** The usual explanation of a non-2xx answer, with what the operator can do about it. */
export function refusal(what: string, answer: HttpAnswer): ChannelDeliveryError {
  const heard = heardFrom(what, answer);
  const { status } = answer;
  if (status === 429) return new ChannelDeliveryError(`${heard} It is limiting how often it takes messages; a later try should pass.`, true);
  if (status === 408 || status >= 500) return new ChannelDeliveryError(`${heard} The trouble is on its side; a later try may pass.`, true);
  if (status === 404 || status === 410) {
    return new ChannelDeliveryError(`${heard} The webhook may have been deleted or the address mistyped; paste a new one.`, false);
  }
  if (status === 401 || status === 403) {
    return new ChannelDeliveryError(`${heard} It refused this address: it may have been revoked; paste a new one.`, false);
  }
  if (status >= 400) return new ChannelDeliveryError(`${heard} Check that the address is right; trying again will not help.`, false);
  // Redirects are followed, so this is a 1xx/3xx with nowhere to go.
  return new ChannelDeliveryError(`${heard} That is not a delivery; check the address.`, false);
}

/** "Discord answered 404 Not Found: Unknown Webhook." */
export function heardFrom(what: string, answer: HttpAnswer): string {
  return `${what} answered ${answer.statusLine}${answer.said === null ? '' : `: ${answer.said}`}.`;
}

/** Shortens text to `max` UTF-16 units, ending with an ellipsis, without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** The host of a configured address, for hints; never its path or credentials. */
export function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'an invalid address';
}

/** The last characters of the address's path: enough to tell two webhooks apart, too few to use. */
export function pathTail(url: string, chars = 4): string {
  if (!URL.canParse(url)) return '';
  const path = new URL(url).pathname.replace(/\/+$/, '');
  // A short path would give away too large a share of itself.
  return path.length >= 12 ? path.slice(-chars) : '';
}

function requestInit(request: HttpRequest, signal: AbortSignal): RequestInit {
  if (request.json === undefined) return { method: request.method, signal };
  return {
    method: request.method,
    signal,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request.json),
  };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

async function readAnswer(response: Response, limit: number, secrets: readonly string[]): Promise<HttpAnswer> {
  const { text, complete } = await readStart(response, limit);
  const json = complete ? parseJson(text) : undefined;
  const said = explanationIn(text, json);
  const reason = response.statusText.trim() || STATUS_CODES[response.status] || '';
  return {
    status: response.status,
    statusLine: scrub(`${response.status}${reason === '' ? '' : ` ${reason}`}`, secrets),
    json,
    said: said === null ? null : clip(scrub(said, secrets), SAID_LIMIT),
  };
}

/** Up to `limit` characters of the body; the rest is not downloaded. */
async function readStart(response: Response, limit: number): Promise<{ text: string; complete: boolean }> {
  if (response.body === null) return { text: '', complete: true };
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return { text: text + decoder.decode(), complete: true };
      text += decoder.decode(chunk.value, { stream: true });
      if (text.length > limit) return { text: text.slice(0, limit), complete: false };
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const EXPLAINING_KEYS = ['description', 'message', 'error', 'error_description'] as const;
// For JSON cut short by the read limit: the explanation usually comes first.
const QUOTED_EXPLANATION = /"(?:description|message|error)"\s*:\s*"((?:[^"\\]|\\.)*)"/;

function explanationIn(text: string, json: unknown): string | null {
  if (typeof json === 'object' && json !== null) {
    for (const key of EXPLAINING_KEYS) {
      const value: unknown = (json as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim() !== '') return oneLine(value);
    }
    return null;
  }
  const quoted = QUOTED_EXPLANATION.exec(text)?.[1];
  if (quoted !== undefined) {
    const value = parseJson(`"${quoted}"`);
    if (typeof value === 'string' && value.trim() !== '') return oneLine(value);
  }
  const trimmed = text.trim();
  // HTML error pages and unreadable JSON would only be noise in a one-line message.
  if (trimmed === '' || /^[<{[]/.test(trimmed)) return null;
  return oneLine(trimmed.split('\n', 1)[0] ?? '');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}
