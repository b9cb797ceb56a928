import type { Database, Statement } from 'better-sqlite3';
import type { PixGatewayKind, PixGatewayView } from '../../../shared/pix-gateway';
import type { SealedValue, SecretStore } from '../secrets/secret-store';
import type { PixGatewayConfig } from './gateways/create-pix-gateway';

interface GatewayRow {
  kind: PixGatewayKind;
  base_url: string;
  credentials_sealed: string;
  hint: string;
  expiry_minutes: number;
  updated_at: number;
}

/** The connected gateway, opened for use. */
export interface StoredPixGateway extends PixGatewayConfig {
  readonly expiryMinutes: number;
  /** Changes whenever the operator saves: a cached adapter is rebuilt. */
  readonly updatedAt: number;
}

/** What the console may show of an access token: its last four characters. */
export function tokenHint(token: string): string {
  return `…${token.slice(-4)}`;
}

/**
 * The pix_gateway table's only writer: the one gateway the operator connected, its access
 * token sealed with the secret store like a bot's token; only a hint of it ever leaves.
 */
export class PixGatewayRecords {
  private readonly s: {
    readonly get: Statement<[], GatewayRow>;
    readonly save: Statement<{ kind: PixGatewayKind; baseUrl: string; sealed: string; hint: string; expiry: number; now: number }>;
    readonly remove: Statement<[]>;
    readonly reseal: Statement<[string]>;
  };

  constructor(
    db: Database,
    private readonly secrets: SecretStore,
  ) {
    this.s = {
      get: db.prepare('SELECT kind, base_url, credentials_sealed, hint, expiry_minutes, updated_at FROM pix_gateway WHERE id = 1'),
      save: db.prepare(
        `INSERT INTO pix_gateway (id, kind, base_url, credentials_sealed, hint, expiry_minutes, created_at, updated_at)
         VALUES (1, @kind, @baseUrl, @sealed, @hint, @expiry, @now, @now)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url, credentials_sealed = excluded.credentials_sealed,
           hint = excluded.hint, expiry_minutes = excluded.expiry_minutes, updated_at = excluded.updated_at`,
      ),
      remove: db.prepare('DELETE FROM pix_gateway WHERE id = 1'),
      reseal: db.prepare('UPDATE pix_gateway SET credentials_sealed = ? WHERE id = 1'),
    };
  }

  view(): PixGatewayView | null {
    const row = this.s.get.get();
    return row === undefined ? null : { kind: row.kind, baseUrl: row.base_url, tokenHint: row.hint, expiryMinutes: row.expiry_minutes, updatedAt: row.updated_at };
  }

  /** The gateway with its token opened, or null when none is connected. Throws when the token cannot be opened. */
  stored(): StoredPixGateway | null {
    const row = this.s.get.get();
    if (row === undefined) return null;
    return {
      kind: row.kind,
      baseUrl: row.base_url,
      accessToken: this.secrets.unseal(row.credentials_sealed),
      expiryMinutes: row.expiry_minutes,
      updatedAt: row.updated_at,
    };
  }

  save(config: PixGatewayConfig & { readonly expiryMinutes: number }, now: number): void {
    this.s.save.run({
      kind: config.kind,
      baseUrl: config.baseUrl,
      sealed: this.secrets.seal(config.accessToken),
      hint: tokenHint(config.accessToken),
      expiry: config.expiryMinutes,
      now,
    });
  }

  remove(): boolean {
    return this.s.remove.run().changes > 0;
  }

  /** The sealed token, for sealing again with a better store (one row, id 1). */
  sealedValues(): SealedValue[] {
    const row = this.s.get.get();
    return row === undefined ? [] : [{ id: 1, sealed: row.credentials_sealed }];
  }

  reseal(sealed: string): void {
    this.s.reseal.run(sealed);
  }
}
