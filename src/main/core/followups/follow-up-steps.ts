import type { Database, Statement } from 'better-sqlite3';
import { campaignMessageSchema, type CampaignMessage } from '../../../shared/campaigns';
import { delayMinutes, type DelayUnit, type FollowUpCondition, type FollowUpDelay } from '../../../shared/follow-ups';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';

interface StepRow {
  id: number;
  delay_minutes: number;
  delay_unit: DelayUnit;
  condition: FollowUpCondition;
  message: string;
  enabled: 0 | 1;
  position: number;
  created_at: number;
}

export interface SequenceRow {
  readonly bot_id: number;
  readonly enabled: 0 | 1;
  readonly enroll_from: number;
  readonly scanned_to: number;
}

/** A step as the engine reads it. */
export interface StepRecord {
  readonly id: number;
  readonly delay: FollowUpDelay;
  readonly delayMs: number;
  readonly condition: FollowUpCondition;
  readonly message: CampaignMessage;
  readonly enabled: boolean;
  readonly createdAt: number;
}

export interface StepInput {
  readonly delay: FollowUpDelay;
  readonly condition: FollowUpCondition;
  readonly message: CampaignMessage;
  readonly enabled: boolean;
}

const STEP_COLUMNS = 'id, delay_minutes, delay_unit, condition, message, enabled, position, created_at';

/**
 * The bots' follow-up sequences and their steps: the only writer of follow_up_sequences and
 * follow_up_steps. A removed step is marked, not deleted: its sends still name it.
 */
export class FollowUpSteps {
  private readonly s: {
    readonly sequence: Statement<[number], SequenceRow>;
    readonly enabledSequences: Statement<[], SequenceRow>;
    readonly createSequence: Statement<[number, number, number, number, number]>;
    readonly setEnabled: Statement<{ botId: number; enabled: 0 | 1; now: number }>;
    readonly scanned: Statement<[number, number]>;
    readonly steps: Statement<[number], StepRow>;
    readonly insert: Statement<[number, number, string, string, string, 0 | 1, number, number, number]>;
    readonly update: Statement<[number, string, string, string, 0 | 1, number, number, number]>;
    readonly remove: Statement<[number, number, number, number]>;
    readonly position: Statement<[number, number, number, number]>;
  };

