import type { Database } from 'better-sqlite3';
import type { SecretStore } from '../secrets/secret-store';
import { createPixGateway } from './gateways/create-pix-gateway';
import type { PixGateway } from './gateways/pix-gateway';
import { PixGatewayRecords } from './pix-gateway-records';

export interface ConnectedGateway {
  readonly gateway: PixGateway;
  readonly expiryMinutes: number;
}

/**
 * The gateway the operator connected, as an adapter: rebuilt when the settings change, so a
 * new token or address applies to the next question without restarting anything.
 */
export class ConnectedPixGateway {
  private readonly records: PixGatewayRecords;
  private cached: { readonly updatedAt: number; readonly connected: ConnectedGateway } | null = null;

  constructor(
    db: Database,
    secrets: SecretStore,
    private readonly timeoutMs: number,
  ) {
    this.records = new PixGatewayRecords(db, secrets);
  }

  /** Null when no gateway is connected. Throws when its token cannot be opened. */
  current(): ConnectedGateway | null {
    const view = this.records.view();
    if (view === null) {
      this.cached = null;
      return null;
    }
    if (this.cached?.updatedAt === view.updatedAt) return this.cached.connected;
    const stored = this.records.stored();
    if (stored === null) return null;
    const connected = { gateway: createPixGateway(stored, this.timeoutMs), expiryMinutes: stored.expiryMinutes };
    this.cached = { updatedAt: stored.updatedAt, connected };
    return connected;
  }
}
