// Bot API URLs carry the token in their path (/bot<id>:<secret>/method), and network
// errors quote the URL. Webhook and heartbeat URLs (Discord, Slack, healthchecks.io...)
// carry their secret in the path or the query. Anything that may reach a log, the console
// or an alert goes through here first.
const TOKEN_IN_TEXT = /(?<!\d)(\d{5,20})(?::|%3A)[A-Za-z0-9_-]{30,60}/gi;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`]+/gi;
/** Credentials written into an address: https://user:password@host/ */
const USER_INFO = /^(https?:\/\/)[^/?#@]*@/i;
/** A long opaque run in an address's path or query: a webhook token, a ping key, an API key. */
const OPAQUE_RUN = /[A-Za-z0-9_-]{20,}/g;

const HIDDEN = '[hidden]';

function redactAddress(url: string): string {
  const withoutUser = url.replace(USER_INFO, `$1${HIDDEN}@`);
  const start = withoutUser.indexOf('//') + 2;
  const hostEnd = withoutUser.slice(start).search(/[/?#]/);
  if (hostEnd < 0) return withoutUser;
  // The host stays: it is what tells the operator which server failed.
  return withoutUser.slice(0, start + hostEnd) + withoutUser.slice(start + hostEnd).replace(OPAQUE_RUN, HIDDEN);
}

export function redactSecrets(text: string): string {
  return text.replace(TOKEN_IN_TEXT, '$1:<token>').replace(URL_IN_TEXT, redactAddress);
}

/** An error's message, safe to log or show. */
export function errorText(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}

/** Deep enough for anything logged or pushed; deeper values are dropped, never passed on raw. */
const MAX_DEPTH = 8;

/** Any value with every string in it redacted (an Error becomes its redacted name, message and stack). */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested]';
  if (value instanceof Error) {
    return { type: value.name, message: redactSecrets(value.message), ...(value.stack === undefined ? {} : { stack: redactSecrets(value.stack) }) };
  }
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, depth + 1));
  return redactFields(value, depth + 1);
}

/** An object's fields, each redacted as by redactDeep. */
export function redactFields(object: object, depth = 0): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]: [string, unknown]) => [key, redactDeep(value, depth)]));
}

/** Data that crosses a process boundary as it is: what JSON carries, no class instances. */
export type PlainData = string | number | boolean | null | readonly PlainData[] | { readonly [key: string]: PlainData };

function redactPlain(value: PlainData): PlainData {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redactPlain);
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, redactPlain(field)]));
}

/**
 * Plain data (a pushed event) with every string in it redacted, keeping its type: only
 * string contents change, and only where they hold a token or a web address, which no
 * literal-typed field (an event's name, a state, a kind) ever does. No depth limit: the
 * value is a schema's tree, never a cycle.
 */
export function redactData<T extends PlainData>(value: T): T {
  return redactPlain(value) as T;
}
