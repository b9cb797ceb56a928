import { expect } from 'vitest';
import type { CallName } from '../../src/shared/calls';
import { contract } from '../../src/shared/contract';
import { callResultSchema } from '../../src/shared/ws-protocol';

/**
 * Fails unless a call's answer is exactly what the contract describes: an error whose code is
 * one of the contract's codes, or a value its output schema parses to the same value (a field
 * the schema lacks would be dropped, a wrong type refused).
 */
export function expectContractAnswer(name: CallName, answer: unknown): void {
  const envelope = callResultSchema.safeParse(answer);
  expect(envelope.error?.issues, `${name}: the answer's envelope`).toBeUndefined();
  if (!envelope.success || !envelope.data.ok) return;
  const value = contract[name].output.safeParse(envelope.data.value);
  expect(value.success ? value.data : value.error.issues, `${name}: the value and its output schema`).toEqual(envelope.data.value);
}
