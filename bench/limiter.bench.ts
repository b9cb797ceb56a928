import { join } from 'node:path';
import { startCore } from '../src/main/core/core';
import { fakeToken } from '../test/support/fake-telegram';
import type { Figure } from './figures';
import { FakeProcess } from './support/fake-client';

const DELIVERIES = 3000;
const RATE = 30;

/**
 * 3,000 welcomes through one bot set to Telegram's 30 messages/s, against a fake that
 * answers 429 beyond 30/s per bot or 1/s per chat: the limiter should run close to the
 * limit without ever crossing it.
 */
export async function limiterBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const fake = await FakeProcess.start({ rateLimit: true });
  const token = fakeToken(430_001);
  try {
    await fake.request({ op: 'addBots', bots: [{ token, id: 430_001, username: 'limiter_bot', firstName: 'Limiter' }] });
    const core = await startCore({ dataDir: join(workDir, 'limiter'), appVersion: 'bench', env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot } });
    const fleet = core.fleet();
    if (fleet === null) throw new Error('no fleet');
    const bot = await fleet.addBot(token);
    fleet.setSendRate(bot.id, RATE);
    fleet.startBot(bot.id);
    log(`limiter: ${DELIVERIES} welcomes at ${RATE}/s (about ${Math.round(DELIVERIES / RATE)} s)...`);
    await fake.request({ op: 'burst', starts: Array.from({ length: DELIVERIES }, (_, i) => ({ token, user: { id: 2_000_000 + i, firstName: `L${i}` } })) });
    await fake.request({ op: 'waitSent', tokens: [token], total: DELIVERIES });
    const { sentTimes } = await fake.request({ op: 'sentTimes', token });
    await core.close();
    if (sentTimes === undefined) throw new Error('no send times');
    const first = Math.min(...sentTimes.sentAt);
    const last = Math.max(...sentTimes.sentAt);
    const achieved = ((sentTimes.sentAt.length - 1) / (last - first)) * 1000;
    const fraction = achieved / RATE;
    return [
      {
        name: 'limiter.rate_per_s',
        unit: '/s',
        value: achieved,
        baseline: null,
        baselineLabel: null,
        limit: { value: RATE, label: "the configured rate, Telegram's 30/s" },
        target: null,
        meetsTarget: null,
      },
      { name: 'limiter.rate_fraction', unit: '', value: fraction, baseline: null, baselineLabel: null, target: '>= 0.95', meetsTarget: fraction >= 0.95 },
      { name: 'limiter.count_429', unit: '', value: sentTimes.count429, baseline: null, baselineLabel: null, target: '= 0', meetsTarget: sentTimes.count429 === 0 },
    ];
  } finally {
    await fake.close();
  }
}
