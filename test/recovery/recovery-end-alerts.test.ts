import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCore, type Core } from '../../src/main/core/core';
import type { RecoveryJobs } from '../../src/main/core/recovery/recovery-jobs';
import type { NotificationContent } from '../../src/shared/alerts';
import { fastAlerts, fastFleet, fleetOf, recordingNotifier } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { APP_VERSION } from '../support/fixtures';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(119_001);

let fake: FakeTelegram;
let receiver: HttpReceiver;
let core: Core | null = null;
// A desktop host: its own screen's channel exists, and must not show the end a second time.
const notifier = { ...recordingNotifier(), native: true };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 119_001, username: 'ends_bot', firstName: 'Ends' });
  receiver = await startHttpReceiver();
  notifier.shown.length = 0;
  core = await startCore({ dataDir: tempDir(), appVersion: APP_VERSION, env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot }, fleet: fastFleet, alerts: fastAlerts, notifier });
});

afterEach(async () => {
  await core?.close();
  core = null;
  await receiver.close();
  await fake.close();
});

const jobs = (): RecoveryJobs => core!.recovery()!;

/** A user whose /start welcome Telegram refused for good: a lead a job can recover. */
async function lostLead(user: FakeUser): Promise<void> {
  fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'], chatIds: [user.id], times: 1 });
  fake.sendStart(TOKEN, user);
  const failed = storeDbOf(core).prepare<[number], number>("SELECT count(*) FROM deliveries WHERE kind = 'welcome' AND status = 'failed' AND chat_id = ?").pluck();
  await vi.waitFor(() => expect(failed.get(user.id)).toBe(1), { timeout: 5000 });
}

const recoveryNotices = (): NotificationContent[] => notifier.shown.filter((shown) => shown.opens.page === 'recovery');
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the end of a recovery job', () => {
  it('is shown once on this computer, opening the job, and goes to the alert channels only when the job announces it', async () => {
    const alerts = core!.alerts()!;
    alerts.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    const botId = await startRunningBot(core!, TOKEN);

    await lostLead({ id: 9701, firstName: 'Quiet' });
    const quiet = jobs().create({ kind: 'bot', botId }, { kind: 'welcome' });
    await vi.waitFor(() => expect(recoveryNotices()).toHaveLength(1), { timeout: 10_000 });
    // Several progress looks later, still once.
    await pause(600);
    expect(recoveryNotices()).toEqual([
      {
        title: `✅ Recovery job ${quiet.id} is done`,
        body: 'Sent: 1. Skipped (no longer needed): 0. Failed: 0. Blocked the bot: 0.',
        opens: { page: 'recovery', jobId: quiet.id },
      },
    ]);
    expect(receiver.requests).toHaveLength(0);

    await lostLead({ id: 9702, firstName: 'Loud' });
    await fleetOf(core!).stopBot(botId);
    const loud = jobs().create({ kind: 'bot', botId }, { kind: 'welcome' }, true);
    jobs().cancel(loud.id);
    const request = await receiver.nextRequest();
    const title = `⏹️ Recovery job ${loud.id} was cancelled`;
    const body = 'Sent: 0. Skipped (no longer needed): 0. Failed: 0. Blocked the bot: 0. Not sent because it was cancelled: 1.';
    expect(request.json).toMatchObject({ source: 'botdeck', type: 'recovery_done', title, text: body, incident: null });
    expect(recoveryNotices().slice(1)).toEqual([{ title, body, opens: { page: 'recovery', jobId: loud.id } }]);
    await vi.waitFor(() => expect(alerts.history({ limit: 10 }).map((entry) => [entry.channelName, entry.type, entry.status])).toEqual([['Hook', 'recovery_done', 'sent']]));
    // Neither the desktop channel nor the notifier shows anything else.
    await pause(300);
    expect(notifier.shown).toHaveLength(2);
    expect(receiver.requests).toHaveLength(1);
  });
});
