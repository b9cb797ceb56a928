import { join } from 'node:path';
import type { Handlers } from '../../../shared/contract';
import { EXPORTS_DIR } from '../../../shared/export';
import { exportCampaignReport } from '../campaigns/campaign-report-export';
import type { Campaigns } from '../campaigns/campaigns';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { Fleet } from '../fleet/fleet';

type CampaignHandlers = Pick<
  Handlers,
  | 'countAudience'
  | 'createCampaign'
  | 'startCampaign'
  | 'scheduleCampaign'
  | 'pauseCampaign'
  | 'resumeCampaign'
  | 'cancelCampaign'
  | 'listCampaigns'
  | 'getCampaign'
  | 'campaignReport'
  | 'exportCampaignReport'
  | 'sendTestCampaign'
>;

/** The fleet sends the test: it is the bots' only way to Telegram. */
function fleetOf(core: Core): Fleet {
  const fleet = core.fleet();
  if (fleet === null) throw new BotdeckError('BOTS_BLOCKED', text('bots.blockedTestSend', { cause: core.botsMayRun()?.text ?? text('bots.databaseClosed', {}) }));
  return fleet;
}

function campaignsOf(core: Core): Campaigns {
  const campaigns = core.campaigns();
  if (campaigns === null) throw new BotdeckError('BOTS_BLOCKED', text('bots.blockedCampaigns', { cause: core.botsMayRun()?.text ?? text('bots.closed', {}) }));
  return campaigns;
}

export function campaignHandlers(core: Core): CampaignHandlers {
  return {
    countAudience: ({ audience }) => ({ leads: campaignsOf(core).count(audience) }),
    createCampaign: ({ name, audience, message }) => campaignsOf(core).create(name, audience, message),
    startCampaign: ({ campaignId }) => campaignsOf(core).startNow(campaignId),
    scheduleCampaign: ({ campaignId, at }) => campaignsOf(core).schedule(campaignId, at),
    pauseCampaign: ({ campaignId }) => campaignsOf(core).pause(campaignId),
    resumeCampaign: ({ campaignId }) => campaignsOf(core).resume(campaignId),
    cancelCampaign: ({ campaignId }) => campaignsOf(core).cancel(campaignId),
    listCampaigns: () => campaignsOf(core).list(),
    getCampaign: ({ campaignId }) => campaignsOf(core).get(campaignId),
    campaignReport: ({ campaignId, offset, limit }) => campaignsOf(core).report(campaignId, offset, limit),
    sendTestCampaign: ({ botId, chatId, message }) => fleetOf(core).sendTestMessage(botId, chatId, campaignsOf(core).content(message)),
    exportCampaignReport: ({ campaignId }) => exportCampaignReport(campaignsOf(core), join(core.dataDir, EXPORTS_DIR), campaignId),
  };
}
