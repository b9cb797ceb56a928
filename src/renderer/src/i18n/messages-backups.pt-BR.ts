import type { backupsEn } from './messages-backups.en';

/** Português do Brasil para os backups agendados. The type makes a missing or extra key a compile error. */
export const backupsPtBR: Record<keyof typeof backupsEn, string> = {
  'alertType.backup_failed': 'Backup falhou',
  'alertType.backup_overdue': 'Backup atrasado',
  'alertType.backup_ok': 'Backups voltaram a funcionar',
  'backups.title': 'Backups',
  'backups.lastGood': 'Último backup bom: há {age} ({time}).',
  'backups.none': 'Ainda não há backup agendado; o primeiro está previsto para {time}.',
  'backups.failed': 'O último backup falhou: {reason}',
  'backups.overdue': 'Os backups estão atrasados: nenhum backup bom há mais de {hours} h.',
  'backups.next': 'Próximo backup previsto para {time}.',
  'backups.running': 'Um backup está sendo feito agora.',
  'backups.secondFolder.ok': 'O último backup também foi copiado para {folder}.',
  'backups.secondFolder.failed': 'A cópia para a segunda pasta falhou: {reason}',
  'backups.check.ok': 'verificado',
  'backups.check.failed': 'verificação falhou',
  'backups.check.none': 'não verificado (feito antes de uma mudança)',
  'backups.settings': 'Backups agendados',
  'backups.settings.help':
    'Enquanto o Botdeck roda, ele faz backup do banco de dados a cada tantas horas, e ao sair quando o último backup é mais antigo que isso. Cada backup é aberto e verificado; os mais novos são mantidos. Os backups feitos antes de uma migração ou de uma restauração são guardados à parte (os 10 mais novos).',
  'backups.settings.every': 'Fazer backup a cada (horas)',
  'backups.settings.kept': 'Backups mantidos',
  'backups.settings.secondFolder': 'Segunda pasta (opcional)',
  'backups.settings.secondFolder.help':
    'O caminho completo de uma pasta que seu drive na nuvem sincroniza, por exemplo /home/voce/Dropbox/botdeck ou C:\\Users\\voce\\OneDrive\\botdeck. Cada backup bom também é copiado para lá. Deixe vazio para nenhuma.',
  'backups.settings.save': 'Salvar ajustes de backup',
  'backups.settings.saved': 'Configurações de backup salvas.',
};
