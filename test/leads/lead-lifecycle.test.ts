import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { leadMoves, nextStatus, nextStatusSql, type LeadMove } from '../../src/main/core/leads/lead-lifecycle';
import { leadStatuses, type LeadStatus } from '../../src/shared/leads';

type Expected = Readonly<Record<LeadStatus, LeadStatus | null | { readonly welcomed: LeadStatus; readonly never: LeadStatus }>>;

const backInFunnel = { welcomed: 'welcomed', never: 'new' } as const;

/** The rules, written out move by move: null is a refused move (the status stays). */
const rules: Readonly<Record<LeadMove, Expected>> = {
  started: { new: null, welcomed: null, clicked: null, converted: null, blocked: backInFunnel },
  unblocked: { new: null, welcomed: null, clicked: null, converted: null, blocked: backInFunnel },
  welcomed: { new: 'welcomed', welcomed: null, clicked: null, converted: null, blocked: 'welcomed' },
  clicked: { new: 'clicked', welcomed: 'clicked', clicked: null, converted: null, blocked: null },
  blocked: { new: 'blocked', welcomed: 'blocked', clicked: 'blocked', converted: 'blocked', blocked: null },
  refused: { new: 'blocked', welcomed: 'blocked', clicked: 'blocked', converted: null, blocked: null },
  converted: { new: 'converted', welcomed: 'converted', clicked: 'converted', converted: null, blocked: 'converted' },
};

function expected(move: LeadMove, status: LeadStatus, welcomed: boolean): LeadStatus | null {
  const rule = rules[move][status];
  if (rule === null || typeof rule === 'string') return rule;
  return welcomed ? rule.welcomed : rule.never;
}

const cases = leadMoves.flatMap((move) => leadStatuses.flatMap((status) => [true, false].map((welcomed) => ({ move, status, welcomed }))));

describe("the lead's lifecycle", () => {
  it.each(cases.filter((c) => expected(c.move, c.status, c.welcomed) !== null))('allows $move from $status (welcomed: $welcomed)', ({ move, status, welcomed }) => {
    expect(nextStatus({ status, welcomed }, move)).toBe(expected(move, status, welcomed));
  });

  it.each(cases.filter((c) => expected(c.move, c.status, c.welcomed) === null))('refuses $move from $status (welcomed: $welcomed)', ({ move, status, welcomed }) => {
    expect(nextStatus({ status, welcomed }, move)).toBeNull();
  });

  it('never ends a move on the status it started from: a move that changes nothing is refused', () => {
    for (const { move, status, welcomed } of cases) expect(nextStatus({ status, welcomed }, move)).not.toBe(status);
  });
});

describe('the same rules in SQL', () => {
  it('moves every row of a leads-shaped table exactly as nextStatus does', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE leads (id INTEGER PRIMARY KEY, status TEXT NOT NULL, welcomed_at INTEGER)');
    const insert = db.prepare('INSERT INTO leads (status, welcomed_at) VALUES (?, ?)');
    for (const move of leadMoves) {
      db.exec('DELETE FROM leads');
      const rows = leadStatuses.flatMap((status) => [true, false].map((welcomed) => ({ id: Number(insert.run(status, welcomed ? 1 : null).lastInsertRowid), status, welcomed })));
      db.exec(`UPDATE leads SET status = ${nextStatusSql(move)}`);
      const after = db.prepare<[number], string>('SELECT status FROM leads WHERE id = ?').pluck();
      for (const row of rows) expect({ move, ...row, after: after.get(row.id) }).toEqual({ move, ...row, after: nextStatus(row, move) ?? row.status });
    }
    db.close();
  });
});
