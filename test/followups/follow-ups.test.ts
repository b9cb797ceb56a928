import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowUpWorld, HOUR, MINUTE, NOON_SP } from './follow-ups-support';

let world: FollowUpWorld;

beforeEach(async () => {
  world = await FollowUpWorld.open();
});

afterEach(() => world.close());

describe('follow-ups', () => {
  it('sends a step once its delay after the welcome has passed, at broadcast priority, once', () => {
    const step = world.step('Still thinking?', { amount: 1, unit: 'hours' });
    const ana = world.lead();
    world.at(NOON_SP + 59 * MINUTE);
    expect(world.followUpRows()).toEqual([]);
    world.at(NOON_SP + HOUR);
    expect(world.followUpRows()).toEqual([{ lead_id: ana, follow_up_step_id: step, status: 'pending', lane: 2, kind: 'broadcast' }]);
    world.at(NOON_SP + HOUR + MINUTE);
    expect(world.send()).toEqual([{ leadId: ana, text: 'Still thinking?' }]);
    world.at(NOON_SP + 5 * HOUR);
    expect(world.followUpRows()).toHaveLength(1);
    expect(world.figures(step)).toMatchObject({ entered: 1, sent: 1, waiting: 0, clicked: 0, converted: 0 });
  });

  it('skips the step of a lead who converted before it came due, and the lead leaves the sequence', () => {
    const first = world.step('First', { amount: 30, unit: 'minutes' });
    const second = world.step('Second', { amount: 2, unit: 'hours' });
    const ana = world.lead();
    world.at(NOON_SP + 10 * MINUTE);
    world.leads.converted(ana, 5000, world.clock);
    world.at(NOON_SP + 30 * MINUTE);
    world.at(NOON_SP + 3 * HOUR);
    expect(world.followUpRows()).toEqual([]);
    expect(world.figures(first)).toMatchObject({ entered: 1, sent: 0, skipped: { converted: 1 } });
    expect(world.figures(second).entered).toBe(0);
    expect(world.skipEvents(ana)).toEqual([{ stepId: first, why: 'converted' }]);
    expect(world.followUps.get(1).active).toBe(0);
  });

  it('skips a queued step at claim time when the lead converted after it was queued, and counts it', () => {
    const step = world.step('Offer', { amount: 5, unit: 'minutes' });
    const ana = world.lead();
    world.at(NOON_SP + 5 * MINUTE);
    world.leads.converted(ana, 100, world.clock);
    expect(world.send()).toEqual([]);
    expect(world.figures(step)).toMatchObject({ entered: 1, sent: 0, failed: 0, skipped: { converted: 1 } });
    expect(world.skipEvents(ana)).toMatchObject([{ stepId: step, why: 'converted' }]);
  });

  it('holds a step due in the quiet hours (São Paulo, 22:00–08:00) and sends it when they end', () => {
    const step = world.step('Good morning', { amount: 1, unit: 'hours' });
    const evening = Date.UTC(2026, 2, 3, 0, 30); // 21:30 in São Paulo
    const ana = world.lead(evening);
    world.at(evening + HOUR); // 22:30
    world.at(Date.UTC(2026, 2, 3, 10, 59)); // 07:59
    expect(world.followUpRows()).toEqual([]);
    world.at(Date.UTC(2026, 2, 3, 11, 0)); // 08:00: 9.5 hours after it came due, yet not missed
    expect(world.followUpRows()).toMatchObject([{ lead_id: ana, follow_up_step_id: step, status: 'pending' }]);
    expect(world.figures(step).skipped.missed).toBe(0);
  });

  it('sends the steps in order, the next only after the one before went out, each once', () => {
    const first = world.step('First', { amount: 10, unit: 'minutes' });
    const second = world.step('Second', { amount: 5, unit: 'minutes' });
    const ana = world.lead();
    world.at(NOON_SP + 10 * MINUTE);
    world.followUps.tick();
    expect(world.followUpRows().map((row) => row.follow_up_step_id)).toEqual([first]);
    expect(world.send()).toEqual([{ leadId: ana, text: 'First' }]);
    world.at(NOON_SP + 11 * MINUTE);
    expect(world.send()).toEqual([{ leadId: ana, text: 'Second' }]);
    for (let i = 2; i < 10; i += 1) world.at(NOON_SP + i * HOUR);
    expect(world.followUpRows().map((row) => [row.follow_up_step_id, row.status])).toEqual([
      [first, 'sent'],
      [second, 'sent'],
    ]);
    expect(world.followUps.get(1).active).toBe(0);
  });

  it('lets opted-out and blocked leads leave the sequence before the next step', () => {
    const first = world.step('First', { amount: 10, unit: 'minutes' });
    const second = world.step('Second', { amount: 1, unit: 'hours' });
    const out = world.lead();
    const blocked = world.lead();
    const stays = world.lead();
    world.at(NOON_SP + 10 * MINUTE);
    world.send();
    world.leads.optOut(out, 'button', world.clock);
    world.leads.refused(blocked);
    world.at(NOON_SP + HOUR);
    expect(world.send()).toEqual([{ leadId: stays, text: 'Second' }]);
    expect(world.figures(first).sent).toBe(3);
    expect(world.figures(second)).toMatchObject({ entered: 3, sent: 1, skipped: { opted_out: 1, blocked: 1 } });
  });

  it('sends a step only to leads who clicked, or only to those who did not, as the step says', () => {
    const clickers = world.step('You liked it', { amount: 10, unit: 'minutes' }, 'clicked');
    const others = world.step('Take a look', { amount: 20, unit: 'minutes' }, 'not_clicked');
    const ana = world.lead();
    const bia = world.lead();
    world.store.db.prepare("INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (?, 'clicked', ?, '{}')").run(ana, world.clock);
    world.at(NOON_SP + 10 * MINUTE);
    expect(world.send()).toEqual([{ leadId: ana, text: 'You liked it' }]);
    world.at(NOON_SP + 20 * MINUTE);
    expect(world.send()).toEqual([{ leadId: bia, text: 'Take a look' }]);
    expect(world.figures(clickers)).toMatchObject({ entered: 2, sent: 1, skipped: { condition: 1 } });
    expect(world.figures(others)).toMatchObject({ entered: 2, sent: 1, skipped: { condition: 1 } });
  });

  it('enrolls leads welcomed before the sequence only when the operator asks, their delays counting from then', () => {
    const earlier = world.lead(NOON_SP - 2 * HOUR);
    world.clock = NOON_SP - HOUR;
    const converted = world.lead(NOON_SP - HOUR);
    world.leads.converted(converted, 100, NOON_SP - HOUR);
    world.clock = NOON_SP;
    const step = world.step('Hello again', { amount: 30, unit: 'minutes' });
    world.at(NOON_SP + HOUR);
    expect(world.followUpRows()).toEqual([]);
    expect(world.followUps.enrollSince(1, NOON_SP - 3 * HOUR)).toBe(1);
    world.at(NOON_SP + HOUR + 29 * MINUTE);
    expect(world.followUpRows()).toEqual([]);
    world.at(NOON_SP + HOUR + 30 * MINUTE);
    expect(world.followUpRows()).toMatchObject([{ lead_id: earlier, follow_up_step_id: step }]);
  });

  it('after a restart sends a step missed within the window and skips (and counts) one beyond it', () => {
    const step = world.step('Follow-up', { amount: 1, unit: 'hours' });
    const beyond = world.lead(NOON_SP); // due at 13:00
    world.at(NOON_SP);
    const within = world.lead(NOON_SP + 20 * MINUTE); // due at 13:20
    world.at(NOON_SP + 20 * MINUTE);
    world.followUps.stop();
    // Botdeck is off from 12:20 to 19:10 (São Paulo); then a new engine starts on the same store.
    world.clock = NOON_SP + 7 * HOUR + 10 * MINUTE;
    world.followUps = world.engine();
    world.followUps.tick();
    expect(world.followUpRows().map((row) => row.lead_id)).toEqual([within]);
    expect(world.figures(step)).toMatchObject({ entered: 2, waiting: 1, skipped: { missed: 1 } });
    expect(world.skipEvents(beyond)).toEqual([{ stepId: step, why: 'missed' }]);
    expect(world.skipEvents(within)).toEqual([]);
  });

  it('does not send again a follow-up a crash left sending, and goes on with the next step', () => {
    const first = world.step('First', { amount: 10, unit: 'minutes' });
    const second = world.step('Second', { amount: 20, unit: 'minutes' });
    const ana = world.lead();
    world.at(NOON_SP + 10 * MINUTE);
    const [row] = world.repo.due(1, world.clock, 10);
    expect(world.repo.claim(row!.id, world.clock, 0)).toBe(true);
    world.repo.requeueAfterCrash(world.clock);
    world.at(NOON_SP + 20 * MINUTE);
    expect(world.send()).toEqual([{ leadId: ana, text: 'Second' }]);
    expect(world.figures(first)).toMatchObject({ entered: 1, sent: 0, failed: 1 });
    expect(world.figures(second).sent).toBe(1);
  });

  it('neither holds a follow-up back for the campaigns frequency cap nor counts it toward the cap', () => {
    world.step('Follow-up', { amount: 10, unit: 'minutes' });
    const ana = world.lead();
    const campaignRow = (): number => world.repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [ana], content: { text: 'Sale', media: null, buttons: [] } }, world.clock)[0]!;
    campaignRow();
    expect(world.send()).toEqual([{ leadId: ana, text: 'Sale' }]);
    world.at(NOON_SP + 10 * MINUTE);
    expect(world.send()).toEqual([{ leadId: ana, text: 'Follow-up' }]);
    // A second campaign message within the cap is capped by the first campaign message, not the follow-up.
    world.store.db.prepare("UPDATE deliveries SET sent_at = ? WHERE follow_up_step_id IS NULL AND status = 'sent'").run(world.clock - 25 * HOUR);
    campaignRow();
    expect(world.send()).toEqual([{ leadId: ana, text: 'Sale' }]);
  });
});

