import type { Handlers } from '../../../shared/contract';
import { MAX_FOLLOW_UP_STEPS } from '../../../shared/follow-ups';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { FollowUps } from '../followups/follow-ups';

type FollowUpHandlers = Pick<Handlers, 'listFollowUps' | 'saveFollowUpStep' | 'removeFollowUpStep' | 'moveFollowUpStep' | 'setFollowUpsEnabled' | 'enrollExistingLeads'>;

function followUpsOf(core: Core): FollowUps {
  const followUps = core.followUps();
  if (followUps === null) throw new BotdeckError('BOTS_BLOCKED', text('bots.blockedFollowUps', { cause: core.botsMayRun()?.text ?? text('bots.closed', {}) }));
  return followUps;
}

export function followUpHandlers(core: Core): FollowUpHandlers {
  return {
    listFollowUps: ({ botId }) => followUpsOf(core).get(botId),
    saveFollowUpStep: ({ botId, stepId, delay, condition, message, enabled }) =>
      followUpsOf(core).saveStep(botId, stepId, { delay, condition, message, enabled }, MAX_FOLLOW_UP_STEPS),
    removeFollowUpStep: ({ botId, stepId }) => followUpsOf(core).removeStep(botId, stepId),
    moveFollowUpStep: ({ botId, stepId, direction }) => followUpsOf(core).moveStep(botId, stepId, direction),
    setFollowUpsEnabled: ({ botId, enabled }) => followUpsOf(core).setEnabled(botId, enabled),
    enrollExistingLeads: ({ botId, since }) => ({ enrolled: followUpsOf(core).enrollSince(botId, since) }),
  };
}
