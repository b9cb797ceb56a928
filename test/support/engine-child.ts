// The engine in a process of its own, so a test can kill it with SIGKILL at any moment.
// Usage: engine-child.ts DATA_DIR API_ROOT
import { fastFleet, startEngine } from './engine';

const [dataDir, apiRoot] = process.argv.slice(2);
if (dataDir === undefined || apiRoot === undefined) throw new Error('usage: engine-child DATA_DIR API_ROOT');

void startEngine(dataDir, apiRoot, fastFleet).then((core) => {
  if (core.fleet() === null) throw new Error(core.botsMayRun()?.message ?? 'no fleet');
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    void core.close().then(() => process.exit(0));
  });
});
