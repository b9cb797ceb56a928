// Run in a separate process: another program holding the store's write lock. It opens the
// database, takes the lock (BEGIN IMMEDIATE), prints "locked", and commits when it reads a
// line on stdin, then exits.
import Database from 'better-sqlite3';
import { createInterface } from 'node:readline';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: lock-holder-child DATABASE_FILE');

const db = new Database(file);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
createInterface({ input: process.stdin }).once('line', () => {
  db.exec('COMMIT');
  db.close();
  process.exit(0);
});
