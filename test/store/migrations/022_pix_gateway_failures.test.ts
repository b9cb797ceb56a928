import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration022 } from '../../../src/main/core/db/migrations/022_pix_gateway_failures';
import { PixGatewayRecords } from '../../../src/main/core/payments/pix-gateway-records';
import { errorText } from '../../../src/shared/i18n/error-text';
import { keyFileSecretStore } from '../../../src/main/core/secrets/key-file-secret-store';
import { tempDir } from '../../support/temp-dir';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  for (const migration of migrations.filter((m) => m.version < migration022.version)) migration.up(db);
  db.prepare(
    "INSERT INTO pix_gateway (id, kind, base_url, credentials_sealed, hint, expiry_minutes, created_at, updated_at) VALUES (1, 'mercado_pago', 'https://api.mercadopago.com', 'kf1:sealed', '…1234', 30, 5, 5)",
  ).run();
  return () => db.close();
});

describe('022_pix_gateway_failures', () => {
  it('keeps the connected gateway, with no failure yet', () => {
    migration022.up(db);
    expect(new PixGatewayRecords(db, keyFileSecretStore(tempDir())).view()).toMatchObject({ tokenHint: '…1234', expiryMinutes: 30, lastFailure: null, answeredAt: null });
  });

  it('stores a failure with its catalog text, and the first good answer after it only', () => {
    migration022.up(db);
    const records = new PixGatewayRecords(db, keyFileSecretStore(tempDir()));
    const text = errorText('pix.gatewayBusy', {});
    expect(records.failed({ at: 10, code: 'PIX_GATEWAY_BUSY', text })).toBe(true);
    expect(records.answered(20)).toBe(true);
    expect(records.answered(30)).toBe(false);
    expect(records.view()).toMatchObject({ lastFailure: { at: 10, code: 'PIX_GATEWAY_BUSY', text }, answeredAt: 20 });
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });
});
