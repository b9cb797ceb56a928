import { useEffect, useState, type ReactElement } from 'react';
import { MAX_REPORT_PAGE, type CampaignReport as Report } from '../../../shared/campaigns';
import { useI18n, currentLocale } from '../i18n/i18n';
import { call, errorText } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { ReportExport } from './ReportExport';

/** A campaign's per-lead report, 100 leads a page, read again as its progress moves; and its CSV export. */
export function CampaignReport({ campaignId }: { campaignId: number }): ReactElement {
  const { t, number, dateTime, money } = useI18n();
  const [offset, setOffset] = useState(0);
  const [report, setReport] = useState<{ offset: number; value: Report } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = (): void => {
      void call('campaignReport', { campaignId, offset, limit: MAX_REPORT_PAGE }).then(
        (value) => {
          if (!alive) return;
          setReport({ offset, value });
          setError(null);
        },
        (failure: unknown) => {
          if (alive) setError(errorText(failure, currentLocale()));
        },
      );
    };
    load();
    // The outcomes move with the campaign: read the page again after its progress, at most once a second.
    const stop = refreshOnEngineEvents(['campaign.progress'], 1000, load, (event) => event.event === 'campaign.progress' && event.payload.campaignId === campaignId);
    return () => {
      alive = false;
      stop();
    };
  }, [campaignId, offset]);

  const shown = report !== null && report.offset === offset ? report.value : null;
  const title = t('recovery.report.title');
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      <ReportExport exportReport={() => call('exportCampaignReport', { campaignId })} />
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {shown === null ? (
        error === null && <p aria-busy="true">{t('app.loading')}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table" aria-label={title}>
              <thead>
                <tr>
                  <th scope="col">{t('recovery.col.name')}</th>
                  <th scope="col">{t('recovery.col.bot')}</th>
                  <th scope="col">{t('recovery.col.outcome')}</th>
                  <th scope="col">{t('recovery.col.reason')}</th>
                  <th scope="col">{t('campaigns.report.sentAt')}</th>
                  <th scope="col">{t('campaigns.report.clickedAt')}</th>
                  <th scope="col">{t('campaigns.report.converted')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.rows.map((row) => (
                  <tr key={row.leadId} data-outcome={row.outcome}>
                    <td>
                      {row.name}
                      {row.username !== null && <div className="sub">@{row.username}</div>}
                    </td>
                    <td>@{row.bot}</td>
                    <td className={`outcome-${row.outcome}`}>{t(`campaigns.outcome.${row.outcome}`)}</td>
                    <td>{row.reason ?? ''}</td>
                    <td>{row.sentAt === null ? '' : dateTime(row.sentAt)}</td>
                    <td>{row.clickedAt === null ? '' : dateTime(row.clickedAt)}</td>
                    <td>{row.convertedAt === null ? '' : `${dateTime(row.convertedAt)}${row.amountCents === null ? '' : ` · ${money(row.amountCents)}`}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.total > MAX_REPORT_PAGE && (
            <div className="row">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - MAX_REPORT_PAGE))}>
                {t('recovery.report.previous')}
              </button>
              <span>{t('recovery.report.range', { from: number(offset + 1), to: number(Math.min(offset + MAX_REPORT_PAGE, shown.total)), total: number(shown.total) })}</span>
              <button type="button" disabled={offset + MAX_REPORT_PAGE >= shown.total} onClick={() => setOffset(offset + MAX_REPORT_PAGE)}>
                {t('recovery.report.next')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
