import type { ReactElement } from 'react';
import type { AppInfo } from '../../../shared/contract';
import type { StoreStatus } from '../../../shared/store-status';
import { useI18n } from '../i18n/i18n';

/** Full window: the console cannot work on this database, and says why and what to do. */
export function StoreProblemScreen({ appInfo, store }: { appInfo: AppInfo; store: StoreStatus }): ReactElement {
  const { t } = useI18n();
  return (
    <main className="status-page">
      <header>
        <h1>Botdeck</h1>
        <span className="version">v{appInfo.version}</span>
      </header>
      <section className="problem" role="alert" aria-labelledby="problem-title">
        <h2 id="problem-title">{store.state === 'mismatch' ? t('problem.mismatch.title') : t('problem.refused.title')}</h2>
        <p className="problem-code">{store.error?.code}</p>
        {store.differences.length === 0 ? (
          <pre className="problem-message">{store.error?.message}</pre>
        ) : (
          <>
            <p>{t('problem.mismatch.lead')}</p>
            <ul aria-label="Schema differences">
              {store.differences.map((difference) => (
                <li key={`${difference.kind}:${difference.table ?? ''}:${difference.name}`}>{difference.message}</li>
              ))}
            </ul>
          </>
        )}
        <p>
          {t('problem.safe')} <code>npm run doctor -- --data-dir &quot;{appInfo.dataDir}&quot;</code>
        </p>
      </section>
    </main>
  );
}
