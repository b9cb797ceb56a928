import type { Logger } from './logger';
import { redactFields, redactSecrets } from './redact';

class RedactingLogger implements Logger {
  constructor(private readonly inner: Logger) {}

  info(object: Record<string, unknown>, message: string): void {
    this.inner.info(redactFields(object), redactSecrets(message));
  }

  warn(object: Record<string, unknown>, message: string): void {
    this.inner.warn(redactFields(object), redactSecrets(message));
  }

  error(object: Record<string, unknown>, message: string): void {
    this.inner.error(redactFields(object), redactSecrets(message));
  }
}

/**
 * A logger that passes every message and every string in its fields (an error's message and
 * stack included) through the secret redaction, whoever logs what: the last guard before a
 * line reaches the file. Wrapping twice changes nothing.
 */
export function redactingLogger(inner: Logger): Logger {
  return inner instanceof RedactingLogger ? inner : new RedactingLogger(inner);
}
