import { join } from 'node:path';
import type { CampaignProgress } from '../src/shared/campaigns';
import type { Handlers } from '../src/shared/contract';
import { createHandlers } from '../src/main/core/api';
import type { Core } from '../src/main/core/core';
import { fakeToken, type FakeUser } from '../test/support/fake-telegram';
import { percentile, type Figure } from './figures';
import { benchEngine, call, untilRunning, users } from './support/bench-engine';
import { FakeProcess } from './support/fake-client';

interface BenchBot {
  readonly token: string;
  readonly id: number;
  readonly username: string;
  readonly firstName: string;
  /** Its send rate, set from the console. */
  readonly rate: number;
  /** Its leads: the campaign's audience on this bot. */
  readonly leads: readonly FakeUser[];
}

function benchBot(n: number, rate: number, leads: number): BenchBot {
  const id = 570_000 + n;
  return { token: fakeToken(id), id, username: `campaign_bench_${n}_bot`, firstName: `Campaign ${n}`, rate, leads: users(leads, 4_000_000 + n * 100_000) };
}

/** One bot at Telegram's 30/s, 10,000 leads: about 5.5 minutes. */
const SOLO = benchBot(1, 30, 10_000);
/** Three bots at once, each at its own rate, each about a minute of sending. */
const TRIO = [benchBot(2, 30, 1800), benchBot(3, 20, 1200), benchBot(4, 10, 600)];
/** New users pressing /start during the solo broadcast: their welcomes go before its messages. */
const NEW_STARTS_PER_SECOND = 2;
/** Far beyond what 10,000 messages at 30/s need: a stuck campaign fails the suite instead of hanging it. */
const CAMPAIGN_TIMEOUT_MS = 20 * 60_000;
const TEXT = 'Campaign bench: <b>sale</b>';

/** Each bot's leads press /start and get their welcome, without the rate limit so that it takes seconds. */
async function seedLeads(fake: FakeProcess, dataDir: string, bots: readonly BenchBot[], log: (line: string) => void): Promise<number[]> {
  const core = await benchEngine(dataDir, fake, 100_000);
  try {
    const handlers = createHandlers(core, 'bench');
    const ids: number[] = [];
    for (const bot of bots) {
      const added = await call(handlers, 'addBot', { token: bot.token });
      await call(handlers, 'startBot', { botId: added.id });
      await untilRunning(core, added.id);
      ids.push(added.id);
    }
    const starts = bots.flatMap((bot) => bot.leads.map((user) => ({ token: bot.token, user })));
    log(`campaign: ${starts.length} leads press /start and are welcomed...`);
    await fake.request({ op: 'burst', starts });
    await fake.request({ op: 'waitSent', tokens: bots.map((bot) => bot.token), total: starts.length });
    return ids;
  } finally {
    await core.close();
  }
}

function campaignEnded(core: Core, campaignId: number): Promise<CampaignProgress> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`campaign bench: campaign ${campaignId} did not end in ${CAMPAIGN_TIMEOUT_MS / 60_000} minutes`));
    }, CAMPAIGN_TIMEOUT_MS);
    const off = core.events.on('campaign.progress', (progress) => {
      if (progress.campaignId !== campaignId || (progress.status !== 'done' && progress.status !== 'cancelled')) return;
      clearTimeout(timer);
      off();
      resolve(progress);
    });
  });
}

/** Starts a campaign to every lead of these bots; resolves when it ended, with when it was started. */
async function runCampaign(core: Core, handlers: Handlers, botIds: readonly number[]): Promise<{ startedAt: number; progress: CampaignProgress }> {
  const draft = await call(handlers, 'createCampaign', { name: 'Bench', audience: { bots: [...botIds] }, message: { text: TEXT } });
  const ended = campaignEnded(core, draft.id);
  const startedAt = Date.now();
  await call(handlers, 'startCampaign', { campaignId: draft.id });
  const progress = await ended;
  if (progress.status !== 'done' || progress.sent !== progress.recipients) {
    throw new Error(`campaign bench: the campaign ended ${progress.status} with ${progress.sent} of ${progress.recipients} sent`);
  }
  return { startedAt, progress };
}

/** The campaign's messages to the bot's leads as they reached the fake (their welcomes came before `since`). */
async function broadcastTimes(fake: FakeProcess, bot: BenchBot, since: number): Promise<{ sentAt: number[]; count429: number }> {
  const { sentTimes } = await fake.request({ op: 'sentTimes', token: bot.token, chatIds: bot.leads.map((user) => user.id) });
  if (sentTimes === undefined) throw new Error('campaign bench: the fake sent no figures');
  const sentAt = sentTimes.sentAt.filter((at) => at >= since);
  if (sentAt.length !== bot.leads.length) throw new Error(`campaign bench: ${bot.username} sent ${sentAt.length} of ${bot.leads.length}`);
  return { sentAt, count429: sentTimes.count429 };
}

