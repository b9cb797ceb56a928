import type { Database, Statement } from 'better-sqlite3';
import {
  audienceFilterSchema,
  campaignMessageSchema,
  type AudienceFilter,
  type Campaign,
  type CampaignMessage,
  type CampaignReport,
  type CampaignStatus,
} from '../../../shared/campaigns';
import { alertLocale } from '../alerts/alert-text';
import type { MessageContent } from '../bots/send-content';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { EventBus } from '../events';
import { CampaignReportReads } from '../leads/campaign-report';
import { DeliveriesRepository } from '../leads/deliveries-repository';
import type { Logger } from '../logger';
import { readSettings } from '../operator-settings';
import { errorText } from '../redact';
import { refuseProductButtons } from '../payments/product-buttons';
import { ProductRecords } from '../payments/product-records';
import { Audience } from './audience';
import { campaignContent } from './campaign-content';
import { CampaignProgressFigures } from './campaign-progress';

interface CampaignRow {
  id: number;
  name: string;
  status: CampaignStatus;
  audience: string;
  message: string;
  scheduled_at: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface CampaignsDeps {
  readonly db: Database;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  /** Tells these bots' senders that rows are waiting, so a campaign's first message does not wait for their next look. */
  readonly wakeSenders: (botIds: Iterable<number>) => void;
  /** How often open campaigns are looked at: due ones start, finished ones end, progress is pushed. */
  readonly tickEveryMs?: number;
}

const COLUMNS = 'id, name, status, audience, message, scheduled_at, created_at, started_at, finished_at';

/**
 * The operator's campaigns: the only writer of campaigns. Starting one freezes its audience
 * into one broadcast delivery per lead (through the deliveries repository, at broadcast
 * priority on each bot's own sender); a lead who arrives later is not added. Rows of a
 * campaign that is not running are neither taken nor claimed (see the repository's JOB_RUNS).
 */
export class Campaigns {
  private readonly deliveries: DeliveriesRepository;
  private readonly audience: Audience;
  private readonly figures: CampaignProgressFigures;
  private readonly reports: CampaignReportReads;
  private readonly products: ProductRecords;
  private readonly s: {
    readonly insert: Statement<[string, string, string, number, number], { id: number }>;
    readonly get: Statement<[number], CampaignRow>;
    readonly list: Statement<[], CampaignRow>;
    readonly open: Statement<[], CampaignRow>;
    readonly due: Statement<[number], { id: number }>;
    readonly started: Statement<[number, number, number, number]>;
    readonly schedule: Statement<[number, number, number]>;
    readonly move: Statement<[CampaignStatus, number, number | null, number, CampaignStatus]>;
  };
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: CampaignsDeps) {
    const { db } = deps;
    this.deliveries = new DeliveriesRepository(db);
    this.audience = new Audience(db);
    this.figures = new CampaignProgressFigures(db, deps.events, deps.now);
    this.reports = new CampaignReportReads(db);
    this.products = new ProductRecords(db);
    this.s = {
      insert: db.prepare("INSERT INTO campaigns (name, status, audience, message, created_at, updated_at) VALUES (?, 'draft', ?, ?, ?, ?) RETURNING id"),
      get: db.prepare(`SELECT ${COLUMNS} FROM campaigns WHERE id = ?`),
      list: db.prepare(`SELECT ${COLUMNS} FROM campaigns ORDER BY id DESC LIMIT 200`),
      open: db.prepare(`SELECT ${COLUMNS} FROM campaigns WHERE status IN ('running', 'paused') ORDER BY id`),
      due: db.prepare("SELECT id FROM campaigns WHERE status = 'scheduled' AND scheduled_at <= ? ORDER BY scheduled_at, id"),
      started: db.prepare("UPDATE campaigns SET status = 'running', recipients = ?, started_at = ?, updated_at = ? WHERE id = ? AND status IN ('draft', 'scheduled')"),
      schedule: db.prepare("UPDATE campaigns SET status = 'scheduled', scheduled_at = ?, updated_at = ? WHERE id = ? AND status IN ('draft', 'scheduled')"),
      move: db.prepare('UPDATE campaigns SET status = ?, updated_at = ?, finished_at = ? WHERE id = ? AND status = ?'),
    };
  }

