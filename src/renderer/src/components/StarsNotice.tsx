import type { ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';

/** Said wherever Stars prices are shown: what Stars checkout depends on, and why Stars at all. */
export function StarsNotice(): ReactElement {
  const { t } = useI18n();
  return (
    <p className="muted stars-notice">
      {t('sales.starsNotice.running')} {t('sales.starsNotice.required')}
    </p>
  );
}
