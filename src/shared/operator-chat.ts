import { z } from 'zod';

/**
 * The operator's own Telegram chat, learned from a /start that carried a one-time code: where
 * test sends and Telegram alerts can reach the operator. `botUsername` says which bot heard it.
 */
export const operatorChatSchema = z.object({
  chatId: z.number().int(),
  botId: z.number().int(),
  botUsername: z.string(),
  learnedAt: z.number(),
});
export type OperatorChat = z.infer<typeof operatorChatSchema>;

/** A one-time code for the operator's /start, and the bot link that carries it. */
export const operatorCodeSchema = z.object({
  code: z.string(),
  link: z.string(),
  expiresAt: z.number(),
});
export type OperatorCode = z.infer<typeof operatorCodeSchema>;
