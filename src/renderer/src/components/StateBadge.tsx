import type { ReactElement } from 'react';
import type { BotStatus } from '../../../shared/bot-status';
import { useI18n } from '../i18n/i18n';

export function StateBadge({ status }: { status: BotStatus }): ReactElement {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status.state}`} data-state={status.state}>
      {t(`state.${status.state}`)}
    </span>
  );
}
