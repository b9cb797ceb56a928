// pino-roll ships no types: the part of its API Botdeck uses (see node_modules/pino-roll/pino-roll.js).
declare module 'pino-roll' {
  import type { EventEmitter } from 'node:events';

  export interface PinoRollOptions {
    /** Base path; files are named <base>.<number><extension>, the highest number being the current file. */
    readonly file: string;
    readonly extension?: string;
    /** Rolls when the current file reaches this size: a number of MB, or a string such as '10m', '512k', '2048b'. */
    readonly size?: number | string;
    /** With removeOtherLogFiles, `count` is the number of files kept, the current one included. */
    readonly limit?: { readonly count?: number; readonly removeOtherLogFiles?: boolean };
    readonly mkdir?: boolean;
  }

  /** A sonic-boom stream writing to the current file. */
  export interface PinoRollStream extends EventEmitter {
    readonly file: string;
    write(data: string): boolean;
    flushSync(): void;
    end(): void;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<PinoRollStream>;
}
