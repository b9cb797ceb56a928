import type { ReactElement } from 'react';
import { lossReasons, type RecoveryOverview as Overview } from '../../../shared/recovery';
import { useI18n } from '../i18n/i18n';
import { botWaits, costCents, type ScopeChoice } from '../logic/recovery-logic';
import { useIncidentWords } from './incident-words';
import { useRecoveryWords } from './recovery-words';

/** "R$ 150,00", or "not set" until Settings has the average ticket and the conversion rate. */
function useCostText(currency: string): (cost: number | null) => string {
  const { t, money } = useI18n();
  return (cost) => {
    const cents = costCents(cost);
    return cents === null ? t('incidents.moneyUnset') : money(cents, currency);
  };
}

/** The lost leads: how many, why, by bot, by incident, by age, what they cost, and the leads themselves. */
export function RecoveryOverview({ overview, onRecover }: { overview: Overview; onRecover: (choice: ScopeChoice) => void }): ReactElement {
  const { t, number, dateTime } = useI18n();
  const words = useRecoveryWords();
  const incidentWords = useIncidentWords();
  const costText = useCostText(overview.currency);
  const stateOf = new Map(overview.byBot.map((bot) => [bot.botId, bot.state]));
  const reasonSummary = (byReason: Overview['byReason']): string =>
    lossReasons
      .filter((reason) => byReason[reason] > 0)
      .map((reason) => t(`recovery.count.${reason}`, { n: number(byReason[reason]) }))
      .join(' · ');
  const recoverButton = (choice: ScopeChoice, label: string): ReactElement => (
    <button type="button" aria-label={label} onClick={() => onRecover(choice)}>
      {t('recovery.recoverThese')}
    </button>
  );

  if (overview.leads === 0) return <p className="notice">{t('recovery.none')}</p>;
  return (
    <>
      <p className="loss-summary">
        <strong>{t(overview.leads === 1 ? 'recovery.lost.one' : 'recovery.lost', { n: number(overview.leads) })}</strong>
        {overview.cost !== null && <> · {t('recovery.atStake', { money: costText(overview.cost) })}</>}
      </p>
      {overview.cost === null && <p className="muted">{t('incidents.moneyHint')}</p>}
      <dl className="figures" aria-label={t('recovery.byReason')}>
        {lossReasons.map((reason) => (
          <div key={reason}>
            <dt>{t(`recovery.reasonTitle.${reason}`)}</dt>
            <dd>{number(overview.byReason[reason])}</dd>
          </div>
        ))}
      </dl>
      {overview.pendingWhileBotNotRunning > 0 && <p className="caution">{t('recovery.waitingForBots', { n: number(overview.pendingWhileBotNotRunning) })}</p>}

      <div className="table-scroll">
        <table className="data-table" aria-label={t('recovery.byBot')}>
          <caption>{t('recovery.byBot')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recovery.col.bot')}</th>
              <th scope="col">{t('recovery.col.state')}</th>
              <th scope="col">{t('recovery.col.leads')}</th>
              <th scope="col">{t('recovery.col.why')}</th>
              <th scope="col">{t('recovery.col.atStake')}</th>
              <th scope="col">{t('recovery.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.byBot.map((bot) => (
              <tr key={bot.botId}>
                <td>@{bot.username}</td>
                <td>
                  {bot.state === null ? (
                    t('recovery.botCannotRun')
                  ) : (
                    <span className={`badge badge-${bot.state}`} data-state={bot.state}>
                      {t(`state.${bot.state}`)}
                    </span>
                  )}
                </td>
                <td className="number">{number(bot.leads)}</td>
                <td>
                  {reasonSummary(bot.byReason)}
                  {bot.byReason.pending > 0 && botWaits(bot.state) && <div className="sub waiting">{t('recovery.botWaits', { n: number(bot.byReason.pending) })}</div>}
                </td>
                <td>{costText(bot.cost)}</td>
                <td>{recoverButton({ kind: 'bot', botId: bot.botId }, t('recovery.recoverScope', { scope: `@${bot.username}` }))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="table-scroll">
        <table className="data-table" aria-label={t('recovery.byIncident')}>
          <caption>{t('recovery.byIncident')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recovery.col.incident')}</th>
              <th scope="col">{t('recovery.col.when')}</th>
              <th scope="col">{t('recovery.col.leads')}</th>
              <th scope="col">{t('recovery.col.why')}</th>
              <th scope="col">{t('recovery.col.atStake')}</th>
              <th scope="col">{t('recovery.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.byIncident.map((incident) => (
              <tr key={incident.incidentId}>
                <td>
                  {t('recovery.incidentNumber', { id: incident.incidentId })} · {incident.botId === null ? t('incidents.botdeck') : words.bot(incident.botId)}
                  <div className="sub">{incidentWords.cause(incident)}</div>
                </td>
                <td>
                  {dateTime(incident.startedAt)}
                  <div className="sub">{incident.endedAt === null ? t('incidents.ongoing') : t('incidents.endedAt', { time: dateTime(incident.endedAt) })}</div>
                </td>
                <td className="number">{number(incident.leads)}</td>
                <td>{reasonSummary(incident.byReason)}</td>
                <td>{costText(incident.cost)}</td>
                <td>
                  {recoverButton(
                    { kind: 'incident', incidentId: incident.incidentId },
                    t('recovery.recoverScope', { scope: t('recovery.incidentNumber', { id: incident.incidentId }) }),
                  )}
                </td>
              </tr>
            ))}
            {overview.withoutIncident > 0 && (
              <tr>
                <td colSpan={2}>{t('recovery.withoutIncident')}</td>
                <td className="number">{number(overview.withoutIncident)}</td>
                <td colSpan={3} />
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <div className="table-scroll">
        <table className="data-table" aria-label={t('recovery.byAge')}>
          <caption>{t('recovery.byAge')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recovery.col.age')}</th>
              <th scope="col">{t('recovery.col.leads')}</th>
              <th scope="col">{t('recovery.col.atStake')}</th>
              <th scope="col">{t('recovery.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.byAge.map((age) => (
              <tr key={age.bucket}>
                <td>{t(`recovery.age.${age.bucket}`)}</td>
                <td className="number">{number(age.leads)}</td>
                <td>{costText(age.cost)}</td>
                <td>{age.leads > 0 && recoverButton({ kind: 'age', bucket: age.bucket }, t('recovery.recoverScope', { scope: t(`recovery.age.${age.bucket}`) }))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t('recovery.lostLeads')}</h3>
      {overview.lostLeads.length < overview.leads && (
        <p className="muted">{t('recovery.lostShown', { shown: number(overview.lostLeads.length), total: number(overview.leads) })}</p>
      )}
      <div className="table-scroll">
        <table className="data-table" aria-label={t('recovery.lostLeads')}>
          <thead>
            <tr>
              <th scope="col">{t('recovery.col.name')}</th>
              <th scope="col">{t('recovery.col.bot')}</th>
              <th scope="col">{t('recovery.col.firstSeen')}</th>
              <th scope="col">{t('recovery.col.why')}</th>
              <th scope="col">{t('recovery.col.incident')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.lostLeads.map((lead) => (
              <tr key={lead.leadId} data-lead-id={lead.leadId}>
                <td>
                  {lead.name}
                  {lead.username !== null && <div className="sub">@{lead.username}</div>}
                </td>
                <td>{words.bot(lead.botId)}</td>
                <td>{dateTime(lead.firstSeenAt)}</td>
                <td>{words.reason(lead.reason, lead.detail, botWaits(stateOf.get(lead.botId) ?? null))}</td>
                <td>{lead.incidentIds.map((id) => t('recovery.incidentNumber', { id })).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
