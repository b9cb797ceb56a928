import packageJson from '../../../package.json';
import { runDoctor } from './doctor-run';

void runDoctor(process.argv.slice(2), { env: process.env, appVersion: packageJson.version }).then((result) => {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
});
