import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/core/db/store';
import { deliveryKinds, deliveryLanes, deliveryStatuses, leadEventKinds, leadStatuses } from '../../src/shared/leads';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

/** The values a table's CHECK (column IN (...)) allows, as the migrations wrote them. */
function checkList(tableSql: string, column: string): string[] {
  const match = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(tableSql);
  if (match === null) throw new Error(`no CHECK list for ${column}`);
  return match[1]!.split(',').map((value) => value.trim().replace(/^'|'$/g, ''));
}

describe('the words of leads and deliveries, defined once', () => {
  it('match the CHECK lists the migrations gave the tables', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    try {
      const sql = (table: string): string => store.db.prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) ?? '';
      expect(checkList(sql('leads'), 'status')).toEqual([...leadStatuses]);
      expect(checkList(sql('deliveries'), 'kind')).toEqual([...deliveryKinds]);
      expect(checkList(sql('deliveries'), 'status')).toEqual([...deliveryStatuses]);
      // Two kinds share the first lane (a welcome, a purchase): the CHECK lists each lane once.
      expect(checkList(sql('deliveries'), 'lane').map(Number)).toEqual([...new Set(deliveryKinds.map((kind) => deliveryLanes[kind]))].sort());
    } finally {
      store.close();
    }
  });

  it('have a label in every language for each kind of lead event', () => {
    // Read as text: the catalogs belong to the console's build, not to the engine's.
    for (const catalog of ['messages.en.ts', 'messages.pt-BR.ts']) {
      const text = readFileSync(join(__dirname, '../../src/renderer/src/i18n', catalog), 'utf8');
      const missing = leadEventKinds.filter((kind) => !text.includes(`'event.${kind}': '`));
      expect({ catalog, missing }).toEqual({ catalog, missing: [] });
    }
  });
});
