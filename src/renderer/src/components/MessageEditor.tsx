import { useState, type ReactElement } from 'react';
import { productRails, type PaymentRail, type Product } from '../../../shared/products';
import { checkMessageText } from '../../../shared/telegram-html';
import type { Welcome } from '../../../shared/welcome';
import { useI18n } from '../i18n/i18n';
import { uploadMediaFile } from '../logic/media-upload';
import { call, hasDesktopBridge } from '../transport/client';

/** What a message to a lead is made of, in a welcome and in a campaign alike. */
export type MessageParts = Pick<Welcome, 'text' | 'media' | 'buttons'>;
type Button = Welcome['buttons'][number][number];
type MediaKind = NonNullable<Welcome['media']>['kind'];
type MediaSource = NonNullable<Welcome['media']>['source'];
const MEDIA_KINDS: readonly MediaKind[] = ['photo', 'video', 'animation', 'document', 'audio'];

export interface MessageEditorProps {
  /** Makes the fields' ids unique on a page with several editors. */
  readonly idPrefix: string;
  readonly value: MessageParts;
  /** From the latest value: an upload ends after the operator may have edited the text. */
  readonly onChange: (update: (current: MessageParts) => MessageParts) => void;
  /** The problems the shared schema finds, each at its path (e.g. "text", "buttons.0.url"). */
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  readonly onError: (error: unknown) => void;
  /** The products a button may sell (the sending bot's); without it, no product buttons are offered (a delivery message). */
  readonly products?: readonly Product[];
}

/** The button a kind select turns `button` into, keeping its label; a product button starts on the first product and its first rail. */
function asKind(kind: string, button: Button, products: readonly Product[]): Button {
  if (kind === 'url') return { kind: 'url', text: button.text, url: '' };
  if (kind !== 'product') return { kind: 'offer', text: button.text, data: '' };
  const first = products[0];
  return { kind: 'product', text: button.text, productId: first?.id ?? 0, rail: first === undefined ? 'stars' : (productRails(first)[0] ?? 'stars') };
}

/** A product button pointed at another product: its rail stays when that product offers it. */
function withProduct(button: Extract<Button, { kind: 'product' }>, productId: number, products: readonly Product[]): Button {
  const product = products.find((found) => found.id === productId);
  const rails: readonly PaymentRail[] = product === undefined ? [] : productRails(product);
  return { ...button, productId, rail: rails.includes(button.rail) ? button.rail : (rails[0] ?? button.rail) };
}

