import type { AlertType, Incident } from '../../../shared/alerts';

/** What every channel is given to say; each turns it into its own payload. */
export interface AlertMessage {
  /**
   * `heartbeat`: the periodic "still alive" ping, only for heartbeat channels.
   * `store_refused`: the database did not match, so the bots were not started.
   */
  readonly type: AlertType | 'heartbeat' | 'store_refused';
  /** One line, e.g. "@shop_bot is down". */
  readonly title: string;
  /** The whole story in plain text: cause, since when, leads waiting, money at stake. */
  readonly text: string;
  readonly at: number;
  readonly incident: Incident | null;
}
