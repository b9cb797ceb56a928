import { Bot } from 'grammy';
import { join } from 'node:path';
import { startCore } from '../src/main/core/core';
import { fakeToken } from '../test/support/fake-telegram';
import { median, percentile, sleep, type Figure } from './figures';
import { FakeProcess } from './support/fake-client';
import type { SendTiming } from './support/fake-protocol';

const BOTS = 20;
const STARTS_PER_BOT = 500;
const STEADY_PER_BOT = 100;
const STEADY_RATE = 200;

interface Run {
  readonly throughput: number;
  /** From the bot receiving the update to its sendMessage reaching Telegram. */
  readonly p99: number;
  /** From the user's /start to the sendMessage: what the lead waits, queueing included. */
  readonly p99EndToEnd: number;
}

function summarise(timings: readonly SendTiming[]): Run {
  const first = Math.min(...timings.map((t) => t.enqueuedAt));
  const last = Math.max(...timings.map((t) => t.sentAt));
  // Latency runs from the moment the bot received the update to its sendMessage arriving,
  // as the target is worded; time spent in Telegram's queue is the same for both sides.
  return {
    throughput: (timings.length / (last - first)) * 1000,
    p99: percentile(timings.map((t) => t.sentAt - t.receivedAt), 99),
    p99EndToEnd: percentile(timings.map((t) => t.sentAt - t.enqueuedAt), 99),
  };
}

function botSpecs(firstId: number): { token: string; id: number; username: string; firstName: string }[] {
  return Array.from({ length: BOTS }, (_, i) => ({ token: fakeToken(firstId + i), id: firstId + i, username: `bench_${firstId + i}_bot`, firstName: 'Bench' }));
}

/** How the /starts arrive: all at once (a burst), or at a steady pace well under capacity. */
type Load = { readonly kind: 'burst' } | { readonly kind: 'steady'; readonly perSecond: number };

async function burst(fake: FakeProcess, bots: readonly { token: string }[], load: Load): Promise<Run> {
  const perBot = load.kind === 'burst' ? STARTS_PER_BOT : STEADY_PER_BOT;
  const starts = bots.flatMap((bot, b) => Array.from({ length: perBot }, (_, i) => ({ token: bot.token, user: { id: 1_000_000 + b * 10_000 + i, firstName: `L${i}` } })));
  // Interleave the bots so that a steady stream reaches all of them at once.
  starts.sort((a, b) => (a.user.id % 10_000) - (b.user.id % 10_000));
  if (load.kind === 'burst') await fake.request({ op: 'burst', starts });
  else await fake.request({ op: 'stream', perSecond: load.perSecond, starts });
  const tokens = bots.map((bot) => bot.token);
  await fake.request({ op: 'waitSent', tokens, total: starts.length });
  const { timings = [] } = await fake.request({ op: 'timings', tokens });
  return summarise(timings);
}

/** A grammY bot that answers /start without storing anything: what the engine is compared with. */
async function bareRun(fake: FakeProcess, load: Load): Promise<Run> {
  const specs = botSpecs(410_000);
  await fake.request({ op: 'addBots', bots: specs });
  const bots = specs.map((spec) => {
    const bot = new Bot(spec.token, { client: { apiRoot: fake.apiRoot } });
    bot.command('start', (ctx) => ctx.reply('Welcome!'));
    void bot.start({ drop_pending_updates: false });
    return bot;
  });
  await sleep(1500);
  const run = await burst(fake, specs, load);
  await Promise.all(bots.map((bot) => bot.stop()));
  return run;
}

