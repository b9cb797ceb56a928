import type { AlertType, Incident, IncidentCause } from '../../../shared/alerts';
import type { BackupStatus } from '../../../shared/backup-status';
import type { RecoveryProgress } from '../../../shared/recovery-jobs';
import type { Settings } from '../../../shared/settings';
import { errorText, renderText, type ErrorText, type TextLocale } from '../../../shared/i18n/error-text';
import type { BackupAlertType } from '../backups/backup-schedule';
import type { AlertMessage } from './alert-message';

export type AlertLocale = TextLocale;

/** The operator's language for alerts; "auto" follows the system, as the console does. */
export function alertLocale(language: Settings['language'], systemLocale: string = Intl.DateTimeFormat().resolvedOptions().locale): AlertLocale {
  if (language !== 'auto') return language;
  return systemLocale.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

function say(locale: AlertLocale, text: ErrorText): string {
  return renderText(locale, text);
}

function causeText(cause: IncidentCause): ErrorText {
  return errorText(`alert.cause.${cause}`, {});
}

export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

interface TextContext {
  readonly locale: AlertLocale;
  readonly now: number;
  readonly timeZone?: string;
}

function clock(at: number, context: TextContext): string {
  return new Intl.DateTimeFormat(context.locale, { dateStyle: 'short', timeStyle: 'medium', ...(context.timeZone === undefined ? {} : { timeZone: context.timeZone }) }).format(at);
}

function money(amount: number | null, currency: string, locale: AlertLocale): string | null {
  return amount === null ? null : new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

function who(incident: Incident): string {
  return incident.username === null ? 'Botdeck' : `@${incident.username}`;
}

// The engine records why it was away in English; the alert says it in the operator's language.
const gapReasons: Readonly<Record<string, ErrorText>> = {
  'Botdeck was closed.': errorText('alert.gap.closed', {}),
  'Botdeck stopped unexpectedly (a crash, a forced quit or a power loss).': errorText('alert.gap.crashed', {}),
  'The computer was asleep.': errorText('alert.gap.asleep', {}),
};

function why(incident: Incident, locale: AlertLocale): string {
  if (incident.detail === null) return '';
  const known = gapReasons[incident.detail];
  return `${known === undefined ? incident.detail : say(locale, known)} `;
}

/** Leads and money, in one line, when there is something to say. */
function stakes(incident: Incident, locale: AlertLocale): ErrorText {
  const atStake = money(incident.moneyAtStake, incident.currency, locale);
  const leads = errorText('alert.stakes.leads', { leads: incident.leads, recovered: incident.recovered });
  return atStake === null ? leads : errorText('alert.stakes.money', { leads, amount: atStake });
}

/** The words of an alert about an incident, in the operator's language; each channel formats them its own way. */
export function alertText(type: Exclude<AlertType, 'recovery_done' | BackupAlertType>, incident: Incident | null, context: TextContext): AlertMessage {
  const { locale, now } = context;
  if (type === 'test' || incident === null) {
    return { type, title: say(locale, errorText('alert.test.title', {})), text: say(locale, errorText('alert.test.text', {})), at: now, incident };
  }
  const name = who(incident);
  const cause = causeText(incident.cause);
  const detail = incident.detail === null ? '' : ` (${incident.detail})`;
  const lasted = durationText((incident.endedAt ?? now) - incident.startedAt);
  switch (type) {
    case 'down':
      return {
        type,
        title: say(locale, errorText('alert.down.title', { name })),
        text: say(locale, errorText('alert.down.text', { cause, detail, since: clock(incident.startedAt, context) })),
        at: now,
        incident,
      };
    case 'still_down':
      return {
        type,
        title: say(locale, errorText('alert.stillDown.title', { name })),
        text: say(locale, errorText('alert.stillDown.text', { duration: durationText(now - incident.startedAt), cause, detail, stakes: stakes(incident, locale) })),
        at: now,
        incident,
      };
    case 'recovered':
      return {
        type,
        title: say(locale, errorText('alert.recovered.title', { name })),
        text: say(locale, errorText('alert.recovered.text', { duration: lasted, cause, stakes: stakes(incident, locale) })),
        at: now,
        incident,
      };
    case 'engine_offline':
      return {
        type,
        title: say(locale, errorText('alert.offline.title', { duration: lasted })),
        text: say(locale, errorText('alert.offline.text', { why: why(incident, locale), from: clock(incident.startedAt, context), to: clock(incident.endedAt ?? now, context) })),
        at: now,
        incident,
      };
  }
}

/** A recovery job ended (done, or cancelled by the operator): what it came to. */
export function recoveryDoneText(progress: RecoveryProgress, context: TextContext): AlertMessage {
  const { locale } = context;
  const { jobId, sent, failed, blocked, cancelled } = progress;
  const skipped = progress.skipped.welcomed + progress.skipped.converted + progress.skipped.archived + progress.skipped.blocked;
  const title = errorText(progress.status === 'done' ? 'alert.recoveryDone.doneTitle' : 'alert.recoveryDone.cancelledTitle', { id: jobId });
  const figures = errorText('alert.recoveryDone.figures', { sent, skipped, failed, blocked });
  const text = cancelled === 0 ? figures : errorText('alert.recoveryDone.figuresCancelled', { figures, cancelled });
  return { type: 'recovery_done', title: say(locale, title), text: say(locale, text), at: context.now, incident: null };
}

/**
 * Sent once when the bots were refused because the database does not match: the operator
 * has until `keptUntil` (Telegram's 24 h) before the first waiting /starts are gone.
 */
export function storeRefusedText(problems: number, keptUntil: number | null, context: TextContext): AlertMessage {
  const { locale } = context;
  const refused = errorText('alert.storeRefused.text', { problems });
  const text = keptUntil === null ? refused : errorText('alert.storeRefused.window', { text: refused, until: clock(keptUntil, context) });
  return { type: 'store_refused', title: say(locale, errorText('alert.storeRefused.title', {})), text: say(locale, text), at: context.now, incident: null };
}

/** A backup failed, has been missing for too long, or is good again after either. */
export function backupAlertText(type: BackupAlertType, status: BackupStatus, context: TextContext): AlertMessage {
  const { locale, now } = context;
  const last =
    status.lastGoodAt === null
      ? errorText('alert.backup.noneGood', {})
      : errorText('alert.backup.lastGood', { at: clock(status.lastGoodAt, context), age: durationText(now - status.lastGoodAt) });
  const message = (title: ErrorText, text: ErrorText): AlertMessage => ({ type, title: say(locale, title), text: say(locale, text), at: now, incident: null });
  switch (type) {
    case 'backup_failed':
      return message(errorText('alert.backup.failed.title', {}), errorText('alert.backup.failed.text', { detail: status.lastAttempt?.detail ?? '', last }));
    case 'backup_overdue':
      return message(errorText('alert.backup.overdue.title', {}), errorText('alert.backup.overdue.text', { hours: status.everyHours, last }));
    case 'backup_ok':
      return message(errorText('alert.backup.ok.title', {}), errorText('alert.backup.ok.text', { last }));
  }
}

/** The ping's message: heartbeat channels only need to be called. */
export function heartbeatMessage(now: number): AlertMessage {
  return { type: 'heartbeat', title: 'Botdeck heartbeat', text: 'Botdeck is running.', at: now, incident: null };
}
