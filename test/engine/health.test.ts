import { describe, expect, it } from 'vitest';
import type { BotStatus } from '../../src/shared/bot-status';
import { BotHealth, defaultHealthOptions, type HealthOptions } from '../../src/main/core/bots/health';
import type { TelegramFailure } from '../../src/main/core/bots/telegram-errors';

const queue = { pendingWelcomes: 0, heldWelcomes: 0, oldestPendingWelcomeAt: null };
const network: TelegramFailure = { kind: 'network', description: 'connect ECONNREFUSED' };

/** A health object on a hand-driven clock, keeping every announced change. */
function subject(options: Partial<HealthOptions> = {}): { health: BotHealth; changes: BotStatus[]; at: (ms: number) => BotStatus; clock: { now: number } } {
  const changes: BotStatus[] = [];
  const clock = { now: 1_000_000 };
  const health = new BotHealth(
    1,
    'shop_bot',
    () => ({ ...defaultHealthOptions, ...options }),
    clock.now,
    (status) => changes.push(status),
  );
  health.started(clock.now);
  health.pollOk(clock.now, 0);
  health.evaluate(clock.now, queue);
  return {
    health,
    changes,
    clock,
    at: (ms) => {
      clock.now = ms;
      return health.evaluate(ms, queue);
    },
  };
}

describe('bot health', () => {
  it('goes down after N failed samples in a row, once, with the start of the trouble', () => {
    const { health, changes, at, clock } = subject({ downAfterFailures: 5 });
    const lastOk = clock.now;
    for (let i = 1; i <= 4; i += 1) {
      health.pollFailed(network, lastOk + i * 1000);
      expect(at(lastOk + i * 1000).state).toBe('degraded');
    }
    health.probeFailed(network, lastOk + 5000);
    const down = at(lastOk + 5000);
    expect(down).toMatchObject({ state: 'down', reason: 'network', since: lastOk + 5000, troubleSince: lastOk });
    health.pollFailed(network, lastOk + 6000);
    at(lastOk + 6000);
    expect(changes.filter((status) => status.state === 'down')).toHaveLength(1);
  });

  it('goes down after the grace period without a successful poll, even with no failure reported', () => {
    const { at, clock } = subject({ graceMs: 30_000 });
    const start = clock.now;
    expect(at(start + 30_000).state).toBe('running');
    expect(at(start + 30_001)).toMatchObject({ state: 'down', reason: 'network' });
  });

  it('never goes down when failures alternate with good answers', () => {
    const { health, changes, at, clock } = subject({ downAfterFailures: 3 });
    let now = clock.now;
    for (let i = 0; i < 50; i += 1) {
      now += 500;
      if (i % 2 === 0) health.pollFailed(network, now);
      else health.pollOk(now, 0);
      at(now);
    }
    expect(changes.some((status) => status.state === 'down')).toBe(false);
  });

  it('comes back only after M good samples in a row, spread over the sample interval', () => {
    const { health, changes, at, clock } = subject({ downAfterFailures: 2, recoverAfterSamples: 3, recoverSampleMs: 5000 });
    let now = clock.now + 1000;
    health.pollFailed(network, now);
    health.pollFailed(network, now);
    expect(at(now).state).toBe('down');
    // Three good answers within a second count as one.
    for (const step of [0, 300, 600]) health.pollOk(now + step, 0);
    const recovering = at(now + 600);
    expect(recovering.state).toBe('down');
    expect(recovering.detail).toContain('1 of 3');
    now += 5000;
    health.probeOk(now);
    expect(at(now).state).toBe('down');
    // A failure in between starts the count again.
    health.probeFailed(network, now + 100);
    now += 5000;
    health.pollOk(now, 0);
    now += 5000;
    health.probeOk(now);
    expect(at(now).state).toBe('down');
    now += 5000;
    health.probeOk(now);
    expect(at(now)).toMatchObject({ state: 'running', reason: 'ok', troubleSince: null });
    expect(changes.map((status) => status.state)).toEqual(['running', 'down', 'running']);
  });

  it('is degraded after a few failed sends and down after many, up again once one goes through', () => {
    const { health, at, clock } = subject({ sendFailureThreshold: 3, sendFailuresDown: 10, recoverAfterSamples: 1 });
    const now = clock.now + 10;
    for (let i = 0; i < 3; i += 1) health.sendFailed();
    expect(at(now)).toMatchObject({ state: 'degraded', reason: 'send_failures' });
    for (let i = 0; i < 7; i += 1) health.sendFailed();
    expect(at(now + 1)).toMatchObject({ state: 'down', reason: 'send_failures' });
    health.sendOk();
    health.pollOk(now + 2, 0);
    expect(at(now + 2)).toMatchObject({ state: 'running', reason: 'ok' });
  });

  it('is down at once for a revoked token, from a probe too', () => {
    const { health, at, clock } = subject({ downAfterFailures: 5 });
    health.probeFailed({ kind: 'unauthorized', description: 'Unauthorized' }, clock.now + 10);
    expect(at(clock.now + 10)).toMatchObject({ state: 'down', reason: 'token_revoked' });
  });

  it('stopping a down bot ends the down state at once', () => {
    const { health, at, clock } = subject({ downAfterFailures: 1 });
    health.pollFailed(network, clock.now + 1);
    expect(at(clock.now + 1).state).toBe('down');
    health.stopped();
    expect(at(clock.now + 2)).toMatchObject({ state: 'stopped', reason: 'stopped_by_operator' });
  });

  it('is suspect after a failure, and long-polls for less than the grace period', () => {
    const { health, clock } = subject({ graceMs: 12_000 });
    expect(health.suspect()).toBe(false);
    health.pollFailed(network, clock.now + 1);
    expect(health.suspect()).toBe(true);
    expect(health.pollTimeoutSeconds(25)).toBe(7);
    expect(subject({ graceMs: 30_000 }).health.pollTimeoutSeconds(25)).toBe(25);
    expect(subject({ graceMs: 5000 }).health.pollTimeoutSeconds(25)).toBe(1);
  });
});
