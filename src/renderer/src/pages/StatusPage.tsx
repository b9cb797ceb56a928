import type { ReactElement } from 'react';
import type { AppInfo } from '../../../shared/contract';
import type { StoreStatus } from '../../../shared/store-status';

const stateText: Record<StoreStatus['state'], string> = {
  ready: 'Ready: schema verified, bots may run',
  mismatch: 'Schema mismatch: bots are stopped',
  refused: 'Database refused: bots are stopped',
};

function StoreProblem({ status, dataDir }: { status: StoreStatus; dataDir: string }): ReactElement | null {
  if (status.error === null) return null;
  return (
    <section className="problem" role="alert" aria-labelledby="problem-title">
      <h2 id="problem-title">{status.state === 'mismatch' ? 'The database does not match this version of Botdeck' : 'Botdeck cannot use its database'}</h2>
      <p className="problem-code">{status.error.code}</p>
      {status.differences.length === 0 ? (
        <pre className="problem-message">{status.error.message}</pre>
      ) : (
        <p>The bots were not started, because the database schema differs from what this version expects:</p>
      )}
      {status.differences.length > 0 && (
        <ul aria-label="Schema differences">
          {status.differences.map((difference) => (
            <li key={`${difference.kind}:${difference.table ?? ''}:${difference.name}`}>{difference.message}</li>
          ))}
        </ul>
      )}
      <p>Your leads are safe: Botdeck has not changed the file. The doctor explains more: <code>npm run doctor -- --data-dir "{dataDir}"</code></p>
    </section>
  );
}

export function StatusPage({ appInfo, store }: { appInfo: AppInfo; store: StoreStatus }): ReactElement {
  return (
    <main className="status-page">
      <header>
        <h1>Botdeck</h1>
        <span className="version">v{appInfo.version}</span>
      </header>
      <StoreProblem status={store} dataDir={appInfo.dataDir} />
      <dl className="facts" aria-label="Store status">
        <dt>State</dt>
        <dd data-state={store.state}>{stateText[store.state]}</dd>
        <dt>Data folder</dt>
        <dd>{appInfo.dataDir}</dd>
        <dt>Database</dt>
        <dd>{store.file}</dd>
        <dt>Schema version</dt>
        <dd>
          file {store.schemaVersion ?? '-'}, app {store.appSchemaVersion}
        </dd>
        <dt>Migrated at this start</dt>
        <dd>{store.migratedNow.length === 0 ? 'nothing' : store.migratedNow.map((m) => m.name).join(', ')}</dd>
        <dt>Backups</dt>
        <dd>{store.backups.length === 0 ? 'none yet' : `${store.backups.length}, newest ${store.backups[0]?.name ?? ''}`}</dd>
      </dl>
    </main>
  );
}
