import type { Database } from 'better-sqlite3';
import type { PixGatewayView, SetPixGatewayInput } from '../../../shared/pix-gateway';
import { pixGatewayCredentialsSchema } from '../../../shared/pix-gateway';
import { errorText as text } from '../../../shared/i18n/error-text';
import { BotdeckError } from '../errors';
import type { SecretStore } from '../secrets/secret-store';
import { createPixGateway, defaultBaseUrl, type PixGatewayConfig } from './gateways/create-pix-gateway';
import { PixGatewayRecords } from './pix-gateway-records';

type TypedCredentials = ReturnType<typeof pixGatewayCredentialsSchema.parse>;

/**
 * The operator's PIX gateway, as Settings edits it: saved only once the gateway accepted the
 * token (a refused one is a clear error and nothing is stored), tested on demand, removed.
 */
export class PixGatewaySettings {
  private readonly records: PixGatewayRecords;

  constructor(
    db: Database,
    secrets: SecretStore,
    private readonly now: () => number,
    private readonly timeoutMs: number,
  ) {
    this.records = new PixGatewayRecords(db, secrets);
  }

  get(): PixGatewayView | null {
    return this.records.view();
  }

  async set(input: SetPixGatewayInput): Promise<PixGatewayView> {
    const config = this.config(input);
    await createPixGateway(config, this.timeoutMs).testConnection();
    this.records.save({ ...config, expiryMinutes: input.expiryMinutes }, this.now());
    const saved = this.records.view();
    if (saved === null) throw new Error('the PIX gateway was saved but cannot be read back');
    return saved;
  }

  remove(): { removed: boolean } {
    return { removed: this.records.remove() };
  }

  /** Tests the credentials typed in, or the stored ones without any. */
  async test(typed: TypedCredentials | undefined): Promise<{ ok: true; checkedAt: number }> {
    const config = typed === undefined ? this.records.stored() : this.config(typed);
    if (config === null) throw new BotdeckError('PIX_GATEWAY_NOT_SET', text('pix.gatewayNotSet', {}));
    await createPixGateway(config, this.timeoutMs).testConnection();
    return { ok: true, checkedAt: this.now() };
  }

  private config(typed: TypedCredentials): PixGatewayConfig {
    return { kind: typed.kind, accessToken: typed.accessToken, baseUrl: (typed.baseUrl ?? defaultBaseUrl(typed.kind)).replace(/\/+$/, '') };
  }
}
