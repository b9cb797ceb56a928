import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/shared/alerts';
import {
  applyOpenIncident,
  channelConfig,
  channelUpdate,
  emptyChannelFields,
  hasNewDestination,
  incompleteTelegramDestination,
  durationParts,
  formatDuration,
  incidentDurationMs,
  moneyAtStake,
  parseChatId,
  sameLocalDay,
  upsertNewestFirst,
  worstOpenIncident,
} from '../../src/renderer/src/logic/alerts-logic';

const MIN = 60_000;

function incident(id: number, patch: Partial<Incident> = {}): Incident {
  return {
    id,
    botId: 1,
    username: 'shop_bot',
    cause: 'network',
    detail: null,
    startedAt: 1_000_000,
    detectedAt: 1_030_000,
    endedAt: null,
    endReason: null,
    leads: 0,
    recovered: 0,
    moneyAtStake: null,
    moneyStillAtRisk: null,
    currency: 'BRL',
    alertsSent: 0,
    ...patch,
  };
}

const words = (unit: string, value: number): string => `${value} ${unit}`;

describe('the incident duration', () => {
  it('shows the two most significant units', () => {
    expect(formatDuration(3 * MIN + 20_000, words)).toBe('3 min 20 s');
    expect(formatDuration(45_000, words)).toBe('45 s');
    expect(formatDuration(61 * MIN + 5_000, words)).toBe('1 h 1 min');
    expect(formatDuration(60 * MIN, words)).toBe('1 h 0 min');
    expect(formatDuration(26 * 60 * MIN + 59 * MIN, words)).toBe('1 d 2 h');
  });

  it('reads zero (not a negative figure) before the clock has ticked', () => {
    expect(durationParts(0)).toEqual([{ unit: 's', value: 0 }]);
    expect(durationParts(-1500)).toEqual([{ unit: 's', value: 0 }]);
    expect(durationParts(999)).toEqual([{ unit: 's', value: 0 }]);
  });

  it('runs until now while open and until the end once closed', () => {
    expect(incidentDurationMs({ startedAt: 1000, endedAt: null }, 9000)).toBe(8000);
    expect(incidentDurationMs({ startedAt: 1000, endedAt: 4000 }, 9000)).toBe(3000);
  });
});

describe('the money at stake', () => {
  it('is a hint until the average ticket and conversion rate are set', () => {
    expect(moneyAtStake(incident(1))).toEqual({ kind: 'unset' });
  });

  it('is given in cents, in the incident’s currency', () => {
    expect(moneyAtStake(incident(1, { moneyAtStake: 591.3, moneyStillAtRisk: 197.1, currency: 'USD' }))).toEqual({
      kind: 'set',
      atStakeCents: 59130,
      stillAtRiskCents: 19710,
      currency: 'USD',
    });
  });
});

describe('the incident the banner points to', () => {
  it('is the open one with the most leads still waiting, then the longest', () => {
    const closed = incident(1, { endedAt: 2_000_000, endReason: 'recovered', leads: 50 });
    const few = incident(2, { leads: 3, recovered: 1 });
    const many = incident(3, { leads: 10, recovered: 2, startedAt: 1_500_000 });
    const older = incident(4, { leads: 12, recovered: 4, startedAt: 900_000 });
    expect(worstOpenIncident([])).toBeNull();
    expect(worstOpenIncident([closed])).toBeNull();
    expect(worstOpenIncident([closed, few])?.id).toBe(2);
    expect(worstOpenIncident([few, many])?.id).toBe(3);
    expect(worstOpenIncident([few, many, older])?.id).toBe(4);
  });
});

describe('patching a newest-first list with a pushed row', () => {
  const list = [incident(9), incident(7), incident(5)];

  it('replaces a known row in place', () => {
    const updated = upsertNewestFirst(list, incident(7, { leads: 4 }), true);
    expect(updated.map((row) => [row.id, row.leads])).toEqual([
      [9, 0],
      [7, 4],
      [5, 0],
    ]);
  });

  it('inserts a new row by id', () => {
    expect(upsertNewestFirst(list, incident(10), true).map((row) => row.id)).toEqual([10, 9, 7, 5]);
    expect(upsertNewestFirst(list, incident(6), true).map((row) => row.id)).toEqual([9, 7, 6, 5]);
    expect(upsertNewestFirst([], incident(1), false).map((row) => row.id)).toEqual([1]);
  });

  it('leaves out a row older than the loaded page while older pages remain', () => {
    expect(upsertNewestFirst(list, incident(3), true).map((row) => row.id)).toEqual([9, 7, 5]);
    expect(upsertNewestFirst(list, incident(3), false).map((row) => row.id)).toEqual([9, 7, 5, 3]);
  });

  it('keeps the open incidents: added while open, dropped once ended', () => {
    const open = applyOpenIncident([], incident(4));
    expect(open.map((row) => row.id)).toEqual([4]);
    expect(applyOpenIncident(open, incident(4, { leads: 2 }))[0]?.leads).toBe(2);
    expect(applyOpenIncident(open, incident(4, { endedAt: 2_000_000, endReason: 'recovered' }))).toEqual([]);
    expect(applyOpenIncident(open, incident(8, { endedAt: 2_000_000, endReason: 'stopped' })).map((row) => row.id)).toEqual([4]);
  });
});

