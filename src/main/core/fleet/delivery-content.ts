import { savedWelcomeSchema } from '../../../shared/welcome';
import type { ContentRequest, ContentResolver, ResolvedContent } from '../bots/content-resolver';
import { prepareContent } from '../bots/send-content';
import { BotdeckError } from '../errors';
import { errorText } from '../../../shared/i18n/error-text';
import { problemsOf } from '../../../shared/i18n/problems';
import { deliveryKindRules } from '../leads/delivery-rules';
import type { WelcomeService } from './welcome-service';

/** A message stored with its delivery (JSON written by Botdeck, still checked: the file could be edited by hand). */
function storedContent(json: string, dataDir: string): ResolvedContent {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = null;
  }
  const parsed = savedWelcomeSchema.safeParse(raw);
  if (!parsed.success) throw new BotdeckError('BAD_INPUT', errorText('input.deliveryDamaged', { problems: problemsOf(parsed.error) }));
  const { text, media, buttons } = parsed.data;
  // A stored message's upload is not remembered: it is sent once to each lead of its own list.
  return { prepared: prepareContent({ text, media, buttons }, dataDir), uploaded: () => undefined };
}

/** A preface (a recovery's apology) in its own paragraph before the welcome's text. */
export function prefacedText(preface: string, welcomeText: string): string {
  return `${preface}\n\n${welcomeText}`;
}

/** A stored preface before the bot's welcome as it is now; the welcome's media and buttons stay. */
function prefacedWelcome(preface: ResolvedContent, welcome: ResolvedContent): ResolvedContent {
  return { prepared: { ...welcome.prepared, text: prefacedText(preface.prepared.text, welcome.prepared.text) }, uploaded: welcome.uploaded };
}

/**
 * What each delivery sends: the content stored with it when its kind carries one (a
 * broadcast), that content followed by the bot's current welcome when it prefaces it (a
 * recovery's apology), otherwise what its kind stands for now (the bot's current welcome).
 */
export function deliveryContent(welcomes: WelcomeService, dataDir: string): ContentResolver {
  return {
    resolve(request: ContentRequest): ResolvedContent {
      if (deliveryKindRules[request.kind].prefacesWelcome && request.content !== null) {
        return prefacedWelcome(storedContent(request.content, dataDir), welcomes.resolve(request.botId));
      }
      if (deliveryKindRules[request.kind].needsContent || request.content !== null) {
        if (request.content === null) throw new BotdeckError('BAD_INPUT', errorText('input.deliveryNoMessage', { kind: request.kind }));
        return storedContent(request.content, dataDir);
      }
      return welcomes.resolve(request.botId);
    },
  };
}
