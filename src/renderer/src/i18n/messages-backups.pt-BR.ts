import type { backupsEn } from './messages-backups.en';

/** Português do Brasil para os backups agendados. The type makes a missing or extra key a compile error. */
export const backupsPtBR: Record<keyof typeof backupsEn, string> = {
  'alertType.backup_failed': 'Backup falhou',
  'alertType.backup_overdue': 'Backup atrasado',
  'alertType.backup_ok': 'Backups voltaram a funcionar',
};
