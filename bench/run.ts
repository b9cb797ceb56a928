import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable, toJson, type Figure } from './figures';
import { storeBench } from './store.bench';

const { values } = parseArgs({ options: { json: { type: 'string' } }, strict: true });
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'botdeck-bench-'));
  const figures: Figure[] = [];
  try {
    figures.push(...(await storeBench(join(workDir, 'store'), log)));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  process.stdout.write(`${formatTable(figures)}\n`);
  if (values.json !== undefined) {
    mkdirSync(dirname(values.json), { recursive: true });
    writeFileSync(values.json, `${JSON.stringify(toJson(figures), null, 2)}\n`);
    log(`figures written to ${values.json}`);
  }
}

void main();
