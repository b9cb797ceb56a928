import { errorText, renderText, type Problem, type TextLocale } from './i18n/error-text';
import { z } from 'zod';
import { problemsOf, says, saysText } from './i18n/problems';
import { mediaFileNameProblem } from './media';
import { OPT_OUT_CALLBACK_DATA } from './opt-out';
import { checkLinkAddress, checkMessageText } from './telegram-html';

/**
 * A bot's welcome message: what it sends on /start. The engine and the console both validate
 * with this schema, so an operator sees in the editor exactly what the engine would refuse.
 */

/** Telegram's inline keyboard limits. */
export const MAX_BUTTONS = 100;
const MAX_BUTTONS_PER_ROW = 8;
/** callback_data is limited in bytes, not characters. */
const MAX_CALLBACK_DATA_BYTES = 64;
/** Botdeck's own cap on labels, so a button stays readable on a phone. */
const MAX_BUTTON_LABEL = 64;

const utf8 = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const buttonLabel = z.string({ error: says('validation.welcome.labelMissing') }).superRefine((text, ctx) => {
  // Counted as a person counts (an emoji or a flag is one), since this limit is ours, not Telegram's.
  const length = Array.from(graphemes.segment(text)).length;
  if (text.trim() === '') {
    ctx.addIssue({ code: 'custom', message: says('validation.welcome.labelEmpty') });
  } else if (length > MAX_BUTTON_LABEL) {
    ctx.addIssue({
      code: 'custom',
      message: says('validation.welcome.labelTooLong', { length, max: MAX_BUTTON_LABEL }),
    });
  }
});

const urlButtonSchema = z.object({
  kind: z.literal('url'),
  text: buttonLabel,
  url: z.string({ error: says('validation.welcome.urlMissing') }).superRefine((url, ctx) => {
    const problem = checkLinkAddress(url, ['https', 'http', 'tg']);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: saysText(problem) });
  }),
});

const offerButtonSchema = z.object({
  kind: z.literal('offer'),
  text: buttonLabel,
  data: z.string({ error: says('validation.welcome.dataMissing') }).superRefine((data, ctx) => {
    const bytes = utf8.encode(data).length;
    if (bytes === 0) {
      ctx.addIssue({ code: 'custom', message: says('validation.welcome.dataEmpty') });
    } else if (bytes > MAX_CALLBACK_DATA_BYTES) {
      // Say why a 40-letter text can be "70 bytes": otherwise the number looks wrong.
      ctx.addIssue({
        code: 'custom',
        message: says(bytes === data.length ? 'validation.welcome.dataTooLong' : 'validation.welcome.dataTooLongAccents', { bytes, max: MAX_CALLBACK_DATA_BYTES }),
      });
    }
  }),
});

/** A button that sells one of the bot's products on one rail: its press opens a checkout (see products.ts). */
const productButtonSchema = z.object({
  kind: z.literal('product'),
  text: buttonLabel,
  productId: z
    .number({ error: says('validation.product.buttonProduct') })
    .int()
    .positive(),
  rail: z.enum(['stars', 'pix'], { error: says('validation.product.buttonRail') }),
});

/** What a product button sends to the bot: short, so it stays inside Telegram's 64 bytes. */
export function productCallbackData(productId: number, rail: 'stars' | 'pix'): string {
  return `${PRODUCT_DATA_PREFIX}${productId}:${rail}`;
}
/** Offer buttons may not send data that looks like a product button's. */
export const PRODUCT_DATA_PREFIX = 'buy:';

/** A product button's press, or null for any other data. */
export function readProductCallbackData(data: string | undefined): { productId: number; rail: 'stars' | 'pix' } | null {
  const match = /^buy:([1-9][0-9]{0,15}):(stars|pix)$/.exec(data ?? '');
  if (match === null) return null;
  return { productId: Number(match[1]), rail: match[2] === 'stars' ? 'stars' : 'pix' };
}

