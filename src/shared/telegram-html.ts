/**
 * Checks text meant for Telegram's `parse_mode: 'HTML'` before it is saved, so the operator
 * finds out in the editor, not when a customer's message fails to send.
 *
 * It follows Telegram's parser and the Bot API "Formatting options" rules, and is stricter in
 * a few places where Telegram would silently change the message instead of refusing it: a
 * stray `&`, an entity without its `;`, a link without href, and nestings whose inner
 * formatting Telegram would drop. Every refusal names a position and says what to write.
 *
 * Positions: `offset` is a 0-based index into the string (UTF-16, as editors select text);
 * texts say "character N" with N = offset + 1 for people. A refusal is a catalog text, said
 * in the operator's language; `message` is its English rendering.
 */

import { errorText, renderText, type ErrorText } from './i18n/error-text';

export interface HtmlCheckOk {
  readonly ok: true;
  /** Length of plainText in UTF-16 code units, the unit Telegram's limits are counted in. */
  readonly visibleLength: number;
  /** The text with tags removed and entities decoded, as the recipient reads it. */
  readonly plainText: string;
}

export interface HtmlCheckError {
  readonly ok: false;
  readonly text: ErrorText;
  readonly message: string;
  /** 0-based index into the checked string where the problem starts. */
  readonly offset: number;
}

export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;

/** The link schemes Telegram accepts that Botdeck lets an operator use. */
export type LinkScheme = 'http' | 'https' | 'tg' | 'mailto';

type Kind = 'bold' | 'italic' | 'underline' | 'strike' | 'spoiler' | 'link' | 'emoji' | 'code' | 'pre' | 'quote';

const tagKinds: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['b', 'bold'],
  ['strong', 'bold'],
  ['i', 'italic'],
  ['em', 'italic'],
  ['u', 'underline'],
  ['ins', 'underline'],
  ['s', 'strike'],
  ['strike', 'strike'],
  ['del', 'strike'],
  ['span', 'spoiler'],
  ['tg-spoiler', 'spoiler'],
  ['a', 'link'],
  ['tg-emoji', 'emoji'],
  ['code', 'code'],
  ['pre', 'pre'],
  ['blockquote', 'quote'],
]);

/** Kinds that may only hold text (and, for link and emoji, simple formatting), per the Bot API. */
const leafKinds: ReadonlySet<Kind> = new Set<Kind>(['link', 'emoji', 'code', 'pre']);
const formattingKinds: ReadonlySet<Kind> = new Set<Kind>(['bold', 'italic', 'underline', 'strike', 'spoiler']);

/** Largest custom emoji id Telegram accepts: ids are signed 64-bit. */
const MAX_EMOJI_ID = 9223372036854775807n;

interface OpenTag {
  /** Lower-cased name as written (`strong`, not `b`): the closing tag must repeat it. */
  readonly name: string;
  readonly kind: Kind;
  readonly at: number;
  readonly plainStart: number;
  /** For pre: where its single code child ended in plain text; undefined while none, null while open. */
  codeEnd: number | null | undefined;
}

interface Scan {
  readonly plainText: string;
  /** Index in the input of the first visible character past `limit`, or null when it fits. */
  readonly overflowOffset: number | null;
}

class HtmlProblem extends Error {
  constructor(
    readonly text: ErrorText,
    readonly offset: number,
  ) {
    super(renderText('en', text));
  }
}

/** A position as people count: character 1 is the first. */
const at = (offset: number): number => offset + 1;

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';

const isAsciiLetter = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z]$/.test(ch);

/** Short form of user text for messages, so a pasted page doesn't flood the error line. */
function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `“${short}”`;
}

