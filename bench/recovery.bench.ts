import { join } from 'node:path';
import type { RecoveryProgress } from '../src/shared/recovery-jobs';
import { createHandlers } from '../src/main/core/api';
import type { Core } from '../src/main/core/core';
import { fakeToken, type FakeUser } from '../test/support/fake-telegram';
import { percentile, sleep, type Figure } from './figures';
import { call, benchEngine as engine, untilRunning, users } from './support/bench-engine';
import { FakeProcess } from './support/fake-client';

const BOT = { token: fakeToken(560_001), id: 560_001, username: 'recovery_bench_bot', firstName: 'Recovery' };
const LEADS = 10_000;
const RATE = 30;
/** New users pressing /start while the job runs: their welcomes go before the job's messages. */
const NEW_STARTS_PER_SECOND = 2;
/** Far beyond what 10,000 messages at 30/s need (about 5.5 minutes): a stuck job fails the suite instead of hanging it. */
const JOB_TIMEOUT_MS = 20 * 60_000;

/**
 * The leads the engine's own path leaves without a welcome: their /starts are captured,
 * and Telegram answers each welcome "chat not found" (a final answer, so the welcome
 * fails for good). Sent without the rate limit, so that failing them takes seconds.
 */
async function seedLostLeads(fake: FakeProcess, dataDir: string, lost: readonly FakeUser[], log: (line: string) => void): Promise<number> {
  const core = await engine(dataDir, fake, 100_000);
  try {
    const handlers = createHandlers(core, 'bench');
    const bot = await call(handlers, 'addBot', { token: BOT.token });
    await call(handlers, 'startBot', { botId: bot.id });
    await untilRunning(core, bot.id);
    log(`recovery: ${lost.length} /starts whose welcomes Telegram refuses...`);
    await fake.request({ op: 'fault', token: BOT.token, fault: { kind: 'chat_not_found', methods: ['sendMessage'], times: lost.length } });
    await fake.request({ op: 'burst', starts: lost.map((user) => ({ token: BOT.token, user })) });
    const counted = async (): Promise<number> => (await call(handlers, 'previewRecovery', { scope: { kind: 'bot', botId: bot.id } })).leads;
    const deadline = Date.now() + 5 * 60_000;
    while ((await counted()) < lost.length) {
      if (Date.now() > deadline) throw new Error('recovery bench: timed out waiting for the welcomes to fail');
      await sleep(250);
    }
    return bot.id;
  } finally {
    await core.close();
  }
}

interface JobRun {
  /** When the operator confirmed the job. */
  readonly startedAt: number;
  /** The job's messages, as they reached the fake. */
  readonly jobSentAt: readonly number[];
  /** Each new user's welcome: from the /start to its arrival at the fake. */
  readonly welcomeMs: readonly number[];
  /** Welcomes of new users that reached the fake while the job was still sending. */
  readonly welcomesDuringJob: number;
  readonly count429: number;
  readonly progress: RecoveryProgress;
}

function jobDone(core: Core, jobId: number): Promise<RecoveryProgress> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`recovery bench: job ${jobId} did not finish in ${JOB_TIMEOUT_MS / 60_000} minutes`));
    }, JOB_TIMEOUT_MS);
    const off = core.events.on('recovery.progress', (progress) => {
      if (progress.jobId !== jobId || (progress.status !== 'done' && progress.status !== 'cancelled')) return;
      clearTimeout(timer);
      off();
      resolve(progress);
    });
  });
}

/**
 * After a restart without the rate override: the bot's rate set to 30 from the console, the
 * fake enforcing Telegram's limits, the job started on the bot's never-welcomed leads, and
 * new /starts arriving until it is done.
 */
