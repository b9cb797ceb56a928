import { useState, type ReactElement } from 'react';
import type { CampaignMessage } from '../../../shared/campaigns';
import { useI18n, currentLocale } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { useOperatorChatStore } from '../state/operator-chat-store';
import { call, errorText } from '../transport/client';
import { OperatorChatSource } from './OperatorChatSource';

/** "Send a test": the message as a lead would get it, through one bot, to the operator's own chat (like the welcome's test send). */
export function CampaignTestSend({ message, ready }: { message: CampaignMessage; ready: boolean }): ReactElement {
  const { t } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  const [botId, setBotId] = useState<number | null>(null);
  const learned = useOperatorChatStore((state) => state.chat);
  // Until the operator types one, the chat id is their own chat as Botdeck learned it.
  const [typed, setChatId] = useState<string | null>(null);
  const chatId = typed ?? (learned === null ? '' : String(learned.chatId));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const through = botId ?? bots[0]?.id ?? null;

  const send = async (): Promise<void> => {
    if (through === null) return;
    setBusy(true);
    setNotice(null);
    try {
      const sent = await call('sendTestCampaign', { botId: through, chatId: Number(chatId), message });
      setNotice({ ok: true, text: t('welcome.testSent', { id: sent.messageId }) });
    } catch (failure) {
      setNotice({ ok: false, text: errorText(failure, currentLocale()) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="campaign-test">
      <div className="row">
        <select aria-label={t('campaigns.test.bot')} value={through ?? ''} onChange={(event) => setBotId(Number(event.target.value))}>
          {bots.map((bot) => (
            <option key={bot.id} value={bot.id}>
              @{bot.username}
            </option>
          ))}
        </select>
        <input aria-label={t('welcome.test.chat')} placeholder={t('welcome.test.chat')} inputMode="numeric" value={chatId} onChange={(event) => setChatId(event.target.value)} />
        <button type="button" disabled={!ready || busy || through === null || !/^-?\d+$/.test(chatId)} onClick={() => void send()}>
          {t('welcome.test.send')}
        </button>
      </div>
      <OperatorChatSource current={chatId} botId={through} onUse={(id) => setChatId(String(id))} />
      {notice !== null && (
        <p className={notice.ok ? 'notice' : 'field-error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
