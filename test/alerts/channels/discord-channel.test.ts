import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discordChannel } from '../../../src/main/core/alerts/channels/discord-channel';
import type { HttpReceiver } from '../../support/http-receiver';
import { startHttpReceiver } from '../../support/http-receiver';
import { alertMessage, deliveryContext } from './delivery-context';

const SECRET = 'Ab-c_'.repeat(13) + 'zXy9';

describe('the Discord channel', () => {
  let receiver: HttpReceiver;
  let url: string;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
    url = `${receiver.origin}/api/webhooks/123456789012345678/${SECRET}`;
  });
  afterEach(() => receiver.close());

  it('posts the title in bold and the text as the content, with mentions disabled', async () => {
    await discordChannel.deliver(alertMessage(), { kind: 'discord', url }, deliveryContext());
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/api/webhooks/123456789012345678/${SECRET}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json).toEqual({
      content: '**@shop_bot is down**\nNo updates since 09:00.\n4 leads waiting, 120 EUR at stake.',
      allowed_mentions: { parse: [] },
    });
  });

  it("cuts the content to Discord's 2000 characters", async () => {
    await discordChannel.deliver(alertMessage({ text: 'x'.repeat(5000) }), { kind: 'discord', url }, deliveryContext());
    const { content } = receiver.requests[0]?.json as { content: string };
    expect(content).toHaveLength(2000);
    expect(content.endsWith('…')).toBe(true);
  });

  it('explains a deleted webhook with what Discord said', async () => {
    receiver.answer(404, { message: 'Unknown Webhook', code: 10015 });
    await expect(discordChannel.deliver(alertMessage(), { kind: 'discord', url }, deliveryContext())).rejects.toMatchObject({
      retryable: false,
      message: 'Discord answered 404 Not Found: Unknown Webhook. The webhook may have been deleted or the address mistyped; paste a new one.',
    });
  });

  it('hints with the host and the last four characters only', () => {
    expect(discordChannel.hint({ kind: 'discord', url: `https://discord.com/api/webhooks/123456789012345678/${SECRET}` })).toBe('discord.com webhook …zXy9');
  });
});
