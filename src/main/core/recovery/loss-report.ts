import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { incidentCauseSchema } from '../../../shared/alerts';
import type { BotState } from '../../../shared/bot-status';
import { deliveryKinds } from '../../../shared/leads';
import {
  ageBuckets,
  lossReasonSchema,
  type AgeBucket,
  type IncidentLoss,
  type LossReason,
  type RecoveryOverview,
  type RecoveryOverviewRequest,
  type RecoveryScope,
} from '../../../shared/recovery';
import type { Settings } from '../../../shared/settings';
import { money } from '../alerts/incident-records';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { deliveryKindRules } from '../leads/delivery-rules';
import { TELEGRAM_KEEPS_UPDATES_MS } from '../telegram-window';
import { NEVER_WELCOMED_SQL } from './never-welcomed';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the report needs besides the store, from its caller. */
export interface LossContext {
  readonly now: number;
  readonly settings: Settings;
  /** Each bot's state now; empty while the bots cannot run. */
  readonly botStates: ReadonlyMap<number, BotState>;
}

/** The kinds whose delivery is a lead's welcome (welcome, recovery), as a SQL list of the module's own words. */
const WELCOMING_KINDS = deliveryKinds
  .filter((kind) => deliveryKindRules[kind].welcomes)
  .map((kind) => `'${kind}'`)
  .join(', ');

/**
 * The never-welcomed leads in scope, each with its newest welcoming delivery and its reason.
 * A lead marked blocked is `blocked` whatever its delivery says: sending would not reach
 * them. A delivery answered 403 whose lead came back since (unblocked) is `failed`, with
 * that answer. A `sent` delivery always welcomes its lead in the same call
 * (DeliveriesRepository.finishSent), so one never sits under a lead without a welcome; were
 * it to, the lead counts as having no delivery that reached them.
 *
 * The leads come from the partial index of exactly this set (migration 009), so the cost
 * follows the number of lost leads, not the size of the store.
 */
function lostSql(scope: RecoveryScope): string {
  const where = [
    NEVER_WELCOMED_SQL,
    scope.botId === undefined ? null : 'l.bot_id = @botId',
    scope.firstSeenFrom === undefined ? null : 'l.first_seen_at >= @firstSeenFrom',
    scope.firstSeenTo === undefined ? null : 'l.first_seen_at < @firstSeenTo',
    scope.incidentId === undefined ? null : 'l.id IN (SELECT lead_id FROM incident_leads WHERE incident_id = @incidentId)',
  ].filter((part) => part !== null);
  return `lost AS (
    SELECT l.id, l.bot_id, l.first_seen_at, l.first_name, l.last_name, l.username, d.id AS delivery_id, d.error,
      CASE
        WHEN l.status = 'blocked' THEN 'blocked'
        WHEN d.status IN ('pending', 'sending') THEN 'pending'
        WHEN d.status = 'held' THEN 'held'
        WHEN d.status IN ('failed', 'blocked') THEN 'failed'
        ELSE 'no_delivery'
      END AS reason
    FROM leads l INDEXED BY leads_never_welcomed
    LEFT JOIN deliveries d ON d.id = (SELECT max(w.id) FROM deliveries w WHERE w.lead_id = l.id AND w.kind IN (${WELCOMING_KINDS}))
    WHERE ${where.join(' AND ')})`;
}

const AGE_SQL = `CASE WHEN @now - first_seen_at < ${HOUR} THEN 0 WHEN @now - first_seen_at < ${DAY} THEN 1 WHEN @now - first_seen_at < ${7 * DAY} THEN 2 ELSE 3 END`;

type ScopeParams = { now: number } & RecoveryScope;

function emptyByReason(): Record<LossReason, number> {
  return { pending: 0, held: 0, failed: 0, blocked: 0, no_delivery: 0 };
}

/** The reason the SQL above computed (it writes only these words). */
function reasonOf(value: string): LossReason {
  return lossReasonSchema.parse(value);
}

const incidentIdsSchema = z.array(z.number().int());

function requireScope(db: Database, scope: RecoveryScope): void {
  if (scope.botId !== undefined && db.prepare<[number], { id: number }>('SELECT id FROM bots WHERE id = ?').get(scope.botId) === undefined) {
    throw new BotdeckError('BOT_NOT_FOUND', text('bot.notFound', { id: scope.botId }));
  }
  if (scope.incidentId !== undefined && db.prepare<[number], { id: number }>('SELECT id FROM incidents WHERE id = ?').get(scope.incidentId) === undefined) {
    throw new BotdeckError('INCIDENT_NOT_FOUND', text('incident.notFound', { id: scope.incidentId }));
  }
}

