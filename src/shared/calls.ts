import type { ErrorInfo } from './errors';

/**
 * The names of the calls the console may make, kept free of dependencies so the sandboxed
 * preload can import it without pulling in the schemas.
 */
export const callNames = [
  'getAppInfo',
  'getStoreStatus',
  'getStoreReport',
  'backupNow',
  'getBackupStatus',
  'restoreBackup',
  'repairStore',
  'getSettings',
  'updateSettings',
  'listBots',
  'addBot',
  'replaceBotToken',
  'removeBot',
  'startBot',
  'stopBot',
  'restartBot',
  'setWelcome',
  'setSendRate',
  'sendTestWelcome',
  'requestOperatorCode',
  'getOperatorChat',
  'pickMediaFile',
  'beginMediaUpload',
  'uploadMediaChunk',
  'queryLeads',
  'leadCounts',
  'getLead',
  'markConverted',
  'setLeadOptOut',
  'exportLeads',
  'dashboardFigures',
  'listAlertChannels',
  'addAlertChannel',
  'updateAlertChannel',
  'removeAlertChannel',
  'testAlertChannel',
  'listIncidents',
  'getIncident',
  'listAlertLog',
  'getRecoveryOverview',
  'getIncidentLoss',
  'previewRecovery',
  'startRecovery',
  'pauseRecovery',
  'resumeRecovery',
  'cancelRecovery',
  'listRecoveryJobs',
  'getRecoveryJob',
  'exportRecoveryReport',
  'countAudience',
  'createCampaign',
  'startCampaign',
  'scheduleCampaign',
  'pauseCampaign',
  'resumeCampaign',
  'cancelCampaign',
  'listCampaigns',
  'getCampaign',
  'campaignReport',
  'exportCampaignReport',
  'sendTestCampaign',
  'listFollowUps',
  'saveFollowUpStep',
  'removeFollowUpStep',
  'moveFollowUpStep',
  'setFollowUpsEnabled',
  'enrollExistingLeads',
  'salesFunnel',
] as const;

export type CallName = (typeof callNames)[number];

export function ipcChannel(name: CallName): `botdeck:${CallName}` {
  return `botdeck:${name}`;
}

/** What every call returns across a process boundary: a value, or an error with a code. */
export type CallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };
