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
 * messages say "character N" with N = offset + 1 for people.
 */

export interface HtmlCheckOk {
  readonly ok: true;
  /** Length of plainText in UTF-16 code units, the unit Telegram's limits are counted in. */
  readonly visibleLength: number;
  /** The text with tags removed and entities decoded, as the recipient reads it. */
  readonly plainText: string;
}

export interface HtmlCheckError {
  readonly ok: false;
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

const ALLOWED_TAGS_HINT = 'Telegram allows only b, strong, i, em, u, ins, s, strike, del, a, code, pre, blockquote, tg-spoiler, ' + 'span class="tg-spoiler" and tg-emoji.';

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
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const at = (offset: number): string => `character ${offset + 1}`;

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
export function checkLinkAddress(address: string, allowed: readonly LinkScheme[]): string | null {
  const shown = quote(address);
  const starts = [...allowed].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((s) => (s === 'mailto' ? 'mailto:' : `${s}://`));
  const allowedList = starts.length > 1 ? `${starts.slice(0, -1).join(', ')} or ${starts[starts.length - 1] ?? ''}` : (starts[0] ?? '');
  if (address.trim() === '') return 'The link address is empty.';
  if (/\s/.test(address)) return `The link address ${shown} contains a space or line break; remove it.`;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):(.?)/.exec(address);
  // "example.com:8080/x" parses as a scheme; a digit after the colon means it was a port.
  if (schemeMatch === null || /[0-9]/.test(schemeMatch[2] ?? '')) {
    return `The link address ${shown} must start with ${allowedList}.`;
  }
  const scheme = (schemeMatch[1] ?? '').toLowerCase();
  if (!(allowed as readonly string[]).includes(scheme)) {
    return `Links starting with “${scheme}:” can't be used here; the address must start with ${allowedList}.`;
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
      return `The link address ${shown} is not a valid web address; it should look like https://example.com/page.`;
    }
    return null;
  }
  if (scheme === 'tg') {
    return /^\/\/[^/?#]+/.test(rest) ? null : `The link address ${shown} is incomplete; tg: links look like tg://resolve?domain=name.`;
  }
  return /^[^@]+@[^@]+$/.test(rest.split('?')[0] ?? '') ? null : `The link address ${shown} has no email address; it should look like mailto:name@example.com.`;
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

  const describeBareLessThan = (pos: number): HtmlProblem => new HtmlProblem(`The “<” at ${at(pos)} does not start a tag. To show “<” as text, write &lt; instead.`, pos);

  const readEntity = (start: number): number => {
    const rest = html.slice(start, start + 40);
    const complete = /^&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]*));/.exec(rest);
    if (complete !== null) {
      const [whole, hex, dec, name] = complete;
      if (name !== undefined) {
        const ch = namedEntities[name];
        if (ch === undefined) {
          throw new HtmlProblem(
            `${quote(whole)} at ${at(start)} is not a code Telegram understands. Only &lt; &gt; &amp; &quot; and ` +
              'numeric codes like &#169; work. To show “&” itself, write &amp;.',
            start,
          );
        }
        emit(ch, start, false);
      } else {
        const digits = hex ?? dec ?? '';
        const cp = digits.length > 8 ? Number.NaN : Number.parseInt(digits, hex === undefined ? 10 : 16);
        if (!validCodePoint(cp)) {
          throw new HtmlProblem(`${quote(whole)} at ${at(start)} is not a valid character code.`, start);
        }
        emit(String.fromCodePoint(cp), start, false);
      }
      return start + whole.length;
    }
    const unfinished = /^&(?:#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot)(?![A-Za-z0-9])/.exec(rest);
    if (unfinished !== null) {
      throw new HtmlProblem(`${quote(unfinished[0])} at ${at(start)} is missing its closing “;”. Write ${unfinished[0]}; instead.`, start);
    }
    throw new HtmlProblem(`The “&” at ${at(start)} does not start a code like &lt;. To show “&” as text, write &amp; instead.`, start);
  };

  /** Reads attributes up to and including `>`; returns them and the index after `>`. */
  const readAttributes = (tagName: string, tagAt: number, from: number): [Map<string, Attribute>, number] => {
    const attributes = new Map<string, Attribute>();
    const unfinished = (): HtmlProblem => new HtmlProblem(`The tag <${tagName}> at ${at(tagAt)} is missing its closing “>”.`, tagAt);
    let j = from;
    for (;;) {
      while (isSpace(html[j])) j++;
      if (j >= html.length) throw unfinished();
      if (html[j] === '>') return [attributes, j + 1];
      if (/^\/\s*>/.test(html.slice(j, j + 20))) {
        throw new HtmlProblem(
          `The tag <${tagName}/> at ${at(tagAt)} closes itself, which Telegram does not support. ` + `Write <${tagName}>…</${tagName}> around the text instead.`,
          tagAt,
        );
      }
      const nameAt = j;
      while (j < html.length && !isSpace(html[j]) && html[j] !== '=' && html[j] !== '>') j++;
      const attrName = html.slice(nameAt, j).toLowerCase();
      if (attrName === '') {
        throw new HtmlProblem(`The tag <${tagName}> at ${at(tagAt)} has a stray “${html[j] ?? ''}” at ${at(j)}. ` + 'Attributes look like name="value".', j);
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
          throw new HtmlProblem(`The value of “${attrName}” in the tag <${tagName}> at ${at(tagAt)} is missing its closing ${open}.`, j);
        }
        attributes.set(attrName, { value: decodeAttributeValue(html.slice(j + 1, close)), at: nameAt });
        j = close + 1;
      } else {
        // Unquoted values are name tokens in Telegram's parser: letters, digits, '.', '-'.
        const tokenAt = j;
        while (j < html.length && /[A-Za-z0-9.-]/.test(html[j] ?? '')) j++;
        if (j === tokenAt || !(j >= html.length || isSpace(html[j]) || html[j] === '>')) {
          throw new HtmlProblem(`Put the value of “${attrName}” in the tag <${tagName}> at ${at(tagAt)} in quotes, like ${attrName}="…".`, tokenAt);
        }
        attributes.set(attrName, { value: html.slice(tokenAt, j).toLowerCase(), at: nameAt });
      }
    }
  };

  const checkAttributes = (tagName: string, kind: Kind, tagAt: number, attributes: Map<string, Attribute>): void => {
    for (const [attrName, attr] of attributes) {
      const blockquoteFlag = kind === 'quote' && attrName === 'expandable';
      if (attr.value === null && !blockquoteFlag) {
        throw new HtmlProblem(`The attribute “${attrName}” in the tag <${tagName}> at ${at(tagAt)} needs a value, like ${attrName}="…".`, attr.at);
      }
    }
    if (tagName === 'span' && attributes.get('class')?.value !== 'tg-spoiler') {
      throw new HtmlProblem(`The tag <span> at ${at(tagAt)} must be written <span class="tg-spoiler">; Telegram supports no other span.`, tagAt);
    }
    if (kind === 'link') {
      const href = attributes.get('href')?.value;
      if (href === undefined || href === null) {
        throw new HtmlProblem(`The link <a> at ${at(tagAt)} has no address. Write it like <a href="https://example.com">text</a>.`, tagAt);
      }
      const problem = checkLinkAddress(href.trim(), ['http', 'https', 'tg', 'mailto']);
      if (problem !== null) throw new HtmlProblem(`Check the link at ${at(tagAt)}. ${problem}`, tagAt);
    }
    if (kind === 'emoji') {
      const id = attributes.get('emoji-id')?.value;
      if (id === undefined || id === null || !/^[0-9]{1,19}$/.test(id) || BigInt(id) === 0n || BigInt(id) > MAX_EMOJI_ID) {
        throw new HtmlProblem(
          `The tag <tg-emoji> at ${at(tagAt)} needs emoji-id set to the custom emoji's ID (a number), like ` + '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>.',
          tagAt,
        );
      }
    }
  };

  /** Applies the Bot API nesting rules against every open tag, nearest first. */
  const checkNesting = (tagName: string, kind: Kind, tagAt: number): void => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const outer = stack[k];
      if (outer === undefined) continue;
      let reason: string | null = null;
      if (formattingKinds.has(kind)) {
        if (outer.kind === 'code' || outer.kind === 'pre') {
          reason = `Telegram shows <${outer.name}> text without other formatting. Put <${tagName}> outside it instead.`;
        }
      } else if (kind === 'quote') {
        if (outer.kind === 'quote') reason = "quotes can't be put inside quotes.";
        else if (leafKinds.has(outer.kind)) reason = `a quote can't be put inside <${outer.name}>.`;
      } else if (leafKinds.has(outer.kind)) {
        const languageCode = kind === 'code' && outer.kind === 'pre' && k === stack.length - 1;
        if (!languageCode) {
          reason = kind === 'link' && outer.kind === 'link' ? "a link can't be put inside another link." : `<${tagName}> can't be put inside <${outer.name}>.`;
        }
      }
      if (reason !== null) {
        throw new HtmlProblem(`The tag <${tagName}> at ${at(tagAt)} is inside <${outer.name}> from ${at(outer.at)}, which Telegram ` + `does not allow: ${reason}`, tagAt);
      }
    }
  };

  const codeInPreMisplaced = (pre: OpenTag, codeAt: number): HtmlProblem =>
    new HtmlProblem(
      `The <code> at ${at(codeAt)} inside <pre> from ${at(pre.at)} must wrap the whole block, with nothing ` +
        'before or after it: <pre><code class="language-python">…</code></pre>.',
      codeAt,
    );

  const openTag = (start: number): number => {
    const nameMatch = /^[A-Za-z][A-Za-z0-9-]*/.exec(html.slice(start + 1, start + 64));
    const written = nameMatch?.[0] ?? '';
    const tagName = written.toLowerCase();
    const after = html[start + 1 + written.length];
    const kind = tagKinds.get(tagName);
    if (kind === undefined || !(after === undefined || isSpace(after) || after === '>' || after === '/')) {
      const rawName = /^[^\s>]*/.exec(html.slice(start + 1, start + 64))?.[0] ?? written;
      if (tagName === 'br') {
        throw new HtmlProblem(`Telegram does not support <br> (at ${at(start)}). Start a new line with Enter instead.`, start);
      }
      throw new HtmlProblem(`Unsupported tag <${rawName}> at ${at(start)}. ${ALLOWED_TAGS_HINT}`, start);
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
      throw new HtmlProblem(`Unsupported tag </${written}> at ${at(start)}. ${ALLOWED_TAGS_HINT}`, start);
    }
    let j = start + 2 + written.length;
    while (isSpace(html[j])) j++;
    if (html[j] !== '>') {
      throw new HtmlProblem(
        j >= html.length
          ? `The closing tag </${tagName}> at ${at(start)} is missing its closing “>”.`
          : `The closing tag </${tagName}> at ${at(start)} can't have anything after its name. Write </${tagName}>.`,
        start,
      );
    }
    const top = stack[stack.length - 1];
    if (top === undefined || !stack.some((t) => t.name === tagName)) {
      throw new HtmlProblem(`The closing tag </${tagName}> at ${at(start)} has no matching <${tagName}> before it.`, start);
    }
    if (top.name !== tagName) {
      throw new HtmlProblem(
        `Close <${top.name}> from ${at(top.at)} before </${tagName}> at ${at(start)}: tags can't overlap. ` +
          `Write them nested, like <${tagName}><${top.name}>…</${top.name}></${tagName}>.`,
        start,
      );
    }
    stack.pop();
    const content = plain.slice(top.plainStart);
    if (top.kind === 'link' && content === '') {
      throw new HtmlProblem(`The link at ${at(top.at)} has no text, so Telegram would not show it.`, top.at);
    }
    if (top.kind === 'emoji' && !/\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(content)) {
      throw new HtmlProblem(
        `The <tg-emoji> at ${at(top.at)} must contain a regular emoji, shown where the custom one can't be, ` + 'like <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>.',
        top.at,
      );
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
    throw new HtmlProblem(`The tag <${unclosed.name}> at ${at(unclosed.at)} is never closed. Add </${unclosed.name}> where it should end.`, unclosed.at);
  }
  return { plainText: plain, overflowOffset };
}

function run(html: string, limit: number): Scan | HtmlCheckError {
  try {
    return scan(html, limit);
  } catch (error) {
    if (error instanceof HtmlProblem) return { ok: false, message: error.message, offset: error.offset };
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
  if (!asCaption && plainText.trim() === '') return { ok: false, message: 'The message is empty.', offset: 0 };
  if (overflowOffset !== null) {
    const over = plainText.length - limit;
    const message = asCaption
      ? `The text is ${plainText.length} characters long after formatting; a message with media (photo, video or ` +
        `file) is limited to ${limit} characters. Shorten it by ${over}.`
      : `The text is ${plainText.length} characters long after formatting; Telegram allows ${limit}. Shorten it by ${over}.`;
    return { ok: false, message, offset: overflowOffset };
  }
  return { ok: true, visibleLength: plainText.length, plainText };
}
