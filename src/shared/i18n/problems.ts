import { z } from 'zod';
import { errorText, errorTextSchema, isTextKey, type ErrorParams, type ErrorText, type Problem, type TextKey } from './error-text';

/**
 * The shared schemas' messages are catalog texts, so the engine and the console can say what
 * is wrong with an input in the operator's language. A zod message is a string, so a text
 * travels in it as its key alone, or as the key and its parameters in JSON.
 */
export function says<K extends TextKey>(key: K, ...params: keyof ErrorParams<K> extends never ? [] : [ErrorParams<K>]): string {
  return saysText({ key, params: params[0] ?? {} });
}

/** A message carrying a text built elsewhere (a shared check's answer). */
export function saysText(text: ErrorText): string {
  return Object.keys(text.params).length === 0 ? text.key : JSON.stringify(text);
}

/** The catalog text a schema put in a message, or null for one of zod's own messages. */
function textIn(message: string): ErrorText | null {
  if (isTextKey(message)) return { key: message, params: {} };
  if (!message.startsWith('{')) return null;
  try {
    const parsed = errorTextSchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What a zod issue without a message of ours says: a few general texts with the limit or the expected kind. */
function generalText(issue: z.core.$ZodIssue): ErrorText {
  switch (issue.code) {
    case 'invalid_type':
      return errorText('validation.wrongType', { expected: issue.expected });
    case 'too_big':
      return errorText('validation.tooBig', { max: Number(issue.maximum) });
    case 'too_small':
      return errorText('validation.tooSmall', { min: Number(issue.minimum) });
    case 'invalid_format':
      return errorText('validation.format', { format: issue.format });
    case 'unrecognized_keys':
      return errorText('validation.unknownFields', { fields: issue.keys.join(', ') });
    case 'invalid_value':
      return errorText('validation.choice', { values: issue.values.map(String).join(', ') });
    default:
      return errorText('validation.invalid', {});
  }
}

/** A problem from a zod issue; a custom issue may carry the offset into a message's text (the HTML check's). */
export function problemOf(issue: z.core.$ZodIssue): Problem {
  const problem = { path: issue.path.map(String).join('.'), text: textIn(issue.message) ?? generalText(issue) };
  const offset: unknown = issue.code === 'custom' ? issue.params?.['offset'] : undefined;
  return typeof offset === 'number' ? { ...problem, offset } : problem;
}

export function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map(problemOf);
}
