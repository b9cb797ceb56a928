import type { Database, Statement } from 'better-sqlite3';
import {
  recoveryMessageSchema,
  recoveryScopeSchema,
  type RecoveryJob,
  type RecoveryJobDetail,
  type RecoveryJobStatus,
  type RecoveryMessage,
  type RecoveryPreview,
  type RecoveryProgress,
  type RecoveryScope,
} from '../../../shared/recovery-jobs';
import { checkMessageText } from '../../../shared/telegram-html';
import { escapeHtml } from '../../../shared/welcome';
import { BotRecords } from '../bots/bot-records';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { errorText } from '../redact';
import { prefacedText } from '../fleet/delivery-content';
import { DeliveriesRepository } from '../leads/deliveries-repository';
import { nobodyMessage, RecoveryPlanner } from './recovery-plan';
import { RecoveryProgressFigures } from './recovery-progress';
import { RecoveryReport, type ReportEntry } from './recovery-report';

interface JobRow {
  id: number;
  scope: string;
  message: 'welcome' | 'apology';
  apology: string | null;
  announce: 0 | 1;
  status: RecoveryJobStatus;
  leads: number;
  already_in: string;
  on_their_way: number;
  created_at: number;
  finished_at: number | null;
}

export interface RecoveryJobsDeps {
  readonly db: Database;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  /** The bots sending now (running, or degraded): a job's rows of the others (stopped, down) wait. */
  readonly runningBots: () => ReadonlySet<number>;
  /** How often running jobs' progress is looked at (and pushed when it changed). */
  readonly progressEveryMs?: number;
  /** Told once when a job ends, done or cancelled, with its final figures. */
  readonly onEnd?: (job: RecoveryJob) => void;
}

function damaged(jobId: number, what: 'json' | 'content'): BotdeckError {
  return new BotdeckError('INTERNAL', text(what === 'json' ? 'internal.recoveryJobDamagedJson' : 'internal.recoveryJobDamaged', { id: jobId }));
}

/**
 * The operator's recovery jobs: the only writer of recovery_jobs. A job queues one recovery
 * delivery per lead (through the deliveries repository, which skips at send time the leads
 * who no longer need it); its figures are counted from those deliveries (see
 * recovery-progress.ts). While jobs are open their progress is pushed a few times a second,
 * and a running job with nothing left becomes done.
 */
