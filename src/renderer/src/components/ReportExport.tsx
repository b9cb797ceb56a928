import { useState, type ReactElement } from 'react';
import type { ExportResult } from '../../../shared/export';
import { useI18n, currentLocale } from '../i18n/i18n';
import { errorText, hasDesktopBridge } from '../transport/client';

/** "Export CSV" of a per-lead report (a recovery job's, a campaign's): where the file was written, and in a browser console a download link. */
export function ReportExport({ exportReport }: { exportReport: () => Promise<ExportResult> }): ReactElement {
  const { t, number } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; href: string | null; failed: boolean } | null>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    setResult(null);
    try {
      const done = await exportReport();
      setResult({
        text: t('leads.exported', { rows: number(done.rows), path: done.path }),
        // The headless server offers the exports folder for download; the desktop app shows the path.
        href: hasDesktopBridge() ? null : `/exports/${encodeURIComponent(done.fileName)}`,
        failed: false,
      });
    } catch (failure) {
      setResult({ text: errorText(failure, currentLocale()), href: null, failed: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export">
      <button type="button" disabled={busy} onClick={() => void run()}>
        {t('recovery.report.export')}
      </button>
      {result !== null && (
        <p role={result.failed ? 'alert' : 'status'} className={result.failed ? 'field-error' : undefined}>
          {result.text}{' '}
          {result.href !== null && (
            <a href={result.href} download>
              {t('leads.download')}
            </a>
          )}
        </p>
      )}
    </div>
  );
}