const namedEntities: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Telegram's parser rejects 0, surrogates and anything from U+10FFFF up. */
function validCodePoint(cp: number): boolean {
  return cp > 0 && cp < 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

/**
 * Decodes an attribute value the way Telegram does: known entities decode even without `;`,
 * anything else stays literal. Lenient on purpose, since pasted URLs carry bare `&`.
 */
function decodeAttributeValue(raw: string): string {
  return raw.replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z]+));?/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) {
      const ch = namedEntities[name];
      // The whole letter run is the name, as in Telegram: "&ltd" is not "<" followed by "d".
      return ch ?? whole;
    }
    const digits = hex ?? dec ?? '';
    const cp = digits.length > 8 ? Number.NaN : Number.parseInt(digits, hex === undefined ? 10 : 16);
    return validCodePoint(cp) ? String.fromCodePoint(cp) : whole;
  });
}

/** Most common first, so the hint in a message leads with https://. */
const order: readonly LinkScheme[] = ['https', 'http', 'tg', 'mailto'];

/**
 * Why an address can't be used for a link, or null when it can. Shared with button URLs so a
 * link and a button give the same answer.
 */
export function checkLinkAddress(address: string, allowed: readonly LinkScheme[]): ErrorText | null {
  const shown = quote(address);
  const starts = [...allowed].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((s) => (s === 'mailto' ? 'mailto:' : `${s}://`));
  const allowedList: ErrorText | string =
    starts.length > 1 ? errorText('link.or', { first: starts.slice(0, -1).join(', '), last: starts[starts.length - 1] ?? '' }) : (starts[0] ?? '');
  if (address.trim() === '') return errorText('link.empty', {});
  if (/\s/.test(address)) return errorText('link.space', { address: shown });
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):(.?)/.exec(address);
  // "example.com:8080/x" parses as a scheme; a digit after the colon means it was a port.
  if (schemeMatch === null || /[0-9]/.test(schemeMatch[2] ?? '')) {
    return errorText('link.noScheme', { address: shown, allowed: allowedList });
  }
  const scheme = (schemeMatch[1] ?? '').toLowerCase();
  if (!(allowed as readonly string[]).includes(scheme)) {
    return errorText('link.scheme', { scheme, allowed: allowedList });
  }
  const rest = address.slice(scheme.length + 1);
  if (scheme === 'http' || scheme === 'https') {
    let host = '';
    try {
      host = new URL(address).hostname;
    } catch {
      // Unparseable: reported below like an empty host.
    }
    if (!rest.startsWith('//') || host === '') {
      return errorText('link.notWeb', { address: shown });
    }
    return null;
  }
  if (scheme === 'tg') {
    return /^\/\/[^/?#]+/.test(rest) ? null : errorText('link.tg', { address: shown });
  }
  return /^[^@]+@[^@]+$/.test(rest.split('?')[0] ?? '') ? null : errorText('link.mailto', { address: shown });
}

interface Attribute {
  readonly value: string | null;
  readonly at: number;
}

/**
 * Parses `html` and returns the visible text, or throws HtmlProblem. `limit` only asks it to
 * remember where the visible text first goes past that many units.
 */
