import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelFor } from '../../../src/main/core/alerts/channels';
import { telegramChannel } from '../../../src/main/core/alerts/channels/telegram-channel';
import type { HttpReceiver } from '../../support/http-receiver';
import { refusingOrigin, startHttpReceiver } from '../../support/http-receiver';
import { alertMessage, deliveryContext, deliveryFailure } from './delivery-context';

const TELEGRAM_SECRET = 'AAEhBP0av28_dSbHb0ZkHt4N-3QvAbcDe1F';

/** Each HTTP channel, pointed at `origin`, with the parts of its address that are secret. */
interface HttpCase {
  readonly name: string;
  deliver(origin: string, signal?: AbortSignal): Promise<void>;
  /** The whole address, for a hint and for "never in a message". */
  address(origin: string): string;
  hint(origin: string): string;
  readonly secrets: readonly string[];
}

const discordSecret = 'Zq8-w_E4r'.repeat(7) + 'k2Lp';
const slackSecret = 'q8W2e4R6t8Y0u2I4o6P8a0S2';
const webhookSecret = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const kumaSecret = 'Ab12Cd34Ef';

const cases: HttpCase[] = [
  {
    name: 'telegram',
    deliver: (origin, signal) =>
      telegramChannel.deliver(
        alertMessage(),
        { kind: 'telegram', token: `123456789:${TELEGRAM_SECRET}`, chatId: 42 },
        deliveryContext(signal ? { telegramApiRoot: origin, signal } : { telegramApiRoot: origin }),
      ),
    address: (origin) => `${origin}/bot123456789:${TELEGRAM_SECRET}/sendMessage`,
    hint: () => telegramChannel.hint({ kind: 'telegram', token: `123456789:${TELEGRAM_SECRET}`, chatId: 42 }),
    secrets: [TELEGRAM_SECRET],
  },
  ...(
    [
      { kind: 'discord', path: `/api/webhooks/123456789012345678/${discordSecret}`, secret: discordSecret },
      { kind: 'slack', path: `/services/T0123ABCD/B0456EFGH/${slackSecret}`, secret: slackSecret },
      { kind: 'webhook', path: `/hooks/${webhookSecret}`, secret: webhookSecret },
      { kind: 'heartbeat', path: `/api/push/${kumaSecret}?status=up&msg=OK&ping=`, secret: kumaSecret },
    ] as const
  ).map(({ kind, path, secret }): HttpCase => ({
    name: kind,
    deliver: (origin, signal) =>
      channelFor(kind).deliver(alertMessage({ type: kind === 'heartbeat' ? 'heartbeat' : 'down' }), { kind, url: origin + path }, deliveryContext(signal ? { signal } : {})),
    address: (origin) => origin + path,
    hint: () => channelFor(kind).hint({ kind, url: `https://alerts.example.com${path}` }),
    secrets: [secret],
  })),
];

describe.each(cases)('the $name channel over HTTP', (channel) => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
    receiver.answer(200, { ok: true, result: true });
  });
  afterEach(() => receiver.close());

  function expectNoSecret(text: string, origin: string): void {
    expect(text).not.toContain(channel.address(origin));
    for (const secret of channel.secrets) expect(text).not.toContain(secret);
  }

  it('is delivered when the receiver answers 2xx', async () => {
    await channel.deliver(receiver.origin);
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails retryably on a 500, without the address in the message', async () => {
    receiver.answer(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    const error = await deliveryFailure(channel.deliver(receiver.origin));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('500');
    expectNoSecret(error.message, receiver.origin);
  });

  it.each([400, 404])('fails for good on a %i', async (status) => {
    receiver.answer(status, { ok: false, error_code: status, description: 'Nope' });
    const error = await deliveryFailure(channel.deliver(receiver.origin));
    expect(error.retryable).toBe(false);
    expectNoSecret(error.message, receiver.origin);
  });

  it('hides the address even when the receiver echoes it back', async () => {
    receiver.answer(400, { ok: false, error_code: 400, description: `No such hook: ${channel.address(receiver.origin)}` });
    const error = await deliveryFailure(channel.deliver(receiver.origin));
    expect(error.message).toContain('No such hook: ');
    expectNoSecret(error.message, receiver.origin);
  });

  it('gives up on a receiver that never answers once the signal fires', async () => {
    receiver.hang();
    const started = Date.now();
    const error = await deliveryFailure(channel.deliver(receiver.origin, AbortSignal.timeout(300)));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Timed out: .+ did not answer within 0\.\d s\./);
    expectNoSecret(error.message, receiver.origin);
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails retryably when nothing listens, without the address in the message', async () => {
    const origin = await refusingOrigin();
    const error = await deliveryFailure(channel.deliver(origin));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('the connection was refused');
    expectNoSecret(error.message, origin);
  });

  it('hints without the secret', () => {
    const hint = channel.hint(receiver.origin);
    expect(hint).not.toBe('');
    for (const secret of channel.secrets) expect(hint).not.toContain(secret);
  });
});
