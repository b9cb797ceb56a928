import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { CallPacer } from '../../src/main/core/bots/call-pacer';

/** Holds the thread, as a long synchronous write or a garbage collection does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('the call pacer', () => {
  it('starts calls in order, a full interval apart, even after the thread was held past several of their turns', async () => {
    // 20 a second: 51 ms apart. The thread is held 200 ms right after the first call starts,
    // past the turns the next three would have had: they must not then start together.
    const pacer = new CallPacer(20);
    const starts: { call: number; at: number }[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((call) =>
        pacer.turn().then(() => {
          starts.push({ call, at: performance.now() });
          if (call === 0) busy(200);
        }),
      ),
    );
    expect(starts.map((start) => start.call)).toEqual([0, 1, 2, 3]);
    for (let i = 1; i < starts.length; i += 1) expect(starts[i]!.at - starts[i - 1]!.at).toBeGreaterThanOrEqual(50);
  });

  it('lets a call start at once when the one before was long ago', async () => {
    const pacer = new CallPacer(20);
    await pacer.turn();
    busy(60);
    const asked = performance.now();
    await pacer.turn();
    expect(performance.now() - asked).toBeLessThan(50);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new CallPacer(0)).toThrow(/positive/);
  });
});