function scan(html: string, limit: number): Scan {
  const stack: OpenTag[] = [];
  let plain = '';
  let overflowOffset: number | null = null;
  let i = 0;
  /** Finds where the next run of plain text ends. */
  const markup = /[<&]/g;

  /** `oneToOne`: each output unit came from the same unit of input (plain text, not an entity). */
  const emit = (text: string, sourceStart: number, oneToOne: boolean): void => {
    if (overflowOffset === null && plain.length + text.length > limit) {
      overflowOffset = oneToOne ? sourceStart + Math.max(0, limit - plain.length) : sourceStart;
    }
    plain += text;
  };

  const describeBareLessThan = (pos: number): HtmlProblem => new HtmlProblem(errorText('html.bareLessThan', { at: at(pos) }), pos);

  const readEntity = (start: number): number => {
    const rest = html.slice(start, start + 40);
    const complete = /^&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]*));/.exec(rest);
    if (complete !== null) {
      const [whole, hex, dec, name] = complete;
      if (name !== undefined) {
        const ch = namedEntities[name];
        if (ch === undefined) {
          throw new HtmlProblem(errorText('html.unknownEntity', { code: quote(whole), at: at(start) }), start);
        }
        emit(ch, start, false);
      } else {
        const digits = hex ?? dec ?? '';
        const cp = digits.length > 8 ? Number.NaN : Number.parseInt(digits, hex === undefined ? 10 : 16);
        if (!validCodePoint(cp)) {
          throw new HtmlProblem(errorText('html.badCodePoint', { code: quote(whole), at: at(start) }), start);
        }
        emit(String.fromCodePoint(cp), start, false);
      }
      return start + whole.length;
    }
    const unfinished = /^&(?:#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot)(?![A-Za-z0-9])/.exec(rest);
    if (unfinished !== null) {
      throw new HtmlProblem(errorText('html.entityUnfinished', { code: quote(unfinished[0]), at: at(start), entity: unfinished[0] }), start);
    }
    throw new HtmlProblem(errorText('html.bareAmpersand', { at: at(start) }), start);
  };

  /** Reads attributes up to and including `>`; returns them and the index after `>`. */
  const readAttributes = (tagName: string, tagAt: number, from: number): [Map<string, Attribute>, number] => {
    const attributes = new Map<string, Attribute>();
    const unfinished = (): HtmlProblem => new HtmlProblem(errorText('html.tagUnfinished', { tag: tagName, at: at(tagAt) }), tagAt);
    let j = from;
    for (;;) {
      while (isSpace(html[j])) j++;
      if (j >= html.length) throw unfinished();
      if (html[j] === '>') return [attributes, j + 1];
      if (/^\/\s*>/.test(html.slice(j, j + 20))) {
        throw new HtmlProblem(errorText('html.selfClosing', { tag: tagName, at: at(tagAt) }), tagAt);
      }
      const nameAt = j;
      while (j < html.length && !isSpace(html[j]) && html[j] !== '=' && html[j] !== '>') j++;
      const attrName = html.slice(nameAt, j).toLowerCase();
      if (attrName === '') {
        throw new HtmlProblem(errorText('html.strayCharacter', { tag: tagName, at: at(tagAt), char: html[j] ?? '', charAt: at(j) }), j);
      }
      while (isSpace(html[j])) j++;
      if (html[j] !== '=') {
        attributes.set(attrName, { value: null, at: nameAt });
        continue;
      }
      j++;
      while (isSpace(html[j])) j++;
      if (j >= html.length) throw unfinished();
      const open = html[j];
      if (open === '"' || open === "'") {
        const close = html.indexOf(open, j + 1);
        if (close < 0) {
          throw new HtmlProblem(errorText('html.valueUnclosed', { attr: attrName, tag: tagName, at: at(tagAt), quote: open }), j);
        }
        attributes.set(attrName, { value: decodeAttributeValue(html.slice(j + 1, close)), at: nameAt });
        j = close + 1;
      } else {
        // Unquoted values are name tokens in Telegram's parser: letters, digits, '.', '-'.
        const tokenAt = j;
        while (j < html.length && /[A-Za-z0-9.-]/.test(html[j] ?? '')) j++;
        if (j === tokenAt || !(j >= html.length || isSpace(html[j]) || html[j] === '>')) {
          throw new HtmlProblem(errorText('html.valueUnquoted', { attr: attrName, tag: tagName, at: at(tagAt) }), tokenAt);
        }
        attributes.set(attrName, { value: html.slice(tokenAt, j).toLowerCase(), at: nameAt });
      }
    }
  };

  const checkAttributes = (tagName: string, kind: Kind, tagAt: number, attributes: Map<string, Attribute>): void => {
    for (const [attrName, attr] of attributes) {
      const blockquoteFlag = kind === 'quote' && attrName === 'expandable';
      if (attr.value === null && !blockquoteFlag) {
        throw new HtmlProblem(errorText('html.attributeNoValue', { attr: attrName, tag: tagName, at: at(tagAt) }), attr.at);
      }
    }
    if (tagName === 'span' && attributes.get('class')?.value !== 'tg-spoiler') {
      throw new HtmlProblem(errorText('html.span', { at: at(tagAt) }), tagAt);
    }
    if (kind === 'link') {
      const href = attributes.get('href')?.value;
      if (href === undefined || href === null) {
        throw new HtmlProblem(errorText('html.linkNoAddress', { at: at(tagAt) }), tagAt);
      }
      const problem = checkLinkAddress(href.trim(), ['http', 'https', 'tg', 'mailto']);
      if (problem !== null) throw new HtmlProblem(errorText('html.linkBad', { at: at(tagAt), problem }), tagAt);
    }
    if (kind === 'emoji') {
      const id = attributes.get('emoji-id')?.value;
      if (id === undefined || id === null || !/^[0-9]{1,19}$/.test(id) || BigInt(id) === 0n || BigInt(id) > MAX_EMOJI_ID) {
        throw new HtmlProblem(errorText('html.emojiId', { at: at(tagAt) }), tagAt);
      }
    }
  };

  /** Applies the Bot API nesting rules against every open tag, nearest first. */
  const checkNesting = (tagName: string, kind: Kind, tagAt: number): void => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const outer = stack[k];
      if (outer === undefined) continue;
      let reason: ErrorText | null = null;
      if (formattingKinds.has(kind)) {
        if (outer.kind === 'code' || outer.kind === 'pre') {
          reason = errorText('html.reason.formattingInCode', { outer: outer.name, tag: tagName });
        }
      } else if (kind === 'quote') {
        if (outer.kind === 'quote') reason = errorText('html.reason.quoteInQuote', {});
        else if (leafKinds.has(outer.kind)) reason = errorText('html.reason.quoteInLeaf', { outer: outer.name });
      } else if (leafKinds.has(outer.kind)) {
        const languageCode = kind === 'code' && outer.kind === 'pre' && k === stack.length - 1;
        if (!languageCode) {
          reason = kind === 'link' && outer.kind === 'link' ? errorText('html.reason.linkInLink', {}) : errorText('html.reason.leaf', { tag: tagName, outer: outer.name });
        }
      }
      if (reason !== null) {
        throw new HtmlProblem(errorText('html.nesting', { tag: tagName, at: at(tagAt), outer: outer.name, outerAt: at(outer.at), reason }), tagAt);
      }
    }
  };

  const codeInPreMisplaced = (pre: OpenTag, codeAt: number): HtmlProblem => new HtmlProblem(errorText('html.codeInPre', { at: at(codeAt), preAt: at(pre.at) }), codeAt);

  const openTag = (start: number): number => {
    const nameMatch = /^[A-Za-z][A-Za-z0-9-]*/.exec(html.slice(start + 1, start + 64));
    const written = nameMatch?.[0] ?? '';
    const tagName = written.toLowerCase();
    const after = html[start + 1 + written.length];
    const kind = tagKinds.get(tagName);
    if (kind === undefined || !(after === undefined || isSpace(after) || after === '>' || after === '/')) {
      const rawName = /^[^\s>]*/.exec(html.slice(start + 1, start + 64))?.[0] ?? written;
      if (tagName === 'br') {
        throw new HtmlProblem(errorText('html.br', { at: at(start) }), start);
      }
      throw new HtmlProblem(errorText('html.unsupportedTag', { tag: rawName, at: at(start) }), start);
    }
    const [attributes, next] = readAttributes(tagName, start, start + 1 + written.length);
    checkAttributes(tagName, kind, start, attributes);
    checkNesting(tagName, kind, start);
    const parent = stack[stack.length - 1];
    if (kind === 'code' && parent?.kind === 'pre') {
      if (parent.codeEnd !== undefined || plain.length !== parent.plainStart) throw codeInPreMisplaced(parent, start);
      parent.codeEnd = null;
    }
    stack.push({ name: tagName, kind, at: start, plainStart: plain.length, codeEnd: undefined });
    return next;
  };

  const closeTag = (start: number): number => {
    const written = /^[^\s>]*/.exec(html.slice(start + 2, start + 66))?.[0] ?? '';
    const tagName = written.toLowerCase();
    if (!tagKinds.has(tagName)) {
      throw new HtmlProblem(errorText('html.unsupportedClosing', { tag: written, at: at(start) }), start);
    }
    let j = start + 2 + written.length;
    while (isSpace(html[j])) j++;
    if (html[j] !== '>') {
      throw new HtmlProblem(errorText(j >= html.length ? 'html.closingUnfinished' : 'html.closingExtra', { tag: tagName, at: at(start) }), start);
    }
    const top = stack[stack.length - 1];
    if (top === undefined || !stack.some((t) => t.name === tagName)) {
      throw new HtmlProblem(errorText('html.closingUnmatched', { tag: tagName, at: at(start) }), start);
    }
    if (top.name !== tagName) {
      throw new HtmlProblem(errorText('html.overlap', { top: top.name, topAt: at(top.at), tag: tagName, at: at(start) }), start);
    }
    stack.pop();
    const content = plain.slice(top.plainStart);
    if (top.kind === 'link' && content === '') {
      throw new HtmlProblem(errorText('html.linkNoText', { at: at(top.at) }), top.at);
    }
    if (top.kind === 'emoji' && !/\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(content)) {
      throw new HtmlProblem(errorText('html.emojiContent', { at: at(top.at) }), top.at);
    }
    const parent = stack[stack.length - 1];
    if (top.kind === 'code' && parent?.kind === 'pre') parent.codeEnd = plain.length;
    if (top.kind === 'pre' && top.codeEnd !== undefined && top.codeEnd !== plain.length) {
      throw codeInPreMisplaced(top, top.at);
    }
    return j + 1;
  };

  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      const next = html[i + 1];
      if (next === '/' && isAsciiLetter(html[i + 2])) i = closeTag(i);
      else if (isAsciiLetter(next)) i = openTag(i);
      else throw describeBareLessThan(i);
    } else if (ch === '&') {
      i = readEntity(i);
    } else {
      markup.lastIndex = i;
      const end = markup.exec(html)?.index ?? html.length;
      const text = html.slice(i, end);
      const pre = stack[stack.length - 1];
      // Text after the language <code> inside <pre> would make Telegram drop the language.
      if (pre?.kind === 'pre' && typeof pre.codeEnd === 'number') throw codeInPreMisplaced(pre, i);
      emit(text, i, true);
      i = end;
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed !== undefined) {
    throw new HtmlProblem(errorText('html.neverClosed', { tag: unclosed.name, at: at(unclosed.at) }), unclosed.at);
  }
  return { plainText: plain, overflowOffset };
}

