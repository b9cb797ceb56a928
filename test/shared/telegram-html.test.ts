import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/shared/i18n/error-text';
import {
  TELEGRAM_CAPTION_LIMIT,
  TELEGRAM_TEXT_LIMIT,
  checkLinkAddress,
  checkMessageText,
  checkTelegramHtml,
  type HtmlCheckError,
  type HtmlCheckOk,
  type LinkScheme,
} from '../../src/shared/telegram-html';

function accepted(html: string): HtmlCheckOk {
  const result = checkTelegramHtml(html);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(html)} to pass, got: ${result.message}`);
  return result;
}

function refused(html: string): HtmlCheckError {
  const result = checkTelegramHtml(html);
  if (result.ok) throw new Error(`expected ${JSON.stringify(html)} to be refused`);
  return result;
}

const EMOJI_ID = '5368324170671202286';

describe('checkTelegramHtml accepts what Telegram accepts', () => {
  it.each([
    ['<b>bold</b>', 'bold'],
    ['<strong>bold</strong>', 'bold'],
    ['<i>italic</i>', 'italic'],
    ['<em>italic</em>', 'italic'],
    ['<u>under</u>', 'under'],
    ['<ins>under</ins>', 'under'],
    ['<s>gone</s>', 'gone'],
    ['<strike>gone</strike>', 'gone'],
    ['<del>gone</del>', 'gone'],
    ['<span class="tg-spoiler">secret</span>', 'secret'],
    ['<tg-spoiler>secret</tg-spoiler>', 'secret'],
    ['<a href="https://example.com/shop">shop</a>', 'shop'],
    ['<a href="http://example.com">site</a>', 'site'],
    ['<a href="tg://user?id=123456789">me</a>', 'me'],
    ['<a href="tg://resolve?domain=botdeck">channel</a>', 'channel'],
    ['<a href="mailto:sales@example.com">mail us</a>', 'mail us'],
    [`<tg-emoji emoji-id="${EMOJI_ID}">👍</tg-emoji>`, '👍'],
    ['<code>npm start</code>', 'npm start'],
    ['<pre>line 1\nline 2</pre>', 'line 1\nline 2'],
    ['<pre><code class="language-python">print("hi")</code></pre>', 'print("hi")'],
    ['<pre><code>plain block</code></pre>', 'plain block'],
    ['<blockquote>quoted</blockquote>', 'quoted'],
    ['<blockquote expandable>long quote</blockquote>', 'long quote'],
  ])('%s', (html, plain) => {
    const result = accepted(html);
    expect(result.plainText).toBe(plain);
    expect(result.visibleLength).toBe(plain.length);
  });

  it('accepts formatting nested inside formatting and inside links, quotes and custom emoji', () => {
    expect(accepted('<b>all <i>of <u>them <s>at <tg-spoiler>once</tg-spoiler></s></u></i></b>').plainText).toBe('all of them at once');
    expect(accepted('<a href="https://example.com"><b>bold</b> link</a>').plainText).toBe('bold link');
    expect(accepted('<b><a href="https://example.com">link in bold</a></b>').plainText).toBe('link in bold');
    expect(accepted('<b><code>code in bold</code></b>').plainText).toBe('code in bold');
    expect(accepted(`<b><tg-emoji emoji-id="${EMOJI_ID}">🔥</tg-emoji></b>`).plainText).toBe('🔥');
    expect(accepted('<blockquote><b>Quote</b> with <a href="https://x.com">a link</a>, <code>code</code> and <pre>a block</pre></blockquote>').plainText).toBe(
      'Quote with a link, code and a block',
    );
    expect(accepted('<i><blockquote>quote in italics</blockquote></i>').plainText).toBe('quote in italics');
  });

  it('treats tag and attribute names without regard to case', () => {
    expect(accepted('<B>x</B><Strong>y</STRONG><A HREF="https://example.com">z</a>').plainText).toBe('xyz');
    expect(accepted('<SPAN CLASS="tg-spoiler">s</SPAN><BLOCKQUOTE EXPANDABLE>q</BLOCKQUOTE>').plainText).toBe('sq');
  });

  it('accepts spaces and line breaks inside tags and any quote style for attributes', () => {
    expect(accepted("<b >x</b ><a\nhref = 'https://example.com' >y</a\n>").plainText).toBe('xy');
    expect(accepted('<span class=tg-spoiler>unquoted</span>').plainText).toBe('unquoted');
    expect(accepted('<blockquote expandable="true">q</blockquote>').plainText).toBe('q');
  });

  it('ignores attributes Telegram ignores', () => {
    expect(accepted('<a href="https://example.com" target="_blank" rel="noopener">x</a>').plainText).toBe('x');
    expect(accepted('<b title="whatever">x</b>').plainText).toBe('x');
  });

  it('accepts link addresses with query strings, with or without &amp;', () => {
    accepted('<a href="https://example.com/?a=1&b=2">raw ampersand</a>');
    accepted('<a href="https://example.com/?a=1&amp;b=2">encoded ampersand</a>');
  });

  it('decodes the supported entities and numeric codes', () => {
    const result = accepted('&lt;b&gt; &amp; &quot;quoted&quot; &#65;&#x42;&#x1f600;&#128512;');
    expect(result.plainText).toBe('<b> & "quoted" AB😀😀');
    expect(result.visibleLength).toBe(result.plainText.length);
  });

  it('decodes only once', () => {
    expect(accepted('&amp;lt;').plainText).toBe('&lt;');
  });

  it('keeps a bare > and line breaks as they are', () => {
    expect(accepted('5 > 3\nsecond line').plainText).toBe('5 > 3\nsecond line');
  });

  it('accepts an empty string and empty formatting', () => {
    expect(accepted('')).toEqual({ ok: true, visibleLength: 0, plainText: '' });
    expect(accepted('<b></b>').visibleLength).toBe(0);
  });

  it('counts length in UTF-16 code units, as Telegram does', () => {
    expect(accepted('😀').visibleLength).toBe(2);
    expect(accepted('👍🏽').visibleLength).toBe(4);
    expect(accepted('🇺🇦').visibleLength).toBe(4);
    expect(accepted('👨‍👩‍👧').visibleLength).toBe(8);
    expect(accepted('é').visibleLength).toBe(1);
    expect(accepted('e\u0301').visibleLength).toBe(2);
    expect(accepted('<b>ação</b> 😀').visibleLength).toBe(7);
    expect(accepted('&#x1F600;').visibleLength).toBe(2);
  });
});

describe('checkTelegramHtml refuses, with a position and what to do', () => {
  it('refuses a < that does not start a tag', () => {
    for (const html of ['a < b', 'I <3 you', 'x <', 'a </ b', '<!-- note -->', '</>']) {
      const error = refused(html);
      expect(error.message).toContain('write &lt;');
      expect(html[error.offset]).toBe('<');
    }
    expect(refused('a < b')).toMatchObject({
      ok: false,
      offset: 2,
      message: 'The “<” at character 3 does not start a tag. To show “<” as text, write &lt; instead.',
    });
  });

  it('refuses unknown tags and lists the supported ones', () => {
    const error = refused('Hello there <div>x</div>');
    expect(error.offset).toBe(12);
    expect(error.message).toMatch(/^Unsupported tag <div> at character 13\. Telegram allows only b, strong, i, em, u, ins, s, strike, del, a, code, pre, blockquote, tg-spoiler/);
    expect(refused('<p>x</p>').message).toContain('Unsupported tag <p>');
    expect(refused('<img src="x.png">').message).toContain('Unsupported tag <img>');
    expect(refused('<b1>x</b1>').message).toContain('Unsupported tag <b1>');
    expect(refused('<b.x>y</b>').message).toContain('Unsupported tag <b.x>');
    expect(refused('<b>x</div>').message).toContain('Unsupported tag </div> at character 5');
  });

  it('explains that <br> is written as a line break', () => {
    for (const html of ['a<br>b', 'a<br/>b', 'a<BR />b']) {
      const error = refused(html);
      expect(error.offset).toBe(1);
      expect(error.message).toContain('Start a new line with Enter');
    }
  });

  it('refuses a & that does not start a supported entity', () => {
    expect(refused('Tom & Jerry')).toMatchObject({
      ok: false,
      offset: 4,
      message: 'The “&” at character 5 does not start a code like &lt;. To show “&” as text, write &amp; instead.',
    });
    expect(refused('R&D').offset).toBe(1);
    expect(refused('&#X41;').message).toContain('&amp;');
  });

  it('refuses named entities Telegram does not know', () => {
    for (const entity of ['&nbsp;', '&copy;', '&apos;', '&LT;']) {
      const error = refused(`a ${entity} b`);
      expect(error.offset).toBe(2);
      expect(error.message).toContain(`“${entity}” at character 3 is not a code Telegram understands`);
    }
  });

  it('refuses an entity without its semicolon', () => {
    expect(refused('a &lt b')).toMatchObject({ offset: 2, message: expect.stringContaining('missing its closing “;”. Write &lt; instead.') as unknown });
    expect(refused('&#65 x').message).toContain('Write &#65; instead');
    expect(refused('&#x41').message).toContain('Write &#x41; instead');
  });

  it('refuses numeric codes that are not characters', () => {
    for (const entity of ['&#0;', '&#xD800;', '&#xDFFF;', '&#x110000;', '&#99999999999;']) {
      expect(refused(entity).message).toBe(`“${entity}” at character 1 is not a valid character code.`);
    }
  });

  it('refuses a tag that is never closed', () => {
    expect(refused('<b>bold <i>italic')).toMatchObject({
      ok: false,
      offset: 8,
      message: 'The tag <i> at character 9 is never closed. Add </i> where it should end.',
    });
  });

  it('refuses a closing tag with no opening tag', () => {
    expect(refused('text</b>')).toMatchObject({ ok: false, offset: 4, message: 'The closing tag </b> at character 5 has no matching <b> before it.' });
    expect(refused('<b>x</i>').message).toContain('has no matching <i>');
    // Telegram matches the name as written: <strong> is not closed by </b>.
    expect(refused('<strong>x</b>').message).toContain('has no matching <b>');
  });

  it('refuses overlapping tags', () => {
    const error = refused('<b>bold <i>both</b> italic</i>');
    expect(error.offset).toBe(15);
    expect(error.message).toBe("Close <i> from character 9 before </b> at character 16: tags can't overlap. Write them nested, like <b><i>…</i></b>.");
  });

  it('refuses a tag missing its closing >', () => {
    expect(refused('text <b')).toMatchObject({ offset: 5, message: 'The tag <b> at character 6 is missing its closing “>”.' });
    expect(refused('<a href="https://x.com"').message).toContain('missing its closing “>”');
    expect(refused('<b>x</b').message).toContain('The closing tag </b> at character 5 is missing its closing “>”.');
  });

  it('refuses anything after the name in a closing tag', () => {
    expect(refused('<b>x</b class="y">').message).toBe("The closing tag </b> at character 5 can't have anything after its name. Write </b>.");
  });

  it('refuses self-closing tags', () => {
    expect(refused('<b/>').message).toContain('closes itself');
    expect(refused('x <i />').offset).toBe(2);
  });

  it('refuses malformed attributes', () => {
    expect(refused('<b bold>x</b>')).toMatchObject({
      offset: 3,
      message: 'The attribute “bold” in the tag <b> at character 1 needs a value, like bold="…".',
    });
    expect(refused('<a href=https://example.com>x</a>').message).toBe('Put the value of “href” in the tag <a> at character 1 in quotes, like href="…".');
    expect(refused('<a href="https://example.com>x</a>').message).toContain('missing its closing "');
    expect(refused('<a ="x">y</a>').message).toContain('stray “=”');
  });

  it('requires the spoiler class on span', () => {
    expect(refused('<span>x</span>').message).toBe('The tag <span> at character 1 must be written <span class="tg-spoiler">; Telegram supports no other span.');
    expect(refused('<span class="highlight">x</span>').offset).toBe(0);
  });

  it('requires a usable address on links', () => {
    expect(refused('<a>x</a>').message).toBe('The link <a> at character 1 has no address. Write it like <a href="https://example.com">text</a>.');
    expect(refused('x <a href="">y</a>')).toMatchObject({ offset: 2, message: 'Check the link at character 3. The link address is empty.' });
    expect(refused('<a href="javascript:alert(1)">x</a>').message).toContain("Links starting with “javascript:” can't be used here");
    expect(refused('<a href="ftp://files.example.com">x</a>').message).toContain('“ftp:”');
    expect(refused('<a href="example.com">x</a>').message).toContain('must start with https://, http://, tg:// or mailto:');
    expect(refused('<a href="https://exa mple.com">x</a>').message).toContain('contains a space');
    expect(refused('<a href="https://">x</a>').message).toContain('not a valid web address');
    expect(refused('<a href="tg:">x</a>').message).toContain('tg://resolve?domain=name');
    expect(refused('<a href="mailto:nobody">x</a>').message).toContain('mailto:name@example.com');
  });

  it('refuses a link with no text', () => {
    expect(refused('<a href="https://example.com"></a>').message).toBe('The link at character 1 has no text, so Telegram would not show it.');
  });

  it('requires a numeric emoji-id and a real emoji inside tg-emoji', () => {
    for (const html of [
      '<tg-emoji>👍</tg-emoji>',
      '<tg-emoji emoji-id="abc">👍</tg-emoji>',
      '<tg-emoji emoji-id="0">👍</tg-emoji>',
      '<tg-emoji emoji-id="99999999999999999999">👍</tg-emoji>',
      '<tg-emoji emoji-id="-5">👍</tg-emoji>',
    ]) {
      expect(refused(html).message).toContain("needs emoji-id set to the custom emoji's ID");
    }
    expect(refused(`<tg-emoji emoji-id="${EMOJI_ID}">ok</tg-emoji>`).message).toContain('must contain a regular emoji');
    expect(refused(`<tg-emoji emoji-id="${EMOJI_ID}"></tg-emoji>`).message).toContain('must contain a regular emoji');
    accepted(`<tg-emoji emoji-id="9223372036854775807">🇺🇦</tg-emoji>`);
    accepted(`<tg-emoji emoji-id="${EMOJI_ID}">1️⃣</tg-emoji>`);
  });

  describe('nesting', () => {
    it.each([
      ['<a href="https://a.com">x <a href="https://b.com">y</a></a>', "a link can't be put inside another link.", 26],
      ['<code>x <pre>y</pre></code>', "<pre> can't be put inside <code>.", 8],
      ['<code><b>x</b></code>', 'Telegram shows <code> text without other formatting. Put <b> outside it instead.', 6],
      ['<pre><i>x</i></pre>', 'Telegram shows <pre> text without other formatting.', 5],
      ['<pre><code class="language-js"><b>x</b></code></pre>', 'Telegram shows <code> text without other formatting.', 31],
      ['<blockquote>a <blockquote>b</blockquote></blockquote>', "quotes can't be put inside quotes.", 14],
      ['<blockquote><b><blockquote>b</blockquote></b></blockquote>', "quotes can't be put inside quotes.", 15],
      ['<a href="https://a.com"><code>x</code></a>', "<code> can't be put inside <a>.", 24],
      ['<code><a href="https://a.com">x</a></code>', "<a> can't be put inside <code>.", 6],
      [`<a href="https://a.com"><tg-emoji emoji-id="${EMOJI_ID}">👍</tg-emoji></a>`, "<tg-emoji> can't be put inside <a>.", 24],
      ['<a href="https://a.com"><blockquote>x</blockquote></a>', "a quote can't be put inside <a>.", 24],
      ['<code><code>x</code></code>', "<code> can't be put inside <code>.", 6],
      ['<pre><pre>x</pre></pre>', "<pre> can't be put inside <pre>.", 5],
    ])('%s', (html, reason, offset) => {
      const error = refused(html);
      expect(error.offset).toBe(offset);
      expect(error.message).toContain('which Telegram does not allow');
      expect(error.message).toContain(reason);
    });

    it('names both tags and their positions', () => {
      expect(refused('<code>x <pre>y</pre></code>').message).toBe(
        "The tag <pre> at character 9 is inside <code> from character 1, which Telegram does not allow: <pre> can't be put inside <code>.",
      );
    });

    it('wants the <code> inside <pre> to wrap the whole block', () => {
      for (const [html, offset] of [
        ['<pre>x<code class="language-js">y</code></pre>', 6],
        ['<pre>\n<code class="language-js">y</code></pre>', 6],
        ['<pre><code class="language-js">y</code>\n</pre>', 39],
        ['<pre><code class="language-js">y</code>&amp;</pre>', 0],
        ['<pre><code>a</code><code>b</code></pre>', 19],
      ] as const) {
        const error = refused(html);
        expect(error.message).toContain('must wrap the whole block');
        expect(error.offset).toBe(offset);
      }
    });
  });
});

describe('checkMessageText', () => {
  it('accepts a text message of exactly 4096 characters and refuses 4097', () => {
    expect(TELEGRAM_TEXT_LIMIT).toBe(4096);
    expect(checkMessageText('a'.repeat(4096), false)).toMatchObject({ ok: true, visibleLength: 4096 });
    expect(checkMessageText('a'.repeat(4097), false)).toMatchObject({
      ok: false,
      offset: 4096,
      message: 'The text is 4097 characters long after formatting; Telegram allows 4096. Shorten it by 1.',
    });
  });

  it('accepts a caption of exactly 1024 characters and refuses 1025, saying why', () => {
    expect(TELEGRAM_CAPTION_LIMIT).toBe(1024);
    expect(checkMessageText('a'.repeat(1024), true)).toMatchObject({ ok: true, visibleLength: 1024 });
    const error = checkMessageText('a'.repeat(1025), true);
    expect(error).toMatchObject({ ok: false, offset: 1024 });
    expect(!error.ok && error.message).toBe(
      'The text is 1025 characters long after formatting; a message with media (photo, video or file) is limited to 1024 characters. Shorten it by 1.',
    );
    // The same text is fine as a message without media.
    expect(checkMessageText('a'.repeat(1025), false).ok).toBe(true);
  });

  it('counts the text after formatting: tags are free, an entity is one character', () => {
    expect(checkMessageText(`<b>${'a'.repeat(4096)}</b>`, false).ok).toBe(true);
    expect(checkMessageText('&amp;'.repeat(4096), false)).toMatchObject({ ok: true, plainText: '&'.repeat(4096) });
    const error = checkMessageText('&amp;'.repeat(4097), false);
    expect(error).toMatchObject({ ok: false, offset: 4096 * 5 });
    expect(!error.ok && error.message).toContain('4097 characters');
  });

  it('counts an emoji as two, as Telegram does', () => {
    expect(checkMessageText('😀'.repeat(2048), false)).toMatchObject({ ok: true, visibleLength: 4096 });
    expect(checkMessageText(`${'😀'.repeat(2048)}a`, false)).toMatchObject({ ok: false, offset: 4096 });
    expect(checkMessageText('😀'.repeat(513), true)).toMatchObject({ ok: false, offset: 1024 });
  });

  it('points at the first character past the limit, counting the tags before it', () => {
    expect(checkMessageText(`<b>${'a'.repeat(4100)}</b>`, false)).toMatchObject({ ok: false, offset: 3 + 4096 });
    expect(checkMessageText(`${'a'.repeat(4095)}<i>bc</i>`, false)).toMatchObject({ ok: false, offset: 4095 + 3 + 1 });
  });

  it('refuses an empty text message', () => {
    for (const html of ['', '   ', '\n\n', '<b></b>', '<b> </b>\n']) {
      expect(checkMessageText(html, false)).toMatchObject({ ok: false, offset: 0, message: 'The message is empty.' });
    }
  });

  it('accepts an empty caption: media may be sent without text', () => {
    expect(checkMessageText('', true)).toEqual({ ok: true, visibleLength: 0, plainText: '' });
  });

  it('reports formatting errors before length', () => {
    expect(checkMessageText(`${'a'.repeat(5000)}<div>`, false)).toMatchObject({ ok: false, offset: 5000 });
  });
});

/** checkLinkAddress's answer as the operator reads it in English. */
function linkProblem(address: string, allowed: readonly LinkScheme[]): string | null {
  const problem = checkLinkAddress(address, allowed);
  return problem === null ? null : renderText('en', problem);
}

describe('checkLinkAddress', () => {
  it('accepts only the schemes it is given', () => {
    expect(linkProblem('https://example.com', ['https'])).toBeNull();
    expect(linkProblem('HTTPS://EXAMPLE.COM', ['https'])).toBeNull();
    expect(linkProblem('tg://resolve?domain=x', ['https', 'tg'])).toBeNull();
    expect(linkProblem('mailto:a@b.co', ['https', 'http'])).toBe("Links starting with “mailto:” can't be used here; the address must start with https:// or http://.");
  });

  it('treats a host with a port as a missing scheme, not as a scheme', () => {
    expect(linkProblem('example.com:8080/x', ['https', 'http'])).toContain('must start with https:// or http://');
  });

  it('shortens a very long address in its message', () => {
    const message = linkProblem(`ftp://${'x'.repeat(500)}`, ['https']) ?? '';
    expect(message.length).toBeLessThan(200);
    expect(linkProblem('x'.repeat(500), ['https'])).toContain('...”');
  });
});
