import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackChannel } from '../../../src/main/core/alerts/channels/slack-channel';
import type { HttpReceiver } from '../../support/http-receiver';
import { startHttpReceiver } from '../../support/http-receiver';
import { alertMessage, deliveryContext } from './delivery-context';

const PATH = '/services/T0123ABCD/B0456EFGH/q8W2e4R6t8Y0u2I4o6P8a0S2';

describe('the Slack channel', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(() => receiver.close());

  it('posts the title in bold and the text', async () => {
    await slackChannel.deliver(alertMessage(), { kind: 'slack', url: receiver.origin + PATH }, deliveryContext());
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(PATH);
    expect(request?.json).toEqual({ text: '*@shop_bot is down*\nNo updates since 09:00.\n4 leads waiting, 120 EUR at stake.' });
  });

  it('escapes &, < and > so text cannot become a link or a <!channel> mention', async () => {
    await slackChannel.deliver(alertMessage({ title: 'A & B', text: 'lead <!channel> said >hi' }), { kind: 'slack', url: receiver.origin + PATH }, deliveryContext());
    expect(receiver.requests[0]?.json).toEqual({ text: '*A &amp; B*\nlead &lt;!channel&gt; said &gt;hi' });
  });

  it("passes on Slack's plain-text reason", async () => {
    receiver.answer(403, 'invalid_token');
    const failure = slackChannel.deliver(alertMessage(), { kind: 'slack', url: receiver.origin + PATH }, deliveryContext());
    await expect(failure).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('Slack answered 403 Forbidden: invalid_token.') as unknown });
  });

  it('hints with the host and the last four characters only', () => {
    expect(slackChannel.hint({ kind: 'slack', url: `https://hooks.slack.com${PATH}` })).toBe('hooks.slack.com webhook …a0S2');
  });
});
