import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/shared/alerts';
import { alertLocale, alertText, backupAlertText, durationText, recoveryDoneText } from '../../src/main/core/alerts/alert-text';
import type { BackupStatus } from '../../src/shared/backup-status';
import type { RecoveryProgress } from '../../src/shared/recovery-jobs';

const incident: Incident = {
  id: 4,
  botId: 1,
  username: 'loja_bot',
  cause: 'token_revoked',
  detail: null,
  startedAt: Date.UTC(2026, 10, 29, 12, 0, 0),
  detectedAt: Date.UTC(2026, 10, 29, 12, 0, 30),
  endedAt: Date.UTC(2026, 10, 29, 12, 12, 30),
  endReason: 'recovered',
  leads: 40,
  recovered: 25,
  moneyAtStake: 1500,
  moneyStillAtRisk: 562.5,
  currency: 'BRL',
  alertsSent: 1,
};
const context = { now: Date.UTC(2026, 10, 29, 12, 12, 30), timeZone: 'America/Sao_Paulo' };

describe('alert text', () => {
  it('follows the language setting, and the system when it is automatic', () => {
    expect(alertLocale('pt-BR')).toBe('pt-BR');
    expect(alertLocale('en', 'pt-BR')).toBe('en');
    expect(alertLocale('auto', 'pt-BR')).toBe('pt-BR');
    expect(alertLocale('auto', 'en-GB')).toBe('en');
  });

  it('says what went down, why, and since when, in the operator’s time zone', () => {
    const down = alertText('down', { ...incident, endedAt: null, endReason: null }, { ...context, locale: 'en' });
    expect(down.title).toBe('🔴 @loja_bot is down');
    expect(down.text).toContain('its token was revoked');
    expect(down.text).toContain('9:00:00');
    expect(down.incident?.id).toBe(4);
  });

  it('tells the cost on recovery: leads, welcomed, money at stake', () => {
    const back = alertText('recovered', incident, { ...context, locale: 'en' });
    expect(back.title).toBe('🟢 @loja_bot is back');
    expect(back.text).toContain('Down for 12 min 30 s');
    expect(back.text).toContain('Leads during the outage: 40, welcomed so far: 25.');
    expect(back.text).toContain('At stake: R$1,500.00.');
  });

  it('speaks Brazilian Portuguese with Brazilian money', () => {
    const back = alertText('recovered', incident, { ...context, locale: 'pt-BR' });
    expect(back.title).toBe('🟢 @loja_bot voltou');
    expect(back.text).toContain('Em jogo: R$\u00a01.500,00.');
    const still = alertText('still_down', { ...incident, endedAt: null }, { ...context, locale: 'pt-BR' });
    expect(still.title).toBe('🔴 @loja_bot continua fora do ar');
  });

  it('leaves money out until the operator set a ticket and a rate, and names the engine itself', () => {
    const offline = alertText('engine_offline', { ...incident, botId: null, username: null, cause: 'engine_offline', moneyAtStake: null }, { ...context, locale: 'en' });
    expect(offline.title).toBe('⚠️ Botdeck was offline for 12 min 30 s');
    expect(offline.text).not.toContain('At stake');
    const asleep = alertText(
      'engine_offline',
      { ...incident, botId: null, username: null, cause: 'engine_offline', detail: 'The computer was asleep.' },
      { ...context, locale: 'pt-BR' },
    );
    expect(asleep.text.startsWith('O computador estava dormindo. De ')).toBe(true);
    expect(alertText('recovered', { ...incident, moneyAtStake: null }, { ...context, locale: 'en' }).text).not.toContain('At stake');
  });

  it('writes durations a person reads at a glance', () => {
    expect(durationText(4_000)).toBe('4 s');
    expect(durationText(125_000)).toBe('2 min 5 s');
    expect(durationText(3 * 3_600_000 + 7 * 60_000)).toBe('3 h 7 min');
  });

  it('tells what a recovery job came to, in English and in Brazilian Portuguese', () => {
    const progress: RecoveryProgress = {
      jobId: 7,
      status: 'done',
      total: 20,
      sent: 12,
      skipped: { welcomed: 2, converted: 1, archived: 0, blocked: 1 },
      failed: 3,
      blocked: 1,
      cancelled: 0,
      remaining: 0,
      ratePerSecond: null,
      etaMs: null,
      waitingBots: [],
    };
    const done = recoveryDoneText(progress, { ...context, locale: 'en' });
    expect([done.type, done.title, done.text, done.incident]).toEqual([
      'recovery_done',
      '✅ Recovery job 7 is done',
      'Sent: 12. Skipped (no longer needed): 4. Failed: 3. Blocked the bot: 1.',
      null,
    ]);
    const cancelled = recoveryDoneText({ ...progress, status: 'cancelled', cancelled: 5 }, { ...context, locale: 'pt-BR' });
    expect([cancelled.title, cancelled.text]).toEqual([
      '⏹️ Recuperação nº 7 cancelada',
      'Enviadas: 12. Ignoradas (já atendidas): 4. Falharam: 3. Bloquearam o bot: 1. Não enviadas por causa do cancelamento: 5.',
    ]);
    expect(recoveryDoneText(progress, { ...context, locale: 'pt-BR' }).title).toBe('✅ Recuperação nº 7 concluída');
  });

  it('tells a failed, an overdue and a resolved backup in both languages, with the reason and the last good one', () => {
    const status: BackupStatus = {
      everyHours: 24,
      kept: 14,
      secondFolder: null,
      lastGood: null,
      lastGoodAt: context.now - 26 * 3_600_000,
      lastAttempt: { at: context.now, result: 'failed', name: null, detail: 'the disk holding /data is full', secondFolder: null },
      nextDueAt: context.now + 3_600_000,
      running: false,
      problem: 'failed',
    };
    const en = backupAlertText('backup_failed', status, { ...context, locale: 'en' });
    expect(en).toMatchObject({ type: 'backup_failed', title: '🟠 The database backup failed', incident: null });
    expect(en.text).toContain('Reason: the disk holding /data is full.');
    expect(en.text).toContain('(26 h 0 min ago)');
    const pt = backupAlertText('backup_failed', status, { ...context, locale: 'pt-BR' });
    expect(pt.title).toBe('🟠 O backup do banco de dados falhou');
    expect(pt.text).toContain('Motivo: the disk holding /data is full.');
    expect(pt.text).toContain('(há 26 h 0 min)');
    expect(backupAlertText('backup_overdue', status, { ...context, locale: 'en' }).text).toContain('No good backup in the last 24 h.');
    expect(backupAlertText('backup_overdue', { ...status, lastGoodAt: null }, { ...context, locale: 'pt-BR' }).text).toContain(
      'Nenhum backup bom nas últimas 24 h. Ainda não há nenhum backup bom.',
    );
    expect(backupAlertText('backup_ok', status, { ...context, locale: 'pt-BR' }).title).toBe('🟢 Os backups voltaram a funcionar');
  });
});