/** Counts of the lost leads in scope, per bot, reason, age bucket and whether an incident dates them: every figure of the overview but the incidents. */
function groups(db: Database, scope: RecoveryScope, params: ScopeParams): { botId: number; username: string; reason: LossReason; age: number; inIncident: boolean; n: number }[] {
  return db
    .prepare<ScopeParams, { bot_id: number; username: string; reason: string; age: number; in_incident: number; n: number }>(
      `WITH ${lostSql(scope)}
       SELECT lost.bot_id, b.username, lost.reason, ${AGE_SQL} AS age, EXISTS (SELECT 1 FROM incident_leads il WHERE il.lead_id = lost.id) AS in_incident, count(*) AS n
       FROM lost JOIN bots b ON b.id = lost.bot_id GROUP BY lost.bot_id, lost.reason, age, in_incident ORDER BY lost.bot_id`,
    )
    .all(params)
    .map((row) => ({ botId: row.bot_id, username: row.username, reason: reasonOf(row.reason), age: row.age, inIncident: row.in_incident === 1, n: row.n }));
}

/** The lost leads in scope per incident that dates them, with their reasons (priced by the caller). */
function incidentGroups(db: Database, scope: RecoveryScope, params: ScopeParams): RecoveryOverview['byIncident'] {
  const incidents = new Map<number, RecoveryOverview['byIncident'][number]>();
  const incidentRows = db
    .prepare<ScopeParams, { incident_id: number; bot_id: number | null; cause: string; started_at: number; ended_at: number | null; reason: string; n: number }>(
      `WITH ${lostSql(scope)}
       SELECT il.incident_id, i.bot_id, i.cause, i.started_at, i.ended_at, lost.reason, count(*) AS n
       FROM lost JOIN incident_leads il ON il.lead_id = lost.id JOIN incidents i ON i.id = il.incident_id
       GROUP BY il.incident_id, lost.reason ORDER BY il.incident_id DESC`,
    )
    .all(params);
  for (const row of incidentRows) {
    const incident = incidents.get(row.incident_id) ?? {
      incidentId: row.incident_id,
      botId: row.bot_id,
      cause: incidentCauseSchema.parse(row.cause),
      startedAt: row.started_at,
      endedAt: row.ended_at,
      leads: 0,
      cost: null,
      byReason: emptyByReason(),
    };
    incident.leads += row.n;
    incident.byReason[reasonOf(row.reason)] += row.n;
    incidents.set(row.incident_id, incident);
  }
  return [...incidents.values()];
}

/** Up to `limit` of the lost leads in scope, oldest first, each with its reason and incidents. */
function lostLeadList(db: Database, scope: RecoveryScope, params: ScopeParams, limit: number): RecoveryOverview['lostLeads'] {
  return db
    .prepare<
      ScopeParams & { limit: number },
      {
        id: number;
        bot_id: number;
        first_seen_at: number;
        first_name: string;
        last_name: string | null;
        username: string | null;
        reason: string;
        error: string | null;
        delivery_id: number | null;
        incidents: string;
      }
    >(
      `WITH ${lostSql(scope)}
       SELECT lost.*, (SELECT json_group_array(il.incident_id) FROM incident_leads il WHERE il.lead_id = lost.id) AS incidents
       FROM lost ORDER BY lost.first_seen_at, lost.id LIMIT @limit`,
    )
    .all({ ...params, limit })
    .map((row) => {
      const reason = reasonOf(row.reason);
      return {
        leadId: row.id,
        botId: row.bot_id,
        name: row.last_name === null ? row.first_name : `${row.first_name} ${row.last_name}`,
        username: row.username,
        firstSeenAt: row.first_seen_at,
        reason,
        detail: reason === 'failed' || reason === 'held' ? row.error : null,
        deliveryId: row.delivery_id,
        incidentIds: incidentIdsSchema.parse(JSON.parse(row.incidents)),
      };
    });
}

/**
 * What an outage or a failure cost, read from the store (it writes nothing): every active
 * lead who never received a welcome, with why, by bot, incident and age, and at what price
 * by the operator's money-at-stake settings.
 */
