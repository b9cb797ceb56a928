import type { Database } from 'better-sqlite3';
import type { RefusalAlert, SchemaDifference } from '../../../shared/store-status';
import { telegramApiRoot } from '../bots/telegram-api-root';
import type { Logger } from '../logger';
import { readSettings } from '../operator-settings';
import { errorText } from '../redact';
import type { SecretStore } from '../secrets/secret-store';
import { alertLocale, storeRefusedText, type AlertLocale } from './alert-text';
import { ChannelRecords, type StoredChannel } from './channel-records';
import { channelFor } from './channels';
import type { Notifier } from './notifier';

export interface RefusalAlertDeps {
  readonly db: Database;
  readonly secrets: SecretStore;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  /** The blocking differences: the alert says how many, and whether the channels' own table is among them. */
  readonly differences: readonly SchemaDifference[];
  readonly keptUntil: number | null;
  readonly attemptTimeoutMs: number;
  readonly now: number;
  readonly signal: AbortSignal;
  readonly fetch?: typeof fetch;
}

const CHANNELS_TABLE = 'alert_channels';

function locale(db: Database): AlertLocale {
  try {
    return alertLocale(readSettings(db).language);
  } catch {
    return alertLocale('auto');
  }
}

/**
 * Tells every enabled alert channel, once, that the bots were refused. The alert service
 * is not running on a store that does not match (it writes its history into it), so this
 * only reads: the channels and their sealed destinations. One attempt each, nothing is
 * written to the database; what happened is returned for the problem screen and logged.
 */
export async function sendRefusalAlert(deps: RefusalAlertDeps): Promise<RefusalAlert> {
  const broken = deps.differences.filter((difference) => difference.table === CHANNELS_TABLE && difference.remedy === 'restore');
  if (broken.length > 0) {
    return {
      state: 'unavailable',
      sent: 0,
      failed: 0,
      detail: `The alert channels' own table differs (${broken.map((difference) => difference.message).join(' ')}), so no alert could be sent.`,
    };
  }
  let channels: StoredChannel[];
  let apiRoot: string;
  try {
    channels = new ChannelRecords(deps.db, deps.secrets).list().filter((channel) => channel.view.enabled && channelFor(channel.view.kind).role === 'alerts');
    apiRoot = telegramApiRoot(deps.db, deps.env);
  } catch (error) {
    return { state: 'unavailable', sent: 0, failed: 0, detail: `The alert channels cannot be read (${errorText(error)}), so no alert could be sent.` };
  }
  if (channels.length === 0) return { state: 'done', sent: 0, failed: 0, detail: 'No alert channel is set up.' };
  const message = storeRefusedText(deps.differences.length, deps.keptUntil, { locale: locale(deps.db), now: deps.now });
  const records = new ChannelRecords(deps.db, deps.secrets);
  const outcomes = await Promise.allSettled(
    channels.map(async (channel) => {
      const config = records.config(channel);
      await channelFor(config.kind).deliver(message, config, {
        fetch: deps.fetch ?? fetch,
        signal: AbortSignal.any([deps.signal, AbortSignal.timeout(deps.attemptTimeoutMs)]),
        notifier: deps.notifier,
        telegramApiRoot: apiRoot,
      });
    }),
  );
  const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [`${channels[index]?.view.name ?? ''}: ${errorText(outcome.reason)}`] : []));
  if (failures.length > 0) deps.logger.warn({ failures }, 'the alert that the bots were refused did not reach every channel');
  return { state: 'done', sent: channels.length - failures.length, failed: failures.length, detail: failures.length === 0 ? null : failures.join('; ') };
}