export class RecoveryJobs {
  private readonly deliveries: DeliveriesRepository;
  private readonly bots: BotRecords;
  private readonly planner: RecoveryPlanner;
  private readonly figures: RecoveryProgressFigures;
  private readonly report: RecoveryReport;
  private readonly s: {
    readonly insert: Statement<[string, 'welcome' | 'apology', string | null, 0 | 1, string, number, number, number], { id: number }>;
    readonly setLeads: Statement<[number, number]>;
    readonly job: Statement<[number], JobRow>;
    readonly list: Statement<[], JobRow>;
    readonly open: Statement<[], JobRow>;
    readonly setStatus: Statement<[RecoveryJobStatus, number, number | null, number, RecoveryJobStatus]>;
  };
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: RecoveryJobsDeps) {
    const { db } = deps;
    this.deliveries = new DeliveriesRepository(db);
    this.bots = new BotRecords(db);
    this.planner = new RecoveryPlanner(db);
    this.figures = new RecoveryProgressFigures(db, deps.events, deps.runningBots);
    this.report = new RecoveryReport(db);
    const columns = 'id, scope, message, apology, announce, status, leads, already_in, on_their_way, created_at, finished_at';
    this.s = {
      insert: db.prepare(
        `INSERT INTO recovery_jobs (scope, message, apology, announce, status, leads, already_in, on_their_way, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'running', 0, ?, ?, ?, ?) RETURNING id`,
      ),
      setLeads: db.prepare('UPDATE recovery_jobs SET leads = ? WHERE id = ?'),
      job: db.prepare(`SELECT ${columns} FROM recovery_jobs WHERE id = ?`),
      list: db.prepare(`SELECT ${columns} FROM recovery_jobs ORDER BY id DESC LIMIT 100`),
      open: db.prepare(`SELECT ${columns} FROM recovery_jobs WHERE status IN ('running', 'paused') ORDER BY id`),
      setStatus: db.prepare('UPDATE recovery_jobs SET status = ?, updated_at = ?, finished_at = ? WHERE id = ? AND status = ?'),
    };
  }

  /** Starts pushing the progress of open jobs (and finishing the ones with nothing left). */
  start(): void {
    this.timer ??= setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        // A locked or failing store this time: the next look tries again; nothing is lost.
        this.deps.logger.error({ error: errorText(error) }, 'reading the recovery jobs’ progress failed');
      }
    }, this.deps.progressEveryMs ?? 250);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** What a job on this scope would do, counted exactly as start would. */
  preview(scope: RecoveryScope): RecoveryPreview {
    const plan = this.planner.plan(scope);
    return { leads: plan.targets.length, alreadyInJobs: plan.alreadyInJobs, welcomesOnTheirWay: plan.onTheirWay, heldWelcomesReplaced: plan.held.length };
  }

  /** Persists the job and queues its leads, in one transaction; refuses a scope with nobody to recover. */
  create(scope: RecoveryScope, message: RecoveryMessage, announce = false): RecoveryJob {
    const now = this.deps.now();
    const jobId = this.deps.db
      .transaction(() => {
        const plan = this.planner.plan(scope);
        if (plan.targets.length === 0) throw new BotdeckError('RECOVERY_NOTHING_TO_RECOVER', nobodyMessage(plan));
        const alreadyIn = JSON.stringify(Object.fromEntries(plan.alreadyInJobs.map((entry) => [String(entry.jobId), entry.leads])));
        const apology = message.kind === 'apology' ? message.text : null;
        const id = this.s.insert.get(JSON.stringify(scope), message.kind, apology, announce ? 1 : 0, alreadyIn, plan.onTheirWay, now, now)?.id;
        if (id === undefined) throw new BotdeckError('INTERNAL', text('internal.recoveryJobNotSaved', {}));
        this.deliveries.replaceHeldWelcomes(plan.held, id, now);
        const content = apology === null ? null : { text: escapeHtml(apology), media: null, buttons: [] };
        if (content !== null) for (const botId of plan.byBot.keys()) this.checkFits(botId, content.text);
        let queued = 0;
        for (const [botId, leadIds] of plan.byBot) {
          queued += this.deliveries.enqueue({ botId, kind: 'recovery', leadIds, content, recoveryJobId: id }, now).length;
        }
        this.s.setLeads.run(queued, id);
        return id;
      })
      .immediate();
    return this.job(jobId);
  }

  pause(jobId: number): RecoveryJob {
    return this.move(jobId, 'running', 'paused');
  }

  resume(jobId: number): RecoveryJob {
    return this.move(jobId, 'paused', 'running');
  }

  /** The rows not taken yet fail as cancelled (each with an event); a send already under way finishes. */
  cancel(jobId: number): RecoveryJob {
    const row = this.row(jobId);
    if (row.status !== 'running' && row.status !== 'paused') throw finished(row);
    const now = this.deps.now();
    this.deps.db
      .transaction(() => {
        this.s.setStatus.run('cancelled', now, now, jobId, row.status);
        this.deliveries.cancelRecoveryJob(jobId, now);
      })
      .immediate();
    return this.ended(this.pushNow(jobId));
  }

  list(): RecoveryJob[] {
    return this.s.list.all().map((row) => this.toJob(row));
  }

  job(jobId: number): RecoveryJob {
    return this.toJob(this.row(jobId));
  }

  /** The job with one page of its per-lead report, in the order the leads were queued. */
  detail(jobId: number, offset: number, limit: number): RecoveryJobDetail {
    const job = this.job(jobId);
    return { ...job, leads: this.report.leads(jobId, offset, limit).map((entry) => entry.lead) };
  }

  /** One page of a job's per-lead report with each lead's bot by its username (for the CSV export). */
  reportPage(jobId: number, offset: number, limit: number): ReportEntry[] {
    this.row(jobId);
    return this.report.leads(jobId, offset, limit);
  }

  progress(jobId: number): RecoveryProgress {
    const row = this.row(jobId);
    return this.figures.of(row.id, row.status);
  }

  /** Pushes the progress of open jobs that changed; a running job with nothing left is done. */
  tick(): void {
    for (const row of this.s.open.all()) {
      const progress = this.figures.of(row.id, row.status);
      if (row.status === 'running' && progress.remaining === 0) {
        const now = this.deps.now();
        if (this.s.setStatus.run('done', now, now, row.id, 'running').changes === 1) this.ended(this.pushNow(row.id));
      } else {
        this.figures.push(progress);
      }
    }
  }

  private move(jobId: number, from: RecoveryJobStatus, to: RecoveryJobStatus): RecoveryJob {
    const row = this.row(jobId);
    if (row.status === to) return this.toJob(row);
    if (row.status !== from) throw finished(row);
    this.s.setStatus.run(to, this.deps.now(), null, jobId, from);
    return this.pushNow(jobId);
  }

  private ended(job: RecoveryJob): RecoveryJob {
    try {
      this.deps.onEnd?.(job);
    } catch (error) {
      // The job is over whatever its announcement does.
      this.deps.logger.error({ error: errorText(error), jobId: job.id }, 'announcing the end of a recovery job failed');
    }
    return job;
  }

  private pushNow(jobId: number): RecoveryJob {
    const job = this.job(jobId);
    this.figures.push(job.progress);
    return job;
  }

  private row(jobId: number): JobRow {
    const row = this.s.job.get(jobId);
    if (row === undefined) throw new BotdeckError('RECOVERY_JOB_NOT_FOUND', text('recovery.jobNotFound', { id: jobId }));
    return row;
  }

  /** Refuses an apology that makes a bot's welcome too long for Telegram, rather than fail it lead by lead. */
  private checkFits(botId: number, preface: string): void {
    const bot = this.bots.require(botId);
    const check = checkMessageText(prefacedText(preface, bot.welcome.text), bot.welcome.media !== null);
    if (!check.ok) throw new BotdeckError('BAD_INPUT', text('input.apologyTooLong', { username: bot.username, detail: check.text }));
  }

  private toJob(row: JobRow): RecoveryJob {
    let scopeJson: unknown;
    let alreadyJson: unknown;
    try {
      scopeJson = JSON.parse(row.scope);
      alreadyJson = JSON.parse(row.already_in);
    } catch {
      throw damaged(row.id, 'json');
    }
    const scope = recoveryScopeSchema.safeParse(scopeJson);
    const message = recoveryMessageSchema.safeParse(row.apology === null ? { kind: 'welcome' } : { kind: 'apology', text: row.apology });
    if (!scope.success || !message.success || typeof alreadyJson !== 'object' || alreadyJson === null) throw damaged(row.id, 'content');
    const alreadyInJobs = Object.entries(alreadyJson).flatMap(([jobId, leads]) => (typeof leads === 'number' ? [{ jobId: Number(jobId), leads }] : []));
    return {
      id: row.id,
      scope: scope.data,
      message: message.data,
      announce: row.announce === 1,
      alreadyInJobs,
      welcomesOnTheirWay: row.on_their_way,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      progress: this.figures.of(row.id, row.status),
    };
  }
}

function finished(row: JobRow): BotdeckError {
  return new BotdeckError('RECOVERY_JOB_FINISHED', text(row.status === 'done' ? 'recovery.jobDone' : 'recovery.jobCancelled', { id: row.id }));
}