export function recoveryOverview(db: Database, request: RecoveryOverviewRequest, context: LossContext): RecoveryOverview {
  const { scope } = request;
  requireScope(db, scope);
  const params: ScopeParams = { now: context.now, ...scope };
  const price = (n: number): number | null => money(n, context.settings);

  const byReason = emptyByReason();
  const bots = new Map<number, { botId: number; username: string; leads: number; byReason: Record<LossReason, number> }>();
  const ages = ageBuckets.map(() => 0);
  let withoutIncident = 0;
  for (const row of groups(db, scope, params)) {
    byReason[row.reason] += row.n;
    if (!row.inIncident) withoutIncident += row.n;
    ages[row.age] = (ages[row.age] ?? 0) + row.n;
    const bot = bots.get(row.botId) ?? { botId: row.botId, username: row.username, leads: 0, byReason: emptyByReason() };
    bot.leads += row.n;
    bot.byReason[row.reason] += row.n;
    bots.set(row.botId, bot);
  }
  const total = Object.values(byReason).reduce((sum, n) => sum + n, 0);
  const notRunning = (state: BotState | null): boolean => state === 'down' || state === 'stopped';

  const byBot = [...bots.values()].map((bot) => ({ ...bot, state: context.botStates.get(bot.botId) ?? null, cost: price(bot.leads) }));
  return {
    at: context.now,
    currency: context.settings.currency,
    leads: total,
    cost: price(total),
    byReason,
    pendingWhileBotNotRunning: byBot.filter((bot) => notRunning(bot.state)).reduce((sum, bot) => sum + bot.byReason.pending, 0),
    byBot,
    byIncident: incidentGroups(db, scope, params).map((incident) => ({ ...incident, cost: price(incident.leads) })),
    withoutIncident,
    byAge: ageBuckets.map((bucket: AgeBucket, index) => ({ bucket, leads: ages[index] ?? 0, cost: price(ages[index] ?? 0) })),
    lostLeads: lostLeadList(db, scope, params, request.leadLimit),
  };
}

/**
 * The time nobody confirmed the bot's updates: the incident itself (until now while open),
 * grown by every engine gap that overlaps or touches it, since a bot down when the engine
 * went away stays unconfirmed until the engine is back.
 */
function unconfirmedSpan(db: Database, from: number, to: number): { from: number; to: number } {
  const touching = db.prepare<[number, number], { from: number | null; to: number | null }>(
    'SELECT min(offline_from) AS "from", max(offline_to) AS "to" FROM engine_gaps WHERE offline_from <= ? AND offline_to >= ?',
  );
  let span = { from, to };
  for (;;) {
    const row = touching.get(span.to, span.from);
    const next = { from: Math.min(span.from, row?.from ?? span.from), to: Math.max(span.to, row?.to ?? span.to) };
    if (next.from === span.from && next.to === span.to) return span;
    span = next;
  }
}

/** One incident's /starts and what became of them, with the part of it no one can count. */
export function incidentLoss(db: Database, incidentId: number, context: LossContext): IncidentLoss {
  const incident = db
    .prepare<[number], { bot_id: number | null; username: string | null; cause: string; started_at: number; ended_at: number | null }>(
      'SELECT i.bot_id, b.username, i.cause, i.started_at, i.ended_at FROM incidents i LEFT JOIN bots b ON b.id = i.bot_id WHERE i.id = ?',
    )
    .get(incidentId);
  if (incident === undefined) throw new BotdeckError('INCIDENT_NOT_FOUND', text('incident.notFound', { id: incidentId }));
  const starts = db
    .prepare<[number], { starts: number; welcomed: number; recovered: number; settled: number }>(
      `SELECT count(*) AS starts,
              count(*) FILTER (WHERE l.welcomed_at IS NOT NULL) AS welcomed,
              count(*) FILTER (WHERE l.welcomed_at IS NOT NULL AND EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id AND d.kind = 'recovery' AND d.status = 'sent')) AS recovered,
              count(*) FILTER (WHERE l.welcomed_at IS NULL AND (l.archived = 1 OR l.status = 'converted')) AS settled
       FROM incident_leads il JOIN leads l ON l.id = il.lead_id WHERE il.incident_id = ?`,
    )
    .get(incidentId) ?? { starts: 0, welcomed: 0, recovered: 0, settled: 0 };
  const byReason = emptyByReason();
  for (const row of groups(db, { incidentId }, { now: context.now, incidentId })) byReason[row.reason] += row.n;
  const lost = Object.values(byReason).reduce((sum, n) => sum + n, 0);

  // Telegram keeps an update nobody confirmed for 24 hours (Bot API, getUpdates; see
  // ../shared/reference.md, "Telegram Bot API: updates"), so of a longer unconfirmed time
  // only the last 24 hours could still be delivered when polling resumed.
  const span = unconfirmedSpan(db, incident.started_at, incident.ended_at ?? context.now);
  const blindTo = span.to - TELEGRAM_KEEPS_UPDATES_MS;
  return {
    incidentId,
    botId: incident.bot_id,
    username: incident.username,
    cause: incidentCauseSchema.parse(incident.cause),
    startedAt: incident.started_at,
    endedAt: incident.ended_at,
    starts: starts.starts,
    welcomedLate: starts.welcomed - starts.recovered,
    recovered: starts.recovered,
    settled: starts.settled,
    lost,
    waiting: byReason.pending + byReason.held,
    byReason,
    cost: money(lost, context.settings),
    currency: context.settings.currency,
    unconfirmed: { ...span, lengthMs: span.to - span.from },
    blindWindow: blindTo > span.from ? { from: span.from, to: blindTo, lengthMs: blindTo - span.from } : null,
  };
}