  /** Starts the look at open campaigns a few times a second (so progress is pushed at most 4 times a second). */
  start(): void {
    this.timer ??= setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        // A locked or failing store this time: the next look tries again; nothing is lost.
        this.deps.logger.error({ error: errorText(error) }, 'looking at the campaigns failed');
      }
    }, this.deps.tickEveryMs ?? 250);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** The exact number of leads the filter reaches now. */
  count(filter: AudienceFilter): number {
    return this.audience.count(filter, this.deps.now());
  }

  create(name: string, audience: AudienceFilter, message: CampaignMessage): Campaign {
    refuseProductButtons(this.products, audience.bots, message.buttons, 'message');
    const now = this.deps.now();
    const id = this.s.insert.get(name, JSON.stringify(audience), JSON.stringify(message), now, now)?.id;
    if (id === undefined) throw new BotdeckError('INTERNAL', text('internal.campaignNotSaved', {}));
    return this.get(id);
  }

  /**
   * Freezes the audience as it is now into one broadcast row per lead, per bot, in one
   * transaction, and runs the campaign. An audience with nobody starts nothing.
   */
  startNow(campaignId: number): Campaign {
    const now = this.deps.now();
    const bots = this.deps.db
      .transaction(() => {
        const row = this.row(campaignId);
        if (row.status !== 'draft' && row.status !== 'scheduled') throw wrongStatus(row, 'started');
        const { audience, message } = this.parsed(row);
        const byBot = this.audience.leadIds(audience, now);
        if (byBot.size === 0) {
          throw new BotdeckError('CAMPAIGN_AUDIENCE_EMPTY', text('campaign.audienceEmpty', { name: row.name }));
        }
        const content = this.content(message);
        let recipients = 0;
        for (const [botId, leadIds] of byBot) recipients += this.deliveries.enqueue({ botId, kind: 'broadcast', leadIds, content, campaignId }, now).length;
        this.s.started.run(recipients, now, now, campaignId);
        return byBot.keys();
      })
      .immediate();
    this.deps.wakeSenders(bots);
    return this.pushNow(campaignId);
  }

  /** Starts at `at` (by the tick, once due); a scheduled campaign may be moved to another time. */
  schedule(campaignId: number, at: number): Campaign {
    const row = this.row(campaignId);
    if (row.status !== 'draft' && row.status !== 'scheduled') throw wrongStatus(row, 'scheduled');
    const now = this.deps.now();
    if (at <= now) throw new BotdeckError('BAD_INPUT', text('input.scheduledPast', {}));
    this.s.schedule.run(at, now, campaignId);
    return this.get(campaignId);
  }

  pause(campaignId: number): Campaign {
    return this.move(campaignId, 'running', 'paused');
  }

  resume(campaignId: number): Campaign {
    return this.move(campaignId, 'paused', 'running');
  }

  /** Rows not taken yet fail as cancelled (each with an event on its lead); a send already under way finishes. */
  cancel(campaignId: number): Campaign {
    const row = this.row(campaignId);
    if (row.status === 'done' || row.status === 'cancelled') throw wrongStatus(row, 'cancelled');
    const now = this.deps.now();
    this.deps.db
      .transaction(() => {
        this.s.move.run('cancelled', now, now, campaignId, row.status);
        this.deliveries.cancelCampaign(campaignId, now);
      })
      .immediate();
    return this.pushNow(campaignId);
  }

  list(): Campaign[] {
    return this.s.list.all().map((row) => this.toCampaign(row));
  }

  get(campaignId: number): Campaign {
    return this.toCampaign(this.row(campaignId));
  }

  /** What a lead would receive of this message now (the opt-out button in the operator's language): for a test send. */
  content(message: CampaignMessage): MessageContent {
    return campaignContent(message, alertLocale(readSettings(this.deps.db).language));
  }

  /** A page of the campaign's per-lead report, in the order its audience was frozen, and how many leads it holds. */
  report(campaignId: number, offset: number, limit: number): CampaignReport {
    this.row(campaignId);
    return this.reports.page(campaignId, offset, limit);
  }

  /** Starts the scheduled campaigns now due, ends the running ones with nothing open, pushes the others' progress. */
  tick(): void {
    const now = this.deps.now();
    for (const { id } of this.s.due.all(now)) this.startDue(id);
    for (const row of this.s.open.all()) {
      const progress = this.figures.of(row.id, row.status);
      if (row.status === 'running' && progress.remaining === 0) {
        if (this.s.move.run('done', now, now, row.id, 'running').changes === 1) this.pushNow(row.id);
      } else {
        this.figures.push(progress);
      }
    }
  }

  private startDue(campaignId: number): void {
    try {
      this.startNow(campaignId);
    } catch (error) {
      if (!(error instanceof BotdeckError) || error.code !== 'CAMPAIGN_AUDIENCE_EMPTY') throw error;
      // Nobody to reach at its time: it ends at once, reached nobody, instead of being tried at every tick.
      const now = this.deps.now();
      this.deps.db.transaction(() => {
        this.s.started.run(0, now, now, campaignId);
        this.s.move.run('done', now, now, campaignId, 'running');
      })();
      this.deps.logger.warn({ campaignId }, 'a scheduled campaign reached nobody when it was due');
      this.pushNow(campaignId);
    }
  }

  private move(campaignId: number, from: CampaignStatus, to: CampaignStatus): Campaign {
    const row = this.row(campaignId);
    if (row.status === to) return this.toCampaign(row);
    if (row.status !== from) throw wrongStatus(row, to === 'paused' ? 'paused' : 'resumed');
    this.s.move.run(to, this.deps.now(), null, campaignId, from);
    if (to === 'running') this.deps.wakeSenders(this.parsed(row).audience.bots);
    return this.pushNow(campaignId);
  }

  private pushNow(campaignId: number): Campaign {
    const campaign = this.get(campaignId);
    this.figures.push(campaign.progress);
    return campaign;
  }

  private row(campaignId: number): CampaignRow {
    const row = this.s.get.get(campaignId);
    if (row === undefined) throw new BotdeckError('CAMPAIGN_NOT_FOUND', text('campaign.notFound', { id: campaignId }));
    return row;
  }

  private parsed(row: CampaignRow): { audience: AudienceFilter; message: CampaignMessage } {
    let audienceJson: unknown;
    let messageJson: unknown;
    try {
      audienceJson = JSON.parse(row.audience);
      messageJson = JSON.parse(row.message);
    } catch {
      throw new BotdeckError('INTERNAL', text('internal.campaignDamagedJson', { id: row.id }));
    }
    const audience = audienceFilterSchema.safeParse(audienceJson);
    const message = campaignMessageSchema.safeParse(messageJson);
    if (!audience.success || !message.success) throw new BotdeckError('INTERNAL', text('internal.campaignDamaged', { id: row.id }));
    return { audience: audience.data, message: message.data };
  }

  private toCampaign(row: CampaignRow): Campaign {
    const { audience, message } = this.parsed(row);
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      audience,
      message,
      scheduledAt: row.scheduled_at,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      progress: this.figures.of(row.id, row.status),
    };
  }
}

function wrongStatus(row: CampaignRow, what: 'started' | 'scheduled' | 'cancelled' | 'paused' | 'resumed'): BotdeckError {
  return new BotdeckError(
    'CAMPAIGN_WRONG_STATUS',
    text('campaign.wrongStatus', { name: row.name, status: text(`campaign.status.${row.status}`, {}), what: text(`campaign.action.${what}`, {}) }),
  );
}
