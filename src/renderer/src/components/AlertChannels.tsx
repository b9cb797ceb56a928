import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { channelKinds, type ChannelKind, type ChannelView } from '../../../shared/alerts';
import type { CallInput } from '../../../shared/contract';
import { useI18n, currentLocale } from '../i18n/i18n';
import { channelConfig, channelUpdate, emptyChannelFields, hasNewDestination, incompleteTelegramDestination, type ChannelFormFields } from '../logic/alerts-logic';
import { call, errorText, hasDesktopBridge } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { useOperatorChatStore } from '../state/operator-chat-store';
import { BrowserNotifications } from './BrowserNotifications';
import { ChannelDestinationFields } from './ChannelDestinationFields';
import { ConfirmDialog } from './ConfirmDialog';

type TestOutcome = { readonly kind: 'busy' } | { readonly kind: 'ok'; readonly ms: number } | { readonly kind: 'error'; readonly text: string };

/**
 * Renames a channel and/or points it somewhere else. The saved destination never reaches the
 * console (only its hint): empty destination fields keep it, filled ones replace it.
 */
function EditChannelForm({
  channel,
  onSaved,
  onCancel,
}: {
  channel: ChannelView;
  onSaved: (channel: ChannelView, newDestination: boolean) => void;
  onCancel: () => void;
}): ReactElement {
  const { t } = useI18n();
  const formId = `channel-${channel.id}-edit`;
  const [name, setName] = useState(channel.name);
  const [fields, setFields] = useState<ChannelFormFields>(emptyChannelFields);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (incompleteTelegramDestination(channel.kind, fields)) {
      setError(t('channels.edit.incomplete'));
      return;
    }
    setBusy(true);
    try {
      // The engine validates the name and the destination, and answers with a message for the operator.
      const input: CallInput<'updateAlertChannel'> = channelUpdate(channel, name, fields);
      onSaved(await call('updateAlertChannel', input), hasNewDestination(channel.kind, fields));
    } catch (failure) {
      setError(errorText(failure, currentLocale()));
      setBusy(false);
    }
  };

  const keepNote = channel.kind === 'telegram' ? t('channels.edit.keepTelegram') : t('channels.edit.keepUrl');
  return (
    <form
      id={formId}
      className="edit-channel"
      aria-label={t('channels.edit.title', { name: channel.name })}
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor={`${formId}-name`}>{t('channels.add.name')}</label>
      <input id={`${formId}-name`} value={name} maxLength={60} autoFocus onChange={(event) => setName(event.target.value)} />
      {channel.kind !== 'desktop' && (
        <>
          <p id={`${formId}-keep`} className="muted">
            {channel.hint !== '' && (
              <>
                {t('channels.edit.current')} <code>{channel.hint}</code>
                <br />
              </>
            )}
            {keepNote}
          </p>
          <ChannelDestinationFields kind={channel.kind} idPrefix={formId} fields={fields} describedBy={`${formId}-keep`} onChange={setFields} />
        </>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? t('channels.edit.busy') : t('channels.edit.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('channels.edit.cancel')}
        </button>
      </div>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function ChannelRow({
  channel,
  onChanged,
  onRemoved,
  onTested,
}: {
  channel: ChannelView;
  onChanged: (channel: ChannelView) => void;
  onRemoved: (channelId: number) => void;
  onTested: () => void;
}): ReactElement {
  const { t, dateTime, number } = useI18n();
  const [test, setTest] = useState<TestOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const editFormId = `channel-${channel.id}-edit`;

  const closeEditor = (): void => {
    setEditing(false);
    editButton.current?.focus();
  };

  const setEnabled = async (enabled: boolean): Promise<void> => {
    // The box follows the click at once; the engine's answer confirms it, or puts it back.
    onChanged({ ...channel, enabled });
    try {
      onChanged(await call('updateAlertChannel', { channelId: channel.id, enabled }));
      setError(null);
    } catch (failure) {
      onChanged(channel);
      setError(errorText(failure, currentLocale()));
    }
  };
  const sendTest = async (): Promise<void> => {
    setSaved(null);
    setTest({ kind: 'busy' });
    try {
      const result = await call('testAlertChannel', { channelId: channel.id });
      setTest({ kind: 'ok', ms: result.ms });
    } catch (failure) {
      setTest({ kind: 'error', text: errorText(failure, currentLocale()) });
    }
    // The test moved "last OK" or "last error": show the engine's view of it.
    onTested();
  };
  const remove = async (): Promise<void> => {
    try {
      await call('removeAlertChannel', { channelId: channel.id });
      onRemoved(channel.id);
    } catch (failure) {
      setConfirming(false);
      setError(errorText(failure, currentLocale()));
    }
  };

  const enabledId = `channel-${channel.id}-enabled`;
  return (
    <li className="channel-row" aria-label={channel.name}>
      <div className="row">
        <strong>{channel.name}</strong>
        <span className="badge badge-kind">{t(`kind.${channel.kind}`)}</span>
        {/* Only the engine's hint (host, chat id, last characters): the secret never reaches the console. */}
        {channel.hint !== '' && <code className="muted">{channel.hint}</code>}
        <label htmlFor={enabledId} className="checkbox">
          <input id={enabledId} type="checkbox" checked={channel.enabled} onChange={(event) => void setEnabled(event.target.checked)} /> {t('channels.enabled')}
        </label>
      </div>
      <p className="muted">
        {t('channels.lastOk', { time: channel.lastOkAt === null ? t('channels.never') : dateTime(channel.lastOkAt) })}
        {channel.lastError !== null && (
          <>
            {' · '}
            <span className="field-error">{t('channels.lastError', { error: channel.lastError })}</span>
          </>
        )}
      </p>
      <div className="row" role="group" aria-label={t('channels.actions', { name: channel.name })}>
        <button
          ref={editButton}
          type="button"
          aria-expanded={editing}
          aria-controls={editing ? editFormId : undefined}
          onClick={() => {
            setSaved(null);
            setEditing(!editing);
          }}
        >
          {t('channels.edit')}
        </button>
        <button type="button" disabled={test?.kind === 'busy'} onClick={() => void sendTest()}>
          {test?.kind === 'busy' ? t('channels.testing') : t('channels.test')}
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('channels.remove')}
        </button>
      </div>
      {editing && (
        <EditChannelForm
          channel={channel}
          onCancel={closeEditor}
          onSaved={(updated, newDestination) => {
            onChanged(updated);
            setError(null);
            // A new destination makes the last test's outcome stale.
            if (newDestination) setTest(null);
            setSaved(newDestination ? t('channels.savedDestination') : t('channels.saved'));
            closeEditor();
          }}
        />
      )}
      {saved !== null && (
        <p className="notice" role="status">
          {saved}
        </p>
      )}
      {test?.kind === 'ok' && (
        <p className="notice" role="status">
          {t('channels.testOk', { ms: number(Math.round(test.ms)) })}
        </p>
      )}
      {test?.kind === 'error' && (
        <p className="field-error" role="alert">
          {test.text}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          label={t('channels.remove.confirm', { name: channel.name })}
          message={t('channels.remove.confirm', { name: channel.name })}
          onCancel={() => setConfirming(false)}
        >
          <button type="button" className="danger" onClick={() => void remove()}>
            {t('channels.remove.yes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('channels.remove.no')}
          </button>
        </ConfirmDialog>
      )}
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function AddChannelForm({ onAdded }: { onAdded: (channel: ChannelView) => void }): ReactElement {
  const { t } = useI18n();
  const learned = useOperatorChatStore((state) => state.chat);
  // A new Telegram channel goes to the operator's own chat unless they type another.
  const prefilled: ChannelFormFields = { ...emptyChannelFields, chatId: learned === null ? '' : String(learned.chatId) };
  const [kind, setKind] = useState<ChannelKind>('telegram');
  const [name, setName] = useState('');
  const [fields, setFields] = useState<ChannelFormFields>(prefilled);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const refusal = useRef<HTMLParagraphElement>(null);
  // A refused channel: focus goes to the reason (not to the page's body, where the disabled button left it).
  useEffect(() => {
    if (outcome?.kind === 'error') refusal.current?.focus();
  }, [outcome]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    try {
      // The engine validates the config and answers with a message for the operator.
      const added = await call('addAlertChannel', { name: name.trim(), enabled: true, config: channelConfig(kind, fields) });
      onAdded(added);
      // The secret is sealed in the engine now; keep no copy of it in the form.
      setName('');
      setFields(prefilled);
      setOutcome({ kind: 'ok', text: t('channels.added') });
    } catch (failure) {
      setOutcome({ kind: 'error', text: errorText(failure, currentLocale()) });
    } finally {
      setBusy(false);
    }
  };

  return (
    // noValidate: the engine's message for a bad address is clearer than the browser's bubble, and shown inline.
    <form className="add-channel" aria-labelledby="add-channel-title" noValidate onSubmit={(event) => void submit(event)}>
      <h3 id="add-channel-title">{t('channels.add.title')}</h3>
      <label htmlFor="channel-kind">{t('channels.add.kind')}</label>
      <select id="channel-kind" value={kind} aria-describedby="channel-kind-help" onChange={(event) => setKind(event.target.value as ChannelKind)}>
        {channelKinds.map((option) => (
          <option key={option} value={option}>
            {t(`kind.${option}`)}
          </option>
        ))}
      </select>
      <p id="channel-kind-help" className="muted">
        {t(`kind.help.${kind}`)}
      </p>
      <label htmlFor="channel-name">{t('channels.add.name')}</label>
      <input id="channel-name" value={name} maxLength={60} placeholder={t('channels.add.namePlaceholder')} onChange={(event) => setName(event.target.value)} />
      <ChannelDestinationFields kind={kind} idPrefix="channel" fields={fields} onChange={setFields} />
      <div>
        <button type="submit" disabled={busy}>
          {busy ? t('channels.add.busy') : t('channels.add.submit')}
        </button>
      </div>
      {outcome !== null && (
        <p
          ref={outcome.kind === 'error' ? refusal : undefined}
          className={outcome.kind === 'ok' ? 'notice' : 'field-error'}
          role={outcome.kind === 'ok' ? 'status' : 'alert'}
          tabIndex={outcome.kind === 'error' ? -1 : undefined}
        >
          {outcome.text}
        </p>
      )}
    </form>
  );
}

/** Where alerts go: the channels, their health, a test button each, and the form to add one. */
export function AlertChannels(): ReactElement {
  const { t } = useI18n();
  const [channels, setChannels] = useState<readonly ChannelView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback((): void => {
    void call('listAlertChannels').then(
      (loaded) => {
        setChannels(loaded);
        setError(null);
      },
      (failure: unknown) => setError(errorText(failure, currentLocale())),
    );
  }, []);
  useEffect(() => {
    load();
    // Every alert moves a channel's "last OK" or "last error".
    return refreshOnEngineEvents(['alert.logged'], 1000, load);
  }, [load]);

  const replace = (channel: ChannelView): void => {
    setChannels((list) => (list ?? []).map((row) => (row.id === channel.id ? channel : row)));
  };
  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title">{t('channels.title')}</h2>
      <p className="muted">{t('channels.intro')}</p>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {channels !== null && channels.length === 0 && <p>{t('channels.empty')}</p>}
      {channels !== null && channels.length > 0 && (
        <ul className="channel-list" aria-label={t('channels.list')}>
          {channels.map((channel) => (
            <ChannelRow
              key={channel.id}
              channel={channel}
              onChanged={replace}
              onRemoved={(id) => setChannels((list) => (list ?? []).filter((row) => row.id !== id))}
              onTested={load}
            />
          ))}
        </ul>
      )}
      <AddChannelForm onAdded={(channel) => setChannels((list) => [...(list ?? []).filter((row) => row.id !== channel.id), channel])} />
      {!hasDesktopBridge() && <BrowserNotifications />}
    </section>
  );
}
