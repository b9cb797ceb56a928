import type { Database, Statement } from 'better-sqlite3';
import type { Incident, IncidentCause, IncidentDetail, IncidentEnd } from '../../../shared/alerts';
import type { Settings } from '../../../shared/settings';

interface IncidentRow {
  id: number;
  bot_id: number | null;
  username: string | null;
  cause: string;
  detail: string | null;
  started_at: number;
  detected_at: number;
  ended_at: number | null;
  end_reason: IncidentEnd | null;
  leads: number;
  recovered: number;
  alerts_sent: number;
}

export interface OpenIncident {
  readonly botId: number;
  readonly cause: IncidentCause;
  readonly detail: string | null;
  readonly startedAt: number;
  readonly detectedAt: number;
}

const SELECT = `
  SELECT i.id, i.bot_id, b.username, i.cause, i.detail, i.started_at, i.detected_at, i.ended_at, i.end_reason,
         (SELECT count(*) FROM incident_leads il WHERE il.incident_id = i.id) AS leads,
         (SELECT count(*) FROM incident_leads il JOIN leads l ON l.id = il.lead_id WHERE il.incident_id = i.id AND l.welcomed_at IS NOT NULL) AS recovered,
         (SELECT count(*) FROM alert_log a WHERE a.incident_id = i.id AND a.status = 'sent' AND a.type != 'test') AS alerts_sent
  FROM incidents i LEFT JOIN bots b ON b.id = i.bot_id`;

/** Leads × conversion × ticket: how the operator used to work out what an outage cost (the Recovery figures use it too). */
export function money(leads: number, settings: Settings): number | null {
  if (settings.averageTicket === null || settings.conversionRatePercent === null) return null;
  return Math.round(leads * (settings.conversionRatePercent / 100) * settings.averageTicket * 100) / 100;
}

function toIncident(row: IncidentRow, settings: Settings): Incident {
  return {
    id: row.id,
    botId: row.bot_id,
    username: row.username,
    cause: row.cause as IncidentCause,
    detail: row.detail,
    startedAt: row.started_at,
    detectedAt: row.detected_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    leads: row.leads,
    recovered: row.recovered,
    moneyAtStake: money(row.leads, settings),
    moneyStillAtRisk: money(row.leads - row.recovered, settings),
    currency: settings.currency,
    alertsSent: row.alerts_sent,
  };
}

/** The incidents table: one row per down period, of a bot or (bot_id NULL) of the engine. */
export class IncidentRecords {
  private readonly byId: Statement<[number], IncidentRow>;
  private readonly openFor: Statement<[number], { id: number }>;

  constructor(
    private readonly db: Database,
    private readonly settings: () => Settings,
  ) {
    this.byId = db.prepare(`${SELECT} WHERE i.id = ?`);
    this.openFor = db.prepare('SELECT id FROM incidents WHERE bot_id = ? AND ended_at IS NULL');
  }

  get(id: number): Incident | null {
    const row = this.byId.get(id);
    return row === undefined ? null : toIncident(row, this.settings());
  }

  openIdFor(botId: number): number | null {
    return this.openFor.get(botId)?.id ?? null;
  }

  open(incident: OpenIncident): number {
    return Number(
      this.db
        .prepare('INSERT INTO incidents (bot_id, cause, detail, started_at, detected_at) VALUES (?, ?, ?, ?, ?)')
        .run(incident.botId, incident.cause, incident.detail, incident.startedAt, incident.detectedAt).lastInsertRowid,
    );
  }

  close(id: number, endedAt: number, reason: IncidentEnd): void {
    this.db.prepare('UPDATE incidents SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(endedAt, reason, id);
  }

  /** Incidents a previous run left open end when that run last showed a sign of life. */
  closeLeftOpen(endedAt: number): number[] {
    const ids = this.db
      .prepare<[], { id: number }>('SELECT id FROM incidents WHERE ended_at IS NULL')
      .all()
      .map((row) => row.id);
    this.db.prepare("UPDATE incidents SET ended_at = max(started_at, ?), end_reason = 'engine_stopped' WHERE ended_at IS NULL").run(endedAt);
    return ids;
  }

  /** The engine itself was offline (found from its heartbeat at the next start). */
  recordEngineGap(from: number, to: number, detail: string): number {
    return Number(
      this.db
        .prepare("INSERT INTO incidents (bot_id, cause, detail, started_at, detected_at, ended_at, end_reason) VALUES (NULL, 'engine_offline', ?, ?, ?, ?, 'recovered')")
        .run(detail, from, to, to).lastInsertRowid,
    );
  }

  markAlerted(id: number, at: number): void {
    this.db.prepare('UPDATE incidents SET last_alert_at = ? WHERE id = ?').run(at, id);
  }

  /** Open incidents whose last alert is older than `before`, for the repeated reminder. */
  dueForReminder(before: number): number[] {
    return this.db
      .prepare<[number], { id: number }>('SELECT id FROM incidents WHERE ended_at IS NULL AND coalesce(last_alert_at, detected_at) <= ?')
      .all(before)
      .map((row) => row.id);
  }

  list(query: { limit: number; beforeId?: number | undefined; openOnly: boolean }): Incident[] {
    const where = [query.beforeId === undefined ? null : 'i.id < @beforeId', query.openOnly ? 'i.ended_at IS NULL' : null].filter((part) => part !== null);
    const sql = `${SELECT} ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY i.id DESC LIMIT @limit`;
    const settings = this.settings();
    return this.db
      .prepare<{ limit: number; beforeId?: number }, IncidentRow>(sql)
      .all({ limit: query.limit, ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }) })
      .map((row) => toIncident(row, settings));
  }

  detail(id: number): IncidentDetail | null {
    const incident = this.get(id);
    if (incident === null) return null;
    const leads = this.db
      .prepare<[number], { lead_id: number; first_name: string; last_name: string | null; username: string | null; sent_at: number; welcomed_at: number | null }>(
        `SELECT il.lead_id, l.first_name, l.last_name, l.username, il.sent_at, l.welcomed_at
         FROM incident_leads il JOIN leads l ON l.id = il.lead_id WHERE il.incident_id = ? ORDER BY il.sent_at, il.lead_id LIMIT 500`,
      )
      .all(id)
      .map((row) => ({
        leadId: row.lead_id,
        name: row.last_name === null ? row.first_name : `${row.first_name} ${row.last_name}`,
        username: row.username,
        sentAt: row.sent_at,
        welcomedAt: row.welcomed_at,
      }));
    return { incident, leads };
  }
}
