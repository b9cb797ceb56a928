import { leadStatuses, type LeadStatus } from '../../../shared/leads';

/**
 * What can happen to a lead. `blocked` is the user blocking the bot (Telegram says so in a
 * my_chat_member update); `refused` is a send answered 403, which never undoes a sale.
 */
export const leadMoves = ['started', 'welcomed', 'clicked', 'blocked', 'refused', 'unblocked', 'converted'] as const;
export type LeadMove = (typeof leadMoves)[number];

/** What a move depends on besides the status: whether a welcome ever reached the lead. */
export interface LeadFacts {
  readonly status: LeadStatus;
  readonly welcomed: boolean;
}

/** Where a lead that stops being blocked goes back to: the furthest step its facts prove. */
function unblockedStatus(facts: LeadFacts): LeadStatus {
  return facts.welcomed ? 'welcomed' : 'new';
}

/**
 * The lead's lifecycle: the status after a move, or null when the move does not change
 * it from here (the status stays; the event is still recorded). Archiving is not a
 * status: an archived lead keeps its status and leaves the active set with a reason.
 */
export function nextStatus(facts: LeadFacts, move: LeadMove): LeadStatus | null {
  const { status } = facts;
  switch (move) {
    case 'started':
    case 'unblocked':
      // A /start from a lead who blocked the bot proves they unblocked it.
      return status === 'blocked' ? unblockedStatus(facts) : null;
    case 'welcomed':
      return status === 'new' || status === 'blocked' ? 'welcomed' : null;
    case 'clicked':
      return status === 'new' || status === 'welcomed' ? 'clicked' : null;
    case 'blocked':
      return status === 'blocked' ? null : 'blocked';
    case 'refused':
      return status === 'blocked' || status === 'converted' ? null : 'blocked';
    case 'converted':
      return status === 'converted' ? null : 'converted';
  }
}

function quoted(status: LeadStatus): string {
  return `'${status}'`;
}

/**
 * The same move as a SQL expression over a leads row (`status`, `welcomed_at`), for the
 * statements that change a lead without reading it first. Built from nextStatus, so the
 * rules are written once.
 */
export function nextStatusSql(move: LeadMove): string {
  const arms: string[] = [];
  for (const status of leadStatuses) {
    const ifWelcomed = nextStatus({ status, welcomed: true }, move) ?? status;
    const ifNot = nextStatus({ status, welcomed: false }, move) ?? status;
    if (ifWelcomed === status && ifNot === status) continue;
    const to = ifWelcomed === ifNot ? quoted(ifWelcomed) : `CASE WHEN welcomed_at IS NULL THEN ${quoted(ifNot)} ELSE ${quoted(ifWelcomed)} END`;
    arms.push(`WHEN ${quoted(status)} THEN ${to}`);
  }
  return arms.length === 0 ? 'status' : `CASE status ${arms.join(' ')} ELSE status END`;
}
