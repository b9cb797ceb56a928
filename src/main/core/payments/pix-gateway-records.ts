import type { Database, Statement } from 'better-sqlite3';
import { pixGatewayFailureSchema, type PixGatewayFailure, type PixGatewayKind, type PixGatewayView } from '../../../shared/pix-gateway';
import type { SealedValue, SecretStore } from '../secrets/secret-store';
import type { PixGatewayConfig } from './gateways/create-pix-gateway';

interface GatewayRow {
  kind: PixGatewayKind;
  base_url: string;
  credentials_sealed: string;
  hint: string;
  expiry_minutes: number;
  updated_at: number;
  failed_at: number | null;
  failure_code: string | null;
  failure_text: string | null;
  answered_at: number | null;
}

/** The connected gateway, opened for use. */
export interface StoredPixGateway extends PixGatewayConfig {
  readonly expiryMinutes: number;
  /** Changes whenever the operator saves: a cached adapter is rebuilt. */
  readonly updatedAt: number;
}

/** The stored failure, or null when there is none or it cannot be read (a hand-edited row). */
function failureOf(row: GatewayRow): PixGatewayFailure | null {
  if (row.failed_at === null || row.failure_text === null) return null;
  let text: unknown;
  try {
    text = JSON.parse(row.failure_text);
  } catch {
    return null;
  }
  const parsed = pixGatewayFailureSchema.safeParse({ at: row.failed_at, code: row.failure_code, text });
  return parsed.success ? parsed.data : null;
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
    readonly failed: Statement<{ at: number; code: string; text: string }>;
    readonly answered: Statement<[number]>;
  };

  constructor(
    db: Database,
    private readonly secrets: SecretStore,
  ) {
    this.s = {
      get: db.prepare(
        'SELECT kind, base_url, credentials_sealed, hint, expiry_minutes, updated_at, failed_at, failure_code, failure_text, answered_at FROM pix_gateway WHERE id = 1',
      ),
      save: db.prepare(
        `INSERT INTO pix_gateway (id, kind, base_url, credentials_sealed, hint, expiry_minutes, created_at, updated_at)
         VALUES (1, @kind, @baseUrl, @sealed, @hint, @expiry, @now, @now)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url, credentials_sealed = excluded.credentials_sealed,
           hint = excluded.hint, expiry_minutes = excluded.expiry_minutes, updated_at = excluded.updated_at,
           failed_at = NULL, failure_code = NULL, failure_text = NULL, answered_at = NULL`,
      ),
      remove: db.prepare('DELETE FROM pix_gateway WHERE id = 1'),
      reseal: db.prepare('UPDATE pix_gateway SET credentials_sealed = ? WHERE id = 1'),
      failed: db.prepare('UPDATE pix_gateway SET failed_at = @at, failure_code = @code, failure_text = @text, answered_at = NULL WHERE id = 1'),
      answered: db.prepare('UPDATE pix_gateway SET answered_at = ? WHERE id = 1 AND failed_at IS NOT NULL AND answered_at IS NULL'),
    };
  }

  view(): PixGatewayView | null {
    const row = this.s.get.get();
    if (row === undefined) return null;
    return {
      kind: row.kind,
      baseUrl: row.base_url,
      tokenHint: row.hint,
      expiryMinutes: row.expiry_minutes,
      updatedAt: row.updated_at,
      lastFailure: failureOf(row),
      answeredAt: row.answered_at,
    };
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

  /** A charge could not be created or asked about because of the gateway; false when none is connected. */
  failed(failure: PixGatewayFailure): boolean {
    return this.s.failed.run({ at: failure.at, code: failure.code, text: JSON.stringify(failure.text) }).changes > 0;
  }

  /** The gateway answered well: the first answer after a failure is kept; false when there was nothing to clear. */
  answered(at: number): boolean {
    return this.s.answered.run(at).changes > 0;
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
