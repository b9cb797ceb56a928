/**
 * The callback data of the "stop receiving offers" button. Reserved: a press carrying it
 * opts the lead out of every campaign and is not counted as an offer click.
 */
export const OPT_OUT_CALLBACK_DATA = 'botdeck:stop';

/** How a lead left the campaigns: the button, the /stop command, or the operator. */
export const optOutWays = ['button', 'command', 'operator'] as const;
export type OptOutWay = (typeof optOutWays)[number];
