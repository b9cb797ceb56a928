// Run as another user (when the tests run as root) to prepare a data folder that user does
// not own, printing what preparePrivateDataDir did as JSON on stdout.
import { preparePrivateDataDir } from '../../src/main/core/private-data-dir';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: data-dir-child DATA_DIR');
process.stdout.write(JSON.stringify(preparePrivateDataDir(dataDir)));
