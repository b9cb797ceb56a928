/**
 * The slice of a pino logger the engine uses. Hosts pass a real pino instance; tests can
 * pass `silentLogger`. Tokens never reach a log line: bots are named by id and username.
 */
export interface Logger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
