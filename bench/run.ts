import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable, toJson, type Figure } from './figures';
import { alertsBench } from './alerts.bench';
import { campaignBench } from './campaign.bench';
import { contractBench } from './contract.bench';
import { engineBench } from './engine.bench';
import { exportBench } from './export.bench';
import { headlessBench } from './headless.bench';
import { leadsBench } from './leads.bench';
import { leadsScreenBench } from './leads-screen.bench';
import { limiterBench } from './limiter.bench';
import { memoryBench } from './memory.bench';
import { paymentsBench } from './payments.bench';
import { pixBench } from './pix.bench';
import { recoveryBench } from './recovery.bench';
import { storeBench } from './store.bench';

const suites = {
  store: storeBench,
  engine: engineBench,
  limiter: limiterBench,
  memory: memoryBench,
  contract: contractBench,
  leadsScreen: leadsScreenBench,
  leads: leadsBench,
  alerts: alertsBench,
  recovery: recoveryBench,
  campaign: campaignBench,
  headless: headlessBench,
  export: exportBench,
  payments: paymentsBench,
  pix: pixBench,
} as const;
type SuiteName = keyof typeof suites;

const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string' } }, strict: true });
const chosen = (values.only?.split(',') ?? Object.keys(suites)) as SuiteName[];
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'botdeck-bench-'));
  const figures: Figure[] = [];
  try {
    for (const name of chosen) {
      const suite = suites[name] as (typeof suites)[SuiteName] | undefined;
      if (suite === undefined) throw new Error(`unknown suite ${name}; choose from ${Object.keys(suites).join(', ')}`);
      figures.push(...(await suite(join(workDir, name), log)));
    }
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
