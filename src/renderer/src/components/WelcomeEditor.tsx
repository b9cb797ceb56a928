import { useState, type FormEvent, type ReactElement } from 'react';
import type { BotSummary } from '../../../shared/bot-summary';
import { renderText } from '../../../shared/i18n/error-text';
import { validateWelcome, type Welcome } from '../../../shared/welcome';
import { useI18n, currentLocale } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { useOperatorChatStore } from '../state/operator-chat-store';
import { useBotProducts } from '../state/products-store';
import { call, errorText } from '../transport/client';
import { MessageEditor } from './MessageEditor';
import { OperatorChatSource } from './OperatorChatSource';
import { TelegramPreview } from './TelegramPreview';

/** The welcome editor: text with a Telegram-like preview, media, buttons, the repeat policy, a test send. */
export function WelcomeEditor({ bot }: { bot: BotSummary }): ReactElement {
  const { t, locale } = useI18n();
  const reload = useBotsStore((state) => state.load);
  const [draft, setDraft] = useState<Welcome>(bot.welcome);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const learned = useOperatorChatStore((state) => state.chat);
  const products = useBotProducts(bot.id);
  // Until the operator types one, the test goes to their own chat as Botdeck learned it.
  const [typed, setChatId] = useState<string | null>(null);
  const chatId = typed ?? (learned === null ? '' : String(learned.chatId));
  const update = (patch: Partial<Welcome>): void => {
    setDraft({ ...draft, ...patch });
  };
  const validation = validateWelcome(draft);
  const errors = validation.ok ? [] : validation.errors.map((error) => ({ path: error.path, message: renderText(locale, error.text) }));
  const failed = (error: unknown): void => {
    setNotice({ kind: 'error', text: errorText(error, currentLocale()) });
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
        <MessageEditor
          idPrefix={String(bot.id)}
          value={draft}
          onChange={(change) => setDraft((current) => ({ ...current, ...change(current) }))}
          errors={errors}
          onError={failed}
          products={products}
        />

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
          <button type="submit" disabled={errors.length > 0} aria-describedby={errors[0] === undefined ? undefined : `welcome-${bot.id}-blocked`}>
            {t('welcome.save')}
          </button>
          {errors[0] !== undefined && (
            <span id={`welcome-${bot.id}-blocked`} className="warning">
              {t('welcome.save.blocked', { problem: errors[0].message })}
            </span>
          )}
          <input aria-label={t('welcome.test.chat')} placeholder={t('welcome.test.chat')} inputMode="numeric" value={chatId} onChange={(event) => setChatId(event.target.value)} />
          <button type="button" disabled={!/^-?\d+$/.test(chatId)} onClick={() => void sendTest()}>
            {t('welcome.test.send')}
          </button>
        </div>
        <OperatorChatSource current={chatId} botId={bot.id} onUse={(id) => setChatId(String(id))} />
        {notice !== null && (
          <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
            {notice.text}
          </p>
        )}
      </div>
      <TelegramPreview welcome={draft} label={t('welcome.preview')} products={products} />
    </form>
  );
}
