import { errorText, renderText, type TextLocale } from './i18n/error-text';
import { z } from 'zod';
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

const buttonLabel = z.string({ error: 'Every button needs a label.' }).superRefine((text, ctx) => {
  // Counted as a person counts (an emoji or a flag is one), since this limit is ours, not Telegram's.
  const length = Array.from(graphemes.segment(text)).length;
  if (text.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'The button label is empty. Write the text shown on the button.' });
  } else if (length > MAX_BUTTON_LABEL) {
    ctx.addIssue({
      code: 'custom',
      message: `The button label is ${length} characters; at most ${MAX_BUTTON_LABEL} are allowed. Shorten it.`,
    });
  }
});

const urlButtonSchema = z.object({
  kind: z.literal('url'),
  text: buttonLabel,
  url: z.string({ error: 'A link button needs a web address.' }).superRefine((url, ctx) => {
    const problem = checkLinkAddress(url, ['https', 'http', 'tg']);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

const offerButtonSchema = z.object({
  kind: z.literal('offer'),
  text: buttonLabel,
  data: z.string({ error: 'An offer button needs its button data.' }).superRefine((data, ctx) => {
    const bytes = utf8.encode(data).length;
    if (bytes === 0) {
      ctx.addIssue({ code: 'custom', message: 'Button data is empty. Enter what the button sends to the bot.' });
    } else if (bytes > MAX_CALLBACK_DATA_BYTES) {
      // Say why a 40-letter text can be "70 bytes": otherwise the number looks wrong.
      const why = bytes === data.length ? '' : ' Accented letters and emoji count as 2 to 4 bytes each.';
      ctx.addIssue({
        code: 'custom',
        message: `Button data is ${bytes} bytes; Telegram allows ${MAX_CALLBACK_DATA_BYTES}. Shorten it.${why}`,
      });
    }
  }),
});

const buttonSchema = z.discriminatedUnion('kind', [urlButtonSchema, offerButtonSchema], {
  error: 'Each button must be a link button (kind "url") or an offer button (kind "offer").',
});

/**
 * Counting rules only need the lists themselves, so they run even when a button inside is
 * broken: the operator then sees every problem at once.
 */
const isListOfLists = (value: unknown): boolean => Array.isArray(value) && value.every((row) => Array.isArray(row));

const buttonRowSchema = z.array(buttonSchema, { error: 'Each row of buttons must be a list of buttons.' });

export const buttonsSchema = z.array(buttonRowSchema, { error: 'The buttons must be a list of rows.' }).superRefine(
  (rows, ctx) => {
    rows.forEach((row, index) => {
      if (row.length === 0) {
        ctx.addIssue({ code: 'custom', path: [index], message: `Row ${index + 1} has no buttons. Add one or remove the row.` });
      } else if (row.length > MAX_BUTTONS_PER_ROW) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `Row ${index + 1} has ${row.length} buttons; Telegram allows ${MAX_BUTTONS_PER_ROW} per row. Move some to another row.`,
        });
      }
    });
    const total = rows.reduce((sum, row) => sum + row.length, 0);
    if (total > MAX_BUTTONS) {
      ctx.addIssue({
        code: 'custom',
        message: `There are ${total} buttons; Telegram allows ${MAX_BUTTONS} in one message. Remove ${total - MAX_BUTTONS}.`,
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
      name: z.string({ error: 'Choose the media file.' }).superRefine((name, ctx) => {
        const problem = mediaFileNameProblem(name);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: name === '' ? 'Choose the media file.' : renderText('en', problem) });
      }),
    }),
    z.object({
      type: z.literal('url'),
      url: z.string({ error: 'Enter the web address of the media.' }).superRefine((url, ctx) => {
        const problem = checkLinkAddress(url, ['https', 'http']);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      }),
    }),
    // Kept readable so such a welcome still shows (and its text and buttons survive); never sent.
    z.object({ type: z.literal('path'), path: z.string() }),
  ],
  { error: 'The media must be a file of the media folder (type "file") or a web address (type "url").' },
);

export const mediaSchema = z.object(
  {
    kind: z.enum(['photo', 'video', 'animation', 'document', 'audio'], {
      error: 'The media type must be photo, video, animation, document or audio.',
    }),
    source: mediaSourceSchema,
    /** Telegram's file_id once the media was uploaded; reused so it is not uploaded again. */
    fileId: z.string({ error: 'The saved Telegram file id is damaged; remove it to upload the media again.' }).min(1).nullable().default(null),
  },
  { error: 'The media settings are not in the expected format.' },
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
      text: z.string({ error: 'The welcome text is missing.' }),
      media: mediaSchema.nullable().default(null),
      /** Rows of inline buttons under the message. */
      buttons: buttonsSchema.default([]),
      /** once: welcome a person the first time only; always: on every /start. */
      repeatPolicy: z.enum(['once', 'always'], { error: 'Repeat policy must be "once" or "always".' }).default('once'),
      /** Repeated /start within this many seconds gets one welcome. */
      debounceSeconds: wholeNumber(0, 3600, 'The repeat delay must be a whole number of seconds from 0 to 3600.').default(10),
      /** A welcome not sent within this many hours (say, the laptop was off) is no longer sent. */
      maxRecoveryAgeHours: wholeNumber(1, 720, 'The recovery age limit must be a whole number of hours from 1 to 720.').default(24),
    },
    { error: 'The welcome settings are missing or not in the expected format.' },
  )
  .superRefine(
    (welcome, ctx) => {
      const checked = checkMessageText(welcome.text, welcome.media !== null);
      if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['text'], message: checked.message });
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
          message: `Button data "${OPT_OUT_CALLBACK_DATA}" is reserved for the "stop receiving offers" button. Choose other data.`,
        });
      }
    }),
  );
}

/** A welcome the operator may save: its media is a file of the media folder or a web address. */
export const welcomeSchema = savedWelcomeSchema.superRefine((welcome, ctx) => {
  if (welcome.media?.source.type === 'path') ctx.addIssue({ code: 'custom', path: ['media', 'source', 'path'], message: MEDIA_PATH_REFUSED });
  refuseReservedButtons(welcome.buttons, ctx);
});

export type Welcome = z.infer<typeof savedWelcomeSchema>;

export interface WelcomeError {
  /** Dotted location of the problem, like `text` or `buttons.0.1.data`; empty for the whole welcome. */
  readonly path: string;
  readonly message: string;
}

export function validateWelcome(input: unknown): { ok: true; value: Welcome } | { ok: false; errors: WelcomeError[] } {
  const result = welcomeSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
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
