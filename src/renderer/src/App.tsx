import { useEffect, type ReactElement } from 'react';
import { StatusPage } from './pages/StatusPage';
import { useStatusStore } from './state/status-store';

export function App(): ReactElement {
  const { appInfo, store, loadError, load } = useStatusStore();
  useEffect(() => {
    void load();
  }, [load]);

  if (loadError !== null) {
    return (
      <main className="status-page" role="alert">
        <h1>Botdeck</h1>
        <p>{loadError.message}</p>
      </main>
    );
  }
  if (appInfo === null || store === null) {
    return (
      <main className="status-page" aria-busy="true">
        <p>Opening Botdeck…</p>
      </main>
    );
  }
  return <StatusPage appInfo={appInfo} store={store} />;
}
