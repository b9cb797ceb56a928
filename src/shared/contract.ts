import { z } from 'zod';
import type { CallName, CallResult } from './calls';
import type { PushedEvent } from './events';
import { storeStatusSchema } from './store-status';

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const noInput = z.undefined();

/** Every call: its input schema (checked by the host before the handler runs) and its output. */
export const contract = {
  getAppInfo: { input: noInput, output: appInfoSchema },
  getStoreStatus: { input: noInput, output: storeStatusSchema },
} as const satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

type Args<N extends CallName> = undefined extends CallInput<N> ? [input?: CallInput<N>] : [input: CallInput<N>];

/** What the host implements: one handler per call. */
export type Handlers = { [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>> | CallOutput<N> };

/**
 * What the preload exposes as `window.botdeck`: one function per call, returning a result
 * envelope, and `onEvent` for the events the engine pushes.
 */
export type BridgeApi = { [N in CallName]: (...args: Args<N>) => Promise<CallResult<CallOutput<N>>> } & {
  onEvent(listener: (event: PushedEvent) => void): () => void;
};
