import { describe, expect, it } from 'vitest';
import { splitDifferences, telegramTimeLeft, wayOut } from '../../src/renderer/src/logic/store-problem-logic';
import type { SchemaDifference } from '../../src/shared/store-status';

const difference = (name: string, remedy: SchemaDifference['remedy']): SchemaDifference => ({
  kind: remedy === 'tolerate' ? 'extra_index' : 'missing_index',
  table: 'leads',
  name,
  expected: null,
  actual: null,
  message: name,
  remedy,
});

describe('the way out of a drifted store', () => {
  it('offers repair when every blocking difference is repairable, whatever is tolerated', () => {
    expect(wayOut({ state: 'mismatch', differences: [difference('a', 'repair'), difference('b', 'tolerate')] })).toBe('repair');
  });

  it('offers the backups as soon as one difference cannot be repaired', () => {
    expect(wayOut({ state: 'mismatch', differences: [difference('a', 'repair'), difference('b', 'restore')] })).toBe('restore');
  });

  it('offers nothing for a refused file or a ready store', () => {
    expect(wayOut({ state: 'refused', differences: [] })).toBe('none');
    expect(wayOut({ state: 'ready', differences: [difference('b', 'tolerate')] })).toBe('none');
  });

  it('lists the blocking differences apart from the tolerated ones', () => {
    const split = splitDifferences([difference('a', 'tolerate'), difference('b', 'restore'), difference('c', 'repair')]);
    expect(split.blocking.map((d) => d.name)).toEqual(['b', 'c']);
    expect(split.tolerated.map((d) => d.name)).toEqual(['a']);
  });

  it("counts down Telegram's window, never below zero", () => {
    const window = { lastHeartbeatAt: 1_000, keptUntil: 1_000 + 86_400_000 };
    expect(telegramTimeLeft(window, 1_000 + 3_600_000)).toBe(86_400_000 - 3_600_000);
    expect(telegramTimeLeft(window, 1_000 + 90_000_000)).toBe(0);
  });
});
