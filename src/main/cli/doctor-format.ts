import type { BackupInfo } from '../../shared/store-status';
import type { StoreReport } from '../../shared/store-report';
import { durationText } from '../core/alerts/alert-text';

function size(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const remedies: Record<StoreReport['differences'][number]['remedy'], string> = {
  repair: 'repairable: --repair',
  tolerate: 'tolerated',
  restore: 'not repairable: restore a backup',
};

function checkText(backup: BackupInfo): string {
  if (backup.check === null) return backup.kind === 'safety' ? 'not checked (taken before a change)' : 'not checked';
  return backup.check.result === 'ok' ? 'check ok' : `check FAILED: ${backup.check.detail ?? ''}`;
}

/** One backup per line: name, size, when (and how long ago), and its recorded check. */
function backupLines(backups: readonly BackupInfo[], now: number): string[] {
  return backups.map((backup) => {
    const at = Date.parse(backup.createdAt);
    return `  ${''.padEnd(13)}${backup.name}  ${size(backup.sizeBytes)}  ${backup.createdAt} (${durationText(now - at)} ago)  ${checkText(backup)}`;
  });
}

/** The doctor's report as text for a terminal. */
export function formatReport(report: StoreReport, actions: readonly string[], now: number = Date.now()): string {
  const lines: string[] = ['Botdeck doctor', ''];
  const row = (label: string, value: string): void => {
    lines.push(`  ${label.padEnd(13)}${value}`);
  };
  for (const action of actions) lines.push(`  ${action}`);
  if (actions.length > 0) lines.push('');
  row('database', report.exists ? `${report.file} (${size(report.sizeBytes)})` : `${report.file} (does not exist)`);
  row('schema', `file ${report.schemaVersion ?? '-'}, app ${report.appSchemaVersion}`);
  row('pending', report.pending.length === 0 ? 'none' : report.pending.map((m) => m.name).join(', '));
  if (report.differences.length === 0) {
    row('schema check', report.schemaVersion === null ? 'not run' : 'matches');
  } else {
    row('schema check', `${report.differences.length} difference(s)`);
    for (const difference of report.differences) lines.push(`  ${''.padEnd(13)}- ${difference.message} [${remedies[difference.remedy]}]`);
  }
  row('integrity', report.integrity === 'failed' ? `FAILED: ${report.integrityDetail ?? ''}` : report.integrity.replace('_', ' '));
  if (report.backups.length === 0) {
    row('backups', 'none');
  } else {
    row('backups', `${report.backups.length}, newest first:`);
    lines.push(...backupLines(report.backups, now));
  }
  const attempt = report.lastBackupAttempt;
  if (attempt !== null) {
    const when = `${new Date(attempt.at).toISOString()} (${durationText(now - attempt.at)} ago)`;
    row('last backup', attempt.result === 'ok' ? `${when}: ok` : `${when}: FAILED: ${attempt.detail ?? ''}`);
  }
  if (report.secondFolder !== null) {
    const { path, backups, error } = report.secondFolder;
    if (error !== null) row('2nd folder', `${path}: ${error}`);
    else if (backups.length === 0) row('2nd folder', `${path}: no backup yet`);
    else {
      row('2nd folder', `${path}: ${backups.length}, newest first:`);
      lines.push(...backupLines(backups, now));
    }
  }
  lines.push('');
  if (report.healthy) {
    const tolerated = report.differences.filter((difference) => difference.remedy === 'tolerate').length;
    lines.push(tolerated === 0 ? 'Healthy.' : `Healthy, with ${tolerated} tolerated difference(s): additions the bots can run with.`);
  } else {
    lines.push(`${report.problems.length} problem(s):`);
    for (const problem of report.problems) lines.push(`  [${problem.code}] ${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}
