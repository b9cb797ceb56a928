// Run in a separate process (as another user when the tests run as root) to open a
// store and try a write, printing the outcome as JSON on stdout.
import { setSetting } from '../../src/main/core/db/settings';
import { openStore } from '../../src/main/core/db/store';
import { isBotdeckError } from '../../src/main/core/errors';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: open-store-child DATA_DIR');

openStore({ dataDir, appVersion: 'child' })
  .then((store) => {
    try {
      setSetting(store.db, 'child.write', 'x');
      process.stdout.write(JSON.stringify({ ok: true }));
    } finally {
      store.close();
    }
  })
  .catch((error: unknown) => {
    process.stdout.write(JSON.stringify(isBotdeckError(error) ? { ok: false, code: error.code, message: error.message } : { ok: false, code: 'THROWN', message: String(error) }));
  });
