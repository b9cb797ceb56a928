import type { Database, Statement } from 'better-sqlite3';
import {
  recoveryMessageSchema,
  recoveryScopeSchema,
  recoverySkipReasons,
  type RecoveryJob,
  type RecoveryJobDetail,
  type RecoveryJobStatus,
  type RecoveryLead,
  type RecoveryMessage,
  type RecoveryPreview,
  type RecoveryProgress,
  type RecoveryScope,
} from '../../../shared/recovery-jobs';
import { checkMessageText } from '../../../shared/telegram-html';
import { escapeHtml } from '../../../shared/welcome';
import { BotRecords } from '../bots/bot-records';
import { BotdeckError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { errorText } from '../redact';
import { prefacedText } from '../fleet/delivery-content';
import { CANCELLED_PREFIX, DeliveriesRepository, SKIPPED_PREFIX } from '../leads/deliveries-repository';
import { MESSAGEABLE_NEVER_WELCOMED_SQL } from './never-welcomed';

interface ScopeParams {
  botId: number | null;
  incidentId: number | null;
  from: number | null;
  to: number | null;
}

/** The scope as named parameters of SCOPE_SQL; an absent one does not narrow. */
function scopeParams(scope: RecoveryScope): ScopeParams {
  switch (scope.kind) {
    case 'all':
      return { botId: null, incidentId: null, from: null, to: null };
    case 'bot':
      return { botId: scope.botId, incidentId: null, from: null, to: null };
    case 'incident':
      return { botId: null, incidentId: scope.incidentId, from: null, to: null };
    case 'age':
      return { botId: null, incidentId: null, from: scope.firstSeenFrom, to: scope.firstSeenTo };
  }
}

const SCOPE_SQL = `(@botId IS NULL OR l.bot_id = @botId)
  AND (@incidentId IS NULL OR l.id IN (SELECT lead_id FROM incident_leads WHERE incident_id = @incidentId))
  AND (@from IS NULL OR l.first_seen_at BETWEEN @from AND @to)`;

const OPEN = "('pending', 'sending', 'held')";

interface CandidateRow {
  id: number;
  bot_id: number;
  open_job: number | null;
  welcome_on_way: number;
  held: number;
}

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

interface CountsRow {
  total: number;
  sent: number;
  blocked: number;
  remaining: number;
  failed: number;
  cancelled: number;
  welcomed: number;
  converted: number;
  archived: number;
  skipped_blocked: number;
}

interface ReportRow {
  lead_id: number;
  bot_id: number;
  bot_username: string;
  first_name: string;
  username: string | null;
  status: 'pending' | 'sending' | 'sent' | 'blocked' | 'failed' | 'held';
  error: string | null;
  at: number;
}

/** How many recent sends the rate is measured over. */
const RATE_SAMPLE = 50;

export interface RecoveryJobsDeps {
  readonly db: Database;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  /** The bots sending now (running, or degraded): a job's rows of the others (stopped, down) wait. */
  readonly runningBots: () => ReadonlySet<number>;
  /** How often running jobs' progress is looked at (and pushed when it changed). */
  readonly progressEveryMs?: number;
}

function damaged(jobId: number, what: string): BotdeckError {
  return new BotdeckError('INTERNAL', `Recovery job ${jobId} is damaged in the database (${what}).`);
}

/**
 * The operator's recovery jobs: the only writer of recovery_jobs. A job queues one recovery
 * delivery per lead (through the deliveries repository, which skips at send time the leads
 * who no longer need it); its figures are counted from those deliveries, so they survive a
 * restart as they are. While jobs are open their progress is pushed a few times a second,
 * and a running job with nothing left becomes done.
 */
export class RecoveryJobs {
  private readonly deliveries: DeliveriesRepository;
  private readonly bots: BotRecords;
  private readonly s: {
    readonly candidates: Statement<ScopeParams, CandidateRow>;
    readonly insert: Statement<[string, 'welcome' | 'apology', string | null, 0 | 1, string, number, number, number], { id: number }>;
    readonly setLeads: Statement<[number, number]>;
    readonly job: Statement<[number], JobRow>;
    readonly list: Statement<[], JobRow>;
    readonly open: Statement<[], JobRow>;
    readonly setStatus: Statement<[RecoveryJobStatus, number, number | null, number, RecoveryJobStatus]>;
    readonly counts: Statement<[number], CountsRow>;
    readonly recentSends: Statement<[number, number], { sent_at: number }>;
    readonly remainingByBot: Statement<[number], { bot_id: number; remaining: number }>;
    readonly report: Statement<[number, number, number], ReportRow>;
    readonly incidentExists: Statement<[number], { id: number }>;
  };
  private timer: NodeJS.Timeout | null = null;
  private readonly pushed = new Map<number, string>();

  constructor(private readonly deps: RecoveryJobsDeps) {
    const { db } = deps;
    this.deliveries = new DeliveriesRepository(db);
    this.bots = new BotRecords(db);
    const skipped = (why: string): string => `'${SKIPPED_PREFIX}${why}'`;
    const columns = 'id, scope, message, apology, announce, status, leads, already_in, on_their_way, created_at, finished_at';
    this.s = {
      candidates: db.prepare(
        `SELECT l.id, l.bot_id,
           (SELECT min(d.recovery_job_id) FROM deliveries d WHERE d.lead_id = l.id AND d.kind = 'recovery' AND d.status IN ${OPEN}) AS open_job,
           EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id AND d.kind = 'welcome' AND d.status IN ('pending', 'sending')) AS welcome_on_way,
           EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id AND d.kind = 'welcome' AND d.status = 'held') AS held
         FROM leads l JOIN bots b ON b.id = l.bot_id AND b.removed_at IS NULL
         WHERE ${MESSAGEABLE_NEVER_WELCOMED_SQL} AND ${SCOPE_SQL} ORDER BY l.id`,
      ),
      insert: db.prepare(
        `INSERT INTO recovery_jobs (scope, message, apology, announce, status, leads, already_in, on_their_way, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'running', 0, ?, ?, ?, ?) RETURNING id`,
      ),
      setLeads: db.prepare('UPDATE recovery_jobs SET leads = ? WHERE id = ?'),
      job: db.prepare(`SELECT ${columns} FROM recovery_jobs WHERE id = ?`),
      list: db.prepare(`SELECT ${columns} FROM recovery_jobs ORDER BY id DESC LIMIT 100`),
      open: db.prepare(`SELECT ${columns} FROM recovery_jobs WHERE status IN ('running', 'paused') ORDER BY id`),
      setStatus: db.prepare('UPDATE recovery_jobs SET status = ?, updated_at = ?, finished_at = ? WHERE id = ? AND status = ?'),
      counts: db.prepare(
        `SELECT count(*) AS total,
           count(*) FILTER (WHERE status = 'sent') AS sent,
           count(*) FILTER (WHERE status = 'blocked') AS blocked,
           count(*) FILTER (WHERE status IN ${OPEN}) AS remaining,
           count(*) FILTER (WHERE status = 'failed' AND substr(error, 1, ${SKIPPED_PREFIX.length}) <> '${SKIPPED_PREFIX}'
             AND substr(error, 1, ${CANCELLED_PREFIX.length}) <> '${CANCELLED_PREFIX}') AS failed,
           count(*) FILTER (WHERE status = 'failed' AND substr(error, 1, ${CANCELLED_PREFIX.length}) = '${CANCELLED_PREFIX}') AS cancelled,
           count(*) FILTER (WHERE status = 'failed' AND error = ${skipped('welcomed')}) AS welcomed,
           count(*) FILTER (WHERE status = 'failed' AND error = ${skipped('converted')}) AS converted,
           count(*) FILTER (WHERE status = 'failed' AND error = ${skipped('archived')}) AS archived,
           count(*) FILTER (WHERE status = 'failed' AND error = ${skipped('blocked')}) AS skipped_blocked
         FROM deliveries WHERE recovery_job_id = ?`,
      ),
      recentSends: db.prepare("SELECT sent_at FROM deliveries WHERE recovery_job_id = ? AND status = 'sent' ORDER BY sent_at DESC LIMIT ?"),
      remainingByBot: db.prepare(`SELECT bot_id, count(*) AS remaining FROM deliveries WHERE recovery_job_id = ? AND status IN ${OPEN} GROUP BY bot_id ORDER BY bot_id`),
      report: db.prepare(
        `SELECT d.lead_id, d.bot_id, b.username AS bot_username, l.first_name, l.username, d.status, d.error, coalesce(d.sent_at, d.updated_at) AS at
         FROM deliveries d JOIN leads l ON l.id = d.lead_id JOIN bots b ON b.id = d.bot_id WHERE d.recovery_job_id = ? ORDER BY d.id LIMIT ? OFFSET ?`,
      ),
      incidentExists: db.prepare('SELECT id FROM incidents WHERE id = ?'),
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
    const plan = this.plan(scope);
    return { leads: plan.targets.length, alreadyInJobs: plan.alreadyInJobs, welcomesOnTheirWay: plan.onTheirWay, heldWelcomesReplaced: plan.held.length };
  }

  /** Persists the job and queues its leads, in one transaction; refuses a scope with nobody to recover. */
  create(scope: RecoveryScope, message: RecoveryMessage, announce = false): RecoveryJob {
    const now = this.deps.now();
    const jobId = this.deps.db
      .transaction(() => {
        const plan = this.plan(scope);
        if (plan.targets.length === 0) throw new BotdeckError('RECOVERY_NOTHING_TO_RECOVER', nobodyMessage(plan));
        const alreadyIn = JSON.stringify(Object.fromEntries(plan.alreadyInJobs.map((entry) => [String(entry.jobId), entry.leads])));
        const apology = message.kind === 'apology' ? message.text : null;
        const id = this.s.insert.get(JSON.stringify(scope), message.kind, apology, announce ? 1 : 0, alreadyIn, plan.onTheirWay, now, now)?.id;
        if (id === undefined) throw new BotdeckError('INTERNAL', 'The recovery job could not be saved.');
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
    return this.pushNow(jobId);
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
    return { ...job, leads: this.s.report.all(jobId, limit, offset).map(reportLead) };
  }

  /** One page of a job's per-lead report with each lead's bot by its username (for the CSV export). */
  reportPage(jobId: number, offset: number, limit: number): ReportEntry[] {
    this.row(jobId);
    return this.s.report.all(jobId, limit, offset).map((row) => ({ botUsername: row.bot_username, lead: reportLead(row) }));
  }

  progress(jobId: number): RecoveryProgress {
    return this.progressOf(this.row(jobId));
  }

  /** Pushes the progress of open jobs that changed; a running job with nothing left is done. */
  tick(): void {
    for (const row of this.s.open.all()) {
      const progress = this.progressOf(row);
      if (row.status === 'running' && progress.remaining === 0) {
        const now = this.deps.now();
        this.s.setStatus.run('done', now, now, row.id, 'running');
        this.pushNow(row.id);
      } else {
        this.push(progress);
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

  private pushNow(jobId: number): RecoveryJob {
    const job = this.job(jobId);
    this.push(job.progress);
    return job;
  }

  private push(progress: RecoveryProgress): void {
    const text = JSON.stringify(progress);
    if (this.pushed.get(progress.jobId) === text) return;
    if (progress.status === 'done' || progress.status === 'cancelled') this.pushed.delete(progress.jobId);
    else this.pushed.set(progress.jobId, text);
    this.deps.events.emit('recovery.progress', progress);
  }

  private row(jobId: number): JobRow {
    const row = this.s.job.get(jobId);
    if (row === undefined) throw new BotdeckError('RECOVERY_JOB_NOT_FOUND', `There is no recovery job ${jobId}.`);
    return row;
  }

  private plan(scope: RecoveryScope): Plan {
    if (scope.kind === 'bot') this.bots.require(scope.botId);
    if (scope.kind === 'incident' && this.s.incidentExists.get(scope.incidentId) === undefined) {
      throw new BotdeckError('INCIDENT_NOT_FOUND', `There is no incident ${scope.incidentId}.`);
    }
    const targets: number[] = [];
    const held: number[] = [];
    const byBot = new Map<number, number[]>();
    const inJobs = new Map<number, number>();
    let onTheirWay = 0;
    for (const row of this.s.candidates.all(scopeParams(scope))) {
      if (row.open_job !== null) inJobs.set(row.open_job, (inJobs.get(row.open_job) ?? 0) + 1);
      else if (row.welcome_on_way === 1) onTheirWay += 1;
      else {
        targets.push(row.id);
        if (row.held === 1) held.push(row.id);
        const list = byBot.get(row.bot_id) ?? [];
        list.push(row.id);
        byBot.set(row.bot_id, list);
      }
    }
    return { targets, held, byBot, onTheirWay, alreadyInJobs: [...inJobs].map(([jobId, leads]) => ({ jobId, leads })) };
  }

  /** Refuses an apology that makes a bot's welcome too long for Telegram, rather than fail it lead by lead. */
  private checkFits(botId: number, preface: string): void {
    const bot = this.bots.require(botId);
    const check = checkMessageText(prefacedText(preface, bot.welcome.text), bot.welcome.media !== null);
    if (!check.ok) throw new BotdeckError('BAD_INPUT', `With the apology, the welcome of @${bot.username} is too long: ${check.message} Shorten the apology.`);
  }

  private progressOf(row: JobRow): RecoveryProgress {
    const counts = this.s.counts.get(row.id);
    if (counts === undefined) throw damaged(row.id, 'no counts');
    let ratePerSecond: number | null = null;
    let etaMs: number | null = null;
    if (row.status === 'running') {
      const sends = this.s.recentSends.all(row.id, RATE_SAMPLE);
      const newest = sends[0]?.sent_at;
      const oldest = sends.at(-1)?.sent_at;
      if (newest !== undefined && oldest !== undefined && newest > oldest) {
        ratePerSecond = ((sends.length - 1) * 1000) / (newest - oldest);
        etaMs = counts.remaining === 0 ? null : Math.round((counts.remaining / ratePerSecond) * 1000);
      }
    }
    const running = counts.remaining === 0 ? new Set<number>() : this.deps.runningBots();
    const waitingBots = counts.remaining === 0 ? [] : this.s.remainingByBot.all(row.id).filter((bot) => !running.has(bot.bot_id));
    return {
      jobId: row.id,
      status: row.status,
      total: counts.total,
      sent: counts.sent,
      skipped: { welcomed: counts.welcomed, converted: counts.converted, archived: counts.archived, blocked: counts.skipped_blocked },
      failed: counts.failed,
      blocked: counts.blocked,
      cancelled: counts.cancelled,
      remaining: counts.remaining,
      ratePerSecond,
      etaMs,
      waitingBots: waitingBots.map((bot) => ({ botId: bot.bot_id, remaining: bot.remaining })),
    };
  }

  private toJob(row: JobRow): RecoveryJob {
    let scopeJson: unknown;
    let alreadyJson: unknown;
    try {
      scopeJson = JSON.parse(row.scope);
      alreadyJson = JSON.parse(row.already_in);
    } catch {
      throw damaged(row.id, 'unreadable JSON');
    }
    const scope = recoveryScopeSchema.safeParse(scopeJson);
    const message = recoveryMessageSchema.safeParse(row.apology === null ? { kind: 'welcome' } : { kind: 'apology', text: row.apology });
    if (!scope.success || !message.success || typeof alreadyJson !== 'object' || alreadyJson === null) throw damaged(row.id, 'scope or message');
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
      progress: this.progressOf(row),
    };
  }
}

/** A lead of a job's report, with its bot's username. */
export interface ReportEntry {
  readonly botUsername: string;
  readonly lead: RecoveryLead;
}

interface Plan {
  readonly targets: readonly number[];
  readonly held: readonly number[];
  readonly byBot: ReadonlyMap<number, readonly number[]>;
  readonly onTheirWay: number;
  readonly alreadyInJobs: RecoveryPreview['alreadyInJobs'];
}

function nobodyMessage(plan: Plan): string {
  const reasons = [
    ...plan.alreadyInJobs.map((entry) => `${entry.leads} already in recovery job ${entry.jobId}`),
    ...(plan.onTheirWay > 0 ? [`${plan.onTheirWay} with a welcome on its way`] : []),
  ];
  const why = reasons.length === 0 ? 'every lead in it has had a welcome (or converted, or blocked the bot).' : `of its leads never welcomed, ${reasons.join(', ')}.`;
  return `Nobody to recover in this scope: ${why} Nothing was started.`;
}

function finished(row: JobRow): BotdeckError {
  return new BotdeckError('RECOVERY_JOB_FINISHED', `Recovery job ${row.id} is ${row.status === 'done' ? 'done' : 'cancelled'}: it cannot be changed any more.`);
}

function reportLead(row: ReportRow): RecoveryLead {
  const base = { leadId: row.lead_id, botId: row.bot_id, firstName: row.first_name, username: row.username, at: row.at };
  const error = row.error ?? '';
  switch (row.status) {
    case 'pending':
    case 'held':
      return { ...base, outcome: 'waiting', why: null };
    case 'sending':
      return { ...base, outcome: 'sending', why: null };
    case 'sent':
      return { ...base, outcome: 'sent', why: null };
    case 'blocked':
      return { ...base, outcome: 'blocked', why: row.error };
    case 'failed': {
      const skip = recoverySkipReasons.find((why) => error === `${SKIPPED_PREFIX}${why}`);
      if (skip !== undefined) return { ...base, outcome: 'skipped', why: skip };
      if (error.startsWith(CANCELLED_PREFIX)) return { ...base, outcome: 'cancelled', why: error.slice(CANCELLED_PREFIX.length) };
      return { ...base, outcome: 'failed', why: row.error };
    }
  }
}