const buttonSchema = z.discriminatedUnion('kind', [urlButtonSchema, offerButtonSchema, productButtonSchema], {
  error: says('validation.welcome.buttonKind'),
});

/**
 * Counting rules only need the lists themselves, so they run even when a button inside is
 * broken: the operator then sees every problem at once.
 */
const isListOfLists = (value: unknown): boolean => Array.isArray(value) && value.every((row) => Array.isArray(row));

const buttonRowSchema = z.array(buttonSchema, { error: says('validation.welcome.rowList') });

export const buttonsSchema = z.array(buttonRowSchema, { error: says('validation.welcome.rowsList') }).superRefine(
  (rows, ctx) => {
    rows.forEach((row, index) => {
      if (row.length === 0) {
        ctx.addIssue({ code: 'custom', path: [index], message: says('validation.welcome.rowEmpty', { row: index + 1 }) });
      } else if (row.length > MAX_BUTTONS_PER_ROW) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: says('validation.welcome.rowTooLong', { row: index + 1, count: row.length, max: MAX_BUTTONS_PER_ROW }),
        });
      }
    });
    const total = rows.reduce((sum, row) => sum + row.length, 0);
    if (total > MAX_BUTTONS) {
      ctx.addIssue({
        code: 'custom',
        message: says('validation.welcome.tooManyButtons', { total, max: MAX_BUTTONS, extra: total - MAX_BUTTONS }),
      });
    }
  },
  { when: (payload) => isListOfLists(payload.value) },
);

/** Said wherever a welcome still names its media by a location on disk (saved by an older Botdeck). */
export const MEDIA_PATH_REFUSED = renderText('en', errorText('media.pathRefused', {}));

const mediaSourceSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('file'),
      /** A file in the data folder's media/ folder, by its name. */
      name: z.string({ error: says('validation.welcome.mediaFileMissing') }).superRefine((name, ctx) => {
        const problem = mediaFileNameProblem(name);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: name === '' ? says('validation.welcome.mediaFileMissing') : saysText(problem) });
      }),
    }),
    z.object({
      type: z.literal('url'),
      url: z.string({ error: says('validation.welcome.mediaUrlMissing') }).superRefine((url, ctx) => {
        const problem = checkLinkAddress(url, ['https', 'http']);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: saysText(problem) });
      }),
    }),
    // Kept readable so such a welcome still shows (and its text and buttons survive); never sent.
    z.object({ type: z.literal('path'), path: z.string() }),
  ],
  { error: says('validation.welcome.mediaSource') },
);

export const mediaSchema = z.object(
  {
    kind: z.enum(['photo', 'video', 'animation', 'document', 'audio'], {
      error: says('validation.welcome.mediaKind'),
    }),
    source: mediaSourceSchema,
    /** Telegram's file_id once the media was uploaded; reused so it is not uploaded again. */
    fileId: z
      .string({ error: says('validation.welcome.fileIdDamaged') })
      .min(1)
      .nullable()
      .default(null),
  },
  { error: says('validation.welcome.media') },
);

function wholeNumber(min: number, max: number, message: string): z.ZodNumber {
  return z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

/** The text check needs both fields; run it whenever those two parsed, whatever else failed. */
export const textAndMediaParsed = (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }): boolean =>
  payload.issues.every((issue) => {
    const head = issue.path?.[0];
    return head !== undefined && head !== 'text' && head !== 'media';
  });

