import type { Database } from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { backupAttemptSchema, type BackupAttempt, type BackupStatus } from '../../../shared/backup-status';
import type { Settings } from '../../../shared/settings';
import type { BackupInfo } from '../../../shared/store-status';
import { listBackups, pruneBackupsIn, takeBackup, writeCheck } from '../db/backup';
import { readUserVersion } from '../db/migrator';
import { backupsPath } from '../db/paths';
import { deleteSetting, getSetting, setSetting } from '../db/settings';
import { BotdeckError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { errorText } from '../redact';
import { errorText as text } from '../../../shared/i18n/error-text';
import { checkBackup } from './backup-check';
import { copyToSecondFolder } from './second-folder';

const HOUR_MS = 3_600_000;

export type BackupAlertType = 'backup_failed' | 'backup_overdue' | 'backup_ok';

/** Who tells the operator: the alert service, on every enabled alert channel. */
export interface BackupAlerts {
  backupAlert(type: BackupAlertType, status: BackupStatus): void;
}

export interface BackupScheduleDeps {
  readonly db: Database;
  readonly dataDir: string;
  readonly nativeBinding: string | undefined;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly settings: () => Settings;
  readonly alerts: BackupAlerts;
  readonly now: () => number;
  /** How often the schedule looks whether a backup is due; a laptop that slept catches up within one look of waking. */
  readonly tickEveryMs?: number;
  /** After a failed attempt, the next one waits this long (or the interval, if shorter). */
  readonly retryMs?: number;
  /** No good backup for the interval plus this long, and none under way: overdue. */
  readonly graceMs?: number;
  /** Takes the copy; tests wrap it to damage one. */
  readonly copy?: (db: Database, dataDir: string, now: Date) => Promise<BackupInfo>;
}

const SINCE_SETTING = 'backups.scheduleSince';
const LAST_ATTEMPT_SETTING = 'backups.lastAttempt';
const ALERTED_SETTING = 'backups.alerted';
const alertedSchema = z.enum(['failed', 'overdue']);

function parsedSetting<T>(db: Database, key: string, schema: z.ZodType<T>): T | null {
  const raw = getSetting(db, key);
  if (raw === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The schedule's last attempt as recorded in the database (the doctor reads it on its own connection). */
export function readLastAttempt(db: Database): BackupAttempt | null {
  return parsedSetting(db, LAST_ATTEMPT_SETTING, backupAttemptSchema);
}

/** The newest scheduled backup that passed its check; null when there is none or the folder cannot be read (the next attempt says why). */
function newestGood(dataDir: string): BackupInfo | null {
  try {
    return listBackups(dataDir).find((backup) => backup.kind === 'scheduled' && backup.check?.result === 'ok') ?? null;
  } catch {
    return null;
  }
}

/**
 * Scheduled backups: every N hours while Botdeck runs, and at quit when the last good one is
 * older than that. Each is copied with SQLite's online backup API (backup.ts), opened
 * read-only and checked; only a backup that passed counts as good, and one that failed is
 * deleted. The newest K scheduled backups are kept; safety backups (before a migration, a
 * restore or a repair) are counted apart and never pruned here. A good backup is also
 * copied to the operator's second folder, when one is set. A failure, or no good backup for
 * too long, is an alert; the next good backup resolves it.
 *
 * The first backup is due N hours after the schedule first ran on this database, not at
 * once: a database the schedule has not seen is either new (nothing to save yet) or was
 * just backed up by its migration.
 */
export class BackupSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: { readonly startedAt: number; readonly done: Promise<BackupAttempt> } | null = null;
  private lastGood: BackupInfo | null;
  private lastAttempt: BackupAttempt | null;
  private since: number;
  private stopped = false;

  constructor(private readonly deps: BackupScheduleDeps) {
    this.lastGood = newestGood(deps.dataDir);
    this.lastAttempt = readLastAttempt(deps.db);
    const since = parsedSetting(deps.db, SINCE_SETTING, z.number().int());
    this.since = since ?? deps.now();
    if (since === null) setSetting(deps.db, SINCE_SETTING, JSON.stringify(this.since));
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.deps.tickEveryMs ?? 60_000);
  }

  /** One look: takes the backup when due, then raises the overdue alert if still needed. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.running === null && this.deps.now() >= this.nextDueAt()) await this.run();
      this.checkOverdue();
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'the backup schedule failed');
    }
  }

  /** "Back up now": a checked backup like the scheduled ones; throws with the reason when it failed. */
  async backupNow(): Promise<BackupInfo> {
    const attempt = await (this.running?.done ?? this.run());
    const backup = attempt.name === null ? null : (listBackups(this.deps.dataDir).find((entry) => entry.name === attempt.name) ?? null);
    if (attempt.result === 'failed' || backup === null)
      throw new BotdeckError('STORE_BACKUP_FAILED', text('backup.failed', { detail: attempt.detail ?? text('backup.missing', {}) }));
    return backup;
  }

  /**
   * At quit: a backup when the last good one is older than the interval, waited for at most
   * `timeoutMs` so quitting never hangs (the store closes after it; an unfinished copy is
   * discarded by backup.ts).
   */
  async atQuit(timeoutMs: number): Promise<void> {
    this.stopTimer();
    if (this.stopped) return;
    const due = this.running === null && this.deps.now() - (this.lastGoodAt() ?? this.since) >= this.everyMs();
    const work = this.running?.done ?? (due ? this.run() : null);
    this.stopped = true;
    if (work === null) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([work, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.deps.logger.warn({ timeoutMs }, 'the backup at quit took too long and was abandoned');
  }

  /** Stops the timer; an attempt under way finishes on its own (or fails when the store closes). */
  stop(): void {
    this.stopTimer();
    this.stopped = true;
  }

  status(): BackupStatus {
    const settings = this.deps.settings();
    return {
      everyHours: settings.backupEveryHours,
      kept: settings.backupsKept,
      secondFolder: settings.backupSecondFolder,
      lastGood: this.lastGood,
      lastGoodAt: this.lastGoodAt(),
      lastAttempt: this.lastAttempt,
      nextDueAt: this.nextDueAt(),
      running: this.running !== null,
      problem: this.problem(),
    };
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private everyMs(): number {
    return this.deps.settings().backupEveryHours * HOUR_MS;
  }

  private lastGoodAt(): number | null {
    return this.lastGood?.check?.checkedAt ?? null;
  }

  private nextDueAt(): number {
    const due = (this.lastGoodAt() ?? this.since) + this.everyMs();
    if (this.lastAttempt?.result !== 'failed') return due;
    return Math.max(due, this.lastAttempt.at + Math.min(this.deps.retryMs ?? HOUR_MS, this.everyMs()));
  }

  private problem(): BackupStatus['problem'] {
    if (this.lastAttempt?.result === 'failed') return 'failed';
    const now = this.deps.now();
    const grace = this.deps.graceMs ?? HOUR_MS;
    const stale = now - (this.lastGoodAt() ?? this.since) > this.everyMs() + grace;
    // A backup under way is given the grace to finish: on waking from sleep it is the catch-up.
    const underWay = this.running !== null && now - this.running.startedAt <= grace;
    return stale && !underWay ? 'overdue' : null;
  }

  private run(): Promise<BackupAttempt> {
    const startedAt = this.deps.now();
    const done = this.attempt(startedAt).finally(() => {
      this.running = null;
    });
    this.running = { startedAt, done };
    return done;
  }

  private async attempt(startedAt: number): Promise<BackupAttempt> {
    const { db, dataDir, logger } = this.deps;
    const settings = this.deps.settings();
    let attempt: BackupAttempt;
    try {
      const expectedVersion = readUserVersion(db);
      const copy = this.deps.copy ?? ((source, dir, at) => takeBackup(source, dir, at, 'scheduled'));
      const backup = await copy(db, dataDir, new Date(startedAt));
      const check = checkBackup(backup.path, expectedVersion, this.deps.now(), this.deps.nativeBinding);
      if (check.result === 'failed') {
        rmSync(backup.path, { force: true });
        attempt = { at: startedAt, result: 'failed', name: null, detail: `the copy did not pass its check (${check.detail ?? ''}) and was deleted`, secondFolder: null };
      } else {
        writeCheck(backup.path, check);
        const good = { ...backup, check };
        pruneBackupsIn(backupsPath(dataDir), 'scheduled', settings.backupsKept);
        this.lastGood = good;
        const folder = settings.backupSecondFolder;
        const secondFailure = folder === null ? null : copyToSecondFolder(good, folder, settings.backupsKept);
        attempt = {
          at: startedAt,
          result: 'ok',
          name: backup.name,
          detail: null,
          secondFolder: folder === null ? null : { result: secondFailure === null ? 'ok' : 'failed', detail: secondFailure },
        };
        if (secondFailure !== null) logger.warn({ folder, why: secondFailure }, 'the backup could not be copied to the second folder');
      }
    } catch (error) {
      attempt = { at: startedAt, result: 'failed', name: null, detail: errorText(error), secondFolder: null };
    }
    this.lastAttempt = attempt;
    if (attempt.result === 'failed') logger.error({ why: attempt.detail }, 'a backup failed');
    else logger.info({ name: attempt.name }, 'a backup was taken and checked');
    this.record(attempt);
    return attempt;
  }

  /** Keeps the attempt for the next run and tells the operator what changed. */
  private record(attempt: BackupAttempt): void {
    const { db, logger } = this.deps;
    try {
      setSetting(db, LAST_ATTEMPT_SETTING, JSON.stringify(attempt));
      const alerted = parsedSetting(db, ALERTED_SETTING, alertedSchema);
      if (attempt.result === 'failed' && alerted !== 'failed') this.alert('backup_failed', 'failed');
      if (attempt.result === 'ok' && alerted !== null) this.alert('backup_ok', null);
    } catch (error) {
      logger.error({ error: errorText(error) }, 'the outcome of a backup could not be recorded');
    }
    this.deps.events.emit('backup.status', this.status());
  }

  private checkOverdue(): void {
    if (this.problem() !== 'overdue' || parsedSetting(this.deps.db, ALERTED_SETTING, alertedSchema) !== null) return;
    this.alert('backup_overdue', 'overdue');
    this.deps.events.emit('backup.status', this.status());
  }

  private alert(type: BackupAlertType, alerted: z.infer<typeof alertedSchema> | null): void {
    if (alerted === null) deleteSetting(this.deps.db, ALERTED_SETTING);
    else setSetting(this.deps.db, ALERTED_SETTING, JSON.stringify(alerted));
    this.deps.alerts.backupAlert(type, this.status());
  }
}
