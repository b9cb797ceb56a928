import { ZodError } from 'zod';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';

/** Parses input the way the contract would, so a direct caller gets BAD_INPUT, not a SQL error. */
export function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ZodError) {
      const detail = error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
      throw new BotdeckError('BAD_INPUT', text('input.invalidLeads', { detail }), { cause: error });
    }
    throw error;
  }
}
