import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookChannel } from '../../../src/main/core/alerts/channels/webhook-channel';
import type { HttpReceiver } from '../../support/http-receiver';
import { startHttpReceiver } from '../../support/http-receiver';
import { alertMessage, deliveryContext, incident } from './delivery-context';

const PATH = '/hooks/1b4e28ba-2fa1-11d2-883f-0016d3cca427';

describe('the generic webhook channel', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(() => receiver.close());

  it('posts the documented JSON, with the whole incident', async () => {
    await webhookChannel.deliver(alertMessage(), { kind: 'webhook', url: receiver.origin + PATH }, deliveryContext());
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json).toEqual({
      source: 'botdeck',
      type: 'down',
      title: '@shop_bot is down',
      text: 'No updates since 09:00.\n4 leads waiting, 120 EUR at stake.',
      at: '2025-01-02T09:02:30.000Z',
      incident,
    });
  });

  it('sends incident null for a test alert', async () => {
    await webhookChannel.deliver(alertMessage({ type: 'test', incident: null }), { kind: 'webhook', url: receiver.origin + PATH }, deliveryContext());
    expect(receiver.requests[0]?.json).toMatchObject({ type: 'test', incident: null });
  });

  it('names the receiver by its host in errors', async () => {
    receiver.answer(422, 'unprocessable');
    const failure = webhookChannel.deliver(alertMessage(), { kind: 'webhook', url: receiver.origin + PATH }, deliveryContext());
    await expect(failure).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(/^127\.0\.0\.1:\d+ answered 422 Unprocessable Entity: unprocessable\./) as unknown,
    });
  });

  it('hints with the host only', () => {
    expect(webhookChannel.hint({ kind: 'webhook', url: `https://user:pw@hooks.example.com:8443${PATH}?key=abc` })).toBe('hooks.example.com:8443…');
  });
});
