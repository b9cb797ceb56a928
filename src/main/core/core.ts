import type { ErrorInfo } from '../../shared/errors';
import type { StoreStatus } from '../../shared/store-status';
import { telegramApiRoot } from './bots/telegram-api-root';
import type { Store, StoreOptions } from './db/store';
import { openStore, refusedStatus } from './db/store';
import { EventBus } from './events';
import { Fleet, type FleetOptions } from './fleet';
import { silentLogger, type Logger } from './logger';
import { keyFileSecretStore } from './secrets/key-file-secret-store';
import type { SecretStore } from './secrets/secret-store';
import { errorText } from './redact';

export interface CoreOptions extends StoreOptions {
  /** Seals bot tokens; defaults to a key file in the data folder. */
  readonly secrets?: (dataDir: string) => SecretStore;
  readonly logger?: Logger;
  /** For the Bot API root (BOTDECK_TELEGRAM_API_ROOT); defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Engine timings; tests shorten them. */
  readonly fleet?: Partial<Omit<FleetOptions, 'apiRoot'>>;
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
  /** null when bots may run; otherwise the error that forbids it. */
  botsMayRun(): ErrorInfo | null;
  close(): Promise<void>;
}

export async function startCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? silentLogger;
  const events = new EventBus((error) => {
    logger.error({ error: errorText(error) }, 'an engine event listener failed');
  });
  let store: Store | null;
  try {
    store = await openStore(options);
  } catch (error) {
    return refusedCore(options, error, events);
  }
  let fleet: Fleet | null = null;
  if (store.status().state === 'ready') {
    const secrets = (options.secrets ?? keyFileSecretStore)(options.dataDir);
    fleet = new Fleet({
      store,
      secrets,
      events,
      logger,
      options: { ...options.fleet, apiRoot: telegramApiRoot(store.db, options.env ?? process.env) },
    });
    fleet.resume();
  }
  const status = (): StoreStatus => store?.status() ?? refusedStatus(options, new Error('The store is closed.'));
  return {
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    events,
    env: options.env ?? process.env,
    storeStatus: status,
    store: () => store,
    fleet: () => fleet,
    botsMayRun: () => {
      const current = status();
      return current.state === 'ready' ? null : current.error;
    },
    close: async () => {
      await fleet?.close();
      fleet = null;
      store?.close();
      store = null;
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
    botsMayRun: () => status.error,
    close: () => Promise.resolve(),
  };
}
