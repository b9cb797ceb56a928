import type { ReactElement } from 'react';
import type { BotSummary } from '../../../../shared/bot-summary';
import { useI18n } from '../../i18n/i18n';
import { useFirstRunStore } from '../../state/first-run-store';
import { WelcomeEditor } from '../WelcomeEditor';

/** Step 2: the bot is checked; its default welcome is kept or edited in the usual editor. */
export function WelcomeStep({ bot }: { bot: BotSummary }): ReactElement {
  const { t } = useI18n();
  const go = useFirstRunStore((state) => state.go);
  return (
    <section className="first-run-step" aria-labelledby="first-run-welcome">
      <h2 id="first-run-welcome">{t('firstRun.step.welcome')}</h2>
      <p className="notice" role="status">
        {t('firstRun.checked', { name: bot.username, first: bot.name })}
      </p>
      <p className="muted">{t('firstRun.welcome.help')}</p>
      <WelcomeEditor bot={bot} />
      <div className="row">
        <button type="button" onClick={() => go('start')}>
          {t('firstRun.welcome.keep')}
        </button>
      </div>
    </section>
  );
}
