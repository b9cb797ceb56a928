import { openStore, type Store } from '../../src/main/core/db/store';
import { FollowUps } from '../../src/main/core/followups/follow-ups';
import { DeliveriesRepository } from '../../src/main/core/leads/deliveries-repository';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { silentLogger } from '../../src/main/core/logger';
import { writeSettings } from '../../src/main/core/operator-settings';
import { campaignMessageSchema } from '../../src/shared/campaigns';
import type { FollowUpCondition, FollowUpDelay } from '../../src/shared/follow-ups';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Noon in São Paulo (UTC-3 all year since 2019): far from the quiet hours. */
export const NOON_SP = Date.UTC(2026, 2, 2, 15, 0);

/** A store with one bot, the engine on a clock the test moves, and São Paulo's quiet hours (22:00–08:00). */
export class FollowUpWorld {
  clock = NOON_SP;
  readonly leads: LeadRecords;
  readonly repo: DeliveriesRepository;
  followUps: FollowUps;
  private nextUser = 100;

  private constructor(readonly store: Store) {
    store.db
      .prepare(
        "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'one_bot', 'B', 'x', 'y', '{}', 0, 0)",
      )
      .run();
    writeSettings(store.db, { timeZone: 'America/Sao_Paulo', quietHoursStart: 22, quietHoursEnd: 8, followUpMissedWindowHours: 6 });
    this.leads = new LeadRecords(store.db);
    this.repo = new DeliveriesRepository(store.db);
    this.followUps = this.engine();
  }

  static async open(): Promise<FollowUpWorld> {
    return new FollowUpWorld(await openStore({ dataDir: tempDir(), appVersion: APP_VERSION }));
  }

  /** A new engine on the same store, as after a restart. */
  engine(): FollowUps {
    return new FollowUps({ db: this.store.db, logger: silentLogger, now: () => this.clock });
  }

  step(text: string, delay: FollowUpDelay, condition: FollowUpCondition = 'any'): number {
    const sequence = this.followUps.saveStep(1, undefined, { delay, condition, message: campaignMessageSchema.parse({ text }), enabled: true }, 20);
    return sequence.steps.at(-1)!.id;
  }

  /** A lead of the bot, welcomed at `at` (now unless given). */
  lead(at = this.clock): number {
    this.nextUser += 1;
    const id = this.leads.insert(
      { botId: 1, userId: this.nextUser, chatId: this.nextUser, username: null, firstName: 'Ana', lastName: null, languageCode: 'pt-br', source: null, invalid: null },
      at,
    );
    this.leads.welcomed(id, at);
    return id;
  }

  at(time: number): void {
    this.clock = time;
    this.followUps.tick();
  }

  /** What the sender does: claims each due row (with a 24-hour cap) and records it sent; returns the texts sent, with their leads. */
  send(): { leadId: number; text: string }[] {
    const sent: { leadId: number; text: string }[] = [];
    for (const row of this.repo.due(1, this.clock, 1000)) {
      if (!this.repo.claim(row.id, this.clock, 24 * HOUR)) continue;
      this.repo.finishSent(row, row.id + 1000, this.clock);
      sent.push({ leadId: row.leadId, text: String((JSON.parse(row.content ?? '{}') as { text?: string }).text) });
    }
    return sent;
  }

  /** The follow-up deliveries, in order. */
  followUpRows(): { lead_id: number; follow_up_step_id: number; status: string; lane: number; kind: string }[] {
    return this.store.db
      .prepare<[], { lead_id: number; follow_up_step_id: number; status: string; lane: number; kind: string }>(
        'SELECT lead_id, follow_up_step_id, status, lane, kind FROM deliveries WHERE follow_up_step_id IS NOT NULL ORDER BY id',
      )
      .all();
  }

  skipEvents(leadId: number): unknown[] {
    return this.store.db
      .prepare<[number], { detail: string }>("SELECT detail FROM lead_events WHERE lead_id = ? AND kind = 'follow_up_skipped' ORDER BY id")
      .all(leadId)
      .map((row) => JSON.parse(row.detail) as unknown);
  }

  figures(stepId: number): ReturnType<FollowUps['get']>['steps'][number]['figures'] {
    return this.followUps.get(1).steps.find((step) => step.id === stepId)!.figures;
  }

  close(): void {
    this.followUps.stop();
    this.store.close();
  }
}
