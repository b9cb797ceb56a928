import type { IncomingMessage } from 'node:http';
import { boundaryOf, parseMultipart } from './multipart';

export interface UploadedFile {
  filename: string;
  size: number;
}

/** A request's parameters, whichever way they came (query, JSON, urlencoded, multipart). */
export interface CallParams {
  fields: Record<string, unknown>;
  /** File parts by part name; grammY names them randomly and points at them with `attach://name`. */
  files: Map<string, UploadedFile>;
}

export type ParseResult = { ok: true; params: CallParams } | { ok: false; description: string };

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export function parseParams(query: URLSearchParams, contentType: string, body: Buffer): ParseResult {
  // Query first so a body field wins, as the Bot API does.
  const fields: Record<string, unknown> = Object.fromEntries(query);
  const files = new Map<string, UploadedFile>();
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return { ok: true, params: { fields, files } };

  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false, description: "Bad Request: can't parse JSON object" };
    }
    if (!isRecord(parsed)) return { ok: false, description: "Bad Request: can't parse JSON object" };
    Object.assign(fields, parsed);
  } else if (type === 'application/x-www-form-urlencoded') {
    Object.assign(fields, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  } else if (type === 'multipart/form-data') {
    const boundary = boundaryOf(contentType);
    const parts = boundary === undefined ? undefined : parseMultipart(body, boundary);
    if (parts === undefined) return { ok: false, description: "Bad Request: can't parse multipart/form-data" };
    for (const part of parts) {
      if (part.filename === undefined) fields[part.name] = part.data.toString('utf8');
      else files.set(part.name, { filename: part.filename, size: part.data.length });
    }
  }
  return { ok: true, params: { fields, files } };
}

/** Fields plus file parts as `{ filename, size }`, for the call log. */
export function loggableParams(params: CallParams): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params.fields };
  for (const [name, file] of params.files) out[name] = { ...file };
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Integers arrive as numbers in JSON and as strings in forms and query strings. */
export function intParam(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export function stringParam(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Objects arrive as objects in JSON and as JSON-encoded strings in forms. */
export function objectParam(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { ok: false };
  }
}
