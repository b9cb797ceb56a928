import type { ErrorInfo } from '../../shared/errors';
import { errorText as text } from '../../shared/i18n/error-text';
import type { SecretProtection } from '../../shared/secret-protection';
import type { Settings } from '../../shared/settings';
import type { BackupInfo, StoreStatus } from '../../shared/store-status';
import { BackupSchedule } from './backups/backup-schedule';
import { AlertService, defaultAlertOptions, type AlertOptions } from './alerts/alert-service';
import { IncidentRecords } from './alerts/incident-records';
import { IncidentTracker } from './alerts/incident-tracker';
import { noNotifier, type Notifier } from './alerts/notifier';
import { RefusalAnnouncer } from './alerts/refusal-announcer';
import { defaultProbeOptions } from './bots/bot-probe';
import { defaultHealthOptions } from './bots/health';
import { telegramApiRoot } from './bots/telegram-api-root';
import type { Store, StoreOptions } from './db/store';
import { restoreBackup } from './db/backup';
import { migrations as appMigrations } from './db/migrations';
import { latestVersion } from './db/migrator';
import { repairStore } from './db/repair';
import { openStore, refusedStatus } from './db/store';
import { Campaigns } from './campaigns/campaigns';
import { BotdeckError } from './errors';
import { EventBus } from './events';
import { Fleet } from './fleet/fleet';
import { FollowUps } from './followups/follow-ups';
import { healthFromSettings, type FleetOptions } from './fleet/fleet-options';
import { readSettings } from './operator-settings';
import { MoneyBasisReader } from './payments/money-basis';
import { RecoveryJobs } from './recovery/recovery-jobs';
import { silentLogger, type Logger } from './logger';
import { logDataDirPreparation, preparePrivateDataDir } from './private-data-dir';
import { redactingLogger } from './redacting-logger';
import { keyFileSecretStore } from './secrets/key-file-secret-store';
import { resealOutdatedSecrets } from './secrets/reseal-outdated';
import type { SecretStore } from './secrets/secret-store';
import { errorText } from './redact';
import { telegramWindow } from './telegram-window';

export interface CoreOptions extends StoreOptions {
  /** Seals bot tokens; defaults to a key file in the data folder. */
  readonly secrets?: (dataDir: string) => SecretStore;
  readonly logger?: Logger;
  /** For the Bot API root (BOTDECK_TELEGRAM_API_ROOT); defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Engine timings; tests shorten them. Health timings given here win over the operator's settings. */
  readonly fleet?: Partial<Omit<FleetOptions, 'apiRoot'>>;
  /** How the host shows notifications (Electron's, or the headless console's browser). */
  readonly notifier?: Notifier;
  /** Alert timings; tests shorten them. */
  readonly alerts?: Partial<AlertOptions>;
  /** The backup at quit is waited for at most this long (default 60 s), so quitting never hangs. */
  readonly backupAtQuitTimeoutMs?: number;
}

/**
 * The engine as the hosts (Electron, headless, CLI) see it. Opening never throws for a
 * store problem: a refused or drifted database becomes a status the console explains,
 * and the bots are not started, instead of crashing on their first query.
 */
