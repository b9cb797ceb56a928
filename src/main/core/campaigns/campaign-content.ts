import { OPT_OUT_CALLBACK_DATA, optOutButtonLabels, type CampaignMessage } from '../../../shared/campaigns';
import type { AlertLocale } from '../alerts/alert-text';
import type { MessageContent } from '../bots/send-content';

/**
 * What each lead of a campaign receives: the operator's message and, when the opt-out button
 * is on, a last row with Botdeck's "stop receiving offers" button in the operator's language.
 */
export function campaignContent(message: CampaignMessage, locale: AlertLocale): MessageContent {
  const { text, media, buttons } = message;
  if (!message.optOutButton) return { text, media, buttons };
  return { text, media, buttons: [...buttons, [{ kind: 'offer', text: optOutButtonLabels[locale], data: OPT_OUT_CALLBACK_DATA }]] };
}
