import { ChannelDeliveryError } from './channel';

/** Why a request got no answer at all (timeout, cancellation, network), in the operator's words. */
export function unreachable(error: unknown, what: string, signal: AbortSignal, started: number): ChannelDeliveryError {
  if (signal.aborted) {
    const waited = seconds(Date.now() - started);
    const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
    return timedOut
      ? new ChannelDeliveryError(`Timed out: ${what} did not answer within ${waited}. It may be down or overloaded.`, true)
      : new ChannelDeliveryError(`Sending to ${what} was cancelled after ${waited}, before it answered.`, true);
  }
  return new ChannelDeliveryError(`Could not reach ${what}: ${networkReason(error)}.`, true);
}

function seconds(ms: number): string {
  const value = ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000);
  return `${value} s`;
}

const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function networkReason(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused; nothing is listening at that address (ECONNREFUSED)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name could not be resolved; check the address and this computer's internet connection (${code})`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `the connection was cut (${code})`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `the connection timed out (${code})`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `the network is unreachable; is this computer online? (${code})`;
    default:
      if (code !== undefined && CERTIFICATE_CODES.has(code)) return `its HTTPS certificate was not accepted (${code})`;
      return innermostMessage(error);
  }
}

/** undici wraps the socket error: TypeError('fetch failed') → cause (possibly an AggregateError). */
function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const code: unknown = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const first: unknown = current instanceof AggregateError ? current.errors[0] : undefined;
    current = first ?? current.cause;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '') || 'the request failed';
}