describe('the add-channel form', () => {
  it('sends a numeric chat id as a number and a channel name as text', () => {
    expect(parseChatId(' 123456789 ')).toBe(123456789);
    expect(parseChatId('-1001234567890')).toBe(-1001234567890);
    expect(parseChatId('@my_channel')).toBe('@my_channel');
    expect(parseChatId('12ab')).toBe('12ab');
  });

  it('builds each kind’s config from the fields it uses', () => {
    const fields = { token: ' 123:abc ', chatId: '42', url: ' https://hooks.slack.com/x ' };
    expect(channelConfig('desktop', fields)).toEqual({ kind: 'desktop' });
    expect(channelConfig('telegram', fields)).toEqual({ kind: 'telegram', token: '123:abc', chatId: 42 });
    expect(channelConfig('slack', fields)).toEqual({ kind: 'slack', url: 'https://hooks.slack.com/x' });
    expect(channelConfig('heartbeat', fields)).toEqual({ kind: 'heartbeat', url: 'https://hooks.slack.com/x' });
  });
});

describe('the edit-channel form', () => {
  const hook = { id: 7, kind: 'webhook' as const };
  const bot = { id: 8, kind: 'telegram' as const };

  it('sends only the name while the destination fields are empty', () => {
    expect(channelUpdate(hook, ' Ops hook 2 ', emptyChannelFields)).toEqual({ channelId: 7, name: 'Ops hook 2' });
    expect(channelUpdate(bot, 'Phone', { ...emptyChannelFields, url: 'https://ignored.example' })).toEqual({ channelId: 8, name: 'Phone' });
    expect(channelUpdate({ id: 9, kind: 'desktop' }, 'Laptop', { token: 'x', chatId: '1', url: 'https://x' })).toEqual({ channelId: 9, name: 'Laptop' });
  });

  it('sends a new destination of the channel’s own kind once it is typed', () => {
    expect(channelUpdate(hook, 'Ops hook', { ...emptyChannelFields, url: ' https://example.com/new ' })).toEqual({
      channelId: 7,
      name: 'Ops hook',
      config: { kind: 'webhook', url: 'https://example.com/new' },
    });
    expect(channelUpdate(bot, 'Phone', { token: '123:abc', chatId: '-100123', url: '' })).toEqual({
      channelId: 8,
      name: 'Phone',
      config: { kind: 'telegram', token: '123:abc', chatId: -100123 },
    });
  });

  it('tells a new destination from blank fields, and a half-typed Telegram one', () => {
    expect(hasNewDestination('slack', { ...emptyChannelFields, url: '   ' })).toBe(false);
    expect(hasNewDestination('telegram', { ...emptyChannelFields, chatId: '42' })).toBe(true);
    expect(incompleteTelegramDestination('telegram', { ...emptyChannelFields, chatId: '42' })).toBe(true);
    expect(incompleteTelegramDestination('telegram', { ...emptyChannelFields, token: '123:abc' })).toBe(true);
    expect(incompleteTelegramDestination('telegram', { ...emptyChannelFields, token: '123:abc', chatId: '42' })).toBe(false);
    expect(incompleteTelegramDestination('telegram', emptyChannelFields)).toBe(false);
    expect(incompleteTelegramDestination('webhook', { ...emptyChannelFields, chatId: '42' })).toBe(false);
  });
});

describe('the incidents table', () => {
  it('says the date once when detection and end fall on the start’s day', () => {
    const start = new Date(2026, 10, 29, 14, 52, 8).getTime();
    expect(sameLocalDay(start, new Date(2026, 10, 29, 23, 59, 59).getTime())).toBe(true);
    expect(sameLocalDay(start, new Date(2026, 10, 30, 0, 0, 1).getTime())).toBe(false);
  });
});