async function engineRun(fake: FakeProcess, workDir: string, load: Load): Promise<Run> {
  const specs = botSpecs(420_000);
  await fake.request({ op: 'addBots', bots: specs });
  const core = await startCore({
    dataDir: join(workDir, 'engine'),
    appVersion: 'bench',
    env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot },
    // The limiter off, as for the bare bot: this measures the engine's own overhead.
    fleet: { rateOverride: 100_000 },
  });
  const fleet = core.fleet();
  if (fleet === null) throw new Error('no fleet');
  for (const spec of specs) fleet.startBot((await fleet.addBot(spec.token)).id);
  await sleep(1500);
  const run = await burst(fake, specs, load);
  await core.close();
  return run;
}

const ROUNDS = 3;

/** Each run gets a fresh fake process, so neither side pays for the other's leftovers. */
async function withFake<T>(run: (fake: FakeProcess) => Promise<T>): Promise<T> {
  const fake = await FakeProcess.start({ rateLimit: false });
  try {
    return await run(fake);
  } finally {
    await fake.close();
  }
}

export async function engineBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const bareRuns: Run[] = [];
  const ourRuns: Run[] = [];
  // Alternate the two sides so that drift on a shared machine hits both alike.
  for (let round = 1; round <= ROUNDS; round += 1) {
    log(`round ${round}/${ROUNDS}: bare grammY, ${BOTS} bots x ${STARTS_PER_BOT} /starts...`);
    bareRuns.push(await withFake((fake) => bareRun(fake, { kind: 'burst' })));
    log(`round ${round}/${ROUNDS}: engine, ${BOTS} bots x ${STARTS_PER_BOT} /starts...`);
    ourRuns.push(await withFake((fake) => engineRun(fake, join(workDir, `round${round}`), { kind: 'burst' })));
  }
  const steady = { kind: 'steady', perSecond: STEADY_RATE } as const;
  log(`steady load: ${STEADY_RATE} /starts per second over ${BOTS} bots, bare grammY...`);
  const bareSteady = await withFake((fake) => bareRun(fake, steady));
  log('steady load: engine...');
  const oursSteady = await withFake((fake) => engineRun(fake, join(workDir, 'steady'), steady));
  const summary = (runs: readonly Run[]): Run => ({
    throughput: median(runs.map((r) => r.throughput)),
    p99: median(runs.map((r) => r.p99)),
    p99EndToEnd: median(runs.map((r) => r.p99EndToEnd)),
  });
  const bare = summary(bareRuns);
  const ours = summary(ourRuns);
  const ratio = ours.throughput / bare.throughput;
  const overhead = ours.p99 - bare.p99;
  return [
    { name: 'engine.throughput_per_s', unit: '/s', value: ours.throughput, baseline: bare.throughput, baselineLabel: 'bare grammY bot, median of 3', target: null, meetsTarget: null },
    { name: 'engine.throughput_ratio', unit: '', value: ratio, baseline: null, baselineLabel: null, target: '>= 0.8', meetsTarget: ratio >= 0.8 },
    { name: 'engine.p99_ms', unit: 'ms', value: ours.p99, baseline: bare.p99, baselineLabel: 'bare grammY bot, median of 3', target: null, meetsTarget: null },
    { name: 'engine.p99_overhead_ms', unit: 'ms', value: overhead, baseline: null, baselineLabel: null, target: '< 10 ms', meetsTarget: overhead < 10 },
    {
      name: 'engine.p99_overhead_ms_steady',
      unit: 'ms',
      value: oursSteady.p99 - bareSteady.p99,
      baseline: null,
      baselineLabel: null,
      target: '< 10 ms',
      meetsTarget: oursSteady.p99 - bareSteady.p99 < 10,
    },
    { name: 'engine.p99_ms_steady', unit: 'ms', value: oursSteady.p99, baseline: bareSteady.p99, baselineLabel: `bare grammY bot, ${STEADY_RATE}/s`, target: null, meetsTarget: null },
    { name: 'engine.p99_end_to_end_ms', unit: 'ms', value: ours.p99EndToEnd, baseline: bare.p99EndToEnd, baselineLabel: 'bare grammY bot, median of 3', target: null, meetsTarget: null },
  ];
}
