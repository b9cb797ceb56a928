import { Bot } from 'grammy';
import { join } from 'node:path';
import { defaultSenderOptions } from '../src/main/core/bots/sender';
import { startCore } from '../src/main/core/core';
import { defaultWelcome } from '../src/shared/welcome';
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
    p99: percentile(
      timings.map((t) => t.sentAt - t.receivedAt),
      99,
    ),
    p99EndToEnd: percentile(
      timings.map((t) => t.sentAt - t.enqueuedAt),
      99,
    ),
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

/** How many updates each side handles at once: the engine's default sender, or one at a time. */
const IN_FLIGHT = defaultSenderOptions.maxInFlight;

/**
 * grammY's own long polling with up to `limit` updates handled at once: the next batch is
 * fetched while earlier ones are still being answered, as the engine's sender does. Polls
 * with a short timeout so that it notices `running.stopped` within a second.
 */
async function pollConcurrently(bot: Bot, limit: number, running: { stopped: boolean }): Promise<void> {
  await bot.init();
  const inFlight = new Set<Promise<void>>();
  let offset = 0;
  while (!running.stopped) {
    const updates = await bot.api.getUpdates({ offset, timeout: 1 });
    for (const update of updates) {
      offset = update.update_id + 1;
      while (inFlight.size >= limit) await Promise.race(inFlight);
      const task: Promise<void> = bot.handleUpdate(update).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
  }
  await Promise.all(inFlight);
}

/** A grammY bot that answers /start without storing anything: what the engine is compared with. */
async function bareRun(fake: FakeProcess, load: Load, inFlight: number): Promise<Run> {
  const specs = botSpecs(410_000);
  await fake.request({ op: 'addBots', bots: specs });
  const running = { stopped: false };
  const welcome = defaultWelcome(specs[0]?.firstName ?? '', 'en');
  const bots = specs.map((spec) => {
    const bot = new Bot(spec.token, { client: { apiRoot: fake.apiRoot } });
    // The message the engine sends a new bot's leads, HTML and all: the same work on both sides.
    bot.command('start', (ctx) => ctx.reply(welcome.text, { parse_mode: 'HTML' }));
    // One at a time is grammY's built-in polling; more needs a loop of our own.
    const polling = inFlight === 1 ? bot.start({ drop_pending_updates: false }) : pollConcurrently(bot, inFlight, running);
    return { bot, polling };
  });
  await sleep(1500);
  const run = await burst(fake, specs, load);
  running.stopped = true;
  if (inFlight === 1) await Promise.all(bots.map(({ bot }) => bot.stop()));
  await Promise.all(bots.map(({ polling }) => polling));
  return run;
}

async function engineRun(fake: FakeProcess, workDir: string, load: Load, inFlight: number): Promise<Run> {
  const specs = botSpecs(420_000);
  await fake.request({ op: 'addBots', bots: specs });
  const core = await startCore({
    dataDir: workDir,
    appVersion: 'bench',
    env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot },
    // The limiter off, as for the bare bot: this measures the engine's own overhead.
    fleet: { rateOverride: 100_000, send: { ...defaultSenderOptions, maxInFlight: inFlight } },
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

type Side = 'bare' | 'engine' | 'bareOne' | 'engineOne';

const SIDES: readonly { readonly side: Side; readonly label: string }[] = [
  { side: 'bare', label: `bare grammY, ${IN_FLIGHT} at once` },
  { side: 'engine', label: `engine, ${IN_FLIGHT} at once` },
  { side: 'bareOne', label: 'bare grammY, one at a time (bot.start)' },
  { side: 'engineOne', label: 'engine, one at a time' },
];

function runSide(side: Side, load: Load, workDir: string): Promise<Run> {
  switch (side) {
    case 'bare':
      return withFake((fake) => bareRun(fake, load, IN_FLIGHT));
    case 'bareOne':
      return withFake((fake) => bareRun(fake, load, 1));
    case 'engine':
      return withFake((fake) => engineRun(fake, workDir, load, IN_FLIGHT));
    case 'engineOne':
      return withFake((fake) => engineRun(fake, workDir, load, 1));
  }
}

/** Every side once per round, in turn, so that drift on a shared machine hits them alike; the medians of the rounds. */
async function rounds(name: string, load: Load, sides: readonly Side[], workDir: string, log: (line: string) => void): Promise<Record<Side, Run | null>> {
  const runs: Record<Side, Run[]> = { bare: [], engine: [], bareOne: [], engineOne: [] };
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const { side, label } of SIDES.filter((entry) => sides.includes(entry.side))) {
      log(`${name} round ${round}/${ROUNDS}: ${label}...`);
      runs[side].push(await runSide(side, load, join(workDir, `${name}-${side}-${round}`)));
    }
  }
  const summary = (list: readonly Run[]): Run | null =>
    list.length === 0 ? null : { throughput: median(list.map((r) => r.throughput)), p99: median(list.map((r) => r.p99)), p99EndToEnd: median(list.map((r) => r.p99EndToEnd)) };
  return { bare: summary(runs.bare), engine: summary(runs.engine), bareOne: summary(runs.bareOne), engineOne: summary(runs.engineOne) };
}

function need(run: Run | null): Run {
  if (run === null) throw new Error('a side was not run');
  return run;
}

export async function engineBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const burstRuns = await rounds(`burst ${BOTS} bots x ${STARTS_PER_BOT} /starts`, { kind: 'burst' }, ['bare', 'engine', 'bareOne', 'engineOne'], workDir, log);
  const steadyRuns = await rounds(`steady ${STEADY_RATE} /starts per second over ${BOTS} bots`, { kind: 'steady', perSecond: STEADY_RATE }, ['bare', 'engine'], workDir, log);
  const bare = need(burstRuns.bare);
  const ours = need(burstRuns.engine);
  const bareOne = need(burstRuns.bareOne);
  const oursOne = need(burstRuns.engineOne);
  const bareSteady = need(steadyRuns.bare);
  const oursSteady = need(steadyRuns.engine);
  const ratio = ours.throughput / bare.throughput;
  const ratioOne = oursOne.throughput / bareOne.throughput;
  const e2eRatio = ours.p99EndToEnd / bare.p99EndToEnd;
  const steadyOverhead = oursSteady.p99 - bareSteady.p99;
  const medianOf = `median of ${ROUNDS}`;
  return [
    {
      name: 'engine.throughput_per_s',
      unit: '/s',
      value: ours.throughput,
      baseline: bare.throughput,
      baselineLabel: `bare grammY bot, ${IN_FLIGHT} at once, ${medianOf}`,
      target: null,
      meetsTarget: null,
    },
    { name: 'engine.throughput_ratio', unit: '', value: ratio, baseline: null, baselineLabel: null, target: '>= 0.8', meetsTarget: ratio >= 0.8 },
    {
      name: 'engine.throughput_per_s_one_in_flight',
      unit: '/s',
      value: oursOne.throughput,
      baseline: bareOne.throughput,
      baselineLabel: `bare grammY bot, bot.start, ${medianOf}`,
      target: null,
      meetsTarget: null,
    },
    { name: 'engine.throughput_ratio_one_in_flight', unit: '', value: ratioOne, baseline: null, baselineLabel: null, target: '>= 0.8', meetsTarget: ratioOne >= 0.8 },
    {
      name: 'engine.p99_end_to_end_ms',
      unit: 'ms',
      value: ours.p99EndToEnd,
      baseline: bare.p99EndToEnd,
      baselineLabel: `bare grammY bot, ${IN_FLIGHT} at once, ${medianOf}`,
      target: null,
      meetsTarget: null,
    },
    { name: 'engine.e2e_p99_ratio', unit: '', value: e2eRatio, baseline: null, baselineLabel: null, target: '<= 1.1', meetsTarget: e2eRatio <= 1.1 },
    {
      name: 'engine.p99_ms_steady',
      unit: 'ms',
      value: oursSteady.p99,
      baseline: bareSteady.p99,
      baselineLabel: `bare grammY bot, ${STEADY_RATE}/s, ${medianOf}`,
      target: null,
      meetsTarget: null,
    },
    { name: 'engine.p99_overhead_ms_steady', unit: 'ms', value: steadyOverhead, baseline: null, baselineLabel: null, target: '< 10 ms', meetsTarget: steadyOverhead < 10 },
  ];
}
