import { useState, type FormEvent, type ReactElement } from 'react';
import type { BotSummary } from '../../../shared/bot-summary';
import { checkMessageText } from '../../../shared/telegram-html';
import { validateWelcome, type Welcome } from '../../../shared/welcome';
import { useI18n } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { uploadMediaFile } from '../logic/media-upload';
import { call, CallError, hasDesktopBridge } from '../transport/client';
import { TelegramPreview } from './TelegramPreview';

type Button = Welcome['buttons'][number][number];
type MediaKind = NonNullable<Welcome['media']>['kind'];
type MediaSource = NonNullable<Welcome['media']>['source'];
const MEDIA_KINDS: readonly MediaKind[] = ['photo', 'video', 'animation', 'document', 'audio'];

/** The welcome editor: text with a Telegram-like preview, media, buttons, the repeat policy, a test send. */
export function WelcomeEditor({ bot }: { bot: BotSummary }): ReactElement {
  const { t, number } = useI18n();
  const reload = useBotsStore((state) => state.load);
  const [draft, setDraft] = useState<Welcome>(bot.welcome);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [chatId, setChatId] = useState('');
  const update = (patch: Partial<Welcome>): void => {
    setDraft({ ...draft, ...patch });
  };
  const validation = validateWelcome(draft);
  const errors = validation.ok ? [] : validation.errors;
  const errorFor = (prefix: string): string | undefined => errors.find((error) => error.path === prefix || error.path.startsWith(`${prefix}.`))?.message;
  const length = checkMessageText(draft.text, draft.media !== null);
  const buttons: Button[] = draft.buttons.flat();
  const setButtons = (next: Button[]): void => {
    update({ buttons: next.map((button) => [button]) });
  };

  const failed = (error: unknown): void => {
    setNotice({ kind: 'error', text: error instanceof CallError ? error.message : String(error) });
  };
  // From the latest draft: an upload ends after the operator may have edited the text.
  const setMediaSource = (source: MediaSource): void => {
    setDraft((current) => (current.media === null ? current : { ...current, media: { ...current.media, source, fileId: null } }));
  };
  /** Percent of the file the engine has, while an upload runs. */
  const [uploaded, setUploaded] = useState<number | null>(null);
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
      failed(error);
    } finally {
      setUploaded(null);
    }
  };
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      await call('setWelcome', { botId: bot.id, welcome: draft });
      await reload();
      setNotice({ kind: 'ok', text: t('welcome.saved') });
    } catch (error) {
      failed(error);
    }
  };
  const sendTest = async (): Promise<void> => {
    try {
      const sent = await call('sendTestWelcome', { botId: bot.id, chatId: Number(chatId) });
      setNotice({ kind: 'ok', text: t('welcome.testSent', { id: sent.messageId }) });
    } catch (error) {
      failed(error);
    }
  };

  return (
    <form className="welcome-editor" onSubmit={(event) => void save(event)} aria-label={t('welcome.title', { name: bot.username })}>
      <div className="welcome-fields">
        <label htmlFor={`text-${bot.id}`}>{t('welcome.text')}</label>
        <textarea id={`text-${bot.id}`} rows={6} value={draft.text} onChange={(event) => update({ text: event.target.value })} aria-invalid={errorFor('text') !== undefined} />
        <p className={errorFor('text') === undefined ? 'muted' : 'field-error'} role={errorFor('text') === undefined ? undefined : 'alert'}>
          {errorFor('text') ?? t('welcome.length', { count: number(length.ok ? length.visibleLength : draft.text.length), limit: draft.media === null ? 4096 : 1024 })}
        </p>

        <label htmlFor={`media-${bot.id}`}>{t('welcome.media')}</label>
        <div className="row">
          <select
            id={`media-${bot.id}`}
            value={draft.media?.kind ?? 'none'}
            onChange={(event) => {
              const kind = event.target.value;
              update({ media: kind === 'none' ? null : { kind: kind as MediaKind, source: draft.media?.source ?? { type: 'url', url: '' }, fileId: null } });
            }}
          >
            <option value="none">{t('welcome.media.none')}</option>
            {MEDIA_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`welcome.media.${kind}`)}
              </option>
            ))}
          </select>
          {draft.media !== null && hasDesktopBridge() && (
            <button
              type="button"
              onClick={() =>
                void call('pickMediaFile').then(({ name }) => {
                  if (name !== null) setMediaSource({ type: 'file', name });
                }, failed)
              }
            >
              {t('welcome.media.choose')}
            </button>
          )}
          {draft.media !== null && !hasDesktopBridge() && (
            <label className="button">
              {uploaded === null ? t('welcome.media.upload') : t('welcome.media.uploading', { percent: uploaded })}
              <input type="file" className="visually-hidden" disabled={uploaded !== null} onChange={(event) => void upload(event.target)} />
            </label>
          )}
          {draft.media !== null && (
            <input
              aria-label={t('welcome.media.source')}
              placeholder={t('welcome.media.source')}
              value={draft.media.source.type === 'url' ? draft.media.source.url : ''}
              onChange={(event) => setMediaSource({ type: 'url', url: event.target.value })}
            />
          )}
        </div>
        {draft.media?.source.type === 'file' && draft.media.source.name !== '' && <p className="muted">{t('welcome.media.file', { name: draft.media.source.name })}</p>}
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
                  next[index] = event.target.value === 'url' ? { kind: 'url', text: button.text, url: '' } : { kind: 'offer', text: button.text, data: '' };
                  setButtons(next);
                }}
              >
                <option value="offer">{t('welcome.button.offer')}</option>
                <option value="url">{t('welcome.button.url')}</option>
              </select>
              <input
                aria-label={t('welcome.button.text')}
                placeholder={t('welcome.button.text')}
                value={button.text}
                onChange={(event) => {
                  const next = [...buttons];
                  next[index] = { ...button, text: event.target.value };
                  setButtons(next);
                }}
              />
              <input
                aria-label={button.kind === 'url' ? t('welcome.button.url') : t('welcome.button.data')}
                placeholder={button.kind === 'url' ? 'https://…' : t('welcome.button.data')}
                value={button.kind === 'url' ? button.url : button.data}
                onChange={(event) => {
                  const next = [...buttons];
                  next[index] = button.kind === 'url' ? { ...button, url: event.target.value } : { ...button, data: event.target.value };
                  setButtons(next);
                }}
              />
              <button type="button" onClick={() => setButtons(buttons.filter((_, i) => i !== index))}>
                {t('welcome.button.remove')}
              </button>
              {errorFor(`buttons.${index}`) !== undefined && (
                <p className="field-error" role="alert">
                  {errorFor(`buttons.${index}`)}
                </p>
              )}
            </div>
          ))}
          <button type="button" onClick={() => setButtons([...buttons, { kind: 'offer', text: '', data: '' }])}>
            {t('welcome.button.add')}
          </button>
        </fieldset>

        <div className="row">
          <label>
            {t('welcome.repeat')}{' '}
            <select value={draft.repeatPolicy} onChange={(event) => update({ repeatPolicy: event.target.value === 'always' ? 'always' : 'once' })}>
              <option value="once">{t('welcome.repeat.once')}</option>
              <option value="always">{t('welcome.repeat.always')}</option>
            </select>
          </label>
          <label>
            {t('welcome.debounce')}{' '}
            <input type="number" min={0} max={3600} value={draft.debounceSeconds} onChange={(event) => update({ debounceSeconds: Number(event.target.value) })} />
          </label>
          <label>
            {t('welcome.maxAge')}{' '}
            <input type="number" min={1} max={720} value={draft.maxRecoveryAgeHours} onChange={(event) => update({ maxRecoveryAgeHours: Number(event.target.value) })} />
          </label>
        </div>
        <div className="row">
          <button type="submit" disabled={errors.length > 0}>
            {t('welcome.save')}
          </button>
          <input aria-label={t('welcome.test.chat')} placeholder={t('welcome.test.chat')} inputMode="numeric" value={chatId} onChange={(event) => setChatId(event.target.value)} />
          <button type="button" disabled={!/^-?\d+$/.test(chatId)} onClick={() => void sendTest()}>
            {t('welcome.test.send')}
          </button>
        </div>
        {notice !== null && (
          <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
            {notice.text}
          </p>
        )}
      </div>
      <TelegramPreview welcome={draft} label={t('welcome.preview')} />
    </form>
  );
}
