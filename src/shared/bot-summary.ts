import { z } from 'zod';
import { botStatusSchema } from './bot-status';
import { savedWelcomeSchema } from './welcome';

/** A bot as the console sees it. The token appears only masked. */
export const botSummarySchema = z.object({
  id: z.number().int(),
  telegramId: z.number().int(),
  username: z.string(),
  name: z.string(),
  tokenHint: z.string(),
  desiredState: z.enum(['running', 'stopped']),
  sendRate: z.number().int(),
  welcome: savedWelcomeSchema,
  createdAt: z.number(),
  status: botStatusSchema,
});
export type BotSummary = z.infer<typeof botSummarySchema>;
