import { useState, type ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import { browserNotificationState, requestBrowserNotifications, type BrowserNotificationState } from '../transport/browser-notifications';

/** Headless mode: whether this browser may show the alerts, and the button that asks it. */
export function BrowserNotifications(): ReactElement {
  const { t } = useI18n();
  const [state, setState] = useState<BrowserNotificationState>(browserNotificationState);
  return (
    <section className="browser-notifications" aria-labelledby="browser-notifications-title">
      <h3 id="browser-notifications-title">{t('browser.title')}</h3>
      <p className="muted">{t('browser.help')}</p>
      <p role="status">{t('browser.permission', { state: t(`browser.${state}`) })}</p>
      {/* Asking again when already decided is harmless: the browser answers at once with its decision. */}
      <button type="button" disabled={state === 'unsupported'} onClick={() => void requestBrowserNotifications().then(setState)}>
        {t('browser.request')}
      </button>
    </section>
  );
}
