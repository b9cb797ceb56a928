import type { Database, Statement } from 'better-sqlite3';
import type { RecoveryPreview, RecoveryScope } from '../../../shared/recovery-jobs';
import { BotRecords } from '../bots/bot-records';
import { BotdeckError } from '../errors';
import { errorText as text, type ErrorText } from '../../../shared/i18n/error-text';
import { MESSAGEABLE_NEVER_WELCOMED_SQL } from './never-welcomed';
import { OPEN_ROWS } from './recovery-progress';

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

interface CandidateRow {
  id: number;
  bot_id: number;
  open_job: number | null;
  welcome_on_way: number;
  held: number;
}

/** Who a job on a scope messages, and who it leaves out and why. */
export interface RecoveryPlan {
  readonly targets: readonly number[];
  /** Targets whose welcome is held: the job sends in its place. */
  readonly held: readonly number[];
  readonly byBot: ReadonlyMap<number, readonly number[]>;
  readonly onTheirWay: number;
  readonly alreadyInJobs: RecoveryPreview['alreadyInJobs'];
}

/**
 * Works out a scope's leads (reads only): every lead never welcomed that a message can
 * reach, less those left to another open job and those whose welcome is on its way.
 */
export class RecoveryPlanner {
  private readonly bots: BotRecords;
  private readonly candidates: Statement<ScopeParams, CandidateRow>;
  private readonly incidentExists: Statement<[number], { id: number }>;

  constructor(db: Database) {
    this.bots = new BotRecords(db);
    this.candidates = db.prepare(
      `SELECT l.id, l.bot_id,
         (SELECT min(d.recovery_job_id) FROM deliveries d WHERE d.lead_id = l.id AND d.kind = 'recovery' AND d.status IN ${OPEN_ROWS}) AS open_job,
         EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id AND d.kind = 'welcome' AND d.status IN ('pending', 'sending')) AS welcome_on_way,
         EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id AND d.kind = 'welcome' AND d.status = 'held') AS held
       FROM leads l JOIN bots b ON b.id = l.bot_id AND b.removed_at IS NULL
       WHERE ${MESSAGEABLE_NEVER_WELCOMED_SQL} AND ${SCOPE_SQL} ORDER BY l.id`,
    );
    this.incidentExists = db.prepare('SELECT id FROM incidents WHERE id = ?');
  }

  /** The plan; an unknown bot or incident is refused with its own code. */
  plan(scope: RecoveryScope): RecoveryPlan {
    if (scope.kind === 'bot') this.bots.require(scope.botId);
    if (scope.kind === 'incident' && this.incidentExists.get(scope.incidentId) === undefined) {
      throw new BotdeckError('INCIDENT_NOT_FOUND', text('incident.notFound', { id: scope.incidentId }));
    }
    const targets: number[] = [];
    const held: number[] = [];
    const byBot = new Map<number, number[]>();
    const inJobs = new Map<number, number>();
    let onTheirWay = 0;
    for (const row of this.candidates.all(scopeParams(scope))) {
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
}

/** Why a plan has nobody to message, for the refusal. */
export function nobodyMessage(plan: RecoveryPlan): ErrorText {
  const reasons = [
    ...plan.alreadyInJobs.map((entry) => text('recovery.reason.inJob', { leads: entry.leads, jobId: entry.jobId })),
    ...(plan.onTheirWay > 0 ? [text('recovery.reason.onTheirWay', { leads: plan.onTheirWay })] : []),
  ];
  const [first, ...rest] = reasons;
  if (first === undefined) return text('recovery.nobody', {});
  return text('recovery.nobodyBecause', { reasons: rest.reduce((list, reason) => text('list.more', { list, item: reason }), first) });
}