/** The solo broadcast while new users keep pressing /start: the bot's rate over it, its 429s, the new users' waits. */
async function solo(fake: FakeProcess, core: Core, handlers: Handlers, botId: number, log: (line: string) => void): Promise<Figure[]> {
  log(`campaign: ${SOLO.leads.length} leads of one bot at ${SOLO.rate}/s, ${NEW_STARTS_PER_SECOND} new /starts a second...`);
  const fresh = users(Math.ceil((CAMPAIGN_TIMEOUT_MS / 1000) * NEW_STARTS_PER_SECOND), 5_000_000);
  await fake.request({ op: 'trickle', perSecond: NEW_STARTS_PER_SECOND, starts: fresh.map((user) => ({ token: SOLO.token, user })) });
  let newcomers: readonly number[];
  let run: { startedAt: number; progress: CampaignProgress };
  try {
    run = await runCampaign(core, handlers, [botId]);
  } finally {
    newcomers = (await fake.request({ op: 'stopTrickle' })).started ?? [];
  }
  await fake.request({ op: 'waitSent', tokens: [SOLO.token], total: 2 * SOLO.leads.length + newcomers.length });
  const { sentAt, count429 } = await broadcastTimes(fake, SOLO, run.startedAt);
  const { timings } = await fake.request({ op: 'timings', tokens: [SOLO.token], chatIds: newcomers });
  if (timings === undefined) throw new Error('campaign bench: the fake sent no figures');
  const last = Math.max(...sentAt);
  const seconds = (last - run.startedAt) / 1000;
  // Welcomes go before the broadcast and share the bot's 30/s with it: the bot's rate counts both.
  const welcomesDuring = timings.filter((timing) => timing.sentAt >= run.startedAt && timing.sentAt <= last).length;
  const botRate = (sentAt.length + welcomesDuring) / seconds;
  const fraction = botRate / SOLO.rate;
  const welcomeMs = timings.map((timing) => timing.sentAt - timing.enqueuedAt);
  const p99 = percentile(welcomeMs, 99);
  const limit = { value: SOLO.rate, label: "the bot's configured rate, Telegram's 30/s" };
  return [
    { name: 'campaign.send_s', unit: 's', value: seconds, baseline: null, baselineLabel: null, target: null, meetsTarget: null },
    { name: 'campaign.first_send_ms', unit: 'ms', value: Math.min(...sentAt) - run.startedAt, baseline: null, baselineLabel: null, target: null, meetsTarget: null },
    { name: 'campaign.rate_per_s', unit: '/s', value: botRate, baseline: null, baselineLabel: null, limit, target: null, meetsTarget: null },
    { name: 'campaign.rate_fraction', unit: '', value: fraction, baseline: null, baselineLabel: null, target: '>= 0.95', meetsTarget: fraction >= 0.95 },
    { name: 'campaign.count_429', unit: '', value: count429, baseline: null, baselineLabel: null, target: '= 0', meetsTarget: count429 === 0 },
    { name: 'campaign.new_welcomes', unit: '', value: welcomeMs.length, baseline: null, baselineLabel: null, target: null, meetsTarget: null },
    { name: 'campaign.welcome_max_ms', unit: 'ms', value: Math.max(...welcomeMs), baseline: null, baselineLabel: null, target: null, meetsTarget: null },
    { name: 'campaign.welcome_p99_ms', unit: 'ms', value: p99, baseline: null, baselineLabel: null, target: '< 1000 ms', meetsTarget: p99 < 1000 },
  ];
}

/** One campaign over three bots at once: each bot's rate over its own part, the worst against its own rate. */
async function trio(fake: FakeProcess, core: Core, handlers: Handlers, botIds: readonly number[], log: (line: string) => void): Promise<Figure[]> {
  log(`campaign: three bots at once (${TRIO.map((bot) => `${bot.leads.length} at ${bot.rate}/s`).join(', ')})...`);
  const run = await runCampaign(core, handlers, botIds);
  let worst = Number.POSITIVE_INFINITY;
  let count429 = 0;
  for (const bot of TRIO) {
    const times = await broadcastTimes(fake, bot, run.startedAt);
    worst = Math.min(worst, times.sentAt.length / ((Math.max(...times.sentAt) - run.startedAt) / 1000) / bot.rate);
    count429 += times.count429;
  }
  return [
    { name: 'campaign.rate_fraction_3_bots', unit: '', value: worst, baseline: null, baselineLabel: null, target: '>= 0.95', meetsTarget: worst >= 0.95 },
    { name: 'campaign.count_429_3_bots', unit: '', value: count429, baseline: null, baselineLabel: null, target: '= 0', meetsTarget: count429 === 0 },
  ];
}

/**
 * Broadcasts at each bot's rate against a fake that answers 429 beyond Telegram's limits:
 * 10,000 leads of one bot at 30/s while new users keep pressing /start (how close the bot
 * runs to its rate, whether it ever crosses it, how long the new users wait for their
 * welcome), then one campaign over three bots at 30, 20 and 10/s at once.
 */
export async function campaignBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const fake = await FakeProcess.start({ rateLimit: false });
  try {
    const bots = [SOLO, ...TRIO];
    await fake.request({ op: 'addBots', bots: bots.map(({ token, id, username, firstName }) => ({ token, id, username, firstName })) });
    const dataDir = join(workDir, 'campaign');
    const ids = await seedLeads(fake, dataDir, bots, log);
    await fake.request({ op: 'setRateLimit', on: true });
    const core = await benchEngine(dataDir, fake, null);
    try {
      const handlers = createHandlers(core, 'bench');
      for (const [index, bot] of bots.entries()) {
        const botId = ids[index]!;
        await call(handlers, 'setSendRate', { botId, rate: bot.rate });
        await call(handlers, 'restartBot', { botId });
        await untilRunning(core, botId);
      }
      const [soloId, ...trioIds] = ids;
      const figures = await solo(fake, core, handlers, soloId!, log);
      figures.push(...(await trio(fake, core, handlers, trioIds, log)));
      return figures;
    } finally {
      await core.close();
    }
  } finally {
    await fake.close();
  }
}