/** A welcome as stored and shown, including one whose media still names a location on disk. */
export const savedWelcomeSchema = z
  .object(
    {
      /** Telegram HTML; a caption when media is set. */
      text: z.string({ error: says('validation.welcome.textMissing') }),
      media: mediaSchema.nullable().default(null),
      /** Rows of inline buttons under the message. */
      buttons: buttonsSchema.default([]),
      /** once: welcome a person the first time only; always: on every /start. */
      repeatPolicy: z.enum(['once', 'always'], { error: says('validation.welcome.repeatPolicy') }).default('once'),
      /** Repeated /start within this many seconds gets one welcome. */
      debounceSeconds: wholeNumber(0, 3600, says('validation.welcome.debounce')).default(10),
      /** A welcome not sent within this many hours (say, the laptop was off) is no longer sent. */
      maxRecoveryAgeHours: wholeNumber(1, 720, says('validation.welcome.recoveryAge')).default(24),
    },
    { error: says('validation.welcome.settings') },
  )
  .superRefine(
    (welcome, ctx) => {
      const checked = checkMessageText(welcome.text, welcome.media !== null);
      if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['text'], message: saysText(checked.text), params: { offset: checked.offset } });
    },
    { when: textAndMediaParsed },
  );

/**
 * Botdeck's own "stop receiving offers" button sends this data: an operator's offer button
 * with it would opt the lead out. Checked on what the operator saves, not on stored messages,
 * which carry Botdeck's own button.
 */
export function refuseReservedButtons(buttons: Welcome['buttons'], ctx: z.RefinementCtx): void {
  buttons.forEach((row, r) =>
    row.forEach((button, c) => {
      if (button.kind === 'offer' && button.data === OPT_OUT_CALLBACK_DATA) {
        ctx.addIssue({
          code: 'custom',
          path: ['buttons', r, c, 'data'],
          message: says('validation.welcome.dataReserved', { data: OPT_OUT_CALLBACK_DATA }),
        });
      } else if (button.kind === 'offer' && button.data.startsWith(PRODUCT_DATA_PREFIX)) {
        ctx.addIssue({ code: 'custom', path: ['buttons', r, c, 'data'], message: says('validation.product.dataReserved', { prefix: PRODUCT_DATA_PREFIX }) });
      }
    }),
  );
}

/** A welcome the operator may save: its media is a file of the media folder or a web address. */
export const welcomeSchema = savedWelcomeSchema.superRefine((welcome, ctx) => {
  if (welcome.media?.source.type === 'path') ctx.addIssue({ code: 'custom', path: ['media', 'source', 'path'], message: says('media.pathRefused') });
  refuseReservedButtons(welcome.buttons, ctx);
});

export type Welcome = z.infer<typeof savedWelcomeSchema>;

/** A welcome the operator may save, or each problem at its dotted path (like `text` or `buttons.0.1.data`; empty for the whole welcome). */
export function validateWelcome(input: unknown): { ok: true; value: Welcome } | { ok: false; errors: Problem[] } {
  const result = welcomeSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: problemsOf(result.error) };
}

/** Text made safe for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What a new bot says to leads until the operator edits it, in the operator's language: leads read it first. */
const defaultWelcomeWords: Readonly<Record<TextLocale, { greeting: string; greetingNamed: string; body: string }>> = {
  en: {
    greeting: '👋 Welcome!',
    greetingNamed: '👋 Welcome to {name}!',
    body: 'Send us a message with what you are looking for and we will reply shortly.',
  },
  'pt-BR': {
    greeting: '👋 Olá, que bom ter você aqui!',
    greetingNamed: '👋 Olá! Aqui é {name}.',
    body: 'Mande uma mensagem contando o que você procura e responderemos em breve.',
  },
};

/** A welcome a new bot can send as is, and a starting point the operator edits. */
export function defaultWelcome(botName: string, locale: TextLocale): Welcome {
  const name = botName.trim();
  const words = defaultWelcomeWords[locale];
  const greeting = name === '' ? words.greeting : words.greetingNamed.replace('{name}', () => `<b>${escapeHtml(name)}</b>`);
  return {
    text: `${greeting}\n\n${words.body}`,
    media: null,
    buttons: [],
    repeatPolicy: 'once',
    debounceSeconds: 10,
    maxRecoveryAgeHours: 24,
  };
}
