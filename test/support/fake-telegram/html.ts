import type { MessageEntity } from '@grammyjs/types';

/** What `parse_mode: HTML` makes of a text: the plain text and its entities, or Telegram's complaint. */
export type HtmlParse = { ok: true; text: string; entities: MessageEntity[] } | { ok: false; description: string };

/** The tags the Bot API accepts, each with the entity it becomes (attributes checked below). */
const TAGS: ReadonlyMap<string, MessageEntity.CommonMessageEntity['type'] | 'pre' | 'link' | 'emoji' | 'span'> = new Map([
  ['b', 'bold'],
  ['strong', 'bold'],
  ['i', 'italic'],
  ['em', 'italic'],
  ['u', 'underline'],
  ['ins', 'underline'],
  ['s', 'strikethrough'],
  ['strike', 'strikethrough'],
  ['del', 'strikethrough'],
  ['tg-spoiler', 'spoiler'],
  ['span', 'span'],
  ['code', 'code'],
  ['pre', 'pre'],
  ['blockquote', 'blockquote'],
  ['a', 'link'],
  ['tg-emoji', 'emoji'],
]);

/** The only named entities Telegram decodes; any other `&name;` stays as written. */
const NAMED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
]);

interface Open {
  name: string;
  /** Where the entity starts in the plain text, in UTF-16 units as Telegram counts offsets. */
  offset: number;
  attributes: Map<string, string>;
}

const fail = (reason: string): HtmlParse => ({ ok: false, description: `Bad Request: can't parse entities: ${reason}` });

/**
 * Parses a message the way the Bot API does for parse_mode HTML: tags it does not know,
 * unclosed or crossed tags and a bare `<` are refused with the byte offset Telegram reports.
 */
export function parseHtml(source: string): HtmlParse {
  const bytesBefore = (index: number): number => Buffer.byteLength(source.slice(0, index), 'utf8');
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '&') {
      const decoded = decodeEntity(source, i);
      if (decoded === null) {
        text += '&';
        i += 1;
      } else {
        text += decoded.text;
        i = decoded.end;
      }
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i += 1;
      continue;
    }
    const start = i;
    if (source[i + 1] === '/') {
      const close = source.indexOf('>', i);
      if (close === -1) return fail(`Unclosed end tag at byte offset ${bytesBefore(start)}`);
      const name = source
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const open = stack.pop();
      if (open === undefined) return fail(`Unexpected end tag at byte offset ${bytesBefore(start)}`);
      if (open.name !== name) return fail(`Unmatched end tag at byte offset ${bytesBefore(start)}, expected "</${open.name}>", found "</${name}>"`);
      const entity = entityOf(open, text.length - open.offset);
      if (!entity.ok) return fail(entity.reason);
      if (entity.value !== null) entities.push(entity.value);
      i = close + 1;
      continue;
    }
    // The tag's name runs to a space or '>': a lone '<' in text is an unsupported tag named "".
    let end = i + 1;
    while (end < source.length && !/[\s>]/.test(source[end]!)) end += 1;
    if (end >= source.length) return fail(`Unclosed start tag at byte offset ${bytesBefore(start)}`);
    const name = source.slice(i + 1, end).toLowerCase();
    if (!TAGS.has(name)) return fail(`Unsupported start tag "${name}" at byte offset ${bytesBefore(start)}`);
    const close = source.indexOf('>', end);
    const attributes = close === -1 ? null : parseAttributes(source.slice(end, close));
    if (close === -1 || attributes === null) return fail(`Unclosed start tag at byte offset ${bytesBefore(start)}`);
    stack.push({ name, offset: text.length, attributes });
    i = close + 1;
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) return fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  entities.sort((a, b) => a.offset - b.offset);
  return { ok: true, text, entities };
}

function decodeEntity(source: string, at: number): { text: string; end: number } | null {
  const match = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{1,10});/.exec(source.slice(at, at + 12));
  if (match === null) return null;
  const body = match[1]!;
  const end = at + match[0].length;
  if (body.startsWith('#')) {
    const code = body.startsWith('#x') ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    return { text: String.fromCodePoint(code), end };
  }
  const named = NAMED.get(body);
  return named === undefined ? null : { text: named, end };
}

/** `name="value"`, `name='value'`, `name=value` or a bare name; null when a quote is left open. */
function parseAttributes(raw: string): Map<string, string> | null {
  const attributes = new Map<string, string>();
  const pattern = /\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/y;
  let rest = raw.replace(/\/\s*$/, '');
  while (rest.trim() !== '') {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (match === null) return null;
    attributes.set(match[1]!.toLowerCase(), unescapeAttribute(match[2] ?? match[3] ?? match[4] ?? ''));
    rest = rest.slice(match[0].length);
  }
  return attributes;
}

function unescapeAttribute(value: string): string {
  return value.replace(/&(lt|gt|amp|quot);/g, (_whole, name: string) => NAMED.get(name) ?? '');
}

function entityOf(open: Open, length: number): { ok: true; value: MessageEntity | null } | { ok: false; reason: string } {
  const kind = TAGS.get(open.name);
  const at = { offset: open.offset, length };
  // Telegram drops entities that cover nothing.
  if (length === 0) return { ok: true, value: null };
  switch (kind) {
    case 'link': {
      const href = open.attributes.get('href');
      if (href === undefined || href === '') return { ok: true, value: null };
      return { ok: true, value: { type: 'text_link', ...at, url: href } };
    }
    case 'span':
      if (open.attributes.get('class') !== 'tg-spoiler') return { ok: false, reason: 'Tag "span" must have class "tg-spoiler"' };
      return { ok: true, value: { type: 'spoiler', ...at } };
    case 'emoji': {
      const id = open.attributes.get('emoji-id');
      if (id === undefined || !/^\d+$/.test(id)) return { ok: false, reason: 'Custom emoji identifier must be non-empty' };
      return { ok: true, value: { type: 'custom_emoji', ...at, custom_emoji_id: id } };
    }
    case 'pre': {
      const language = open.attributes.get('language');
      return { ok: true, value: language === undefined ? { type: 'pre', ...at } : { type: 'pre', ...at, language } };
    }
    case 'blockquote':
      return { ok: true, value: open.attributes.has('expandable') ? { type: 'expandable_blockquote', ...at } : { type: 'blockquote', ...at } };
    case undefined:
      return { ok: true, value: null };
    default:
      return { ok: true, value: { type: kind, ...at } };
  }
}