describe('changing a sequence', () => {
  it('queues nothing while it is off, and once on again enrolls only the leads welcomed from then', () => {
    world.step('Hi', { amount: 10, unit: 'minutes' });
    const before = world.lead();
    world.at(NOON_SP);
    world.followUps.setEnabled(1, false);
    const whileOff = world.lead(NOON_SP + 5 * MINUTE);
    world.at(NOON_SP + 20 * MINUTE);
    expect(world.followUpRows()).toEqual([]);
    world.followUps.setEnabled(1, true);
    const after = world.lead(NOON_SP + 21 * MINUTE);
    world.at(NOON_SP + 21 * MINUTE);
    world.at(NOON_SP + 31 * MINUTE);
    expect(world.followUpRows().map((row) => row.lead_id)).toEqual([before, after]);
    expect(world.followUpRows().map((row) => row.lead_id)).not.toContain(whileOff);
  });

  it('sends no removed step, and a moved step in its new place', () => {
    const first = world.step('First', { amount: 10, unit: 'minutes' });
    const second = world.step('Second', { amount: 10, unit: 'minutes' });
    const third = world.step('Third', { amount: 10, unit: 'minutes' });
    world.followUps.removeStep(1, second);
    world.followUps.moveStep(1, third, 'up');
    expect(world.followUps.get(1).steps.map((step) => step.id)).toEqual([third, first]);
    const ana = world.lead();
    world.at(NOON_SP + 10 * MINUTE);
    expect(world.send()).toEqual([{ leadId: ana, text: 'Third' }]);
    world.at(NOON_SP + 11 * MINUTE);
    expect(world.send()).toEqual([{ leadId: ana, text: 'First' }]);
    world.at(NOON_SP + 12 * MINUTE);
    expect(world.send()).toEqual([]);
  });
});
