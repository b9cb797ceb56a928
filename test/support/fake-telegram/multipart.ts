/**
 * Minimal multipart/form-data reader. Node's own `Request.formData()` rejects what grammY
 * sends (`content-disposition:form-data;name="x";filename=photo.jpg`: no spaces, unquoted
 * filename), so the fake reads parts itself, tolerating both spellings.
 */

export interface MultipartPart {
  name: string;
  /** Present only on file parts. */
  filename?: string;
  data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** The parts of a complete body, or undefined when it is not well-formed multipart. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] | undefined {
  const opening = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(opening);
  if (pos < 0) return undefined;
  pos += opening.length;
  const parts: MultipartPart[] = [];
  for (;;) {
    // `--` right after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts;
    if (!body.subarray(pos, pos + 2).equals(CRLF)) return undefined;
    pos += 2;
    const end = body.indexOf(separator, pos);
    if (end < 0) return undefined;
    const part = readPart(body.subarray(pos, end));
    if (part === undefined) return undefined;
    parts.push(part);
    pos = end + separator.length;
  }
}

function readPart(raw: Buffer): MultipartPart | undefined {
  const headerEnd = raw.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const headers = raw.subarray(0, headerEnd).toString('utf8').split('\r\n');
  const disposition = headers.find((line) => /^content-disposition\s*:/i.test(line));
  if (disposition === undefined) return undefined;
  const params = dispositionParams(disposition.slice(disposition.indexOf(':') + 1));
  const name = params.get('name');
  if (name === undefined) return undefined;
  const filename = params.get('filename');
  const data = raw.subarray(headerEnd + HEADER_END.length);
  return filename === undefined ? { name, data } : { name, filename, data };
}

/** `form-data; name="a"; filename=b.jpg` → { name: 'a', filename: 'b.jpg' }. */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    const key = match[1]?.toLowerCase();
    const quoted = match[2];
    const bare = match[3];
    if (key === undefined) continue;
    params.set(key, quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '').trim());
  }
  return params;
}
