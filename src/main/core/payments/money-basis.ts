import type { Database } from 'better-sqlite3';
import { MEASURED_MIN_BRL_PAYERS, MEASURED_WINDOW_DAYS, type MoneyBasis } from '../../../shared/money-basis';
import type { Settings } from '../../../shared/settings';
import { LeadQueries } from '../leads/lead-queries';
import { SalesFunnelQueries } from './funnel';

const DAY = 86_400_000;

/**
 * The conversion rate and average ticket the money at stake uses. Measured over the last
 * 30 days with the funnel's definitions (paid / starts; BRL revenue / leads paid in BRL)
 * once at least 10 leads paid in BRL: fewer sales say little, and a ticket in Stars is no
 * price in reais. Otherwise, or when the operator overrides the measure, the settings.
 * The measure is in BRL, so an operator who counts in another currency keeps the settings.
 */
export class MoneyBasisReader {
  private readonly leads: LeadQueries;
  private readonly funnel: SalesFunnelQueries;

  constructor(db: Database) {
    this.leads = new LeadQueries(db);
    this.funnel = new SalesFunnelQueries(db);
  }

  basis(settings: Settings, now: number): MoneyBasis {
    const from = now - MEASURED_WINDOW_DAYS * DAY;
    // Starts from the leads screen's day counts: a month of a large store is not counted lead by lead.
    const starts = this.leads.counts({ firstSeenFrom: from, firstSeenTo: now + 1 }).total;
    const sales = this.funnel.sales(from, now + 1);
    const measured = {
      starts,
      paid: sales.paid,
      brlPayers: sales.brlPayers,
      conversionRatePercent: starts === 0 ? null : Math.min(100, (sales.paid / starts) * 100),
      averageTicket: sales.brlPayers === 0 ? null : Math.round(sales.revenueCents / sales.brlPayers) / 100,
    };
    const own = { averageTicket: settings.averageTicket, conversionRatePercent: settings.conversionRatePercent, measured };
    if (settings.moneyFromSettings) return { from: 'override', ...own };
    if (settings.currency !== 'BRL' || sales.brlPayers < MEASURED_MIN_BRL_PAYERS || measured.conversionRatePercent === null || measured.averageTicket === null) {
      return { from: 'settings', ...own };
    }
    return { from: 'measured', averageTicket: measured.averageTicket, conversionRatePercent: measured.conversionRatePercent, measured };
  }

  /** The settings with the money figures in use, for what prices leads (incidents, recovery). */
  priced(settings: Settings, now: number): Settings {
    const basis = this.basis(settings, now);
    return { ...settings, averageTicket: basis.averageTicket, conversionRatePercent: basis.conversionRatePercent };
  }
}
