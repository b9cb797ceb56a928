import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** A stand-in for the built console: the server only needs files to serve. */
export function fakeConsoleDir(parent: string): string {
  const dir = join(parent, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Botdeck</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

export interface HeadlessChild {
  readonly port: number;
  readonly token: string;
  /** Whether the process still runs. */
  alive(): boolean;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts test/support/headless-child.ts and waits for its port and token. */
export function startHeadlessChild(options: { dataDir: string; rendererDir: string; apiRoot?: string; botToken?: string }): Promise<HeadlessChild> {
  const args = [options.dataDir, options.rendererDir, ...(options.apiRoot !== undefined && options.botToken !== undefined ? [options.apiRoot, options.botToken] : [])];
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'headless-child.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  let output = '';
  proc.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line === undefined) return;
      const started = JSON.parse(line) as { port: number; token: string };
      resolve({
        port: started.port,
        token: started.token,
        alive: () => proc.exitCode === null && proc.signalCode === null,
        stderr: () => errors,
        stop: async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
          await exited;
        },
      });
    });
    proc.once('exit', (code) => reject(new Error(`the headless server exited early (${code ?? 'signal'}): ${errors}`)));
  });
}
