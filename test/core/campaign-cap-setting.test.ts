import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src/shared/settings';
import { migrations } from '../../src/main/core/db/migrations';
import { setSetting } from '../../src/main/core/db/settings';
import { readCampaignCapHours, readSettings, writeSettings } from '../../src/main/core/operator-settings';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  for (const migration of migrations) migration.up(db);
  return () => db.close();
});

describe('the campaign frequency cap setting', () => {
  it('is 24 hours until set, and reads back what was saved, alone or with the others', () => {
    expect(readCampaignCapHours(db)).toBe(24);
    expect(readSettings(db).campaignCapHours).toBe(24);
    writeSettings(db, { campaignCapHours: 0 });
    expect(readCampaignCapHours(db)).toBe(0);
    writeSettings(db, { campaignCapHours: 168 });
    expect(readSettings(db).campaignCapHours).toBe(168);
  });

  it('takes whole hours from 0 to a week, and a stored value out of bounds reads as the default', () => {
    const cap = settingsSchema.shape.campaignCapHours;
    for (const hours of [0, 1, 168]) expect(cap.safeParse(hours).success).toBe(true);
    for (const hours of [-1, 1.5, 169]) expect(cap.safeParse(hours).success).toBe(false);
    setSetting(db, 'campaigns.capHours', '2400');
    expect(readCampaignCapHours(db)).toBe(24);
    setSetting(db, 'campaigns.capHours', 'not json');
    expect(readCampaignCapHours(db)).toBe(24);
  });
});
