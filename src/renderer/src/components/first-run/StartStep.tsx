import type { ReactElement } from 'react';
import type { BotSummary } from '../../../../shared/bot-summary';
import { useI18n } from '../../i18n/i18n';
import { useBotsStore } from '../../state/bots-store';
import { useFirstRunStore } from '../../state/first-run-store';

/** Step 3: a bot is added stopped; it answers leads only once started. */
export function StartStep({ bot }: { bot: BotSummary }): ReactElement {
  const { t } = useI18n();
  const act = useBotsStore((state) => state.act);
  const error = useBotsStore((state) => state.errors[bot.id] ?? '');
  const go = useFirstRunStore((state) => state.go);
  const running = bot.desiredState === 'running';
  return (
    <section className="first-run-step" aria-labelledby="first-run-start">
      <h2 id="first-run-start">{t('firstRun.step.start')}</h2>
      {running ? (
        <>
          <p className="notice" role="status">
            {t('firstRun.start.running', { name: bot.username })}
          </p>
          <div className="row">
            <button type="button" onClick={() => go('chat')}>
              {t('firstRun.next')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{t('firstRun.start.help', { name: bot.username })}</p>
          <div className="row">
            <button type="button" onClick={() => void act('startBot', bot.id)}>
              {t('firstRun.start.button', { name: bot.username })}
            </button>
          </div>
        </>
      )}
      {error !== '' && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
