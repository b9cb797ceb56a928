import type { Database } from 'better-sqlite3';
import { mapErrorTextStrings } from '../../../shared/i18n/error-text';
import type { WriteBatcher } from '../db/write-batcher';
import type { EventBus } from '../events';
import { redactSecrets } from '../redact';
import type { SecretStore } from '../secrets/secret-store';
import { PixGatewayError } from './gateways/pix-gateway';
import { PixGatewayRecords } from './pix-gateway-records';

/**
 * Tells the operator, not only the log, when the gateway fails: the last failure is stored
 * with the gateway (Settings shows it, the dashboard warns while it is recent) and every open
 * console is told. The next good answer marks it answered; only that first answer writes, so
 * a healthy poller costs no extra write per question.
 */
export class PixGatewayHealth {
  private readonly records: PixGatewayRecords;
  /** A failure is stored with no good answer after it (read once at start, then kept here). */
  private unanswered: boolean;

  constructor(
    db: Database,
    secrets: SecretStore,
    private readonly writer: WriteBatcher,
    private readonly events: EventBus,
    private readonly now: () => number,
  ) {
    this.records = new PixGatewayRecords(db, secrets);
    const view = this.records.view();
    this.unanswered = view !== null && view.lastFailure !== null && view.answeredAt === null;
  }

  /** A create or status question failed; only the gateway's own failures count (not a missing gateway, nor a stop's abort). */
  async failed(error: unknown, signal?: AbortSignal): Promise<void> {
    if (!(error instanceof PixGatewayError) || signal?.aborted === true) return;
    const failure = { at: this.now(), code: error.code, text: mapErrorTextStrings(error.text, redactSecrets) };
    if (!(await this.writer.run(() => this.records.failed(failure)))) return;
    this.unanswered = true;
    this.events.emit('pixGateway.changed', { connected: true });
  }

  /** A charge was created or its status answered. */
  async answered(): Promise<void> {
    if (!this.unanswered) return;
    this.unanswered = false;
    const at = this.now();
    if (await this.writer.run(() => this.records.answered(at))) this.events.emit('pixGateway.changed', { connected: true });
  }
}