/** The text (with its length), the media and the buttons of a message: the fields of the welcome editor, the campaign composer and the follow-up step editor. */
export function MessageEditor({ idPrefix, value, onChange, errors, onError, products }: MessageEditorProps): ReactElement {
  const { t, number } = useI18n();
  const errorFor = (prefix: string): string | undefined => errors.find((error) => error.path === prefix || error.path.startsWith(`${prefix}.`))?.message;
  // A problem with the buttons as a whole (too many), not with one of them.
  const errorAt = (path: string): string | undefined => errors.find((error) => error.path === path)?.message;
  /** Percent of the file the engine has, while an upload runs. */
  const [uploaded, setUploaded] = useState<number | null>(null);
  /** The buttons the operator has left a field of: a new, empty button shows no error before that. */
  const [touched, setTouched] = useState<ReadonlySet<number>>(new Set());
  const touch = (index: number): void => {
    if (!touched.has(index)) setTouched(new Set([...touched, index]));
  };
  const update = (patch: Partial<MessageParts>): void => {
    onChange((current) => ({ ...current, ...patch }));
  };
  const setMediaSource = (source: MediaSource): void => {
    onChange((current) => (current.media === null ? current : { ...current, media: { ...current.media, source, fileId: null } }));
  };
  const length = checkMessageText(value.text, value.media !== null);
  /** The rails a product button may charge with: the product's (both while it is unknown, so the current one stays shown). */
  const railsOf = (productId: number): readonly PaymentRail[] => {
    const product = products?.find((found) => found.id === productId);
    return product === undefined ? ['stars', 'pix'] : productRails(product);
  };
  const buttons: Button[] = value.buttons.flat();
  const setButtons = (next: Button[]): void => {
    update({ buttons: next.map((button) => [button]) });
  };
  const upload = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    setUploaded(0);
    try {
      const name = await uploadMediaFile(
        file,
        { beginMediaUpload: (args) => call('beginMediaUpload', args), uploadMediaChunk: (args) => call('uploadMediaChunk', args) },
        (sent) => {
          setUploaded(Math.floor((sent / file.size) * 100));
        },
      );
      setMediaSource({ type: 'file', name });
    } catch (error) {
      onError(error);
    } finally {
      setUploaded(null);
    }
  };

  return (
    <>
      <label htmlFor={`text-${idPrefix}`}>{t('welcome.text')}</label>
      <textarea id={`text-${idPrefix}`} rows={6} value={value.text} onChange={(event) => update({ text: event.target.value })} aria-invalid={errorFor('text') !== undefined} />
      <p className={errorFor('text') === undefined ? 'muted' : 'field-error'} role={errorFor('text') === undefined ? undefined : 'alert'}>
        {errorFor('text') ?? t('welcome.length', { count: number(length.ok ? length.visibleLength : value.text.length), limit: value.media === null ? 4096 : 1024 })}
      </p>

      <label htmlFor={`media-${idPrefix}`}>{t('welcome.media')}</label>
      <div className="row">
        <select
          id={`media-${idPrefix}`}
          value={value.media?.kind ?? 'none'}
          onChange={(event) => {
            const kind = MEDIA_KINDS.find((known) => known === event.target.value);
            update({ media: kind === undefined ? null : { kind, source: value.media?.source ?? { type: 'url', url: '' }, fileId: null } });
          }}
        >
          <option value="none">{t('welcome.media.none')}</option>
          {MEDIA_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`welcome.media.${kind}`)}
            </option>
          ))}
        </select>
        {value.media !== null && hasDesktopBridge() && (
          <button
            type="button"
            onClick={() =>
              void call('pickMediaFile').then(({ name }) => {
                if (name !== null) setMediaSource({ type: 'file', name });
              }, onError)
            }
          >
            {t('welcome.media.choose')}
          </button>
        )}
        {value.media !== null && !hasDesktopBridge() && (
          <label className="button">
            {uploaded === null ? t('welcome.media.upload') : t('welcome.media.uploading', { percent: uploaded })}
            <input type="file" className="visually-hidden" disabled={uploaded !== null} onChange={(event) => void upload(event.target)} />
          </label>
        )}
        {value.media !== null && (
          <input
            aria-label={t('welcome.media.source')}
            placeholder={t('welcome.media.source')}
            value={value.media.source.type === 'url' ? value.media.source.url : ''}
            onChange={(event) => setMediaSource({ type: 'url', url: event.target.value })}
          />
        )}
      </div>
      {value.media?.source.type === 'file' && value.media.source.name !== '' && <p className="muted">{t('welcome.media.file', { name: value.media.source.name })}</p>}
      {errorFor('media') !== undefined && (
        <p className="field-error" role="alert">
          {errorFor('media')}
        </p>
      )}

      <fieldset>
        <legend>{t('welcome.buttons')}</legend>
        {buttons.map((button, index) => (
          <div className="row" key={index}>
            <select
              aria-label={t('welcome.button.kind')}
              value={button.kind}
              onChange={(event) => {
                const next = [...buttons];
                next[index] = asKind(event.target.value, button, products ?? []);
                setButtons(next);
              }}
            >
              <option value="offer">{t('welcome.button.offer')}</option>
              <option value="url">{t('welcome.button.url')}</option>
              {(products !== undefined || button.kind === 'product') && <option value="product">{t('welcome.button.product')}</option>}
            </select>
            <input
              aria-label={t('welcome.button.text')}
              placeholder={t('welcome.button.text')}
              value={button.text}
              onBlur={() => touch(index)}
              onChange={(event) => {
                const next = [...buttons];
                next[index] = { ...button, text: event.target.value };
                setButtons(next);
              }}
            />
            {button.kind !== 'product' && (
              <input
                aria-label={button.kind === 'url' ? t('welcome.button.url') : t('welcome.button.data')}
                placeholder={button.kind === 'url' ? 'https://…' : t('welcome.button.data')}
                aria-describedby={button.kind === 'url' ? undefined : `${idPrefix}-offer-help`}
                value={button.kind === 'url' ? button.url : button.data}
                onBlur={() => touch(index)}
                onChange={(event) => {
                  const next = [...buttons];
                  next[index] = button.kind === 'url' ? { ...button, url: event.target.value } : { ...button, data: event.target.value };
                  setButtons(next);
                }}
              />
            )}
            {button.kind === 'product' && (
              <>
                <select
                  aria-label={t('welcome.button.productChoice')}
                  value={button.productId}
                  onBlur={() => touch(index)}
                  onChange={(event) => {
                    const next = [...buttons];
                    next[index] = withProduct(button, Number(event.target.value), products ?? []);
                    setButtons(next);
                  }}
                >
                  {!(products ?? []).some((product) => product.id === button.productId) && <option value={button.productId}>{t('welcome.button.productNone')}</option>}
                  {(products ?? []).map((product) => (
                    <option key={product.id} value={product.id}>
                      {product.name}
                    </option>
                  ))}
                </select>
                <select
                  aria-label={t('welcome.button.rail')}
                  value={button.rail}
                  onChange={(event) => {
                    const next = [...buttons];
                    next[index] = { ...button, rail: event.target.value === 'pix' ? 'pix' : 'stars' };
                    setButtons(next);
                  }}
                >
                  {railsOf(button.productId).map((rail) => (
                    <option key={rail} value={rail}>
                      {t(`welcome.button.rail.${rail}`)}
                    </option>
                  ))}
                </select>
              </>
            )}
            <button
              type="button"
              onClick={() => {
                setButtons(buttons.filter((_, i) => i !== index));
                setTouched(new Set([...touched].filter((i) => i !== index).map((i) => (i > index ? i - 1 : i))));
              }}
            >
              {t('welcome.button.remove')}
            </button>
            {touched.has(index) && errorFor(`buttons.${index}`) !== undefined && (
              <p className="field-error" role="alert">
                {errorFor(`buttons.${index}`)}
              </p>
            )}
          </div>
        ))}
        <button type="button" onClick={() => setButtons([...buttons, { kind: 'offer', text: '', data: '' }])}>
          {t('welcome.button.add')}
        </button>
        {products !== undefined && products.length === 0 && buttons.some((button) => button.kind === 'product') && <p className="muted">{t('welcome.button.noProducts')}</p>}
        {buttons.some((button) => button.kind === 'offer') && (
          <p id={`${idPrefix}-offer-help`} className="muted">
            {t('welcome.button.data.help')}
          </p>
        )}
        {errorAt('buttons') !== undefined && (
          <p className="field-error" role="alert">
            {errorAt('buttons')}
          </p>
        )}
      </fieldset>
    </>
  );
}
