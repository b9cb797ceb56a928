import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Another program that holds the database's write lock until released. */
export interface LockHolder {
  release(): Promise<void>;
}

export async function holdWriteLock(databaseFile: string): Promise<LockHolder> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'lock-holder-child.ts'), databaseFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  if (line !== 'locked') throw new Error(`the lock holder said ${line}`);
  return {
    release: async () => {
      const exited = once(child, 'exit');
      child.stdin.write('release\n');
      await exited;
    },
  };
}
