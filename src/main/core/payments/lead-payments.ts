import type { Database, Statement } from 'better-sqlite3';
import type { LeadPayment } from '../../../shared/payments';
import type { PaymentRail } from '../../../shared/products';

interface LeadPaymentRow {
  id: number;
  rail: PaymentRail;
  amount: number;
  product_name: string | null;
  charge_id: string;
  paid_at: number;
  refunded_at: number | null;
}

/** A lead's payments, oldest first, for the lead's drawer (with the product's name, also of a removed product). */
export class LeadPayments {
  private readonly s: Statement<[number], LeadPaymentRow>;

  constructor(db: Database) {
    this.s = db.prepare(
      `SELECT p.id, p.rail, p.amount, pr.name AS product_name, p.charge_id, p.paid_at, p.refunded_at
       FROM payments p LEFT JOIN products pr ON pr.id = p.product_id WHERE p.lead_id = ? ORDER BY p.paid_at, p.id`,
    );
  }

  of(leadId: number): LeadPayment[] {
    return this.s.all(leadId).map((row) => ({
      id: row.id,
      rail: row.rail,
      amount: row.amount,
      productName: row.product_name,
      chargeId: row.charge_id,
      paidAt: row.paid_at,
      refundedAt: row.refunded_at,
    }));
  }
}