async function recover(fake: FakeProcess, dataDir: string, botId: number, lost: readonly FakeUser[], log: (line: string) => void): Promise<JobRun> {
  await fake.request({ op: 'clearFaults' });
  await fake.request({ op: 'setRateLimit', on: true });
  const core = await engine(dataDir, fake, null);
  try {
    const handlers = createHandlers(core, 'bench');
    await call(handlers, 'setSendRate', { botId, rate: RATE });
    await call(handlers, 'restartBot', { botId });
    await untilRunning(core, botId);
    log(`recovery: a job on ${lost.length} leads at ${RATE}/s (about ${Math.round(lost.length / RATE / 60)} minutes), ${NEW_STARTS_PER_SECOND} new /starts a second...`);
    const fresh = users(Math.ceil((JOB_TIMEOUT_MS / 1000) * NEW_STARTS_PER_SECOND), 3_000_000);
    // The new users come on the fake's clock, before and while the job is created and runs.
    await fake.request({ op: 'trickle', perSecond: NEW_STARTS_PER_SECOND, starts: fresh.map((user) => ({ token: BOT.token, user })) });
    const startedAt = Date.now();
    let progress: RecoveryProgress;
    let newcomers: readonly number[] = [];
    try {
      const job = await call(handlers, 'startRecovery', { scope: { kind: 'bot', botId }, message: { kind: 'welcome' } });
      progress = await jobDone(core, job.id);
    } finally {
      newcomers = (await fake.request({ op: 'stopTrickle' })).started ?? [];
    }
    await fake.request({ op: 'waitSent', tokens: [BOT.token], total: progress.sent + newcomers.length });
    const { sentTimes } = await fake.request({ op: 'sentTimes', token: BOT.token, chatIds: lost.map((user) => user.id) });
    const { timings } = await fake.request({ op: 'timings', tokens: [BOT.token], chatIds: newcomers });
    if (sentTimes === undefined || timings === undefined) throw new Error('recovery bench: the fake sent no figures');
    const lastJobSend = Math.max(...sentTimes.sentAt);
    return {
      startedAt,
      jobSentAt: sentTimes.sentAt,
      welcomeMs: timings.map((timing) => timing.sentAt - timing.enqueuedAt),
      welcomesDuringJob: timings.filter((timing) => timing.sentAt >= startedAt && timing.sentAt <= lastJobSend).length,
      count429: sentTimes.count429,
      progress,
    };
  } finally {
    await core.close();
  }
}

/**
 * 10,000 leads of one bot whose welcomes failed, won back by one recovery job at the bot's
 * rate of 30/s against a fake that answers 429 beyond Telegram's limits, while new users
 * keep pressing /start: how close the bot runs to its rate, whether it ever crosses it, and
 * how long the new users wait for their welcome meanwhile.
 */
export async function recoveryBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const fake = await FakeProcess.start({ rateLimit: false });
  try {
    await fake.request({ op: 'addBots', bots: [BOT] });
    const dataDir = join(workDir, 'recovery');
    const lost = users(LEADS, 2_000_000);
    const botId = await seedLostLeads(fake, dataDir, lost, log);
    const run = await recover(fake, dataDir, botId, lost, log);
    if (run.progress.sent !== LEADS || run.jobSentAt.length !== LEADS) {
      throw new Error(`recovery bench: the job sent ${run.progress.sent} (the fake received ${run.jobSentAt.length}) of ${LEADS}`);
    }
    const seconds = (Math.max(...run.jobSentAt) - run.startedAt) / 1000;
    const firstSendMs = Math.min(...run.jobSentAt) - run.startedAt;
    const jobRate = LEADS / seconds;
    // Welcomes go before the job and share the bot's 30/s with it: the bot's rate counts both.
    const botRate = (LEADS + run.welcomesDuringJob) / seconds;
    const fraction = botRate / RATE;
    const p99 = percentile(run.welcomeMs, 99);
    const slowest = Math.max(...run.welcomeMs);
    const limit = { value: RATE, label: "the bot's configured rate, Telegram's 30/s" };
    return [
      { name: 'recovery.job_s', unit: 's', value: seconds, baseline: null, baselineLabel: null, target: null, meetsTarget: null },
      { name: 'recovery.first_send_ms', unit: 'ms', value: firstSendMs, baseline: null, baselineLabel: null, target: null, meetsTarget: null },
      { name: 'recovery.rate_per_s', unit: '/s', value: botRate, baseline: null, baselineLabel: null, limit, target: null, meetsTarget: null },
      { name: 'recovery.job_rate_per_s', unit: '/s', value: jobRate, baseline: null, baselineLabel: null, limit, target: null, meetsTarget: null },
      { name: 'recovery.rate_fraction', unit: '', value: fraction, baseline: null, baselineLabel: null, target: '>= 0.95', meetsTarget: fraction >= 0.95 },
      { name: 'recovery.count_429', unit: '', value: run.count429, baseline: null, baselineLabel: null, target: '= 0', meetsTarget: run.count429 === 0 },
      { name: 'recovery.new_welcomes', unit: '', value: run.welcomeMs.length, baseline: null, baselineLabel: null, target: null, meetsTarget: null },
      { name: 'recovery.welcome_max_ms', unit: 'ms', value: slowest, baseline: null, baselineLabel: null, target: null, meetsTarget: null },
      { name: 'recovery.welcome_p99_ms', unit: 'ms', value: p99, baseline: null, baselineLabel: null, target: '< 1000 ms', meetsTarget: p99 < 1000 },
    ];
  } finally {
    await fake.close();
  }
}
