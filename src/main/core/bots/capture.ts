import type { Database } from 'better-sqlite3';
import type { Update, User } from 'grammy/types';
import { classifyPayload, readStart } from './start-command';
import { UpdateRecords } from './update-records';

export interface CaptureBot {
  readonly botId: number;
  readonly telegramBotId: number;
  readonly username: string;
  readonly repeatPolicy: 'once' | 'always';
  readonly debounceSeconds: number;
}

export type CaptureOutcome =
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'start'; readonly leadId: number; readonly created: boolean; readonly welcome: 'queued' | 'requeued' | 'already_queued' | 'not_needed' | 'debounced'; readonly source: string | null }
  | { readonly kind: 'click'; readonly leadId: number | null }
  | { readonly kind: 'membership'; readonly leadId: number | null; readonly blocked: boolean }
  | { readonly kind: 'other'; readonly leadId: number | null };

interface LeadRow {
  id: number;
  status: string;
  welcomed_at: number | null;
  last_start_at: number | null;
}

function updateKind(update: Update): string {
  const key = Object.keys(update).find((name) => name !== 'update_id');
  return key ?? 'unknown';
}

/**
 * Records a batch of updates from one getUpdates call: each update itself (a redelivery is
 * a no-op), the lead, the lead event, the welcome delivery, and then the bot's new offset.
 * The caller runs it inside one transaction (the fleet's write batch), so the offset
 * moves only together with everything it confirms. Nothing is sent from here; the sender
 * reads the deliveries table after the commit.
 */
