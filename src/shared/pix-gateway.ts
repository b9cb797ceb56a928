import { z } from 'zod';
import { errorTextSchema } from './i18n/error-text';
import { says } from './i18n/problems';

/** The PIX gateways Botdeck can talk to (one adapter file each in the engine). */
export const pixGatewayKinds = ['mercado_pago'] as const;
export type PixGatewayKind = (typeof pixGatewayKinds)[number];

export const PIX_EXPIRY_MINUTES = { min: 5, max: 1440, default: 30 } as const;
const MAX_TOKEN = 300;

const kind = z.enum(pixGatewayKinds);
const accessToken = z
  .string()
  .trim()
  .min(1, says('validation.pix.tokenMissing'))
  .max(MAX_TOKEN, says('validation.pix.tokenTooLong', { max: MAX_TOKEN }));
const baseUrl = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/, says('validation.pix.baseUrl'));

/** The gateway typed in: a test before saving uses this too. */
export const pixGatewayCredentialsSchema = z.strictObject({ kind, accessToken, baseUrl: baseUrl.optional() });

export const setPixGatewaySchema = pixGatewayCredentialsSchema.extend({
  expiryMinutes: z
    .number()
    .int()
    .min(PIX_EXPIRY_MINUTES.min, says('validation.pix.expiry', { min: PIX_EXPIRY_MINUTES.min, max: PIX_EXPIRY_MINUTES.max }))
    .max(PIX_EXPIRY_MINUTES.max, says('validation.pix.expiry', { min: PIX_EXPIRY_MINUTES.min, max: PIX_EXPIRY_MINUTES.max })),
});
export type SetPixGatewayInput = z.infer<typeof setPixGatewaySchema>;

/** The last time a charge could not be created or asked about because of the gateway. */
export const pixGatewayFailureSchema = z.object({
  at: z.number().int(),
  code: z.enum(['PIX_CREDENTIALS_REFUSED', 'PIX_GATEWAY_BUSY', 'PIX_GATEWAY_UNREACHABLE', 'PIX_GATEWAY_FAILED']),
  text: errorTextSchema,
});
export type PixGatewayFailure = z.infer<typeof pixGatewayFailureSchema>;

/** The connected gateway as the console sees it: never the token, only its hint. */
export const pixGatewayViewSchema = z.object({
  kind,
  baseUrl: z.string(),
  tokenHint: z.string(),
  expiryMinutes: z.number().int(),
  updatedAt: z.number().int(),
  lastFailure: pixGatewayFailureSchema.nullable(),
  /** The first good answer (a charge created, a status, a save, a test) after the last failure; null when none came since. */
  answeredAt: z.number().int().nullable(),
});
export type PixGatewayView = z.infer<typeof pixGatewayViewSchema>;

/** How long a gateway failure is news on the dashboard when nothing worked since. */
export const PIX_TROUBLE_MS = 3_600_000;

/** The dashboard warns while the last failure is under an hour old and no good answer came after it. */
export function pixGatewayTroubled(view: PixGatewayView | null, now: number): boolean {
  if (view === null || view.lastFailure === null) return false;
  return now - view.lastFailure.at < PIX_TROUBLE_MS && (view.answeredAt === null || view.answeredAt < view.lastFailure.at);
}

export const pixGatewayTestResultSchema = z.object({ ok: z.literal(true), checkedAt: z.number().int() });
