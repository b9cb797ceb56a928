import type { AlertType, Incident, IncidentCause } from '../../../shared/alerts';
import type { BackupStatus } from '../../../shared/backup-status';
import type { RecoveryProgress } from '../../../shared/recovery-jobs';
import type { Settings } from '../../../shared/settings';
import type { BackupAlertType } from '../backups/backup-schedule';
import type { AlertMessage } from './alert-message';

export type AlertLocale = 'en' | 'pt-BR';

/** The operator's language for alerts; "auto" follows the system, as the console does. */
export function alertLocale(language: Settings['language'], systemLocale: string = Intl.DateTimeFormat().resolvedOptions().locale): AlertLocale {
  if (language !== 'auto') return language;
  return systemLocale.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

const causes: Record<AlertLocale, Record<IncidentCause, string>> = {
  en: {
    ok: 'no problem',
    starting: 'it is starting',
    stopped_by_operator: 'it was stopped',
    network: 'Telegram cannot be reached (network)',
    token_revoked: 'its token was revoked: replace it in Botdeck → Bots',
    token_unreadable: 'its token cannot be decrypted on this computer: paste it again in Botdeck → Bots',
    conflict: 'another program is reading the same token (stop the other copy)',
    telegram_error: 'Telegram answers with errors',
    flood_wait: 'Telegram asked it to slow down',
    send_failures: 'its messages keep failing',
    welcome_backlog: 'welcomes are waiting too long',
    database: 'the database refused to record its messages',
    store_blocked: 'the database needs attention',
    engine_offline: 'Botdeck itself was not running',
  },
  'pt-BR': {
    ok: 'sem problema',
    starting: 'está iniciando',
    stopped_by_operator: 'foi parado',
    network: 'o Telegram não responde (rede)',
    token_revoked: 'o token foi revogado: troque-o no Botdeck → Bots',
    token_unreadable: 'o token não pode ser decifrado neste computador: cole-o de novo no Botdeck → Bots',
    conflict: 'outro programa está lendo o mesmo token (pare a outra cópia)',
    telegram_error: 'o Telegram está respondendo com erros',
    flood_wait: 'o Telegram pediu para ir mais devagar',
    send_failures: 'as mensagens continuam falhando',
    welcome_backlog: 'as boas-vindas estão esperando demais',
    database: 'o banco de dados recusou gravar as mensagens',
    store_blocked: 'o banco de dados precisa de atenção',
    engine_offline: 'o próprio Botdeck não estava rodando',
  },
};

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
const gapReasons: Record<string, string> = {
  'Botdeck was closed.': 'O Botdeck foi fechado.',
  'Botdeck stopped unexpectedly (a crash, a forced quit or a power loss).': 'O Botdeck parou de repente (uma falha, um encerramento forçado ou falta de energia).',
  'The computer was asleep.': 'O computador estava dormindo.',
};

function why(incident: Incident, locale: AlertLocale): string {
  if (incident.detail === null) return '';
  return `${locale === 'pt-BR' ? (gapReasons[incident.detail] ?? incident.detail) : incident.detail} `;
}

/** Leads and money, in one line, when there is something to say. */
function stakes(incident: Incident, locale: AlertLocale): string {
  const atStake = money(incident.moneyAtStake, incident.currency, locale);
  const pt = locale === 'pt-BR';
  const leads = pt
    ? `Leads durante a queda: ${incident.leads}, já com boas-vindas: ${incident.recovered}.`
    : `Leads during the outage: ${incident.leads}, welcomed so far: ${incident.recovered}.`;
  return atStake === null ? leads : `${leads} ${pt ? 'Em jogo' : 'At stake'}: ${atStake}.`;
}

/** The words of an alert about an incident, in the operator's language; each channel formats them its own way. */
export function alertText(type: Exclude<AlertType, 'recovery_done' | BackupAlertType>, incident: Incident | null, context: TextContext): AlertMessage {
  const { locale, now } = context;
  const pt = locale === 'pt-BR';
  if (type === 'test' || incident === null) {
    return {
      type,
      title: pt ? '✅ Alerta de teste do Botdeck' : '✅ Botdeck test alert',
      text: pt
        ? 'Este canal funciona. Você será avisado aqui quando um bot cair e quando voltar.'
        : 'This channel works. You will be told here when a bot goes down and when it is back.',
      at: now,
      incident,
    };
  }
  const name = who(incident);
  const cause = causes[locale][incident.cause];
  const detail = incident.detail === null ? '' : ` (${incident.detail})`;
  switch (type) {
    case 'down':
      return {
        type,
        title: pt ? `🔴 ${name} caiu` : `🔴 ${name} is down`,
        text: pt
          ? `Causa: ${cause}${detail}. Sem receber mensagens desde ${clock(incident.startedAt, context)}. O Telegram guarda os /start por 24 h; as boas-vindas saem quando o bot voltar.`
          : `Cause: ${cause}${detail}. No messages received since ${clock(incident.startedAt, context)}. Telegram keeps the /starts for 24 h; the welcomes go out when the bot is back.`,
        at: now,
        incident,
      };
    case 'still_down':
      return {
        type,
        title: pt ? `🔴 ${name} continua fora do ar` : `🔴 ${name} is still down`,
        text: `${pt ? 'Há' : 'For'} ${durationText(now - incident.startedAt)}. ${pt ? 'Causa' : 'Cause'}: ${cause}${detail}. ${stakes(incident, locale)}`,
        at: now,
        incident,
      };
    case 'recovered':
      return {
        type,
        title: pt ? `🟢 ${name} voltou` : `🟢 ${name} is back`,
        text: `${pt ? 'Ficou fora do ar por' : 'Down for'} ${durationText((incident.endedAt ?? now) - incident.startedAt)} (${cause}). ${stakes(incident, locale)}`,
        at: now,
        incident,
      };
    case 'engine_offline':
      return {
        type,
        title: pt
          ? `⚠️ O Botdeck ficou desligado por ${durationText((incident.endedAt ?? now) - incident.startedAt)}`
          : `⚠️ Botdeck was offline for ${durationText((incident.endedAt ?? now) - incident.startedAt)}`,
        text: `${why(incident, locale)}${
          pt
            ? `De ${clock(incident.startedAt, context)} a ${clock(incident.endedAt ?? now, context)} nenhum bot leu mensagens. O Telegram as guardou; estão sendo processadas agora.`
            : `From ${clock(incident.startedAt, context)} to ${clock(incident.endedAt ?? now, context)} no bot read its messages. Telegram kept them; they are being processed now.`
        }`,
        at: now,
        incident,
      };
  }
}

/** A recovery job ended (done, or cancelled by the operator): what it came to. */
export function recoveryDoneText(progress: RecoveryProgress, context: TextContext): AlertMessage {
  const pt = context.locale === 'pt-BR';
  const { jobId, sent, failed, blocked, cancelled } = progress;
  const skipped = progress.skipped.welcomed + progress.skipped.converted + progress.skipped.archived + progress.skipped.blocked;
  const done = progress.status === 'done';
  const title = pt
    ? `${done ? '✅' : '⏹️'} Recuperação nº ${jobId} ${done ? 'concluída' : 'cancelada'}`
    : `${done ? '✅' : '⏹️'} Recovery job ${jobId} ${done ? 'is done' : 'was cancelled'}`;
  const figures = pt
    ? `Enviadas: ${sent}. Ignoradas (já atendidas): ${skipped}. Falharam: ${failed}. Bloquearam o bot: ${blocked}.`
    : `Sent: ${sent}. Skipped (no longer needed): ${skipped}. Failed: ${failed}. Blocked the bot: ${blocked}.`;
  const rest = cancelled === 0 ? '' : pt ? ` Não enviadas por causa do cancelamento: ${cancelled}.` : ` Not sent because it was cancelled: ${cancelled}.`;
  return { type: 'recovery_done', title, text: `${figures}${rest}`, at: context.now, incident: null };
}

/**
 * Sent once when the bots were refused because the database does not match: the operator
 * has until `keptUntil` (Telegram's 24 h) before the first waiting /starts are gone.
 */
export function storeRefusedText(problems: number, keptUntil: number | null, context: TextContext): AlertMessage {
  const pt = context.locale === 'pt-BR';
  const window =
    keptUntil === null
      ? ''
      : pt
        ? ` O Telegram guarda os /start que chegam até ${clock(keptUntil, context)}; depois os primeiros se perdem.`
        : ` Telegram keeps the waiting /starts until ${clock(keptUntil, context)}; after that the first ones are lost.`;
  return {
    type: 'store_refused',
    title: pt ? '🔴 Os bots não foram iniciados: o banco de dados precisa de atenção' : '🔴 The bots were not started: the database needs attention',
    text: pt
      ? `O banco de dados não corresponde a esta versão do Botdeck (${problems} diferença(s)), então nenhum bot está lendo mensagens. Abra o Botdeck para reparar ou restaurar um backup.${window}`
      : `The database does not match this version of Botdeck (${problems} difference(s)), so no bot is reading its messages. Open Botdeck to repair it or restore a backup.${window}`,
    at: context.now,
    incident: null,
  };
}

/** A backup failed, has been missing for too long, or is good again after either. */
export function backupAlertText(type: BackupAlertType, status: BackupStatus, context: TextContext): AlertMessage {
  const pt = context.locale === 'pt-BR';
  const last =
    status.lastGoodAt === null
      ? pt
        ? 'Ainda não há nenhum backup bom.'
        : 'There is no good backup yet.'
      : pt
        ? `O último backup bom é de ${clock(status.lastGoodAt, context)} (há ${durationText(context.now - status.lastGoodAt)}).`
        : `The last good backup is from ${clock(status.lastGoodAt, context)} (${durationText(context.now - status.lastGoodAt)} ago).`;
  const detail = status.lastAttempt?.detail ?? '';
  switch (type) {
    case 'backup_failed':
      return {
        type,
        title: pt ? '🟠 O backup do banco de dados falhou' : '🟠 The database backup failed',
        text: pt
          ? `Motivo: ${detail}. ${last} Os bots continuam rodando; veja Configurações → Backups no Botdeck.`
          : `Reason: ${detail}. ${last} The bots keep running; see Settings → Backups in Botdeck.`,
        at: context.now,
        incident: null,
      };
    case 'backup_overdue':
      return {
        type,
        title: pt ? '🟠 O backup do banco de dados está atrasado' : '🟠 The database backup is overdue',
        text: pt
          ? `Nenhum backup bom nas últimas ${status.everyHours} h. ${last} Abra o Botdeck e use "Fazer backup agora" em Configurações.`
          : `No good backup in the last ${status.everyHours} h. ${last} Open Botdeck and use "Back up now" in Settings.`,
        at: context.now,
        incident: null,
      };
    case 'backup_ok':
      return {
        type,
        title: pt ? '🟢 Os backups voltaram a funcionar' : '🟢 Backups work again',
        text: pt ? `Um backup foi feito e verificado. ${last}` : `A backup was taken and checked. ${last}`,
        at: context.now,
        incident: null,
      };
  }
}

/** The ping's message: heartbeat channels only need to be called. */
export function heartbeatMessage(now: number): AlertMessage {
  return { type: 'heartbeat', title: 'Botdeck heartbeat', text: 'Botdeck is running.', at: now, incident: null };
}
