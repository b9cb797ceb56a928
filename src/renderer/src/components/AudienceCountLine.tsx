import type { ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import type { AudienceCountState } from './use-audience-count';

/** The audience's exact count in words, as it updates with the filters. */
export function AudienceCountLine({ count }: { count: AudienceCountState }): ReactElement {
  const { t, number } = useI18n();
  return (
    <div className="campaign-count" aria-live="polite">
      {count.kind === 'invalid' && <p className="muted">{t('campaigns.count.invalid')}</p>}
      {count.kind === 'counting' && <p aria-busy="true">{t('campaigns.count.counting')}</p>}
      {count.kind === 'failed' && (
        <p className="field-error" role="alert">
          {count.message}
        </p>
      )}
      {count.kind === 'counted' && (
        <p role="status" className={count.leads === 0 ? 'notice' : undefined}>
          {count.leads === 0 ? t('campaigns.count.nobody') : t(count.leads === 1 ? 'campaigns.count.one' : 'campaigns.count.many', { n: number(count.leads) })}
        </p>
      )}
    </div>
  );
}
