import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { renderText } from '../../src/shared/i18n/error-text';
import { problemOf } from '../../src/shared/i18n/problems';
import { audienceFilterSchema, campaignMessageSchema, OPT_OUT_CALLBACK_DATA } from '../../src/shared/campaigns';
import { savedWelcomeSchema, validateWelcome } from '../../src/shared/welcome';

function messagesOf(result: { success: boolean; error?: z.ZodError }): string[] {
  return result.error?.issues.map((issue) => renderText('en', problemOf(issue).text)) ?? [];
}

describe('audience filter', () => {
  it('fills in the segment and leaves converted leads out by default', () => {
    expect(audienceFilterSchema.parse({ bots: [1] })).toEqual({ bots: [1], segment: 'all', includeConverted: false });
  });

  it('needs at least one bot, each once', () => {
    expect(messagesOf(audienceFilterSchema.safeParse({ bots: [] }))).toEqual(['Choose at least one bot.']);
    expect(messagesOf(audienceFilterSchema.safeParse({ bots: [2, 2] }))).toEqual(['A bot is chosen twice.']);
    expect(messagesOf(audienceFilterSchema.safeParse({}))).toEqual(['Choose the bots whose leads receive the campaign.']);
  });

  it('refuses a first-seen range that ends before it starts, and keeps one that is a single instant', () => {
    expect(messagesOf(audienceFilterSchema.safeParse({ bots: [1], firstSeenFrom: 10, firstSeenTo: 9 }))).toEqual(['The first-seen range ends before it starts.']);
    expect(audienceFilterSchema.safeParse({ bots: [1], firstSeenFrom: 10, firstSeenTo: 10 }).success).toBe(true);
  });

  it('refuses empty lists, unknown segments and fields it does not know', () => {
    expect(messagesOf(audienceFilterSchema.safeParse({ bots: [1], sources: [] }))).toEqual(['Choose at least one source, or remove the source filter.']);
    expect(messagesOf(audienceFilterSchema.safeParse({ bots: [1], languages: [] }))).toEqual(['Choose at least one language, or remove the language filter.']);
    expect(audienceFilterSchema.safeParse({ bots: [1], segment: 'vip' }).success).toBe(false);
    expect(audienceFilterSchema.safeParse({ bots: [1], status: 'new' }).success).toBe(false);
    expect(audienceFilterSchema.safeParse({ bots: [1], lastSeenMoreThanDays: 0 }).success).toBe(false);
    expect(audienceFilterSchema.safeParse({ bots: [1], lastSeenMoreThanDays: 1.5 }).success).toBe(false);
  });

  it('compares language codes ignoring case and refuses what is not a code', () => {
    expect(audienceFilterSchema.parse({ bots: [1], languages: ['pt-BR', 'EN'] }).languages).toEqual(['pt-br', 'en']);
    expect(messagesOf(audienceFilterSchema.safeParse({ bots: [1], languages: ["en' OR 1=1"] }))).toEqual(['A language must be a code like "en" or "pt-br".']);
  });
});

describe('campaign message', () => {
  const offer = (data: string) => ({ kind: 'offer', text: 'Buy', data });

  it('carries the opt-out button unless turned off', () => {
    expect(campaignMessageSchema.parse({ text: 'Sale!' })).toEqual({ text: 'Sale!', media: null, buttons: [], optOutButton: true });
    expect(campaignMessageSchema.parse({ text: 'Sale!', optOutButton: false }).optOutButton).toBe(false);
  });

  it("refuses an operator's button that sends the opt-out button's data, in a campaign and in a welcome", () => {
    const buttons = [[offer(OPT_OUT_CALLBACK_DATA)]];
    const reserved = `Button data "${OPT_OUT_CALLBACK_DATA}" is reserved for the "stop receiving offers" button. Choose other data.`;
    expect(messagesOf(campaignMessageSchema.safeParse({ text: 'Sale!', buttons }))).toEqual([reserved]);
    const welcome = validateWelcome({ text: 'Hi', buttons });
    expect(welcome.ok ? [] : welcome.errors.map((error) => renderText('en', error.text))).toEqual([reserved]);
  });

  it('reads back a stored message that carries Botdeck’s own opt-out button', () => {
    expect(savedWelcomeSchema.safeParse({ text: 'Sale!', buttons: [[offer(OPT_OUT_CALLBACK_DATA)]] }).success).toBe(true);
  });

  it('leaves room for the opt-out button under Telegram’s 100 buttons', () => {
    const buttons = Array.from({ length: 20 }, (_, row) => Array.from({ length: 5 }, (__, i) => offer(`o${row}-${i}`)));
    expect(campaignMessageSchema.safeParse({ text: 'Sale!', buttons, optOutButton: false }).success).toBe(true);
    expect(messagesOf(campaignMessageSchema.safeParse({ text: 'Sale!', buttons }))).toEqual(['With the "stop receiving offers" button there would be 101 buttons. Remove one.']);
  });

  it('checks the text as the welcome editor does', () => {
    expect(campaignMessageSchema.safeParse({ text: '' }).success).toBe(false);
    expect(campaignMessageSchema.safeParse({ text: '<b>unclosed' }).success).toBe(false);
  });
});
