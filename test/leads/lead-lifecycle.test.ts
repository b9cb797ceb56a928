import { describe, expect, it } from 'vitest';
import { leadMoves, nextStatus, type LeadMove } from '../../src/main/core/leads/lead-lifecycle';
import { leadStatuses, type LeadStatus } from '../../src/shared/leads';

interface Facts {
  readonly welcomed: boolean;
  readonly converted: boolean;
}

type Expected = Readonly<Record<LeadStatus, LeadStatus | null | ((facts: Facts) => LeadStatus)>>;

/** A lead coming back from blocked: a customer stays a customer; otherwise as far as a welcome got. */
const backInFunnel = ({ welcomed, converted }: Facts): LeadStatus => (converted ? 'converted' : welcomed ? 'welcomed' : 'new');
const welcomedAgain = ({ converted }: Facts): LeadStatus => (converted ? 'converted' : 'welcomed');

/** The rules, written out move by move: null is a refused move (the status stays). */
const rules: Readonly<Record<LeadMove, Expected>> = {
  started: { new: null, welcomed: null, clicked: null, converted: null, blocked: backInFunnel },
  unblocked: { new: null, welcomed: null, clicked: null, converted: null, blocked: backInFunnel },
  welcomed: { new: 'welcomed', welcomed: null, clicked: null, converted: null, blocked: welcomedAgain },
  clicked: { new: 'clicked', welcomed: 'clicked', clicked: null, converted: null, blocked: null },
  blocked: { new: 'blocked', welcomed: 'blocked', clicked: 'blocked', converted: 'blocked', blocked: null },
  refused: { new: 'blocked', welcomed: 'blocked', clicked: 'blocked', converted: null, blocked: null },
  converted: { new: 'converted', welcomed: 'converted', clicked: 'converted', converted: null, blocked: 'converted' },
  // A buyer refunded goes back to having pressed the offer; a blocked one stays blocked.
  refunded: { new: null, welcomed: null, clicked: null, converted: 'clicked', blocked: null },
};

function expected({ move, status, ...facts }: { move: LeadMove; status: LeadStatus } & Facts): LeadStatus | null {
  const rule = rules[move][status];
  if (rule === null || typeof rule === 'string') return rule;
  return rule(facts);
}

const allFacts: Facts[] = [true, false].flatMap((welcomed) => [true, false].map((converted) => ({ welcomed, converted })));
const cases = leadMoves.flatMap((move) => leadStatuses.flatMap((status) => allFacts.map((facts) => ({ move, status, ...facts }))));

describe("the lead's lifecycle", () => {
  it.each(cases.filter((c) => expected(c) !== null))('allows $move from $status (welcomed: $welcomed, converted: $converted)', (c) => {
    expect(nextStatus(c, c.move)).toBe(expected(c));
  });

  it.each(cases.filter((c) => expected(c) === null))('refuses $move from $status (welcomed: $welcomed, converted: $converted)', (c) => {
    expect(nextStatus(c, c.move)).toBeNull();
  });

  it('never ends a move on the status it started from: a move that changes nothing is refused', () => {
    for (const c of cases) expect(nextStatus(c, c.move)).not.toBe(c.status);
  });
});