function refused(text: ErrorText, offset: number): HtmlCheckError {
  return { ok: false, text, message: renderText('en', text), offset };
}

function run(html: string, limit: number): Scan | HtmlCheckError {
  try {
    return scan(html, limit);
  } catch (error) {
    if (error instanceof HtmlProblem) return refused(error.text, error.offset);
    throw error;
  }
}

export function checkTelegramHtml(html: string): HtmlCheckOk | HtmlCheckError {
  const result = run(html, Number.POSITIVE_INFINITY);
  if ('ok' in result) return result;
  return { ok: true, visibleLength: result.plainText.length, plainText: result.plainText };
}

/**
 * checkTelegramHtml plus Telegram's length limits. A caption (text sent with a photo, video or
 * file) may be empty; a text message may not.
 */
export function checkMessageText(html: string, asCaption: boolean): HtmlCheckOk | HtmlCheckError {
  const limit = asCaption ? TELEGRAM_CAPTION_LIMIT : TELEGRAM_TEXT_LIMIT;
  const result = run(html, limit);
  if ('ok' in result) return result;
  const { plainText, overflowOffset } = result;
  // Telegram trims the text and refuses a message that is left empty.
  if (!asCaption && plainText.trim() === '') return refused(errorText('html.empty', {}), 0);
  if (overflowOffset !== null) {
    const lengths = { length: plainText.length, max: limit, over: plainText.length - limit };
    return refused(errorText(asCaption ? 'html.captionTooLong' : 'html.textTooLong', lengths), overflowOffset);
  }
  return { ok: true, visibleLength: plainText.length, plainText };
}
