import { describe, expect, it } from 'vitest';
import type { Migration } from '../../src/main/core/db/migration';
import { migrations } from '../../src/main/core/db/migrations';
import { pendingMigrations, validateMigrations } from '../../src/main/core/db/migrator';
import { extendedMigrations } from '../support/migrations';

const step = (version: number, name: string): Migration => ({ version, name, up: () => undefined });

describe('the migration list', () => {
  it('is numbered 1..n with names that start with their version', () => {
    expect(() => validateMigrations(migrations)).not.toThrow();
    expect(() => validateMigrations(extendedMigrations)).not.toThrow();
  });

  it('rejects a gap, a duplicate and a misnamed migration', () => {
    expect(() => validateMigrations([step(1, '001_a'), step(3, '003_c')])).toThrow(/position 2 holds version 3/);
    expect(() => validateMigrations([step(1, '001_a'), step(1, '001_b')])).toThrow(/position 2 holds version 1/);
    expect(() => validateMigrations([step(1, '002_a')])).toThrow(/must look like '001_what_it_does'/);
    expect(() => validateMigrations([step(1, '001-A')])).toThrow(/must look like/);
  });

  it('finds what is pending after a version', () => {
    const list = [step(1, '001_a'), step(2, '002_b'), step(3, '003_c')];
    expect(pendingMigrations(list, 1).map((m) => m.name)).toEqual(['002_b', '003_c']);
    expect(pendingMigrations(list, 3)).toEqual([]);
  });
});
