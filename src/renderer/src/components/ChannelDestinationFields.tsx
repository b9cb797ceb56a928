import type { ReactElement } from 'react';
import type { ChannelKind } from '../../../shared/alerts';
import { useI18n } from '../i18n/i18n';
import type { ChannelFormFields } from '../logic/alerts-logic';
import { OperatorChatSource } from './OperatorChatSource';

/**
 * Where a channel sends to, as the add and edit forms ask for it: a bot token and a chat id for
 * Telegram, a URL for the web kinds, nothing for desktop notifications. `idPrefix` keeps the ids
 * unique when several forms are on the page; `describedBy` adds a note every field points to.
 */
export function ChannelDestinationFields({
  kind,
  idPrefix,
  fields,
  onChange,
  describedBy,
}: {
  kind: ChannelKind;
  idPrefix: string;
  fields: ChannelFormFields;
  onChange: (fields: ChannelFormFields) => void;
  describedBy?: string;
}): ReactElement | null {
  const { t } = useI18n();
  const described = (...ids: (string | undefined)[]): string | undefined => {
    const joined = ids.filter((id) => id !== undefined).join(' ');
    return joined === '' ? undefined : joined;
  };
  if (kind === 'desktop') return null;
  if (kind === 'telegram') {
    return (
      <>
        <label htmlFor={`${idPrefix}-token`}>{t('channels.add.token')}</label>
        <input
          id={`${idPrefix}-token`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('bots.add.placeholder')}
          aria-describedby={described(describedBy)}
          value={fields.token}
          onChange={(event) => onChange({ ...fields, token: event.target.value })}
        />
        <label htmlFor={`${idPrefix}-chat`}>{t('channels.add.chatId')}</label>
        <input
          id={`${idPrefix}-chat`}
          spellCheck={false}
          aria-describedby={described(describedBy, `${idPrefix}-chat-help`)}
          value={fields.chatId}
          onChange={(event) => onChange({ ...fields, chatId: event.target.value })}
        />
        <p id={`${idPrefix}-chat-help`} className="muted">
          {t('channels.add.chatIdHelp')}
        </p>
        <OperatorChatSource current={fields.chatId} onUse={(chatId) => onChange({ ...fields, chatId: String(chatId) })} />
      </>
    );
  }
  return (
    <>
      <label htmlFor={`${idPrefix}-url`}>{t('channels.add.url')}</label>
      <input
        id={`${idPrefix}-url`}
        type="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://"
        aria-describedby={described(describedBy)}
        value={fields.url}
        onChange={(event) => onChange({ ...fields, url: event.target.value })}
      />
    </>
  );
}
