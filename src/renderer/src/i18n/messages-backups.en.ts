/** English for scheduled backups: the dashboard's summary, the Settings section and their alerts' names. */
export const backupsEn = {
  'alertType.backup_failed': 'Backup failed',
  'alertType.backup_overdue': 'Backup overdue',
  'alertType.backup_ok': 'Backups work again',
  'backups.title': 'Backups',
  'backups.lastGood': 'Last good backup: {age} ago ({time}).',
  'backups.none': 'No scheduled backup yet; the first is due {time}.',
  'backups.failed': 'The last backup failed: {reason}',
  'backups.overdue': 'Backups are overdue: no good backup for more than {hours} h.',
  'backups.next': 'Next backup due {time}.',
  'backups.running': 'A backup is being taken now.',
  'backups.secondFolder.ok': 'The last backup was also copied to {folder}.',
  'backups.secondFolder.failed': 'The copy to the second folder failed: {reason}',
  'backups.check.ok': 'checked',
  'backups.check.failed': 'check failed',
  'backups.check.none': 'not checked (taken before a change)',
  'backups.settings': 'Scheduled backups',
  'backups.settings.help':
    'While Botdeck runs, it backs up the database every few hours, and at quit when the last backup is older than that. Each backup is opened and checked; the newest ones are kept. Backups taken before a migration or a restore are kept apart (the newest 10).',
  'backups.settings.every': 'Back up every (hours)',
  'backups.settings.kept': 'Backups kept',
  'backups.settings.secondFolder': 'Second folder (optional)',
  'backups.settings.secondFolder.help':
    'The full path of a folder your cloud drive syncs, e.g. /home/you/Dropbox/botdeck or C:\\Users\\you\\OneDrive\\botdeck. Each good backup is copied there too. Leave it empty for none.',
  'backups.settings.save': 'Save backup settings',
  'backups.settings.saved': 'Backup settings saved.',
} as const;
