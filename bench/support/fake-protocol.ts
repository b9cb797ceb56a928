import type { Fault } from '../../test/support/fake-telegram';

export interface SendTiming {
  /** The user pressed /start (the update entered Telegram's queue). */
  readonly enqueuedAt: number;
  /** The bot received the update in a getUpdates answer. */
  readonly receivedAt: number;
  /** The bot's sendMessage reached Telegram. */
  readonly sentAt: number;
}

export interface SentTimes {
  readonly sentAt: readonly number[];
  readonly count429: number;
}

export type FakeRequest =
  | { readonly id: number; readonly op: 'addBots'; readonly bots: readonly { token: string; id: number; username: string; firstName: string }[] }
  | { readonly id: number; readonly op: 'burst'; readonly starts: readonly { token: string; user: { id: number; firstName: string } }[] }
  | { readonly id: number; readonly op: 'stream'; readonly perSecond: number; readonly starts: readonly { token: string; user: { id: number; firstName: string } }[] }
  /** Users arriving one at a time on the fake's own clock, until they run out or `stopTrickle`; answered at once. */
  | { readonly id: number; readonly op: 'trickle'; readonly perSecond: number; readonly starts: readonly { token: string; user: { id: number; firstName: string } }[] }
  /** Ends the trickle; answered with the users it started. */
  | { readonly id: number; readonly op: 'stopTrickle' }
  | { readonly id: number; readonly op: 'waitSent'; readonly tokens: readonly string[]; readonly total: number }
  /** `chatIds` narrows to the messages sent to those chats. */
  | { readonly id: number; readonly op: 'timings'; readonly tokens: readonly string[]; readonly chatIds?: readonly number[] }
  | { readonly id: number; readonly op: 'sentTimes'; readonly token: string; readonly chatIds?: readonly number[] }
  | { readonly id: number; readonly op: 'fault'; readonly token: string; readonly fault: Fault }
  | { readonly id: number; readonly op: 'clearFaults' }
  | { readonly id: number; readonly op: 'setRateLimit'; readonly on: boolean }
  | { readonly id: number; readonly op: 'close' };

export interface FakeResponse {
  readonly id: number;
  readonly ok: boolean;
  readonly apiRoot?: string;
  readonly timings?: readonly SendTiming[];
  readonly count429?: number;
  readonly sentTimes?: SentTimes;
  readonly started?: readonly number[];
}
