import type { LeadStatus } from '../../../shared/leads';

/**
 * What can happen to a lead. `blocked` is the user blocking the bot (Telegram says so in a
 * my_chat_member update); `refused` is a send answered 403, which never undoes a sale.
 */
export const leadMoves = ['started', 'welcomed', 'clicked', 'blocked', 'refused', 'unblocked', 'converted', 'refunded'] as const;
export type LeadMove = (typeof leadMoves)[number];

/** What a move depends on besides the status: whether a welcome ever reached the lead, and whether they bought. */
export interface LeadFacts {
  readonly status: LeadStatus;
  readonly welcomed: boolean;
  readonly converted: boolean;
}

/**
 * Where a lead that stops being blocked goes back to: the furthest step its facts prove (a
 * customer who blocked the bot and came back is still a customer).
 */
function unblockedStatus(facts: LeadFacts): LeadStatus {
  if (facts.converted) return 'converted';
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
      if (status === 'blocked') return unblockedStatus({ ...facts, welcomed: true });
      return status === 'new' ? 'welcomed' : null;
    case 'clicked':
      return status === 'new' || status === 'welcomed' ? 'clicked' : null;
    case 'blocked':
      return status === 'blocked' ? null : 'blocked';
    case 'refused':
      return status === 'blocked' || status === 'converted' ? null : 'blocked';
    case 'converted':
      return status === 'converted' ? null : 'converted';
    // The last standing payment was refunded (the caller knows; the facts still say converted): back to having pressed the offer.
    case 'refunded':
      return status === 'converted' ? 'clicked' : null;
  }
}
