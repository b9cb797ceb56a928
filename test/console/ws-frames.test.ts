import { describe, expect, it } from 'vitest';
import { checkedAnswer, readServerFrame } from '../../src/renderer/src/logic/ws-frames';
import { errorInfoOf } from '../../src/shared/errors';
import { errorText } from '../../src/shared/i18n/error-text';

const frame = (value: unknown): string => JSON.stringify(value);

describe('frames from the headless server', () => {
  it('reads an answer and a pushed event with a valid payload', () => {
    expect(readServerFrame(frame({ id: 3, result: { ok: true, value: { removed: true } } }))).toEqual({ kind: 'answer', id: 3, result: { ok: true, value: { removed: true } } });
    const gone = errorInfoOf('BOT_NOT_FOUND', errorText('bot.notFound', { id: 7 }));
    expect(readServerFrame(frame({ id: 4, result: { ok: false, error: gone } }))).toEqual({
      kind: 'answer',
      id: 4,
      result: { ok: false, error: gone },
    });
    expect(readServerFrame(frame({ event: 'lead.created', payload: { botId: 1, leadId: 9, source: null } }))).toEqual({
      kind: 'event',
      event: { event: 'lead.created', payload: { botId: 1, leadId: 9, source: null } },
    });
  });

  it('drops an event it cannot read: unknown name, payload of the wrong shape, not JSON', () => {
    expect(readServerFrame(frame({ event: 'lead.exploded', payload: { botId: 1 } }))).toBeNull();
    expect(readServerFrame(frame({ event: 'lead.created', payload: { botId: '1', leadId: 9, source: null } }))).toBeNull();
    expect(readServerFrame(frame({ event: 'console.open', payload: { page: 'bots', incidentId: null } }))).toBeNull();
    expect(readServerFrame('{"event":')).toBeNull();
  });

  it('answers a numbered frame it cannot read with an error, so its call does not wait forever', () => {
    expect(readServerFrame(frame({ id: 5, result: { ok: false, error: { code: 'NO_SUCH_CODE', message: '?' } } }))).toMatchObject({
      kind: 'answer',
      id: 5,
      result: { ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/Reload the page/) as string } },
    });
    // A text the catalog does not hold could not be shown in the operator's language.
    const unknownText = { code: 'BOT_NOT_FOUND', text: { key: 'bot.noSuchText', params: {} }, message: 'Gone.' };
    expect(readServerFrame(frame({ id: 6, result: { ok: false, error: unknownText } }))).toMatchObject({
      kind: 'answer',
      id: 6,
      result: { ok: false, error: { code: 'INTERNAL' } },
    });
  });

  it("checks an answer's value against the call's output schema", () => {
    expect(checkedAnswer('removeBot', { ok: true, value: { removed: true } })).toEqual({ ok: true, value: { removed: true } });
    expect(checkedAnswer('getAppInfo', { ok: true, value: { version: '1', dataDir: '/d', platform: 'linux', faults: 'none' } })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/getAppInfo .*Reload the page/) as string },
    });
    const busy = errorInfoOf('STORE_BUSY', errorText('store.busy', { doing: errorText('store.doing.open', {}), file: 'botdeck.db' }));
    expect(checkedAnswer('getAppInfo', { ok: false, error: busy })).toEqual({ ok: false, error: busy });
  });
});
