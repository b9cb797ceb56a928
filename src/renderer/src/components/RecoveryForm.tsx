import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { ageBuckets, type RecoveryOverview } from '../../../shared/recovery';
import { defaultApologies, type RecoveryMessage, type RecoveryPreview, type RecoveryScope } from '../../../shared/recovery-jobs';
import { useI18n, currentLocale } from '../i18n/i18n';
import { apologyCheck, jobScope, type ScopeChoice } from '../logic/recovery-logic';
import { useBotsStore } from '../state/bots-store';
import { useNavStore } from '../state/nav-store';
import { useRecoveryStore } from '../state/recovery-store';
import { call, errorText } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { useRecoveryWords } from './recovery-words';
import { ConfirmDialog } from './ConfirmDialog';

export const RECOVERY_FORM_ID = 'recovery-form';

type ScopeKind = ScopeChoice['kind'];

/** The choice the form switches to when the operator picks another kind of scope. */
function choiceOfKind(kind: ScopeKind, current: ScopeChoice): ScopeChoice {
  if (kind === current.kind) return current;
  switch (kind) {
    case 'all':
      return { kind };
    case 'bot':
      return { kind, botId: null };
    case 'incident':
      return { kind, incidentId: null };
    case 'age':
      return { kind, bucket: 'under_1h' };
  }
}

/**
 * Picks the leads, the message, shows the exact count and who is left out, asks, starts the job.
 * Keyed by the nav store's draft: a scope picked elsewhere starts a fresh form on it.
 */
