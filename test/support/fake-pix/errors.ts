/** Mercado Pago's error body: a message, an error code, the HTTP status, and causes. */
export interface MercadoPagoError {
  message: string;
  error: string;
  status: number;
  cause: { code: string; description: string; data: null }[];
}

export function errorBody(status: number, error: string, message: string, causes: { code: string; description: string }[] = []): MercadoPagoError {
  return { message, error, status, cause: causes.map((cause) => ({ ...cause, data: null })) };
}

export const unauthorized = (): MercadoPagoError => errorBody(401, 'unauthorized', 'invalid access token', [{ code: '401', description: 'invalid access token' }]);

export const tooManyRequests = (): MercadoPagoError => errorBody(429, 'too_many_requests', 'Too many requests');

export const internalError = (): MercadoPagoError => errorBody(500, 'internal_error', 'Internal server error');

export const notFound = (id: string): MercadoPagoError => errorBody(404, 'not_found', `Payment not found`, [{ code: '2000', description: `Payment ${id} not found` }]);