export interface Core {
  readonly dataDir: string;
  readonly appVersion: string;
  readonly events: EventBus;
  /** The environment the engine was started with (for the Bot API root override). */
  readonly env: NodeJS.ProcessEnv;
  storeStatus(): StoreStatus;
  /** The open store, or null when the file was refused. */
  store(): Store | null;
  /** The bots, or null when the store does not allow them to run. */
  fleet(): Fleet | null;
  /** Alert channels and their history; null with the bots. */
  alerts(): AlertService | null;
  /** Down periods; null with the bots. */
  incidents(): IncidentRecords | null;
  /** The operator's recovery jobs; null with the bots. */
  recovery(): RecoveryJobs | null;
  /** The operator's campaigns; null with the bots. */
  campaigns(): Campaigns | null;
  /** The bots' follow-up sequences; null with the bots. */
  followUps(): FollowUps | null;
  /** Scheduled, checked backups; null with the bots. */
  backups(): BackupSchedule | null;
  /** How secrets are sealed; null until the store is ready (nothing is sealed before). */
  secretProtection(): SecretProtection | null;
  /** null when bots may run; otherwise the error that forbids it. */
  botsMayRun(): ErrorInfo | null;
  /** Replaces the database with a backup and reopens everything; the replaced file is kept. */
  restore(backupName: string): Promise<StoreStatus>;
  /** Repairs a drifted schema after a backup and reopens everything, so the bots start. */
  repair(): Promise<CoreRepairResult>;
  close(): Promise<void>;
}

export interface CoreRepairResult {
  readonly backup: BackupInfo | null;
  readonly actions: readonly string[];
  readonly status: StoreStatus;
}

