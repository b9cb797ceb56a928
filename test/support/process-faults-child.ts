// A process that throws from a callback and leaves a promise rejected, with the process-wide
// fault handlers installed; it reports what it caught and ends on its own.
// Usage: process-faults-child.ts [--without-handlers]
import { createHandlers } from '../../src/main/core/api';
import { refusedCore } from '../../src/main/core/core';
import { catchProcessFaults, processFaultCount } from '../../src/main/core/process-faults';
import { fakeToken } from './fake-telegram';

const logged: string[] = [];
if (!process.argv.includes('--without-handlers')) {
  catchProcessFaults({ info: () => undefined, warn: () => undefined, error: (object, message) => logged.push(`${message} ${JSON.stringify(object)}`) });
}

setTimeout(() => {
  throw new Error(`the Bot API refused https://api.telegram.org/bot${fakeToken(123_456)}/getMe`);
}, 10);
setTimeout(() => {
  void Promise.reject(new Error('nobody awaited this'));
}, 20);
setTimeout(() => {
  const info = createHandlers(refusedCore({ dataDir: '/nonexistent/botdeck', appVersion: '1.0.0' }, new Error('not opened here')), 'linux').getAppInfo(undefined);
  process.stdout.write(`${JSON.stringify({ count: processFaultCount(), info, logged })}\n`);
}, 200);
