import type { ReactElement } from 'react';
import type { BotSummary } from '../../../shared/bot-summary';
import { useI18n } from '../i18n/i18n';
import { StateBadge } from './StateBadge';

export function BotCard({ bot, leadsToday, leadsTotal, onStart }: { bot: BotSummary; leadsToday: number | null; leadsTotal: number | null; onStart: () => void }): ReactElement {
  const { t, dateTime, number } = useI18n();
  const status = bot.status;
  return (
    <article className={`card card-${status.state}`} aria-label={`@${bot.username}`}>
      <header className="card-head">
        <h2>@{bot.username}</h2>
        <StateBadge status={status} />
      </header>
      <p className="card-reason">
        {t(`reason.${status.reason}`)} · {t('card.since', { time: dateTime(status.since) })}
      </p>
      {status.detail !== null && status.state !== 'running' && <p className="card-detail">{status.detail}</p>}
      {bot.desiredState !== 'running' && (
        <p className="card-not-answering">
          {t('card.notAnswering')}{' '}
          <button type="button" onClick={onStart}>
            {t('bots.start')}
          </button>
        </p>
      )}
      <dl className="card-figures">
        <dt>{t('card.leadsToday')}</dt>
        <dd>{leadsToday === null ? '–' : number(leadsToday)}</dd>
        <dt>{t('card.leadsTotal')}</dt>
        <dd>{leadsTotal === null ? '–' : number(leadsTotal)}</dd>
        <dt>{t('card.pending')}</dt>
        <dd>{number(status.pendingWelcomes)}</dd>
        <dt title={t('card.held.help')}>{t('card.held')}</dt>
        <dd>{number(status.heldWelcomes)}</dd>
        <dt>{t('card.sent')}</dt>
        <dd>{number(status.counters.sent)}</dd>
        <dt>{t('card.lastUpdate')}</dt>
        <dd>{status.lastPollOkAt === null ? t('card.never') : dateTime(status.lastPollOkAt)}</dd>
      </dl>
    </article>
  );
}
