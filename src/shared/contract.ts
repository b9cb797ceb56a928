import { says, saysText } from './i18n/problems';
import { z } from 'zod';
import type { CallName, CallResult } from './calls';
import type { PushedEvent } from './events';
import {
  addChannelSchema,
  alertLogEntrySchema,
  alertLogQuerySchema,
  channelTestResultSchema,
  channelViewSchema,
  incidentDetailSchema,
  incidentQuerySchema,
  incidentSchema,
  updateChannelSchema,
} from './alerts';
import { botSummarySchema } from './bot-summary';
import {
  audienceCountSchema,
  audienceFilterSchema,
  campaignIdRequestSchema,
  campaignReportRequestSchema,
  campaignReportSchema,
  campaignSchema,
  createCampaignRequestSchema,
  scheduleCampaignRequestSchema,
  sendTestCampaignRequestSchema,
} from './campaigns';
import { dashboardFiguresSchema, dashboardRequestSchema } from './dashboard';
import {
  enrollExistingLeadsRequestSchema,
  enrollResultSchema,
  followUpSequenceSchema,
  followUpStepRefSchema,
  moveFollowUpStepRequestSchema,
  saveFollowUpStepRequestSchema,
  setFollowUpsEnabledRequestSchema,
} from './follow-ups';
import { exportResultSchema } from './export';
import { leadCountsSchema, leadDetailSchema, leadFilterSchema, leadPageRequestSchema, leadPageSchema, leadRowSchema, markConvertedSchema, setLeadOptOutSchema } from './leads';
import { MEDIA_CHUNK_BASE64_CHARS, MEDIA_CHUNK_BYTES, mediaFileNameProblem } from './media';
import { listProductsRequestSchema, productIdRequestSchema, productSchema, saveProductRequestSchema } from './products';
import { incidentLossSchema, recoveryOverviewRequestSchema, recoveryOverviewSchema } from './recovery';
import { operatorChatSchema, operatorCodeSchema } from './operator-chat';
import { recoveryJobDetailRequestSchema, recoveryJobDetailSchema, recoveryJobSchema, recoveryMessageSchema, recoveryPreviewSchema, recoveryScopeSchema } from './recovery-jobs';
import { salesFunnelRequestSchema, salesFunnelSchema } from './sales-funnel';
import { settingsSchema, settingsViewSchema } from './settings';
import { pixGatewayCredentialsSchema, pixGatewayTestResultSchema, pixGatewayViewSchema, setPixGatewaySchema } from './pix-gateway';
import { storeReportSchema } from './store-report';
import { backupInfoSchema, storeStatusSchema } from './store-status';
import { backupStatusSchema } from './backup-status';
import { welcomeSchema } from './welcome';
import { leadPaymentSchema, refundPaymentRequestSchema, starsReconciliationResultSchema } from './payments';

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  /** Unexpected errors the process caught and survived since it started (0 on a healthy run). */
  faults: z.number().int().nonnegative(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const noInput = z.undefined();
const botId = z.number().int().positive();
const token = z.string().min(1, says('validation.bot.tokenMissing')).max(200, says('validation.bot.tokenTooLong'));
const botRef = z.strictObject({ botId });
const channelRef = z.strictObject({ channelId: z.number().int().positive() });
const recoveryJobRef = z.strictObject({ jobId: z.number().int().positive() });
const mediaFileName = z.string().superRefine((name, ctx) => {
  const problem = mediaFileNameProblem(name);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: saysText(problem) });
});
const mediaChunk = z
  .string()
  .max(MEDIA_CHUNK_BASE64_CHARS, says('validation.media.chunkTooBig', { max: MEDIA_CHUNK_BYTES }))
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, says('validation.media.chunkNotBase64'));