export async function startCore(options: CoreOptions): Promise<Core> {
  const logger = redactingLogger(options.logger ?? silentLogger);
  const events = new EventBus((error) => {
    logger.error({ error: errorText(error) }, 'an engine event listener failed');
  });
  let store: Store | null = null;
  let fleet: Fleet | null = null;
  let alerts: AlertService | null = null;
  let incidents: IncidentRecords | null = null;
  let recovery: RecoveryJobs | null = null;
  let campaigns: Campaigns | null = null;
  let followUps: FollowUps | null = null;
  let backups: BackupSchedule | null = null;
  let tracker: IncidentTracker | null = null;
  let refused: StoreStatus | null = null;
  let protection: SecretProtection | null = null;
  try {
    logDataDirPreparation(logger, options.dataDir, preparePrivateDataDir(options.dataDir));
  } catch {
    // A folder that cannot be created is the store's to report: opening it fails with the reason.
  }
  const secretsFor = options.secrets ?? keyFileSecretStore;
  const env = options.env ?? process.env;
  const refusal = new RefusalAnnouncer({
    secrets: () => secretsFor(options.dataDir),
    notifier: options.notifier ?? noNotifier,
    logger,
    env,
    attemptTimeoutMs: options.alerts?.attemptTimeoutMs ?? defaultAlertOptions.attemptTimeoutMs,
  });

  const open = async (): Promise<void> => {
    try {
      store = await openStore(options);
      refused = null;
    } catch (error) {
      store = null;
      refused = refusedStatus(options, error);
      return;
    }
    if (store.status().state !== 'ready') {
      refusal.announce(store);
      return;
    }
    const db = store.db;
    const secrets = secretsFor(options.dataDir);
    resealOutdatedSecrets(db, secrets, logger);
    protection = secrets.protection;
    const settings = (): Settings => readSettings(db);
    const apiRoot = telegramApiRoot(db, env);
    const timings = options.fleet?.health === undefined ? healthFromSettings(settings(), { health: defaultHealthOptions, probe: options.fleet?.probe ?? defaultProbeOptions }) : {};
    fleet = new Fleet({ store, dataDir: options.dataDir, secrets, events, logger, options: { ...options.fleet, ...timings, apiRoot } });
    const current = fleet;
    // Incidents price their leads with the measured sales when there are enough (see money-basis.ts).
    const money = new MoneyBasisReader(db);
    incidents = new IncidentRecords(db, () => money.priced(settings(), Date.now()));
    alerts = new AlertService({
      db,
      secrets,
      events,
      logger,
      notifier: options.notifier ?? noNotifier,
      incidents,
      settings,
      telegramApiRoot: () => current.currentApiRoot,
      options: { ...defaultAlertOptions, ...options.alerts },
    });
    tracker = new IncidentTracker({ events, records: incidents, alerts, logger });
    fleet.resume(tracker);
    alerts.start();
    const alertService = alerts;
    recovery = new RecoveryJobs({
      db,
      events,
      logger,
      now: Date.now,
      onEnd: (job) => alertService.recoveryEnded(job),
      runningBots: () => new Set(current.list().flatMap((bot) => (bot.status.state === 'running' || bot.status.state === 'degraded' ? [bot.id] : []))),
    });
    recovery.start();
    campaigns = new Campaigns({ db, events, logger, now: Date.now, wakeSenders: (botIds) => current.wakeSenders(botIds) });
    campaigns.start();
    followUps = new FollowUps({ db, logger, now: Date.now });
    followUps.start();
    backups = new BackupSchedule({ db, dataDir: options.dataDir, nativeBinding: store.nativeBinding, events, logger, settings, alerts: alertService, now: Date.now });
    backups.start();
  };
  const shut = async (): Promise<void> => {
    // The refusal alert reads the store: it must be done before the store closes.
    await refusal.stop();
    backups?.stop();
    backups = null;
    recovery?.stop();
    recovery = null;
    campaigns?.stop();
    campaigns = null;
    followUps?.stop();
    followUps = null;
    await alerts?.close();
    alerts = null;
    await fleet?.close();
    fleet = null;
    tracker?.dispose();
    tracker = null;
    incidents = null;
    store?.close();
    store = null;
  };
  await open();

  const status = (): StoreStatus => {
    if (store === null) return refused ?? refusedStatus(options, new Error('The store is closed.'));
    const current = store.status();
    if (current.state === 'ready') return current;
    return { ...current, telegramWindow: telegramWindow(store.db), refusalAlert: refusal.state() };
  };
  return {
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    events,
    env,
    storeStatus: status,
    store: () => store,
    fleet: () => fleet,
    alerts: () => alerts,
    incidents: () => incidents,
    recovery: () => recovery,
    campaigns: () => campaigns,
    followUps: () => followUps,
    backups: () => backups,
    secretProtection: () => protection,
    botsMayRun: () => {
      const current = status();
      return current.state === 'ready' ? null : current.error;
    },
    restore: async (backupName) => {
      // The bots stop, the file is swapped (the old one kept beside it), and everything
      // opens again through the same guarded path as at start.
      await shut();
      try {
        restoreBackup(options.dataDir, backupName, latestVersion(options.migrations ?? appMigrations), new Date(), options.nativeBinding);
      } finally {
        await open();
      }
      return status();
    },
    repair: async () => {
      // Like a restore: the store closes, the repair runs on its own connection (backup,
      // one transaction, verified), and everything opens again through the guarded path.
      await shut();
      let result: Awaited<ReturnType<typeof repairStore>>;
      try {
        result = await repairStore(options);
      } finally {
        await open();
      }
      return { ...result, status: status() };
    },
    close: async () => {
      // Before anything stops: the backup at quit reads the store while it is still whole.
      await backups?.atQuit(options.backupAtQuitTimeoutMs ?? 60_000);
      await shut();
    },
  };
}

/** A core whose store could not be opened: it explains why and never lets bots run. */
export function refusedCore(options: CoreOptions, error: unknown, events: EventBus = new EventBus()): Core {
  const status = refusedStatus(options, error);
  return {
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    events,
    env: options.env ?? process.env,
    storeStatus: () => status,
    store: () => null,
    fleet: () => null,
    alerts: () => null,
    incidents: () => null,
    recovery: () => null,
    campaigns: () => null,
    followUps: () => null,
    backups: () => null,
    secretProtection: () => null,
    botsMayRun: () => status.error,
    restore: () => Promise.reject(new BotdeckError('STORE_RESTORE_FAILED', text('store.restoreWhileUnopenable', { cause: status.error?.text ?? '' }))),
    repair: () => Promise.reject(new BotdeckError('STORE_REPAIR_REFUSED', text('store.repairWhileUnopenable', { cause: status.error?.text ?? '' }))),
    close: () => Promise.resolve(),
  };
}
