import { Api } from 'grammy';
import type { SecretStore } from '../secrets/secret-store';
import type { BotRecord } from './bot-records';

/**
 * A bot's Bot API client from its stored (sealed) token, whether or not the bot runs: for the
 * one-off calls the operator makes (a test send, a refund, a reconciliation).
 */
export function storedBotApi(record: Pick<BotRecord, 'tokenSealed'>, secrets: SecretStore, apiRoot: string): Api {
  return new Api(secrets.unseal(record.tokenSealed), { apiRoot });
}
