import { BotdeckError } from '../../src/main/core/errors';

/** The BotdeckError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<BotdeckError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BotdeckError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