  constructor(db: Database) {
    this.s = {
      sequence: db.prepare('SELECT bot_id, enabled, enroll_from, scanned_to FROM follow_up_sequences WHERE bot_id = ?'),
      enabledSequences: db.prepare('SELECT bot_id, enabled, enroll_from, scanned_to FROM follow_up_sequences WHERE enabled = 1 ORDER BY bot_id'),
      createSequence: db.prepare('INSERT INTO follow_up_sequences (bot_id, enabled, enroll_from, scanned_to, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?)'),
      // Turned on again: leads welcomed from now on are enrolled, not those of while it was off.
      setEnabled: db.prepare(
        `UPDATE follow_up_sequences SET enabled = @enabled, updated_at = @now,
           enroll_from = CASE WHEN @enabled = 1 AND enabled = 0 THEN @now ELSE enroll_from END,
           scanned_to = CASE WHEN @enabled = 1 AND enabled = 0 THEN @now ELSE scanned_to END
         WHERE bot_id = @botId`,
      ),
      scanned: db.prepare('UPDATE follow_up_sequences SET scanned_to = ? WHERE bot_id = ?'),
      steps: db.prepare(`SELECT ${STEP_COLUMNS} FROM follow_up_steps WHERE bot_id = ? AND removed_at IS NULL ORDER BY position, id`),
      insert: db.prepare(
        `INSERT INTO follow_up_steps (bot_id, delay_minutes, delay_unit, condition, message, enabled, position, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: db.prepare(
        'UPDATE follow_up_steps SET delay_minutes = ?, delay_unit = ?, condition = ?, message = ?, enabled = ?, updated_at = ? WHERE id = ? AND bot_id = ? AND removed_at IS NULL',
      ),
      remove: db.prepare('UPDATE follow_up_steps SET removed_at = ?, updated_at = ? WHERE id = ? AND bot_id = ? AND removed_at IS NULL'),
      position: db.prepare('UPDATE follow_up_steps SET position = ?, updated_at = ? WHERE id = ? AND bot_id = ?'),
    };
  }

  sequence(botId: number): SequenceRow | null {
    return this.s.sequence.get(botId) ?? null;
  }

  enabledSequences(): SequenceRow[] {
    return this.s.enabledSequences.all();
  }

  /** The bot's steps in order, the disabled ones included. */
  steps(botId: number): StepRecord[] {
    return this.s.steps.all(botId).map(toRecord);
  }

  /** Adds a step at the end (creating the sequence, on, at the first one) or changes one; returns its id. */
  save(botId: number, stepId: number | undefined, input: StepInput, now: number): number {
    const minutes = delayMinutes(input.delay);
    const message = JSON.stringify(input.message);
    const enabled = input.enabled ? 1 : 0;
    if (stepId !== undefined) {
      if (this.s.update.run(minutes, input.delay.unit, input.condition, message, enabled, now, stepId, botId).changes === 0) throw stepNotFound(botId, stepId);
      return stepId;
    }
    if (this.sequence(botId) === null) this.s.createSequence.run(botId, now, now, now, now);
    const rows = this.s.steps.all(botId);
    const position = rows.reduce((max, row) => Math.max(max, row.position), 0) + 1;
    return Number(this.s.insert.run(botId, minutes, input.delay.unit, input.condition, message, enabled, position, now, now).lastInsertRowid);
  }

  remove(botId: number, stepId: number, now: number): void {
    if (this.s.remove.run(now, now, stepId, botId).changes === 0) throw stepNotFound(botId, stepId);
  }

  /** Swaps the step with its neighbour above or below; at either end it stays. */
  move(botId: number, stepId: number, direction: 'up' | 'down', now: number): void {
    const rows = this.s.steps.all(botId);
    const index = rows.findIndex((row) => row.id === stepId);
    if (index === -1) throw stepNotFound(botId, stepId);
    const other = rows[direction === 'up' ? index - 1 : index + 1];
    if (other === undefined) return;
    // Renumbered in order first, so equal positions of old rows cannot make the swap a no-op.
    rows.forEach((row, i) => this.s.position.run(i + 1, now, row.id, botId));
    const otherIndex = direction === 'up' ? index - 1 : index + 1;
    this.s.position.run(otherIndex + 1, now, stepId, botId);
    this.s.position.run(index + 1, now, other.id, botId);
  }

  setEnabled(botId: number, enabled: boolean, now: number): void {
    if (this.s.setEnabled.run({ botId, enabled: enabled ? 1 : 0, now }).changes === 0) {
      throw new BotdeckError('FOLLOW_UP_SEQUENCE_EMPTY', text('followUp.sequenceEmpty', {}));
    }
  }

  /** Leads welcomed up to `to` were looked at for enrollment. */
  scanned(botId: number, to: number): void {
    this.s.scanned.run(to, botId);
  }
}

function toRecord(row: StepRow): StepRecord {
  let json: unknown;
  try {
    json = JSON.parse(row.message);
  } catch {
    json = undefined;
  }
  const message = campaignMessageSchema.safeParse(json);
  if (!message.success) throw new BotdeckError('INTERNAL', text('internal.followUpStepDamaged', { id: row.id }));
  const amount = row.delay_unit === 'hours' ? row.delay_minutes / 60 : row.delay_minutes;
  return {
    id: row.id,
    delay: { amount, unit: row.delay_unit },
    delayMs: row.delay_minutes * 60_000,
    condition: row.condition,
    message: message.data,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
  };
}

function stepNotFound(botId: number, stepId: number): BotdeckError {
  return new BotdeckError('FOLLOW_UP_STEP_NOT_FOUND', text('followUp.stepNotFound', { botId, stepId }));
}
