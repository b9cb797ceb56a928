import Database from 'better-sqlite3';
import { join } from 'node:path';
import { WalCheckpointer } from '../../src/main/core/db/wal-checkpointer';

/** Starts and stops a checkpoint thread with nothing else keeping the process alive, then says so. */
async function main(): Promise<void> {
  const file = join(process.argv[2] ?? '.', 'child.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const checkpointer = WalCheckpointer.start(db, { file, nativeBinding: undefined, onFailure: () => undefined });
  await checkpointer?.stop();
  db.close();
  process.stdout.write('stopped\n');
}

void main();
