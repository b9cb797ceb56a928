/** What a Mercado Pago PIX payment can be, as the fake reports it. */
export type PaymentStatus = 'pending' | 'approved' | 'cancelled' | 'rejected';

/** The routes a fault can target: create, status by id, and the search a connection test makes. */
export type PixRoute = 'create' | 'status' | 'search';

/** A failure the next matching requests get instead of a normal answer. */
export interface PixFault {
  /** '429' and '500' answer with Mercado Pago's error body; 'timeout' never answers; 'refuse_credentials' answers 401. */
  kind: '429' | '500' | 'timeout' | 'refuse_credentials';
  /** How many requests it applies to; every matching request while unset. */
  times?: number;
  /** Which routes it applies to; every route while unset. */
  paths?: PixRoute[];
  /** For '429': the Retry-After header, in seconds; none while unset. */
  retryAfter?: number;
}

export interface FakePixOptions {
  /** The access token the fake accepts as `Authorization: Bearer <token>`. */
  accessToken?: string;
  /** Where the fake's clock starts, in ms since the epoch. */
  startAt?: number;
}

/** A fake Mercado Pago payments API on 127.0.0.1. */
export interface FakePix {
  /** Point the gateway adapter here: requests go to `${baseUrl}/v1/payments`. */
  readonly baseUrl: string;
  readonly accessToken: string;
  /** The fake's clock, in ms since the epoch; expiries and counters use it. */
  now(): number;
  /** Moves the fake's clock forward. */
  advance(ms: number): void;
  /** The payer pays: the payment becomes approved (refused unless it is pending and not expired). */
  pay(id: number): void;
  /** The payer's bank refuses the transfer: the payment becomes rejected (only a pending one). */
  reject(id: number): void;
  /** The payment's date_of_expiration, in ms since the epoch. */
  expiryOf(id: number): number;
  /** Moves the clock to the payment's date_of_expiration, so it reads as expired. */
  expire(id: number): void;
  fault(fault: PixFault): void;
  clearFaults(): void;
  /** Fake-clock times of every GET /v1/payments/{id} for this id, faulted ones included. */
  statusCalls(id: number): number[];
  /** How many POST /v1/payments arrived with this idempotency key, faulted ones included. */
  createCalls(key: string): number;
  /** How many payments exist. */
  paymentCount(): number;
  /** How many GET /v1/payments/search arrived (a connection test), faulted ones included. */
  searchCalls(): number;
  /** Every request the fake received. */
  requestCount(): number;
  close(): Promise<void>;
}
