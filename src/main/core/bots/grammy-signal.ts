import type { Api } from 'grammy';

/**
 * grammY types its signals with the abort-controller polyfill's AbortSignal; Node's own
 * is the same object at run time, only the declarations differ.
 */
export function grammySignal(signal: AbortSignal): Parameters<Api['getMe']>[0] {
  return signal as unknown as Parameters<Api['getMe']>[0];
}
