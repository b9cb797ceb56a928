import { ZodError } from 'zod';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { problemsOf } from '../../../shared/i18n/problems';

/** Parses input the way the contract would, so a direct caller gets BAD_INPUT, not a SQL error. */
export function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ZodError) {
      throw new BotdeckError('BAD_INPUT', text('input.invalid', { problems: problemsOf(error) }), { cause: error });
    }
    throw error;
  }
}
