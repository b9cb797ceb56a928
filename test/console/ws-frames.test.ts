import { describe, expect, it } from 'vitest';
import { checkedAnswer, readServerFrame } from '../../src/renderer/src/logic/ws-frames';

const frame = (value: unknown): string => JSON.stringify(value);

describe('frames from the headless server', () => {
  it('reads an answer and a pushed event with a valid payload', () => {
    expect(readServerFrame(frame({ id: 3, result: { ok: true, value: { removed: true } } }))).toEqual({ kind: 'answer', id: 3, result: { ok: true, value: { removed: true } } });
    expect(readServerFrame(frame({ id: 4, result: { ok: false, error: { code: 'BOT_NOT_FOUND', message: 'Gone.' } } }))).toEqual({
      kind: 'answer',
      id: 4,
      result: { ok: false, error: { code: 'BOT_NOT_FOUND', message: 'Gone.' } },
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
  });

  it("checks an answer's value against the call's output schema", () => {
    expect(checkedAnswer('removeBot', { ok: true, value: { removed: true } })).toEqual({ ok: true, value: { removed: true } });
    expect(checkedAnswer('getAppInfo', { ok: true, value: { version: '1', dataDir: '/d', platform: 'linux', faults: 'none' } })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/getAppInfo .*Reload the page/) as string },
    });
    expect(checkedAnswer('getAppInfo', { ok: false, error: { code: 'STORE_BUSY', message: 'Busy.' } })).toEqual({ ok: false, error: { code: 'STORE_BUSY', message: 'Busy.' } });
  });
});
