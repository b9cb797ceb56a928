import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelConfigOf } from '../../../src/shared/alerts';
import { telegramChannel } from '../../../src/main/core/alerts/channels/telegram-channel';
import type { HttpReceiver } from '../../support/http-receiver';
import { startHttpReceiver } from '../../support/http-receiver';
import { alertMessage, deliveryContext, deliveryFailure } from './delivery-context';

const SECRET = 'AAEhBP0av28_dSbHb0ZkHt4N-3QvAbcDe1F';
const TOKEN = `123456789:${SECRET}`;
const config: ChannelConfigOf<'telegram'> = { kind: 'telegram', token: TOKEN, chatId: 424242 };

describe('the Telegram channel', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
    receiver.answer(200, { ok: true, result: { message_id: 1 } });
  });
  afterEach(() => receiver.close());

  const deliver = (overrides: Partial<ChannelConfigOf<'telegram'>> = {}) =>
    telegramChannel.deliver(alertMessage(), { ...config, ...overrides }, deliveryContext({ telegramApiRoot: receiver.origin }));

  it('calls sendMessage for the chat with the title and text, as plain text', async () => {
    await deliver();
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(request?.json).toEqual({
      chat_id: 424242,
      text: '@shop_bot is down\n\nNo updates since 09:00.\n4 leads waiting, 120 EUR at stake.',
      link_preview_options: { is_disabled: true },
    });
  });

  it('accepts an API root with a trailing slash and a @channel chat', async () => {
    await telegramChannel.deliver(alertMessage(), { ...config, chatId: '@shop_alerts' }, deliveryContext({ telegramApiRoot: `${receiver.origin}/` }));
    expect(receiver.requests[0]?.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(receiver.requests[0]?.json).toMatchObject({ chat_id: '@shop_alerts' });
  });

  it("cuts the text to Telegram's 4096 characters", async () => {
    await telegramChannel.deliver(alertMessage({ text: 'y'.repeat(9000) }), config, deliveryContext({ telegramApiRoot: receiver.origin }));
    expect((receiver.requests[0]?.json as { text: string }).text).toHaveLength(4096);
  });

  it('tells the operator to send /start when the chat is not found', async () => {
    receiver.answer(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    const error = await deliveryFailure(deliver());
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Bad Request: chat not found');
    expect(error.message).toContain('/start');
    expect(error.message).not.toContain(SECRET);
  });

  it('says so when the bot was blocked', async () => {
    receiver.answer(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const error = await deliveryFailure(deliver());
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/blocked by the user.*\/start/);
  });

  it('asks for an admin bot when a channel is not found', async () => {
    receiver.answer(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    const error = await deliveryFailure(deliver({ chatId: '@shop_alerts' }));
    expect(error.message).toContain('Add the alert bot to @shop_alerts as an administrator');
  });

  it.each([
    [401, 'Unauthorized', 'revoked in BotFather'],
    [404, 'Not Found', 'copy it again from BotFather'],
  ])('calls a %i a token problem, not retryable', async (status, description, advice) => {
    receiver.answer(status, { ok: false, error_code: status, description });
    const error = await deliveryFailure(deliver());
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(advice);
    expect(error.message).not.toContain(SECRET);
  });

  it('treats ok:false as a failure even with a 200', async () => {
    receiver.answer(200, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    const error = await deliveryFailure(deliver());
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Telegram answered 400: Bad Request: message text is empty.');
  });

  it('retries a flood wait', async () => {
    receiver.answer(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    const error = await deliveryFailure(deliver());
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('retry after 3');
  });

  it('refuses a 200 that is not a Bot API answer', async () => {
    receiver.answer(200, '<html>captive portal</html>');
    const error = await deliveryFailure(deliver());
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('not as the Bot API does');
  });

  it('keeps the token out of messages even when the server quotes it', async () => {
    receiver.answer(502, { ok: false, error_code: 502, description: `Bad Gateway: upstream failed for /bot${TOKEN}/sendMessage` });
    const error = await deliveryFailure(deliver());
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Bad Gateway: upstream failed for');
    expect(error.message).not.toContain(SECRET);
  });

  it('hints with the chat and the bot id, never the secret part', () => {
    const hint = telegramChannel.hint(config);
    expect(hint).toBe('chat 424242 via bot 123456789');
    expect(hint).not.toContain(SECRET);
  });
});