export function RecoveryForm({ overview }: { overview: RecoveryOverview | null }): ReactElement {
  const { t, number, locale, dateTime } = useI18n();
  const words = useRecoveryWords();
  const bots = useBotsStore((state) => state.bots);
  const draft = useNavStore((state) => state.recoveryDraft);
  const selectJob = useNavStore((state) => state.selectRecoveryJob);
  const put = useRecoveryStore((state) => state.put);
  const [choice, setChoice] = useState<ScopeChoice>(draft?.choice ?? { kind: 'all' });
  // Computed once per choice: the count shown and the job started read the same window.
  const [scope, setScope] = useState<RecoveryScope | null>(() => jobScope(draft?.choice ?? { kind: 'all' }, Date.now()));
  const [messageKind, setMessageKind] = useState<RecoveryMessage['kind']>('welcome');
  // Null until edited: the default, in the console's language of the moment.
  const [edited, setEdited] = useState<string | null>(null);
  const apology = edited ?? defaultApologies[locale];
  const [preview, setPreview] = useState<{ scope: RecoveryScope; result: RecoveryPreview } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const section = useRef<HTMLFormElement>(null);

  const choose = (next: ScopeChoice): void => {
    setChoice(next);
    setScope(jobScope(next, Date.now()));
    setConfirming(false);
    setError(null);
  };

  // Picked elsewhere (the dashboard, an incident, a row above): the form comes into view on it.
  useEffect(() => {
    if (draft !== null) section.current?.scrollIntoView({ block: 'start' });
  }, [draft]);

  useEffect(() => {
    if (scope === null) return undefined;
    let alive = true;
    const load = (): void => {
      void call('previewRecovery', { scope }).then(
        (result) => {
          if (!alive) return;
          setPreview({ scope, result });
          setPreviewError(null);
        },
        (failure: unknown) => {
          if (alive) setPreviewError(errorText(failure, currentLocale()));
        },
      );
    };
    load();
    // The count moves as welcomes go out, leads arrive and jobs run: keep it exact, at most once a second.
    const stop = refreshOnEngineEvents(['lead.created', 'lead.updated', 'delivery.outcome', 'recovery.progress'], 1000, load);
    return () => {
      alive = false;
      stop();
    };
  }, [scope]);

  const shown = preview !== null && preview.scope === scope ? preview.result : null;
  const check = apologyCheck(apology);
  const message: RecoveryMessage = messageKind === 'welcome' ? { kind: 'welcome' } : { kind: 'apology', text: apology.trim() };
  const canStart = scope !== null && shown !== null && shown.leads > 0 && (messageKind === 'welcome' || check.problem === null) && !busy;
  const incidentIds = [
    ...new Set([...(overview?.byIncident.map((incident) => incident.incidentId) ?? []), ...(choice.kind === 'incident' && choice.incidentId !== null ? [choice.incidentId] : [])]),
  ];

  // "Incident #3 · @shop_bot · 30/11 14:02", so the operator tells one outage from another.
  const incidentLabel = (id: number): string => {
    const known = overview?.byIncident.find((incident) => incident.incidentId === id);
    const name = t('recovery.incidentNumber', { id });
    if (known === undefined) return name;
    return `${name} · ${known.botId === null ? t('incidents.botdeck') : words.bot(known.botId)} · ${dateTime(known.startedAt)}`;
  };

  const start = async (): Promise<void> => {
    if (scope === null) return;
    setBusy(true);
    setError(null);
    try {
      const job = await call('startRecovery', { scope, message, announce });
      put(job);
      selectJob(job.id);
      setConfirming(false);
    } catch (failure) {
      setError(errorText(failure, currentLocale()));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (canStart) setConfirming(true);
  };

  return (
    <form id={RECOVERY_FORM_ID} ref={section} className="recovery-form" aria-label={t('recovery.form.title')} onSubmit={submit}>
      <h2>{t('recovery.form.title')}</h2>
      <fieldset>
        <legend>{t('recovery.form.scope')}</legend>
        <label className="checkbox">
          <input type="radio" name="scope" checked={choice.kind === 'all'} onChange={() => choose(choiceOfKind('all', choice))} />
          {t('recovery.scope.all')}
        </label>
        <div className="row">
          <label className="checkbox">
            <input type="radio" name="scope" checked={choice.kind === 'bot'} onChange={() => choose(choiceOfKind('bot', choice))} />
            {t('recovery.scope.bot')}
          </label>
          {choice.kind === 'bot' && (
            <select
              aria-label={t('recovery.scope.pickBot')}
              value={choice.botId ?? ''}
              onChange={(event) => choose({ kind: 'bot', botId: event.target.value === '' ? null : Number(event.target.value) })}
            >
              <option value="">{t('recovery.scope.pickBot')}</option>
              {bots.map((bot) => (
                <option key={bot.id} value={bot.id}>
                  @{bot.username}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="row">
          <label className="checkbox">
            <input type="radio" name="scope" checked={choice.kind === 'incident'} onChange={() => choose(choiceOfKind('incident', choice))} />
            {t('recovery.scope.incident')}
          </label>
          {choice.kind === 'incident' && (
            <select
              aria-label={t('recovery.scope.pickIncident')}
              value={choice.incidentId ?? ''}
              onChange={(event) => choose({ kind: 'incident', incidentId: event.target.value === '' ? null : Number(event.target.value) })}
            >
              <option value="">{t('recovery.scope.pickIncident')}</option>
              {incidentIds.map((id) => (
                <option key={id} value={id}>
                  {incidentLabel(id)}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="row">
          <label className="checkbox">
            <input type="radio" name="scope" checked={choice.kind === 'age'} onChange={() => choose(choiceOfKind('age', choice))} />
            {t('recovery.scope.age')}
          </label>
          {choice.kind === 'age' && (
            <select
              aria-label={t('recovery.scope.pickAge')}
              value={choice.bucket}
              onChange={(event) => choose({ kind: 'age', bucket: ageBuckets.find((bucket) => bucket === event.target.value) ?? 'under_1h' })}
            >
              {ageBuckets.map((bucket) => (
                <option key={bucket} value={bucket}>
                  {t(`recovery.age.${bucket}`)}
                </option>
              ))}
            </select>
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('recovery.form.message')}</legend>
        <label className="checkbox">
          <input type="radio" name="message" checked={messageKind === 'welcome'} onChange={() => setMessageKind('welcome')} />
          {t('recovery.message.welcome')}
        </label>
        <label className="checkbox">
          <input type="radio" name="message" checked={messageKind === 'apology'} onChange={() => setMessageKind('apology')} />
          {t('recovery.message.apology')}
        </label>
        {messageKind === 'apology' && (
          <div className="apology">
            <label htmlFor="recovery-apology">{t('recovery.apology')}</label>
            <textarea
              id="recovery-apology"
              rows={3}
              value={apology}
              aria-invalid={check.problem !== null}
              aria-describedby="recovery-apology-length"
              onChange={(event) => setEdited(event.target.value)}
            />
            <div className="row">
              <span id="recovery-apology-length" className={check.problem === 'too_long' ? 'field-error' : 'muted'}>
                {t('welcome.length', { count: number(check.length), limit: number(check.limit) })}
              </span>
              <button type="button" onClick={() => setEdited(null)}>
                {t('recovery.apology.reset')}
              </button>
            </div>
            {check.problem !== null && (
              <p className="field-error" role="alert">
                {t(`recovery.apology.${check.problem}`, { limit: number(check.limit) })}
              </p>
            )}
            <p className="muted">{t('recovery.apology.help')}</p>
          </div>
        )}
      </fieldset>

      <label className="checkbox">
        <input type="checkbox" checked={announce} onChange={(event) => setAnnounce(event.target.checked)} />
        {t('recovery.announce')}
      </label>

      <div className="recovery-count" aria-live="polite">
        {scope === null ? (
          <p className="muted">{t(choice.kind === 'bot' ? 'recovery.scope.pickBot' : 'recovery.scope.pickIncident')}</p>
        ) : previewError !== null ? (
          <p className="field-error" role="alert">
            {previewError}
          </p>
        ) : shown === null ? (
          <p aria-busy="true">{t('recovery.counting')}</p>
        ) : (
          <>
            <p role="status" className={shown.leads === 0 ? 'notice' : undefined}>
              {shown.leads === 0 ? t('recovery.nobody') : t(shown.leads === 1 ? 'recovery.willMessage.one' : 'recovery.willMessage', { n: number(shown.leads) })}
            </p>
            {(shown.alreadyInJobs.length > 0 || shown.welcomesOnTheirWay > 0 || shown.heldWelcomesReplaced > 0) && (
              <ul className="recovery-notes" aria-label={t('recovery.leftOut')}>
                {shown.alreadyInJobs.map((entry) => (
                  <li key={entry.jobId}>
                    {t('recovery.inJob', { n: number(entry.leads), job: entry.jobId })}{' '}
                    <button type="button" onClick={() => selectJob(entry.jobId)}>
                      {t('recovery.viewJob', { job: entry.jobId })}
                    </button>
                  </li>
                ))}
                {shown.welcomesOnTheirWay > 0 && <li>{t('recovery.onTheirWay', { n: number(shown.welcomesOnTheirWay) })}</li>}
                {shown.heldWelcomesReplaced > 0 && <li>{t('recovery.heldReplaced', { n: number(shown.heldWelcomesReplaced) })}</li>}
              </ul>
            )}
          </>
        )}
      </div>

      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {confirming && scope !== null && shown !== null ? (
        <ConfirmDialog
          label={t('recovery.confirm.title')}
          message={t(messageKind === 'welcome' ? 'recovery.confirm.welcome' : 'recovery.confirm.apology', {
            n: number(shown.leads),
            scope: words.scope(scope),
          })}
          onCancel={() => setConfirming(false)}
        >
          <button type="button" disabled={busy} onClick={() => void start()}>
            {t('recovery.confirm.yes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('recovery.confirm.no')}
          </button>
        </ConfirmDialog>
      ) : (
        <button type="submit" disabled={!canStart}>
          {shown !== null && shown.leads > 0 ? t(shown.leads === 1 ? 'recovery.start.one' : 'recovery.start', { n: number(shown.leads) }) : t('recovery.start.none')}
        </button>
      )}
    </form>
  );
}
