import type { ReactElement } from 'react';
import { MEASURED_MIN_BRL_PAYERS, type MoneyBasis } from '../../../shared/money-basis';
import { useI18n } from '../i18n/i18n';

/** Which figures price the money at stake now (measured sales or the settings, and why), and the switch to always use the settings. */
export function MoneyBasisNote({ basis, fromSettings, onChange }: { basis: MoneyBasis | null; fromSettings: boolean; onChange: (fromSettings: boolean) => void }): ReactElement {
  const { t, money, number, locale } = useI18n();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const payers = number(basis?.measured.brlPayers ?? 0);
  return (
    <>
      {basis !== null && (
        <p className="muted" role="status">
          {basis.from === 'measured'
            ? t('money.basis.measured', {
                rate: percent.format((basis.conversionRatePercent ?? 0) / 100),
                ticket: money(Math.round((basis.averageTicket ?? 0) * 100), 'BRL'),
                payers,
              })
            : basis.from === 'override'
              ? t('money.basis.override')
              : t('money.basis.settings', { min: MEASURED_MIN_BRL_PAYERS, payers })}
        </p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={fromSettings} onChange={(event) => onChange(event.target.checked)} /> {t('money.basis.fromSettings')}
      </label>
    </>
  );
}
