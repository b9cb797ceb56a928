import { describe, expect, it } from 'vitest';
import { isQuiet, quietEnd } from '../../src/main/core/followups/quiet-hours';

const saoPaulo = { timeZone: 'America/Sao_Paulo', start: 22, end: 8 };

describe('quiet hours', () => {
  it('spans midnight in the operator’s zone, the end hour itself not quiet', () => {
    expect(isQuiet(Date.UTC(2026, 2, 3, 0, 59), saoPaulo)).toBe(false); // 21:59
    expect(isQuiet(Date.UTC(2026, 2, 3, 1, 0), saoPaulo)).toBe(true); // 22:00
    expect(isQuiet(Date.UTC(2026, 2, 3, 10, 59), saoPaulo)).toBe(true); // 07:59
    expect(isQuiet(Date.UTC(2026, 2, 3, 11, 0), saoPaulo)).toBe(false); // 08:00
  });

  it('ends at the end hour, exactly, whatever the minute it was asked at', () => {
    expect(quietEnd(Date.UTC(2026, 2, 3, 2, 17, 31), saoPaulo)).toBe(Date.UTC(2026, 2, 3, 11, 0));
    expect(quietEnd(Date.UTC(2026, 2, 3, 15, 0), saoPaulo)).toBe(Date.UTC(2026, 2, 3, 15, 0));
  });

  it('follows a clock change: New York springs forward during the night of 8 March 2026', () => {
    const newYork = { timeZone: 'America/New_York', start: 22, end: 8 };
    // 23:00 EST (UTC-5) on the 7th; 08:00 EDT (UTC-4) on the 8th is 12:00 UTC.
    expect(quietEnd(Date.UTC(2026, 2, 8, 4, 0), newYork)).toBe(Date.UTC(2026, 2, 8, 12, 0));
  });

  it('has none when start and end are equal, and a daytime span when the start is before the end', () => {
    expect(isQuiet(Date.UTC(2026, 2, 3, 3, 0), { timeZone: 'UTC', start: 5, end: 5 })).toBe(false);
    const lunch = { timeZone: 'UTC', start: 12, end: 14 };
    expect(isQuiet(Date.UTC(2026, 2, 3, 13, 30), lunch)).toBe(true);
    expect(isQuiet(Date.UTC(2026, 2, 3, 14, 0), lunch)).toBe(false);
    expect(quietEnd(Date.UTC(2026, 2, 3, 12, 5), lunch)).toBe(Date.UTC(2026, 2, 3, 14, 0));
  });
});
