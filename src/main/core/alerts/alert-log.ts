import type { Database, Statement } from 'better-sqlite3';
import type { AlertLogEntry, AlertType, ChannelView } from '../../../shared/alerts';

interface LogRow {
  id: number;
  channel_id: number | null;
  channel_kind: AlertLogEntry['channelKind'];
  channel_name: string;
  incident_id: number | null;
  type: AlertType;
  status: AlertLogEntry['status'];
  attempts: number;
  created_at: number;
  finished_at: number | null;
  error: string | null;
}

function toEntry(row: LogRow): AlertLogEntry {
  return {
    id: row.id,
    channelId: row.channel_id,
    channelKind: row.channel_kind,
    channelName: row.channel_name,
    incidentId: row.incident_id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

/** The history of alerts: one row per alert per channel, updated as its attempts go. */
export class AlertLog {
  private readonly one: Statement<[number], LogRow>;

  constructor(private readonly db: Database) {
    this.one = db.prepare('SELECT * FROM alert_log WHERE id = ?');
  }

  start(channel: ChannelView, type: AlertType, incidentId: number | null, now: number): AlertLogEntry {
    const id = Number(
      this.db
        .prepare("INSERT INTO alert_log (channel_id, channel_kind, channel_name, incident_id, type, status, attempts, created_at) VALUES (?, ?, ?, ?, ?, 'sending', 0, ?)")
        .run(channel.id, channel.kind, channel.name, incidentId, type, now).lastInsertRowid,
    );
    return this.get(id);
  }

  attempted(id: number, attempts: number, error: string | null): AlertLogEntry {
    this.db.prepare('UPDATE alert_log SET attempts = ?, error = ? WHERE id = ?').run(attempts, error, id);
    return this.get(id);
  }

  finish(id: number, status: 'sent' | 'failed', attempts: number, error: string | null, now: number): AlertLogEntry {
    this.db.prepare('UPDATE alert_log SET status = ?, attempts = ?, error = ?, finished_at = ? WHERE id = ?').run(status, attempts, error, now, id);
    return this.get(id);
  }

  /** Alerts a previous run left half-done: it stopped before they were answered. */
  abandonUnfinished(now: number): void {
    this.db
      .prepare(
        "UPDATE alert_log SET status = 'failed', finished_at = ?, error = coalesce(error || ' — ', '') || 'Botdeck stopped before the channel answered.' WHERE status = 'sending'",
      )
      .run(now);
  }

  get(id: number): AlertLogEntry {
    const row = this.one.get(id);
    if (row === undefined) throw new Error(`alert log row ${id} vanished`);
    return toEntry(row);
  }

  list(query: { limit: number; beforeId?: number | undefined }): AlertLogEntry[] {
    const rows =
      query.beforeId === undefined
        ? this.db.prepare<[number], LogRow>('SELECT * FROM alert_log ORDER BY id DESC LIMIT ?').all(query.limit)
        : this.db.prepare<[number, number], LogRow>('SELECT * FROM alert_log WHERE id < ? ORDER BY id DESC LIMIT ?').all(query.beforeId, query.limit);
    return rows.map(toEntry);
  }
}