/** Every call: its input schema (checked by the host before the handler runs) and its output. */
export const contract = {
  getAppInfo: { input: noInput, output: appInfoSchema },
  getStoreStatus: { input: noInput, output: storeStatusSchema },
  getStoreReport: { input: noInput, output: storeReportSchema },
  backupNow: { input: noInput, output: backupInfoSchema },
  /** The backup schedule: the last good backup, the last attempt, the next due time, the second folder. */
  getBackupStatus: { input: noInput, output: backupStatusSchema },
  restoreBackup: { input: z.strictObject({ name: z.string().regex(/^botdeck-[\w-]+\.db$/, says('validation.backup.choose')) }), output: storeStatusSchema },
  /** Backs up, repairs the schema from the app's own, verifies it and reopens the store so the bots start. */
  repairStore: { input: noInput, output: z.object({ backup: backupInfoSchema.nullable(), actions: z.array(z.string()), status: storeStatusSchema }) },
  getSettings: { input: noInput, output: settingsViewSchema },
  /** A new Bot API address is saved only with `confirmApiRootChange: true` (it receives every token). */
  updateSettings: {
    input: settingsSchema
      .partial()
      .extend({ confirmApiRootChange: z.literal(true).optional() })
      .strict(),
    output: settingsViewSchema,
  },
  listBots: { input: noInput, output: z.array(botSummarySchema) },
  addBot: { input: z.strictObject({ token }), output: botSummarySchema },
  replaceBotToken: { input: z.strictObject({ botId, token }), output: botSummarySchema },
  removeBot: { input: botRef, output: z.object({ removed: z.literal(true) }) },
  startBot: { input: botRef, output: botSummarySchema },
  stopBot: { input: botRef, output: botSummarySchema },
  restartBot: { input: botRef, output: botSummarySchema },
  setWelcome: { input: z.strictObject({ botId, welcome: welcomeSchema }), output: botSummarySchema },
  setSendRate: { input: z.strictObject({ botId, rate: z.number().int().min(1).max(30) }), output: botSummarySchema },
  sendTestWelcome: { input: z.strictObject({ botId, chatId: z.number().int() }), output: z.object({ messageId: z.number().int() }) },
  /** A one-time code (and the bot's t.me link carrying it): the /start with it tells the engine the operator's chat. */
  requestOperatorCode: { input: botRef, output: operatorCodeSchema },
  /** The operator's chat as last learned from such a /start; null before. */
  getOperatorChat: { input: noInput, output: operatorChatSchema.nullable() },
  /**
   * The desktop's file chooser for the welcome's media: the picked file is copied into the
   * media folder and named by `name` (null when cancelled, and always in headless mode).
   */
  pickMediaFile: { input: noInput, output: z.object({ name: z.string().nullable() }) },
  /** Starts uploading a media file (headless console); its bytes follow in chunks. */
  beginMediaUpload: {
    input: z.strictObject({ fileName: mediaFileName, size: z.number().int().positive(says('validation.media.fileEmpty')) }),
    output: z.object({ uploadId: z.string() }),
  },
  /** One chunk at `offset`; the answer names the media file once the last byte arrived. */
  uploadMediaChunk: {
    input: z.strictObject({
      uploadId: z.string().regex(/^[0-9a-f]{32}$/, says('validation.media.uploadUnknown')),
      offset: z.number().int().nonnegative(),
      contentBase64: mediaChunk,
    }),
    output: z.object({ received: z.number().int(), fileName: z.string().nullable() }),
  },
  queryLeads: { input: leadPageRequestSchema, output: leadPageSchema },
  leadCounts: { input: leadFilterSchema, output: leadCountsSchema },
  getLead: { input: z.strictObject({ leadId: z.number().int().positive() }), output: leadDetailSchema },
  markConverted: { input: markConvertedSchema, output: leadRowSchema },
  /** The operator opts a lead out of campaigns or back in (the undo of a press or a /stop). */
  setLeadOptOut: { input: setLeadOptOutSchema, output: leadRowSchema },
  exportLeads: { input: z.strictObject({ filter: leadFilterSchema }), output: exportResultSchema },
  dashboardFigures: { input: dashboardRequestSchema, output: dashboardFiguresSchema },
  listAlertChannels: { input: noInput, output: z.array(channelViewSchema) },
  addAlertChannel: { input: addChannelSchema, output: channelViewSchema },
  updateAlertChannel: { input: updateChannelSchema, output: channelViewSchema },
  removeAlertChannel: { input: channelRef, output: z.object({ removed: z.literal(true) }) },
  /** Sends a test through the channel now (heartbeat: one ping) and waits for the answer. */
  testAlertChannel: { input: channelRef, output: channelTestResultSchema },
  listIncidents: { input: incidentQuerySchema, output: z.array(incidentSchema) },
  getIncident: { input: z.strictObject({ incidentId: z.number().int().positive() }), output: incidentDetailSchema },
  listAlertLog: { input: alertLogQuerySchema, output: z.array(alertLogEntrySchema) },
  /** Every active lead in scope who never got a welcome, with why, by bot, incident and age, and what they cost. */
  getRecoveryOverview: { input: recoveryOverviewRequestSchema, output: recoveryOverviewSchema },
  /** One incident's /starts and what became of them, with the part Telegram may have dropped (over 24 h). */
  getIncidentLoss: { input: z.strictObject({ incidentId: z.number().int().positive() }), output: incidentLossSchema },
  /** The exact count a recovery on this scope would message, and who it leaves out and why. */
  previewRecovery: { input: z.strictObject({ scope: recoveryScopeSchema }), output: recoveryPreviewSchema },
  /** Refuses a scope with nobody to recover (RECOVERY_NOTHING_TO_RECOVER): nothing starts. */
  startRecovery: {
    input: z.strictObject({
      scope: recoveryScopeSchema,
      message: recoveryMessageSchema,
      /** Also send the job's result to the configured alert channels (the desktop notification shows it anyway). */
      announce: z.boolean().default(false),
    }),
    output: recoveryJobSchema,
  },
  pauseRecovery: { input: recoveryJobRef, output: recoveryJobSchema },
  resumeRecovery: { input: recoveryJobRef, output: recoveryJobSchema },
  cancelRecovery: { input: recoveryJobRef, output: recoveryJobSchema },
  listRecoveryJobs: { input: noInput, output: z.array(recoveryJobSchema) },
  getRecoveryJob: { input: recoveryJobDetailRequestSchema, output: recoveryJobDetailSchema },
  /** The job's per-lead report as CSV in the exports folder; an unknown job is RECOVERY_JOB_NOT_FOUND. */
  exportRecoveryReport: { input: recoveryJobRef, output: exportResultSchema },
  /** The exact number of leads a campaign's audience reaches now. */
  countAudience: { input: z.strictObject({ audience: audienceFilterSchema }), output: audienceCountSchema },
  /** Saves a draft: nothing is sent until it is started or scheduled. */
  createCampaign: { input: createCampaignRequestSchema, output: campaignSchema },
  /** Freezes the audience and runs; an audience with nobody is CAMPAIGN_AUDIENCE_EMPTY and nothing starts. */
  startCampaign: { input: campaignIdRequestSchema, output: campaignSchema },
  /** Starts a draft (or moves a scheduled campaign) at a later time. */
  scheduleCampaign: { input: scheduleCampaignRequestSchema, output: campaignSchema },
  pauseCampaign: { input: campaignIdRequestSchema, output: campaignSchema },
  resumeCampaign: { input: campaignIdRequestSchema, output: campaignSchema },
  /** Rows not taken yet fail as cancelled; a draft or scheduled campaign just ends. */
  cancelCampaign: { input: campaignIdRequestSchema, output: campaignSchema },
  listCampaigns: { input: noInput, output: z.array(campaignSchema) },
  getCampaign: { input: campaignIdRequestSchema, output: campaignSchema },
  /** A page (at most 100) of the campaign's per-lead report, in the order its audience was frozen, and its total. */
  campaignReport: { input: campaignReportRequestSchema, output: campaignReportSchema },
  /** The campaign's per-lead report as CSV in the exports folder; an unknown campaign is CAMPAIGN_NOT_FOUND. */
  exportCampaignReport: { input: campaignIdRequestSchema, output: exportResultSchema },
  /** Sends the message (with its opt-out button) to the operator's chat through the bot; no lead or delivery records it. */
  sendTestCampaign: { input: sendTestCampaignRequestSchema, output: z.object({ messageId: z.number().int() }) },
  /** The bot's follow-up sequence, each step with its figures; a bot without one has no steps. */
  listFollowUps: { input: botRef, output: followUpSequenceSchema },
  /** Adds a step at the end (the first one creates the sequence, on) or changes one; a step of another bot is FOLLOW_UP_STEP_NOT_FOUND. */
  saveFollowUpStep: { input: saveFollowUpStepRequestSchema, output: followUpSequenceSchema },
  /** The step stops; leads it already reached keep their figures. */
  removeFollowUpStep: { input: followUpStepRefSchema, output: followUpSequenceSchema },
  moveFollowUpStep: { input: moveFollowUpStepRequestSchema, output: followUpSequenceSchema },
  /** Turned back on, it enrolls the leads welcomed from then on; before a first step it is FOLLOW_UP_SEQUENCE_EMPTY. */
  setFollowUpsEnabled: { input: setFollowUpsEnabledRequestSchema, output: followUpSequenceSchema },
  /** Enrolls the bot's leads welcomed since `since` (not converted, blocked or opted out); their delays count from now. */
  enrollExistingLeads: { input: enrollExistingLeadsRequestSchema, output: enrollResultSchema },
  /** The products on sale (a removed one is not listed), of one bot or of all, each with its paid sales per rail. */
  listProducts: { input: listProductsRequestSchema, output: z.array(productSchema) },
  /** Creates a product (`productId` null) or changes one; the bot must exist and a media file must be in the media folder. */
  saveProduct: { input: saveProductRequestSchema, output: productSchema },
  /** The product is no longer offered; its sales stay, and its buttons in messages already sent answer that it is gone. */
  removeProduct: { input: productIdRequestSchema, output: z.object({ removed: z.literal(true) }) },
  /** Gives a Stars payment back through the bot (running or not); Telegram refusing changes nothing (REFUND_REFUSED). */
  refundPayment: { input: refundPaymentRequestSchema, output: leadPaymentSchema },
  /** Checks the bot's Star transactions against the store: payments it lacks are recorded (and delivered), refunds marked. */
  reconcileStars: { input: botRef, output: starsReconciliationResultSchema },
  /** The connected PIX gateway (its token only as a hint), or null. */
  getPixGateway: { input: noInput, output: pixGatewayViewSchema.nullable() },
  /** Saved only once the gateway accepts the token: a refused one is PIX_CREDENTIALS_REFUSED and nothing changes. */
  setPixGateway: { input: setPixGatewaySchema, output: pixGatewayViewSchema },
  /** Open charges are no longer asked about until a gateway is connected again. */
  removePixGateway: { input: noInput, output: z.object({ removed: z.boolean() }) },
  /** Tests the credentials typed in, or the stored ones when none are given; charges nobody. */
  testPixGateway: { input: pixGatewayCredentialsSchema.optional(), output: pixGatewayTestResultSchema },
  /** Starts, welcomed, clicked, checkout, paid and revenue over a period, in total and per bot and /start source. */
  salesFunnel: { input: salesFunnelRequestSchema, output: salesFunnelSchema },
} as const satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