export function createCapture(db: Database): (bot: CaptureBot, updates: readonly Update[], now: number) => CaptureOutcome[] {
  const s = {
    updates: new UpdateRecords(db),
    advanceOffset: db.prepare('UPDATE bots SET update_offset = max(update_offset, ?) WHERE id = ?'),
    findLead: db.prepare<[number, number], LeadRow>('SELECT id, status, welcomed_at, last_start_at FROM leads WHERE bot_id = ? AND user_id = ? AND archived = 0'),
    insertLead: db.prepare(
      `INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, language_code, source, source_invalid, status, starts, first_seen_at, last_seen_at, last_start_at)
       VALUES (@botId, @userId, @chatId, @username, @firstName, @lastName, @languageCode, @source, @invalid, 'new', 1, @now, @now, @now)`,
    ),
    touchLeadOnStart: db.prepare(
      `UPDATE leads SET username = @username, first_name = @firstName, last_name = @lastName, language_code = @languageCode,
         starts = starts + 1, last_seen_at = @now, last_start_at = @now,
         status = CASE WHEN status = 'blocked' THEN (CASE WHEN welcomed_at IS NULL THEN 'new' ELSE 'welcomed' END) ELSE status END
       WHERE id = @id`,
    ),
    touchLead: db.prepare('UPDATE leads SET last_seen_at = ? WHERE id = ?'),
    setStatus: db.prepare('UPDATE leads SET status = ?, last_seen_at = ? WHERE id = ?'),
    event: db.prepare('INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (?, ?, ?, ?)'),
    activeWelcome: db.prepare<[number], { id: number; status: string }>(
      "SELECT id, status FROM deliveries WHERE lead_id = ? AND kind IN ('welcome', 'recovery') AND status IN ('pending', 'sending', 'held') ORDER BY id LIMIT 1",
    ),
    requeue: db.prepare("UPDATE deliveries SET status = 'pending', not_before = ?, updated_at = ?, error = NULL WHERE id = ?"),
    // Leads whose /start Telegram dates inside an incident belong to it, even when they are
    // captured only after it ended (Telegram kept them meanwhile). Dates are whole seconds.
    linkIncidents: db.prepare(
      `INSERT OR IGNORE INTO incident_leads (incident_id, lead_id, sent_at)
       SELECT id, @leadId, @sentAt FROM incidents
       WHERE (bot_id = @botId OR bot_id IS NULL) AND started_at <= @sentAt + 999 AND (ended_at IS NULL OR ended_at >= @sentAt)`,
    ),
    enqueueWelcome: db.prepare(
      "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, attempts, not_before, created_at, updated_at) VALUES (?, ?, ?, 'welcome', 0, NULL, 'pending', 0, ?, ?, ?)",
    ),
  };

  const person = (user: User): { username: string | null; firstName: string; lastName: string | null; languageCode: string | null } => ({
    username: user.username ?? null,
    firstName: user.first_name,
    lastName: user.last_name ?? null,
    languageCode: user.language_code ?? null,
  });

  const recordStart = (bot: CaptureBot, user: User, chatId: number, payload: string | null, sentAt: number, now: number): CaptureOutcome => {
    const outcome = startOutcome(bot, user, chatId, payload, now);
    if (outcome.kind === 'start') s.linkIncidents.run({ leadId: outcome.leadId, sentAt, botId: bot.botId });
    return outcome;
  };

  const startOutcome = (bot: CaptureBot, user: User, chatId: number, payload: string | null, now: number): CaptureOutcome => {
    const { source, invalid } = classifyPayload(payload);
    const existing = s.findLead.get(bot.botId, user.id);
    const detail = JSON.stringify({ payload, source, invalid: invalid !== null });
    if (existing === undefined) {
      const leadId = Number(s.insertLead.run({ botId: bot.botId, userId: user.id, chatId, ...person(user), source, invalid, now }).lastInsertRowid);
      s.event.run(leadId, 'started', now, detail);
      s.enqueueWelcome.run(bot.botId, leadId, chatId, now, now, now);
      return { kind: 'start', leadId, created: true, welcome: 'queued', source };
    }
    s.touchLeadOnStart.run({ id: existing.id, ...person(user), now });
    s.event.run(existing.id, 'started', now, detail);
    const debounced = existing.last_start_at !== null && now - existing.last_start_at < bot.debounceSeconds * 1000;
    let welcome: 'queued' | 'requeued' | 'already_queued' | 'not_needed' | 'debounced';
    if (existing.welcomed_at === null) {
      // Never welcomed: whatever the policy, this /start recovers the lead.
      const active = s.activeWelcome.get(existing.id);
      if (active === undefined) {
        s.enqueueWelcome.run(bot.botId, existing.id, chatId, now, now, now);
        welcome = 'queued';
      } else if (active.status === 'held') {
        s.requeue.run(now, now, active.id);
        s.event.run(existing.id, 'welcome_requeued', now, JSON.stringify({ deliveryId: active.id, why: 'lead_started_again' }));
        welcome = 'requeued';
      } else {
        welcome = 'already_queued';
      }
    } else if (debounced) {
      welcome = 'debounced';
    } else if (bot.repeatPolicy === 'always') {
      s.enqueueWelcome.run(bot.botId, existing.id, chatId, now, now, now);
      welcome = 'queued';
    } else {
      welcome = 'not_needed';
    }
    return { kind: 'start', leadId: existing.id, created: false, welcome, source };
  };

  const record = (bot: CaptureBot, update: Update, now: number): CaptureOutcome => {
    if (!s.updates.record(bot.telegramBotId, update.update_id, bot.botId, updateKind(update), now)) return { kind: 'duplicate' };

    const message = update.message;
    if (message?.from !== undefined && message.chat.type === 'private') {
      const start = readStart(message, bot.username);
      if (start !== null) return recordStart(bot, message.from, message.chat.id, start.payload, message.date * 1000, now);
      const lead = s.findLead.get(bot.botId, message.from.id);
      if (lead !== undefined) s.touchLead.run(now, lead.id);
      return { kind: 'other', leadId: lead?.id ?? null };
    }

    const callback = update.callback_query;
    if (callback !== undefined) {
      const lead = s.findLead.get(bot.botId, callback.from.id);
      if (lead === undefined) return { kind: 'click', leadId: null };
      const status = lead.status === 'new' || lead.status === 'welcomed' ? 'clicked' : lead.status;
      s.setStatus.run(status, now, lead.id);
      s.event.run(lead.id, 'clicked', now, JSON.stringify({ data: callback.data ?? null }));
      return { kind: 'click', leadId: lead.id };
    }

    const membership = update.my_chat_member;
    if (membership !== undefined && membership.chat.type === 'private') {
      const lead = s.findLead.get(bot.botId, membership.from.id);
      const blocked = membership.new_chat_member.status === 'kicked';
      if (lead !== undefined) {
        const status = blocked ? 'blocked' : lead.status === 'blocked' ? (lead.welcomed_at === null ? 'new' : 'welcomed') : lead.status;
        s.setStatus.run(status, now, lead.id);
        s.event.run(lead.id, blocked ? 'blocked' : 'unblocked', now, null);
      }
      return { kind: 'membership', leadId: lead?.id ?? null, blocked };
    }
    return { kind: 'other', leadId: null };
  };

  return (bot, updates, now) => {
    const outcomes = updates.map((update) => record(bot, update, now));
    const last = updates.at(-1);
    if (last !== undefined) s.advanceOffset.run(Math.max(...updates.map((update) => update.update_id)) + 1, bot.botId);
    return outcomes;
  };
}
