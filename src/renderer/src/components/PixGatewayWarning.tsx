import { useEffect, useState, type ReactElement } from 'react';
import { renderText } from '../../../shared/i18n/error-text';
import { PIX_TROUBLE_MS, pixGatewayTroubled } from '../../../shared/pix-gateway';
import { currentLocale, useI18n } from '../i18n/i18n';
import { useNavStore } from '../state/nav-store';
import { usePixGateway } from './use-pix-gateway';

/**
 * The dashboard's warning while PIX charges fail because of the gateway: shown while the last
 * failure is under an hour old and nothing worked since (the rule is pixGatewayTroubled),
 * with the reason and a way to Settings, where the gateway is fixed.
 */
export function PixGatewayWarning(): ReactElement | null {
  const { t, time } = useI18n();
  const go = useNavStore((state) => state.go);
  const { gateway, readAt } = usePixGateway();
  const failure = gateway?.lastFailure ?? null;
  /** The failure whose hour ran out while the dashboard stayed open (one timer, not a clock). */
  const [ended, setEnded] = useState<number | null>(null);
  useEffect(() => {
    if (failure === null) return undefined;
    const timer = setTimeout(() => setEnded(failure.at), Math.max(0, failure.at + PIX_TROUBLE_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [failure]);
  if (failure === null || ended === failure.at || !pixGatewayTroubled(gateway, readAt)) return null;
  return (
    <p className="warning" role="status">
      {t('dashboard.pixTrouble', { time: time(failure.at), reason: renderText(currentLocale(), failure.text) })}{' '}
      <button type="button" className="link" onClick={() => go('settings')}>
        {t('dashboard.pixTrouble.open')}
      </button>
    </p>
  );
}
