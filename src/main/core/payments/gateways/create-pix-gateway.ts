import type { PixGatewayKind } from '../../../../shared/pix-gateway';
import { MERCADO_PAGO_BASE_URL, MercadoPagoGateway } from './mercado-pago';
import type { PixGateway } from './pix-gateway';

export interface PixGatewayConfig {
  readonly kind: PixGatewayKind;
  readonly accessToken: string;
  readonly baseUrl: string;
}

/** One entry per kind: a new kind without its adapter fails the type check. */
const adapters: Readonly<Record<PixGatewayKind, { readonly baseUrl: string; create(config: PixGatewayConfig, timeoutMs: number): PixGateway }>> = {
  mercado_pago: {
    baseUrl: MERCADO_PAGO_BASE_URL,
    create: (config, timeoutMs) => new MercadoPagoGateway({ accessToken: config.accessToken, baseUrl: config.baseUrl, timeoutMs }),
  },
};

/** The adapter for the connected gateway's kind. */
export function createPixGateway(config: PixGatewayConfig, timeoutMs: number): PixGateway {
  return adapters[config.kind].create(config, timeoutMs);
}

/** Where each kind's API lives unless the operator points it elsewhere. */
export function defaultBaseUrl(kind: PixGatewayKind): string {
  return adapters[kind].baseUrl;
}
