import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/shared/i18n/error-text';
import { problemOf } from '../../src/shared/i18n/problems';
import { defaultWelcome, MEDIA_PATH_REFUSED, savedWelcomeSchema, validateWelcome, welcomeSchema, type Welcome } from '../../src/shared/welcome';

type Errors = { path: string; message: string }[];

function valid(input: unknown): Welcome {
  const result = validateWelcome(input);
  if (!result.ok) throw new Error(`expected a valid welcome, got: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf(input: unknown): Errors {
  const result = validateWelcome(input);
  if (result.ok) throw new Error('expected the welcome to be refused');
  return result.errors.map((error) => ({ path: error.path, message: renderText('en', error.text) }));
}

const offer = (data: string, text = 'Buy') => ({ kind: 'offer', text, data });
const link = (url: string, text = 'Open') => ({ kind: 'url', text, url });
const photo = { kind: 'photo', source: { type: 'file', name: 'photo.jpg' }, fileId: null };

describe('welcome defaults', () => {
  it('fills in everything but the text', () => {
    expect(valid({ text: 'Hi!' })).toEqual({
      text: 'Hi!',
      media: null,
      buttons: [],
      repeatPolicy: 'once',
      debounceSeconds: 10,
      maxRecoveryAgeHours: 24,
    });
  });

  it('defaults fileId to null on media', () => {
    const media = { kind: 'photo', source: { type: 'url', url: 'https://example.com/p.jpg' } };
    expect(valid({ text: 'Hi', media }).media).toEqual({ ...media, fileId: null });
  });

  it('gives a new bot a welcome that passes its own checks', () => {
    const welcome = defaultWelcome('Sunny Shop', 'en');
    expect(validateWelcome(welcome)).toEqual({ ok: true, value: welcome });
    expect(welcome.text).toContain('<b>Sunny Shop</b>');
    expect(welcome).toMatchObject({ media: null, buttons: [], repeatPolicy: 'once', debounceSeconds: 10, maxRecoveryAgeHours: 24 });
  });

  it("gives a new bot a welcome in the operator's language, which passes its own checks", () => {
    const welcome = defaultWelcome('Loja & Cia', 'pt-BR');
    expect(welcome.text).toBe('👋 Olá! Aqui é <b>Loja &amp; Cia</b>.\n\nMande uma mensagem contando o que você procura e responderemos em breve.');
    expect(validateWelcome(welcome)).toEqual({ ok: true, value: welcome });
    expect(defaultWelcome('', 'pt-BR').text).toMatch(/^👋 Olá/);
    expect(validateWelcome(defaultWelcome('', 'pt-BR')).ok).toBe(true);
    // A name with replacement patterns stays as it was written.
    expect(defaultWelcome('$& Shop', 'en').text).toContain('<b>$&amp; Shop</b>');
  });

  it('escapes the bot name so it cannot break the formatting', () => {
    const welcome = defaultWelcome('  Tom & Jerry <Toys>  ', 'en');
    expect(welcome.text).toContain('<b>Tom &amp; Jerry &lt;Toys&gt;</b>');
    expect(validateWelcome(welcome).ok).toBe(true);
    expect(validateWelcome(defaultWelcome('', 'en')).ok).toBe(true);
  });

  it('keeps what was given instead of the defaults', () => {
    const welcome = valid({ text: 'Hi', repeatPolicy: 'always', debounceSeconds: 0, maxRecoveryAgeHours: 720, buttons: [[offer('x')]] });
    expect(welcome).toMatchObject({ repeatPolicy: 'always', debounceSeconds: 0, maxRecoveryAgeHours: 720 });
  });
});

describe('welcome text', () => {
  it('runs the Telegram HTML check and reports it on text', () => {
    expect(errorsOf({ text: 'Hello <div>there</div>' })).toEqual([{ path: 'text', message: expect.stringContaining('Unsupported tag <div> at character 7') as unknown }]);
    expect(errorsOf({ text: 'Tom & Jerry' })[0]?.path).toBe('text');
  });

  it('refuses a missing or empty text when there is no media', () => {
    expect(errorsOf({})).toEqual([{ path: 'text', message: 'The welcome text is missing.' }]);
    expect(errorsOf({ text: '  ' })).toEqual([{ path: 'text', message: 'The message is empty.' }]);
  });

  it('allows an empty caption when media is set', () => {
    expect(valid({ text: '', media: photo }).text).toBe('');
  });

  it('uses the 4096 limit without media', () => {
    expect(valid({ text: 'a'.repeat(4096) }).text).toHaveLength(4096);
    expect(errorsOf({ text: 'a'.repeat(4097) })).toEqual([{ path: 'text', message: 'The text is 4097 characters long after formatting; Telegram allows 4096. Shorten it by 1.' }]);
  });

  it('uses the 1024 caption limit when media is set', () => {
    valid({ text: 'a'.repeat(1024), media: photo });
    valid({ text: 'a'.repeat(1025) });
    const errors = errorsOf({ text: 'a'.repeat(1025), media: photo });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('text');
    expect(errors[0]?.message).toContain('a message with media');
    expect(errors[0]?.message).toContain('1024');
  });

  it('still checks the text when other fields are wrong, so every problem shows at once', () => {
    const errors = errorsOf({ text: '<b>unclosed', debounceSeconds: -1, buttons: [[offer('')]] });
    expect(errors.map((e) => e.path).sort()).toEqual(['buttons.0.0.data', 'debounceSeconds', 'text']);
  });
});

describe('welcome buttons', () => {
  it('accepts link and offer buttons in rows', () => {
    const buttons = [
      [link('https://example.com'), link('http://example.com'), link('tg://resolve?domain=shop')],
      [offer('plan:basic', 'Basic'), offer('plan:pro', 'Pro')],
    ];
    expect(valid({ text: 'Pick one', buttons }).buttons).toEqual(buttons);
  });

  it('allows button labels of 1 to 64 characters, an emoji counting as one', () => {
    valid({ text: 'x', buttons: [[offer('d', 'a')], [offer('d', 'a'.repeat(64))], [offer('d', '🛒'.repeat(64))]] });
    expect(errorsOf({ text: 'x', buttons: [[offer('d', 'a'.repeat(65))]] })).toEqual([
      { path: 'buttons.0.0.text', message: 'The button label is 65 characters; at most 64 are allowed. Shorten it.' },
    ]);
    expect(errorsOf({ text: 'x', buttons: [[link('https://x.com', ' ')]] })).toEqual([
      { path: 'buttons.0.0.text', message: 'The button label is empty. Write the text shown on the button.' },
    ]);
  });

  it('counts button data in UTF-8 bytes, at most 64', () => {
    valid({ text: 'x', buttons: [[offer('a'.repeat(64))]] });
    expect(errorsOf({ text: 'x', buttons: [[offer('a'.repeat(65))]] })).toEqual([
      { path: 'buttons.0.0.data', message: 'Button data is 65 bytes; Telegram allows 64. Shorten it.' },
    ]);
  });

  it('counts accented letters and emoji as several bytes, and says so', () => {
    // 'ação' is 4 characters but 6 bytes.
    valid({ text: 'x', buttons: [[offer('ação'.repeat(10) + 'abcd')]] });
    valid({ text: 'x', buttons: [[offer('ç'.repeat(32))]] });
    valid({ text: 'x', buttons: [[offer('😀'.repeat(16))]] });
    const errors = errorsOf({ text: 'x', buttons: [[offer('a'), offer('ç'.repeat(32) + 'a')]] });
    expect(errors).toEqual([
      {
        path: 'buttons.0.1.data',
        message: 'Button data is 65 bytes; Telegram allows 64. Shorten it. Accented letters and emoji count as 2 to 4 bytes each.',
      },
    ]);
    expect(errorsOf({ text: 'x', buttons: [[offer('ação'.repeat(11))]] })[0]?.message).toMatch(/^Button data is 66 bytes;/);
    // 40 characters, 70 bytes: the count a person would make is not the one that matters.
    expect(errorsOf({ text: 'x', buttons: [[offer('ção'.repeat(10) + 'ç'.repeat(10))]] })[0]?.message).toMatch(/^Button data is 70 bytes;/);
  });

  it('refuses empty button data', () => {
    expect(errorsOf({ text: 'x', buttons: [[offer('')]] })).toEqual([{ path: 'buttons.0.0.data', message: 'Button data is empty. Enter what the button sends to the bot.' }]);
  });

  it('refuses link buttons with other schemes or no scheme', () => {
    const buttons = [
      [link('https://ok.com'), link('javascript:alert(1)')],
      [link('mailto:a@b.com'), link('ftp://x.com'), link('shop.com')],
    ];
    const errors = errorsOf({ text: 'x', buttons });
    expect(errors.map((e) => e.path)).toEqual(['buttons.0.1.url', 'buttons.1.0.url', 'buttons.1.1.url', 'buttons.1.2.url']);
    expect(errors[0]?.message).toBe("Links starting with “javascript:” can't be used here; the address must start with https://, http:// or tg://.");
    expect(errors[1]?.message).toContain('“mailto:”');
    expect(errors[3]?.message).toContain('“shop.com” must start with https://');
  });

  it('allows 8 buttons in a row, not 9', () => {
    const row = (n: number) => Array.from({ length: n }, (_, i) => offer(`d${i}`, `B${i}`));
    valid({ text: 'x', buttons: [row(8)] });
    expect(errorsOf({ text: 'x', buttons: [row(1), row(9)] })).toEqual([
      { path: 'buttons.1', message: 'Row 2 has 9 buttons; Telegram allows 8 per row. Move some to another row.' },
    ]);
  });

  it('allows 100 buttons in all, not 101', () => {
    const rows = (counts: number[]) => counts.map((n) => Array.from({ length: n }, (_, i) => offer(`d${i}`)));
    valid({ text: 'x', buttons: rows([...Array<number>(12).fill(8), 4]) });
    expect(errorsOf({ text: 'x', buttons: rows([...Array<number>(12).fill(8), 5]) })).toEqual([
      { path: 'buttons', message: 'There are 101 buttons; Telegram allows 100 in one message. Remove 1.' },
    ]);
  });

  it('refuses an empty row', () => {
    expect(errorsOf({ text: 'x', buttons: [[offer('a')], []] })).toEqual([{ path: 'buttons.1', message: 'Row 2 has no buttons. Add one or remove the row.' }]);
  });

  it('reports row problems alongside problems in the buttons', () => {
    const errors = errorsOf({ text: 'x', buttons: [[offer('')], []] });
    expect(errors.map((e) => e.path).sort()).toEqual(['buttons.0.0.data', 'buttons.1']);
  });

  it('refuses an unknown kind of button', () => {
    expect(errorsOf({ text: 'x', buttons: [[{ kind: 'phone', text: 'Call' }]] })[0]).toMatchObject({
      path: 'buttons.0.0.kind',
      message: 'Each button must be a link button (kind "url") or an offer button (kind "offer").',
    });
  });
});

describe('welcome media', () => {
  it('accepts a file of the media folder by its name, and web addresses', () => {
    for (const name of ['a.jpg', 'Oferta de hoje (1).mp4', 'promoção_2.png', '2026-11-30.gif']) {
      valid({ text: 'x', media: { kind: 'photo', source: { type: 'file', name }, fileId: null } });
    }
    valid({ text: 'x', media: { kind: 'video', source: { type: 'url', url: 'https://cdn.example.com/v.mp4' }, fileId: 'BAACAgIAAx' } });
    valid({ text: 'x', media: { kind: 'document', source: { type: 'url', url: 'http://example.com/price.pdf' }, fileId: null } });
  });

  it('refuses a file given by a location instead of a name of the media folder', () => {
    for (const name of ['/home/op/a.jpg', 'C:\\Users\\op\\a.jpg', '../secret.key', 'media/a.jpg', '..', '.', '.hidden', 'NUL.jpg', 'a.jpg.', '']) {
      const errors = errorsOf({ text: 'x', media: { kind: 'photo', source: { type: 'file', name }, fileId: null } });
      expect(errors.map((error) => error.path)).toEqual(['media.source.name']);
    }
  });

  it('shows a welcome saved with a location on disk, but does not let it be saved again', () => {
    const legacy = { text: 'x', media: { kind: 'photo', source: { type: 'path', path: '/home/op/a.jpg' }, fileId: 'AgAC' } };
    expect(savedWelcomeSchema.parse(legacy).media?.source).toEqual({ type: 'path', path: '/home/op/a.jpg' });
    expect(errorsOf(legacy)).toEqual([{ path: 'media.source.path', message: MEDIA_PATH_REFUSED }]);
    expect(MEDIA_PATH_REFUSED).toContain('Choose the file again');
  });

  it('refuses a media address that is not http or https', () => {
    for (const url of ['ftp://example.com/a.jpg', 'tg://resolve?domain=x', 'file:///etc/passwd', 'example.com/a.jpg']) {
      const errors = errorsOf({ text: 'x', media: { kind: 'photo', source: { type: 'url', url }, fileId: null } });
      expect(errors).toHaveLength(1);
      expect(errors[0]?.path).toBe('media.source.url');
      expect(errors[0]?.message).toContain('https:// or http://');
    }
  });

  it('refuses an unknown media kind or source', () => {
    expect(errorsOf({ text: 'x', media: { kind: 'sticker', source: { type: 'file', name: 'a.webp' } } })).toEqual([
      { path: 'media.kind', message: 'The media type must be photo, video, animation, document or audio.' },
    ]);
    expect(errorsOf({ text: 'x', media: { kind: 'audio', source: { type: 'ftp' } } })[0]?.path).toBe('media.source.type');
  });
});

describe('welcome timing', () => {
  it.each([0, 1, 3600])('accepts debounceSeconds %s', (debounceSeconds) => {
    expect(valid({ text: 'x', debounceSeconds }).debounceSeconds).toBe(debounceSeconds);
  });

  it.each([-1, 3601, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10'])('refuses debounceSeconds %s', (debounceSeconds) => {
    expect(errorsOf({ text: 'x', debounceSeconds })).toEqual([{ path: 'debounceSeconds', message: 'The repeat delay must be a whole number of seconds from 0 to 3600.' }]);
  });

  it.each([1, 720])('accepts maxRecoveryAgeHours %s', (maxRecoveryAgeHours) => {
    expect(valid({ text: 'x', maxRecoveryAgeHours }).maxRecoveryAgeHours).toBe(maxRecoveryAgeHours);
  });

  it.each([0, 721, 2.5])('refuses maxRecoveryAgeHours %s', (maxRecoveryAgeHours) => {
    expect(errorsOf({ text: 'x', maxRecoveryAgeHours })).toEqual([
      { path: 'maxRecoveryAgeHours', message: 'The recovery age limit must be a whole number of hours from 1 to 720.' },
    ]);
  });

  it('refuses an unknown repeat policy', () => {
    expect(errorsOf({ text: 'x', repeatPolicy: 'daily' })).toEqual([{ path: 'repeatPolicy', message: 'Repeat policy must be "once" or "always".' }]);
  });
});

describe('validateWelcome', () => {
  it('refuses something that is not a welcome at all, with an empty path', () => {
    for (const input of [null, undefined, 'hello', 42, []]) {
      expect(errorsOf(input)).toEqual([{ path: '', message: 'The welcome settings are missing or not in the expected format.' }]);
    }
  });

  it('gives the same messages as the schema itself, so engine and console agree', () => {
    const input = { text: 'a'.repeat(1025), media: photo, buttons: [[offer('a'.repeat(70))]] };
    const parsed = welcomeSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const fromSchema = (parsed.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: renderText('en', problemOf(issue).text) }));
    expect(errorsOf(input)).toEqual(fromSchema);
    expect(fromSchema.map((e) => e.path).sort()).toEqual(['buttons.0.0.data', 'text']);
  });
});
