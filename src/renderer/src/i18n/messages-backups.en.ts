/** English for scheduled backups: the dashboard's summary, the Settings section and their alerts' names. */
export const backupsEn = {
  'alertType.backup_failed': 'Backup failed',
  'alertType.backup_overdue': 'Backup overdue',
  'alertType.backup_ok': 'Backups work again',
} as const;
