import { useEffect, useState, type ReactElement } from 'react';
import type { IncidentLoss as Loss } from '../../../shared/recovery';
import type { RecoveryPreview } from '../../../shared/recovery-jobs';
import { useI18n, currentLocale } from '../i18n/i18n';
import { costCents } from '../logic/recovery-logic';
import { useNavStore } from '../state/nav-store';
import { call, errorText } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { useIncidentWords } from './incident-words';

/** What an incident cost: its /starts and what became of them, what no one can count, and the recover action. */
export function IncidentLoss({ incidentId }: { incidentId: number }): ReactElement {
  const { t, number, dateTime, money } = useI18n();
  const words = useIncidentWords();
  const openForm = useNavStore((state) => state.openRecoveryForm);
  const [loaded, setLoaded] = useState<{ incidentId: number; loss: Loss; preview: RecoveryPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = (): void => {
      void Promise.all([call('getIncidentLoss', { incidentId }), call('previewRecovery', { scope: { kind: 'incident', incidentId } })]).then(
        ([loss, preview]) => {
          if (!alive) return;
          setLoaded({ incidentId, loss, preview });
          setError(null);
        },
        (failure: unknown) => {
          if (alive) setError(errorText(failure, currentLocale()));
        },
      );
    };
    load();
    // Its leads are welcomed late, won back, or block the bot as time goes: at most once a second.
    const stop = refreshOnEngineEvents(
      ['incident.updated', 'delivery.outcome', 'lead.updated', 'recovery.progress', 'settings.changed'],
      1000,
      load,
      (event) => event.event !== 'incident.updated' || event.payload.id === incidentId,
    );
    return () => {
      alive = false;
      stop();
    };
  }, [incidentId]);

  const shown = loaded?.incidentId === incidentId ? loaded : null;
  if (shown === null) {
    return error === null ? (
      <p aria-busy="true">{t('app.loading')}</p>
    ) : (
      <p className="field-error" role="alert">
        {error}
      </p>
    );
  }
  const { loss, preview } = shown;
  const cents = costCents(loss.cost);
  return (
    <section className="incident-loss" aria-labelledby="incident-loss-title">
      <h3 id="incident-loss-title">{t('incident.loss.title')}</h3>
      <dl className="incident-facts" aria-label={t('incident.loss.title')}>
        <dt>{t('incident.loss.starts')}</dt>
        <dd>{number(loss.starts)}</dd>
        <dt>{t('incident.loss.welcomedLate')}</dt>
        <dd>{number(loss.welcomedLate)}</dd>
        <dt>{t('incident.loss.recovered')}</dt>
        <dd>{number(loss.recovered)}</dd>
        {loss.settled > 0 && (
          <>
            <dt>{t('incident.loss.settled')}</dt>
            <dd>{number(loss.settled)}</dd>
          </>
        )}
        <dt>{t('incident.loss.waiting')}</dt>
        <dd>{number(loss.waiting)}</dd>
        <dt>{t('incident.loss.blocked')}</dt>
        <dd>{number(loss.byReason.blocked)}</dd>
        <dt>{t('incident.loss.lost')}</dt>
        <dd className={loss.lost > 0 ? 'waiting' : undefined}>{number(loss.lost)}</dd>
        {cents !== null && (
          <>
            <dt>{t('incidents.col.atRisk')}</dt>
            <dd>{money(cents, loss.currency)}</dd>
          </>
        )}
      </dl>
      {loss.blindWindow !== null && (
        <p className="caution" role="note">
          {t('incident.loss.blind', { time: dateTime(loss.blindWindow.to), window: words.duration(loss.blindWindow.lengthMs) })}
        </p>
      )}
      {preview.leads > 0 && (
        <button type="button" onClick={() => openForm({ kind: 'incident', incidentId })}>
          {t(preview.leads === 1 ? 'recovery.recoverN.one' : 'recovery.recoverN', { n: number(preview.leads) })}
        </button>
      )}
    </section>
  );
}