/** A call's arguments: its input, which may be left out when the call takes none (or none is needed). */
export type CallArgs<N extends CallName> = undefined extends CallInput<N> ? [input?: CallInput<N>] : [input: CallInput<N>];

/** A call's input as its handler receives it: parsed by the input schema (its defaults filled in). */
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;

/** What the host implements: one handler per call. */
export type Handlers = { [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>> | CallOutput<N> };

/** One function per call, returning a result envelope. */
export type BridgeCalls = { [N in CallName]: (...args: CallArgs<N>) => Promise<CallResult<CallOutput<N>>> };

/**
 * What the preload exposes as `window.botdeck`: one function per call, returning a result
 * envelope, and `onEvent` for the events the engine pushes.
 */
export type BridgeApi = BridgeCalls & {
  onEvent(listener: (event: PushedEvent) => void): () => void;
};

const outputSchemas: { readonly [N in CallName]: { readonly output: z.ZodType<CallOutput<N>> } } = contract;

/** A call's output schema, typed by its name (for a caller that checks the answers it receives). */
export function outputSchema<N extends CallName>(name: N): z.ZodType<CallOutput<N>> {
  return outputSchemas[name].output;
}

const inputSchemas: { readonly [N in CallName]: { readonly input: z.ZodType<ParsedInput<N>> } } = contract;

/** A call's input schema, typed by its name (for the host that checks what it is sent). */
export function inputSchema<N extends CallName>(name: N): z.ZodType<ParsedInput<N>> {
  return inputSchemas[name].input;
}
