import type { Database } from 'better-sqlite3';
import type { WriteBatcher } from '../db/write-batcher';
import type { EngineEvents, EventBus } from '../events';
import type { Logger } from '../logger';
import { errorText } from '../redact';

export interface EngineClockOptions {
  /** How often the engine records that it is alive. */
  readonly heartbeatMs: number;
  /** How often bot health is re-evaluated. */
  readonly tickMs: number;
  /**
   * A gap this long between two health ticks means the process did not run at all (the
   * laptop slept): an engine incident, not the bots' fault.
   */
  readonly pauseGapMs: number;
}

export type OfflineGap = EngineEvents['engine.resumed'];

/**
 * Whoever turns the engine's own offline time into incidents. The clock calls it before it
 * writes this run's first heartbeat, so what the previous run left open is closed at that
 * run's last sign of life, and a gap is recorded before any lead that arrived during it is
 * captured.
 */
export interface OfflineObserver {
  previousRunEnded(lastBeatAt: number): void;
  engineWasOffline(gap: OfflineGap): void;
}

export interface EngineClockDeps {
  readonly db: Database;
  readonly writer: WriteBatcher;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  readonly options: EngineClockOptions;
  /** False when the previous run did not close the store (a crash, a kill, a power loss). */
  readonly previousRunEndedCleanly: boolean;
}

export interface ClockListener {
  /** Every tick: the time to evaluate health at. */
  tick(now: number): void;
  /** The process was frozen from `from` to `to` (sleep, hibernation) and runs again. */
  resumedAfterPause(from: number, to: number): void;
}

/**
 * The engine's sense of time: the only writer of the heartbeat, the one that finds offline
 * gaps (after a quit, a crash, or a sleep) and the tick that drives health evaluation.
 */
export class EngineClock {
  private readonly readBeat;
  private readonly writeStart;
  private readonly writeBeat;
  private readonly insertGap;
  private timers: NodeJS.Timeout[] = [];
  private lastTickAt: number | null = null;
  private observer: OfflineObserver | null = null;

  constructor(private readonly deps: EngineClockDeps) {
    this.readBeat = deps.db.prepare<[], { beat_at: number }>('SELECT beat_at FROM heartbeat WHERE id = 1');
    this.writeStart = deps.db.prepare<[number, number]>(
      'INSERT INTO heartbeat (id, started_at, beat_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, beat_at = excluded.beat_at',
    );
    this.writeBeat = deps.db.prepare<[number]>('UPDATE heartbeat SET beat_at = ? WHERE id = 1');
    this.insertGap = deps.db.prepare<[number, number]>('INSERT INTO engine_gaps (offline_from, offline_to) VALUES (?, ?)');
  }

  /**
   * Starts this run: hands the previous run's last heartbeat to the observer, records the
   * gap since then (a crash however short; after a quit only one longer than the heartbeat's
   * jitter), then writes this run's first heartbeat.
   */
  begin(observer: OfflineObserver): void {
    this.observer = observer;
    const now = this.deps.now();
    const last = this.readBeat.get();
    if (last !== undefined) {
      observer.previousRunEnded(last.beat_at);
      // A supervisor restarts a crashed process within seconds: that is still an incident.
      const crashed = !this.deps.previousRunEndedCleanly;
      if (crashed || now - last.beat_at > this.deps.options.heartbeatMs * 2) this.recordGap({ offlineFrom: last.beat_at, offlineTo: now, why: crashed ? 'crash' : 'quit' });
    }
    this.writeStart.run(now, now);
  }

  /** Runs the heartbeat and the tick until stop(). */
  run(listener: ClockListener): void {
    if (this.observer === null) throw new Error('the engine clock runs only after begin()');
    this.tick(listener);
    this.timers.push(setInterval(() => void this.beat(), this.deps.options.heartbeatMs));
    this.timers.push(setInterval(() => this.tick(listener), this.deps.options.tickMs));
  }

  /** Stops the heartbeat and the tick. */
  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** The run's last sign of life, once the bots stopped: the next start measures its gap from here. */
  async finalBeat(): Promise<void> {
    await this.beat();
  }

  /** Through the write batcher, so that a database locked by another program holds the engine only briefly. */
  private async beat(): Promise<void> {
    const at = this.deps.now();
    try {
      await this.deps.writer.run(() => this.writeBeat.run(at), 'relaxed');
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'writing the heartbeat failed');
    }
  }

  private tick(listener: ClockListener): void {
    const now = this.deps.now();
    const last = this.lastTickAt;
    this.lastTickAt = now;
    if (last !== null && now - last > this.deps.options.pauseGapMs) {
      this.deps.logger.warn({ offlineFrom: last, offlineTo: now }, 'the engine was paused (the computer slept?)');
      listener.resumedAfterPause(last, now);
      this.recordGap({ offlineFrom: last, offlineTo: now, why: 'paused' });
    }
    listener.tick(now);
  }

  /** One offline gap, however it was found: written down, handed to the observer, then announced. */
  private recordGap(gap: OfflineGap): void {
    try {
      this.insertGap.run(gap.offlineFrom, gap.offlineTo);
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'recording an offline gap failed');
    }
    this.observer?.engineWasOffline(gap);
    this.deps.events.emit('engine.resumed', gap);
  }
}
