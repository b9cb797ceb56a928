import type { Database } from 'better-sqlite3';
import { ChannelRecords } from '../alerts/channel-records';
import { BotRecords } from '../bots/bot-records';
import type { Logger } from '../logger';
import { PixGatewayRecords } from '../payments/pix-gateway-records';
import { errorText } from '../redact';
import type { SealedValue, SecretStore } from './secret-store';

interface ResealOutcome {
  readonly resealed: number;
  /** Outdated values that cannot be opened now; they stay exactly as they were. */
  readonly unreadable: number;
}

/**
 * Seals again, with the store in use, each value it calls outdated. A value is replaced
 * only once its new seal has been opened back to the same text; if one does not, this
 * throws, and the caller's transaction puts every value back.
 */
function resealValues(secrets: SecretStore, values: readonly SealedValue[], save: (id: number, sealed: string) => void): ResealOutcome {
  let resealed = 0;
  let unreadable = 0;
  for (const value of values) {
    if (!secrets.outdated(value.sealed)) continue;
    let plain: string;
    try {
      plain = secrets.unseal(value.sealed);
    } catch {
      // Its owner reports it, with the reason, when the value is used.
      unreadable += 1;
      continue;
    }
    const again = secrets.seal(plain);
    if (secrets.unseal(again) !== plain) throw new Error(`a secret sealed again with ${secrets.scheme} does not open to the same value`);
    save(value.id, again);
    resealed += 1;
  }
  return { resealed, unreadable };
}

/**
 * At start, before any bot runs: bot tokens, alert-channel destinations and the PIX gateway's token sealed a way
 * the store in use calls outdated (the keychain, where it has no secret service behind it)
 * move to the current one, each through the table's owner.
 */
export function resealOutdatedSecrets(db: Database, secrets: SecretStore, logger: Logger): void {
  const bots = new BotRecords(db);
  const channels = new ChannelRecords(db, secrets);
  let outcome: ResealOutcome;
  try {
    outcome = db.transaction((): ResealOutcome => {
      const tokens = resealValues(secrets, bots.sealedTokens(), (id, sealed) => {
        bots.resealToken(id, sealed);
      });
      const configs = resealValues(secrets, channels.sealedConfigs(), (id, sealed) => {
        channels.resealConfig(id, sealed);
      });
      const pix = new PixGatewayRecords(db, secrets);
      const gateway = resealValues(secrets, pix.sealedValues(), (_id, sealed) => {
        pix.reseal(sealed);
      });
      return {
        resealed: tokens.resealed + configs.resealed + gateway.resealed,
        unreadable: tokens.unreadable + configs.unreadable + gateway.unreadable,
      };
    })();
  } catch (error) {
    // Rolled back: every value is as it was, and still opens; the next start tries again.
    logger.error({ error: errorText(error) }, 'secrets sealed a weaker way could not be sealed again; they stay as they were');
    return;
  }
  const protection = secrets.protection;
  const how = protection.kind === 'key_file' ? `the key file (${protection.reason}${protection.backend === null ? '' : `, ${protection.backend}`})` : 'the OS keychain';
  if (outcome.resealed > 0) logger.info({ resealed: outcome.resealed, to: how }, 'secrets sealed a weaker way were sealed again');
  if (outcome.unreadable > 0) logger.warn({ unreadable: outcome.unreadable, to: how }, 'some secrets sealed a weaker way cannot be opened now; they are kept as they were');
}
