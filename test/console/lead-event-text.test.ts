import { describe, expect, it } from 'vitest';
import { leadEventText } from '../../src/renderer/src/logic/lead-event-text';

describe('the lead timeline’s wording', () => {
  it('names the recovery job behind a recovered, cancelled or replaced entry', () => {
    expect(leadEventText({ kind: 'recovered', detail: { deliveryId: 5, messageId: 9, jobId: 3 } })).toEqual({ key: 'job', kind: 'recovered', jobId: 3 });
    expect(leadEventText({ kind: 'recovery_cancelled', detail: { deliveryId: 5, jobId: 4 } })).toEqual({ key: 'job', kind: 'recovery_cancelled', jobId: 4 });
    expect(leadEventText({ kind: 'welcome_replaced', detail: { deliveryId: 5, jobId: 6 } })).toEqual({ key: 'job', kind: 'welcome_replaced', jobId: 6 });
  });

  it('says why a recovery was skipped or a welcome queued again, and what Telegram answered a failed send', () => {
    expect(leadEventText({ kind: 'recovery_skipped', detail: { deliveryId: 5, why: 'converted' } })).toEqual({ key: 'skipped', why: 'converted' });
    expect(leadEventText({ kind: 'welcome_requeued', detail: { deliveryId: 5, why: 'transport_failure' } })).toEqual({ key: 'requeued', why: 'transport_failure' });
    expect(leadEventText({ kind: 'recovery_failed', detail: { deliveryId: 5, error: 'Bad Request: chat not found' } })).toEqual({
      key: 'failed',
      kind: 'recovery_failed',
      error: 'Bad Request: chat not found',
    });
  });

  it('falls back to the kind alone when the detail is absent or does not fit', () => {
    // A recovery queued without a job, a user's own block, and a detail from an older Botdeck.
    expect(leadEventText({ kind: 'recovered', detail: { deliveryId: 5, messageId: 9 } })).toEqual({ key: 'plain', kind: 'recovered' });
    expect(leadEventText({ kind: 'blocked', detail: null })).toEqual({ key: 'plain', kind: 'blocked' });
    expect(leadEventText({ kind: 'recovery_skipped', detail: { why: 'bored' } })).toEqual({ key: 'plain', kind: 'recovery_skipped' });
    expect(leadEventText({ kind: 'recovered', detail: 'not json' })).toEqual({ key: 'plain', kind: 'recovered' });
  });
});
