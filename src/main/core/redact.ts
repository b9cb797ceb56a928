// Bot API URLs carry the token in their path (/bot<id>:<secret>/method), and network
// errors quote the URL. Anything that may reach a log, the console or an alert goes
// through here first.
const TOKEN_IN_TEXT = /(?<!\d)(\d{5,20}):[A-Za-z0-9_-]{30,60}/g;

export function redactSecrets(text: string): string {
  return text.replace(TOKEN_IN_TEXT, '$1:<token>');
}

/** An error's message, safe to log or show. */
export function errorText(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
