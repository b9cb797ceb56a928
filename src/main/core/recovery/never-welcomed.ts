/**
 * The one definition of a lead who never received a welcome and is still owed one: active
 * (not archived), never welcomed, not converted. As a SQL condition on `leads l`, term for
 * term the condition of the partial index `leads_never_welcomed` (migration 009), so
 * queries may read that index. The loss report counts these leads (a lead who blocked the
 * bot among them, with that reason); a recovery job messages the ones it can reach.
 */
export const NEVER_WELCOMED_SQL = "l.archived = 0 AND l.welcomed_at IS NULL AND l.status != 'converted'";

/** Of the never-welcomed, those a message can reach: not blocking the bot (Telegram would refuse it). */
export const MESSAGEABLE_NEVER_WELCOMED_SQL = `${NEVER_WELCOMED_SQL} AND l.status != 'blocked'`;
