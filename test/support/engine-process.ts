import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');
/** Engines started and not yet gone: a failing test leaves none running. */
const live = new Set<ChildProcess>();

/** The engine in a child process (engine-child.ts), resolved once its bots run. */
export function spawnEngine(dataDir: string, apiRoot: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'engine-child.ts'), dataDir, apiRoot], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  let errors = '';
  proc.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(proc);
    });
    proc.on('exit', (code) => reject(new Error(`engine exited early (${code ?? 'signal'}): ${errors}`)));
  });
}

/** SIGKILL: no cleanup of any kind, as in a power loss or an OOM kill. */
export function killHard(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      resolve();
      return;
    }
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

/** Kills the engines a test started and left running (for afterEach). */
export async function killLeftEngines(): Promise<void> {
  await Promise.all([...live].map(killHard));
}
