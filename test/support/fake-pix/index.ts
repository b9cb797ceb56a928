export { startFakePix } from './server';
export { DEFAULT_EXPIRY_MS } from './payments';
export type { PaymentView } from './payments';
export type { MercadoPagoError } from './errors';
export type { FakePix, FakePixOptions, PaymentStatus, PixFault, PixRoute } from './types';
