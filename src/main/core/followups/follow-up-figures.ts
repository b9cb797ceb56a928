import type { Database, Statement } from 'better-sqlite3';
import { followUpSkipReasons, type FollowUpSkipReason, type FollowUpStepFigures } from '../../../shared/follow-ups';
import { SKIPPED_PREFIX } from '../leads/delivery-rules';

/** A send's skip reason: passed over when due, or its delivery skipped at claim time (the lead left after it was queued). */
const SKIP = `coalesce(s.skipped, CASE WHEN d.error LIKE '${SKIPPED_PREFIX}%' THEN substr(d.error, ${SKIPPED_PREFIX.length + 1}) END)`;

const skippedColumns = followUpSkipReasons.map((reason) => `count(*) FILTER (WHERE ${SKIP} = '${reason}') AS skipped_${reason}`).join(',\n  ');

/** Each step of a bot with any send, from its sends and their deliveries. */
const FIGURES_SQL = `SELECT s.step_id,
  count(*) AS entered,
  count(*) FILTER (WHERE d.status = 'sent') AS sent,
  count(*) FILTER (WHERE d.status IN ('pending', 'sending', 'held')) AS waiting,
  count(*) FILTER (WHERE d.status IN ('failed', 'blocked') AND ${SKIP} IS NULL) AS failed,
  ${skippedColumns},
  count(*) FILTER (WHERE d.clicked_at IS NOT NULL) AS clicked,
  count(*) FILTER (WHERE d.status = 'sent' AND l.converted_at >= d.sent_at) AS converted
FROM follow_up_steps st JOIN follow_up_sends s ON s.step_id = st.id
  LEFT JOIN deliveries d ON d.id = s.delivery_id JOIN leads l ON l.id = s.lead_id
WHERE st.bot_id = ? GROUP BY s.step_id`;

type FiguresRow = { step_id: number; entered: number; sent: number; waiting: number; failed: number; clicked: number; converted: number } & Record<
  `skipped_${FollowUpSkipReason}`,
  number
>;

const none: FollowUpStepFigures = {
  entered: 0,
  sent: 0,
  waiting: 0,
  failed: 0,
  skipped: { converted: 0, blocked: 0, opted_out: 0, archived: 0, missed: 0, condition: 0 },
  clicked: 0,
  converted: 0,
};

/** Per step: entered (leads it came due for), sent, waiting, failed, skipped by reason, clicked, converted after it. */
export class FollowUpFigures {
  private readonly figures: Statement<[number], FiguresRow>;

  constructor(db: Database) {
    this.figures = db.prepare(FIGURES_SQL);
  }

  ofBot(botId: number): Map<number, FollowUpStepFigures> {
    const byStep = new Map<number, FollowUpStepFigures>();
    for (const row of this.figures.all(botId)) {
      const skipped = { ...none.skipped };
      for (const reason of followUpSkipReasons) skipped[reason] = row[`skipped_${reason}`];
      byStep.set(row.step_id, { entered: row.entered, sent: row.sent, waiting: row.waiting, failed: row.failed, skipped, clicked: row.clicked, converted: row.converted });
    }
    return byStep;
  }
}

export function noFigures(): FollowUpStepFigures {
  return { ...none, skipped: { ...none.skipped } };
}
