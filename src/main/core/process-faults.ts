import { silentLogger, type Logger } from './logger';
import { errorText, redactSecrets } from './redact';

type FaultKind = 'uncaught exception' | 'unhandled rejection';

let logger: Logger = silentLogger;
let write: (line: string) => void = (line) => process.stderr.write(line);
let faults = 0;
let installed = false;

function record(kind: FaultKind, error: unknown): void {
  faults += 1;
  const text = errorText(error);
  // The handlers must not throw themselves: that would end the process after all.
  try {
    logger.error({ kind, error: text, stack: error instanceof Error ? redactSecrets(error.stack ?? '') : null, faults }, 'an unexpected error was caught; Botdeck keeps running');
  } catch {
    // The line below still tells someone.
  }
  try {
    write(`Botdeck: unexpected error #${faults} (${kind}), kept running: ${text}\n`);
  } catch {
    // Nowhere left to tell; the count still shows it.
  }
}

/**
 * From now on, an error no code caught (an exception thrown from a callback, a rejected
 * promise nobody awaited) is written to the log and to stderr and counted, and the process
 * keeps running: one stray fault must not stop every bot. Called again, it only changes
 * where the faults are logged (a host installs it first, then again once its log is open).
 */
export function catchProcessFaults(to: Logger, output?: (line: string) => void): void {
  logger = to;
  if (output !== undefined) write = output;
  if (installed) return;
  installed = true;
  // A stderr that went away (the supervisor's log restarted) would make every report a new fault.
  process.stderr.on('error', () => undefined);
  process.on('uncaughtException', (error) => {
    record('uncaught exception', error);
  });
  process.on('unhandledRejection', (reason) => {
    record('unhandled rejection', reason);
  });
}

/** How many faults were caught since the process started: 0 on a healthy run. */
export function processFaultCount(): number {
  return faults;
}
