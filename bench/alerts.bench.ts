import { join } from 'node:path';
import { startCore, type Core } from '../src/main/core/core';
import { readSettings } from '../src/main/core/operator-settings';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../test/support/fake-telegram';
import { startHttpReceiver, type HttpReceiver } from '../test/support/http-receiver';
import type { Figure } from './figures';

type OutageMode = 'refused' | 'silent';

const TOKEN = fakeToken(540_001);

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`alerts bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One outage: seconds from the API going away to the down alert reaching the receiver, then back. */
async function outage(core: Core, fake: FakeTelegram, receiver: HttpReceiver, botId: number, mode: OutageMode): Promise<{ detectS: number; recoverS: number }> {
  const fleet = core.fleet();
  if (fleet === null) throw new Error('no fleet');
  const before = receiver.requests.length;
  const typeOf = (index: number): string | undefined => (receiver.requests[index]?.json as { type?: string } | undefined)?.type;
  const wentDown = Date.now();
  // refused: every connection is cut; silent: nothing answers, the poll in flight included.
  fake.setOutage(true, mode === 'refused' ? 'cut' : 'silent');
  await waitFor(() => receiver.requests.length > before && typeOf(before) === 'down', 120_000, 'the down alert');
  const detectS = (Date.now() - wentDown) / 1000;
  const cameBack = Date.now();
  fake.setOutage(false);
  await waitFor(() => receiver.requests.length > before + 1 && typeOf(before + 1) === 'recovered', 180_000, 'the recovered alert');
  const recoverS = (Date.now() - cameBack) / 1000;
  await waitFor(() => fleet.status(botId).reason === 'ok', 60_000, 'a healthy bot');
  return { detectS, recoverS };
}

/**
 * With the operator's default settings (grace 30 s, 5 failures in a row, 3 good answers
 * 5 s apart): how long from the Bot API going away to a down alert at a local webhook,
 * for an API that refuses connections and for one that accepts and never answers (the
 * slower case: only the grace period can tell). The old cron check took up to 5 minutes.
 */
export async function alertsBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const fake = await startFakeTelegram();
  const receiver = await startHttpReceiver();
  fake.addBot({ token: TOKEN, id: 540_001, username: 'alert_bench_bot', firstName: 'Bench' });
  const core = await startCore({ dataDir: join(workDir, 'alerts'), appVersion: 'bench', env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot } });
  try {
    const fleet = core.fleet();
    const alerts = core.alerts();
    const store = core.store();
    if (fleet === null || alerts === null || store === null) throw new Error('the engine did not start');
    const graceS = readSettings(store.db).downGraceSeconds;
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    alerts.addChannel({ name: 'Receiver', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    await waitFor(() => fleet.status(bot.id).reason === 'ok', 30_000, 'the bot to run');
    const rounds: { mode: OutageMode; detectS: number; recoverS: number }[] = [];
    for (const mode of ['refused', 'refused', 'silent'] as const) {
      log(`alerts: outage (${mode}), waiting for the down and recovered alerts...`);
      rounds.push({ mode, ...(await outage(core, fake, receiver, bot.id, mode)) });
    }
    const worst = (mode: OutageMode): number => Math.max(...rounds.filter((round) => round.mode === mode).map((round) => round.detectS));
    const detect = Math.max(...rounds.map((round) => round.detectS));
    const target = graceS + 5;
    return [
      { name: 'alerts.grace_s', unit: 's', value: graceS, baseline: null, baselineLabel: null, target: null, meetsTarget: null },
      {
        name: 'alerts.detect_to_alert_s',
        unit: 's',
        value: detect,
        baseline: null,
        baselineLabel: null,
        limit: { value: 300, label: 'the old 5-minute cron check, at worst' },
        target: `<= ${target}`,
        meetsTarget: detect <= target,
      },
      {
        name: 'alerts.detect_to_alert_s_refused',
        unit: 's',
        value: worst('refused'),
        baseline: null,
        baselineLabel: null,
        limit: { value: graceS, label: 'the grace period, a setting' },
        target: null,
        meetsTarget: null,
      },
      {
        name: 'alerts.detect_to_alert_s_silent',
        unit: 's',
        value: worst('silent'),
        baseline: null,
        baselineLabel: null,
        limit: { value: graceS, label: 'the grace period, a setting' },
        target: null,
        meetsTarget: null,
      },
      {
        name: 'alerts.recover_to_alert_s',
        unit: 's',
        value: Math.max(...rounds.map((round) => round.recoverS)),
        baseline: null,
        baselineLabel: null,
        target: null,
        meetsTarget: null,
      },
    ];
  } finally {
    await core.close();
    await receiver.close();
    await fake.close();
  }
}
