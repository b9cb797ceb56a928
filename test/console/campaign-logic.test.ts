import { describe, expect, it } from 'vitest';
import { audienceFilterSchema, createCampaignRequestSchema, OPT_OUT_CALLBACK_DATA, type Campaign, type CampaignProgress } from '../../src/shared/campaigns';
import {
  applyCampaignProgress,
  audienceInput,
  buttonsAsSent,
  campaignDoneShare,
  dayEnd,
  dayStart,
  emptyAudience,
  latestOnly,
  listOf,
  localDateTime,
  problemsOf,
  problemsUnder,
} from '../../src/renderer/src/logic/campaign-logic';

function progress(campaignId: number, patch: Partial<CampaignProgress> = {}): CampaignProgress {
  return {
    campaignId,
    status: 'running',
    recipients: 10,
    sent: 0,
    failed: 0,
    blocked: 0,
    cancelled: 0,
    capped: 0,
    optedOut: 0,
    remaining: 10,
    clicks: 0,
    conversions: 0,
    revenueCents: 0,
    ratePerSecond: null,
    etaMs: null,
    ...patch,
  };
}

function campaign(id: number, patch: Partial<CampaignProgress> = {}): Campaign {
  const figures = progress(id, patch);
  return {
    id,
    name: `Campaign ${id}`,
    status: figures.status,
    audience: audienceFilterSchema.parse({ bots: [1] }),
    message: { text: 'Hi', media: null, buttons: [], optOutButton: true },
    scheduledAt: null,
    createdAt: 0,
    startedAt: null,
    finishedAt: null,
    progress: figures,
  };
}

describe('the campaign composer and list', () => {
  it('reads comma-separated lists as distinct trimmed values', () => {
    expect(listOf(' ads, promo,,ads ,  ')).toEqual(['ads', 'promo']);
    expect(listOf('   ')).toEqual([]);
  });

  it('turns local days and times into instants of the operator’s time zone, a whole day included', () => {
    expect(dayStart('2026-11-30')).toBe(new Date(2026, 10, 30).getTime());
    expect(dayEnd('2026-11-30')).toBe(new Date(2026, 11, 1).getTime() - 1);
    expect(localDateTime('2026-12-01T09:30')).toBe(new Date(2026, 11, 1, 9, 30).getTime());
    expect(dayStart('')).toBeUndefined();
    expect(localDateTime('')).toBeNull();
  });

  it('leaves an empty field out of the filter, and passes a mistyped number for the schema to refuse', () => {
    expect(audienceInput({ ...emptyAudience, bots: [2] })).toEqual({ bots: [2], segment: 'all', includeConverted: false });
    const full = audienceInput({
      bots: [1, 3],
      segment: 'not_converted',
      sources: 'ads, promo',
      firstSeenFrom: '2026-11-01',
      firstSeenTo: '2026-11-30',
      lastSeenMoreThanDays: '7',
      languages: 'pt-BR',
      includeConverted: true,
    });
    expect(audienceFilterSchema.parse(full)).toEqual({
      bots: [1, 3],
      segment: 'not_converted',
      sources: ['ads', 'promo'],
      firstSeenFrom: new Date(2026, 10, 1).getTime(),
      firstSeenTo: new Date(2026, 11, 1).getTime() - 1,
      lastSeenMoreThanDays: 7,
      languages: ['pt-br'],
      includeConverted: true,
    });
    const refused = problemsOf(audienceFilterSchema.safeParse(audienceInput({ ...emptyAudience, bots: [1], lastSeenMoreThanDays: 'x' })), 'en');
    expect(refused.map((problem) => problem.path)).toEqual(['lastSeenMoreThanDays']);
  });

  it('puts each of the schema’s problems at its field, and hands the message’s to the message editor without the prefix', () => {
    const problems = problemsOf(
      createCampaignRequestSchema.safeParse({ name: ' ', audience: audienceInput(emptyAudience), message: { text: '', buttons: [[{ kind: 'url', text: 'Go', url: 'ftp://x' }]] } }),
      'pt-BR',
    );
    const paths = problems.map((problem) => problem.path);
    expect(problems.find((problem) => problem.path === 'name')?.message).toBe('Dê um nome à campanha.');
    // The button-label error the editors show under a new, empty button.
    const label = problemsOf(
      createCampaignRequestSchema.safeParse({ name: 'x', audience: audienceInput(emptyAudience), message: { text: 'Hi', buttons: [[{ kind: 'offer', text: '', data: 'd' }]] } }),
      'pt-BR',
    );
    expect(label.find((problem) => problem.path === 'message.buttons.0.0.text')?.message).toBe('O rótulo do botão está vazio. Escreva o texto mostrado no botão.');
    expect(paths).toContain('audience.bots');
    expect(problemsUnder(problems, 'message').map((problem) => problem.path)).toEqual(expect.arrayContaining(['text', 'buttons.0.0.url']));
    expect(problemsUnder(problems, 'audience').map((problem) => problem.path)).toEqual(['bots']);
  });

  it('shows the opt-out button as the last row, in the given label, only when it is on', () => {
    const buttons = [[{ kind: 'offer' as const, text: 'Buy', data: 'buy' }]];
    expect(buttonsAsSent({ buttons, optOutButton: true }, 'Stop')).toEqual([...buttons, [{ kind: 'offer', text: 'Stop', data: OPT_OUT_CALLBACK_DATA }]]);
    expect(buttonsAsSent({ buttons, optOutButton: false }, 'Stop')).toEqual(buttons);
  });

  it('patches a pushed progress in place, and reloads for an unknown campaign or a status that moved', () => {
    const list = [campaign(2), campaign(1)];
    const patched = applyCampaignProgress(list, progress(2, { sent: 4, remaining: 6 }));
    expect(patched.reload).toBe(false);
    expect(patched.campaigns[0]?.progress.sent).toBe(4);
    expect(patched.campaigns[1]).toBe(list[1]);
    const ended = applyCampaignProgress(list, progress(1, { status: 'done', sent: 10, remaining: 0 }));
    expect(ended.reload).toBe(true);
    expect(ended.campaigns[1]?.status).toBe('done');
    expect(applyCampaignProgress(list, progress(3))).toEqual({ campaigns: list, reload: true });
  });

  it('counts a campaign done as its recipients stop waiting', () => {
    expect(campaignDoneShare({ recipients: 10, remaining: 4 })).toBe(0.6);
    expect(campaignDoneShare({ recipients: 0, remaining: 0 })).toBe(0);
  });

  it('uses only the newest request’s answer: an older one arriving late is dropped', () => {
    const tickets = latestOnly();
    const first = tickets.begin();
    const second = tickets.begin();
    expect(tickets.isLatest(first)).toBe(false);
    expect(tickets.isLatest(second)).toBe(true);
  });
});
