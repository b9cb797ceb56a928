import type { CallName } from '../../src/shared/calls';
import type { CallInput, CallOutput, Handlers } from '../../src/shared/contract';
import { startCore, type Core } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import type { FakeUser } from '../../test/support/fake-telegram';
import { sleep } from '../figures';
import type { FakeProcess } from './fake-client';

/** A call as the console makes it: validated against the contract, an error as a coded result. */
export async function call<N extends CallName>(handlers: Handlers, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const result = await dispatch(handlers, name, input);
  if (!result.ok) throw new Error(`bench: ${name} failed: ${result.error.message}`);
  return result.value;
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The engine against the fake in its own process; `rateOverride` replaces every bot's rate (null: each bot's own). */
export function benchEngine(dataDir: string, fake: FakeProcess, rateOverride: number | null): Promise<Core> {
  return startCore({ dataDir, appVersion: 'bench', env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot }, fleet: { rateOverride } });
}

export async function untilRunning(core: Core, botId: number): Promise<void> {
  await waitFor(() => core.fleet()?.status(botId).state === 'running', 30_000, 'the bot to run');
}

export function users(count: number, firstId: number): FakeUser[] {
  return Array.from({ length: count }, (_, i) => ({ id: firstId + i, firstName: `L${i}` }));
}
