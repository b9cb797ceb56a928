import { useEffect, useState, type ReactElement } from 'react';
import { lossReasons, type RecoveryOverview } from '../../../shared/recovery';
import type { RecoveryPreview } from '../../../shared/recovery-jobs';
import { useI18n } from '../i18n/i18n';
import { costCents, showsLoss } from '../logic/recovery-logic';
import { useNavStore } from '../state/nav-store';
import { call } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

/** The dashboard's "N leads never got a welcome", with what they cost and the one click that recovers them. */
export function LossCard(): ReactElement | null {
  const { t, number, money } = useI18n();
  const openForm = useNavStore((state) => state.openRecoveryForm);
  const go = useNavStore((state) => state.go);
  const [loss, setLoss] = useState<{ overview: RecoveryOverview; preview: RecoveryPreview } | null>(null);

  useEffect(() => {
    let alive = true;
    const load = (): void => {
      void Promise.all([call('getRecoveryOverview', { leadLimit: 0 }), call('previewRecovery', { scope: { kind: 'all' } })]).then(
        ([overview, preview]) => {
          if (alive) setLoss({ overview, preview });
        },
        // The card is a shortcut: the Recovery page shows the same figures, with the error.
        () => undefined,
      );
    };
    load();
    const stop = refreshOnEngineEvents(['lead.created', 'lead.updated', 'delivery.outcome', 'bot.status', 'recovery.progress', 'settings.changed'], 1000, load);
    return () => {
      alive = false;
      stop();
    };
  }, []);

  if (loss === null || !showsLoss(loss.overview)) return null;
  const { overview, preview } = loss;
  const cents = costCents(overview.cost);
  const title = t(overview.leads === 1 ? 'loss.card.title.one' : 'loss.card.title', { n: number(overview.leads) });
  return (
    <article className="card card-loss" aria-label={t('loss.card.label')}>
      <header className="card-head">
        <h2>{title}</h2>
      </header>
      {cents !== null && <p>{t('recovery.atStake', { money: money(cents, overview.currency) })}</p>}
      <p className="muted">
        {lossReasons
          .filter((reason) => overview.byReason[reason] > 0)
          .map((reason) => t(`recovery.count.${reason}`, { n: number(overview.byReason[reason]) }))
          .join(' · ')}
      </p>
      {overview.pendingWhileBotNotRunning > 0 && <p className="waiting">{t('recovery.waitingForBots', { n: number(overview.pendingWhileBotNotRunning) })}</p>}
      {preview.leads > 0 ? (
        <button type="button" onClick={() => openForm({ kind: 'all' })}>
          {t(preview.leads === 1 ? 'recovery.recoverN.one' : 'recovery.recoverN', { n: number(preview.leads) })}
        </button>
      ) : (
        <button type="button" onClick={() => go('recovery')}>
          {t('loss.card.open')}
        </button>
      )}
    </article>
  );
}
