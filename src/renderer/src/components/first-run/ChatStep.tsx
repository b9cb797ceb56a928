import type { ReactElement } from 'react';
import type { BotSummary } from '../../../../shared/bot-summary';
import { useI18n } from '../../i18n/i18n';
import { useFirstRunStore } from '../../state/first-run-store';
import { OperatorChatLink } from '../OperatorChatLink';

/** Step 4: the operator sends the bot a /start with a one-time code, so Botdeck learns their chat. */
export function ChatStep({ bot }: { bot: BotSummary }): ReactElement {
  const { t } = useI18n();
  const go = useFirstRunStore((state) => state.go);
  return (
    <section className="first-run-step" aria-labelledby="first-run-chat">
      <h2 id="first-run-chat">{t('firstRun.step.chat')}</h2>
      <OperatorChatLink bot={bot} />
      <div className="row">
        <button type="button" onClick={() => go('alerts')}>
          {t('firstRun.next')}
        </button>
      </div>
    </section>
  );
}
