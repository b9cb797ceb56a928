import type { ReactElement } from 'react';
import { AlertsStep } from '../components/first-run/AlertsStep';
import { ChatStep } from '../components/first-run/ChatStep';
import { StartStep } from '../components/first-run/StartStep';
import { TokenStep } from '../components/first-run/TokenStep';
import { WelcomeStep } from '../components/first-run/WelcomeStep';
import { useI18n } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { useFirstRunStore, type FirstRunStep } from '../state/first-run-store';

const STEPS: readonly FirstRunStep[] = ['token', 'welcome', 'start', 'chat', 'alerts'];

/**
 * The first-run path, in place of the empty dashboard: add a bot by token, keep or edit its
 * welcome, start it, send it a /start so Botdeck learns the operator's chat, choose where alerts go.
 */
export function FirstRunPage(): ReactElement {
  const { t } = useI18n();
  const { step, botId, skip } = useFirstRunStore();
  const bot = useBotsStore((state) => state.bots.find((candidate) => candidate.id === botId));
  // Without its bot (removed meanwhile) every later step starts again from the token.
  const shown: FirstRunStep = bot === undefined ? 'token' : step;
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title" tabIndex={-1}>
        {t('firstRun.title')}
      </h1>
      <p className="muted">{t('firstRun.intro')}</p>
      <ol className="first-run-steps" aria-label={t('firstRun.steps')}>
        {STEPS.map((name) => (
          <li key={name} aria-current={name === shown ? 'step' : undefined}>
            {t(`firstRun.step.${name}`)}
          </li>
        ))}
      </ol>
      {shown === 'token' || bot === undefined ? (
        <TokenStep />
      ) : shown === 'welcome' ? (
        <WelcomeStep bot={bot} />
      ) : shown === 'start' ? (
        <StartStep bot={bot} />
      ) : shown === 'chat' ? (
        <ChatStep bot={bot} />
      ) : (
        <AlertsStep bot={bot} />
      )}
      <p>
        <button type="button" className="link" onClick={skip}>
          {t('firstRun.skip')}
        </button>
      </p>
    </section>
  );
}
