import { useCallback, useEffect, useRef, useState } from 'react';
import { upsertNewestFirst } from '../logic/alerts-logic';
import { errorText } from '../transport/client';
import { currentLocale } from '../i18n/i18n';

/** One page to fetch: the newest `limit` rows, or the newest older than `beforeId`. */
export interface PageQuery {
  readonly limit: number;
  readonly beforeId?: number;
}

/** Fetches one page, newest (highest id) first. Keep it stable (module level or memoised). */
export type PageLoader<Row> = (query: PageQuery) => Promise<readonly Row[]>;

export interface LoadedPages<Row> {
  readonly rows: readonly Row[];
  /** A full page came back: there may be older rows to fetch. */
  readonly hasOlder: boolean;
}

export interface PagedNewestFirst<Row> {
  /** Null until the first page is in. */
  readonly loaded: LoadedPages<Row> | null;
  /** A "Load older" fetch is under way. */
  readonly busy: boolean;
  /** The last failed fetch, for the operator. */
  readonly error: string | null;
  /** Appends the page before the oldest row loaded, skipping rows already there. */
  readonly loadOlder: () => Promise<void>;
  /** Fetches the first page again, dropping any older pages. Stable. */
  readonly reload: () => void;
  /** Applies a pushed row in place (see upsertNewestFirst). Stable. */
  readonly upsert: (row: Row) => void;
}

/**
 * A newest-first list fetched a page at a time, with "Load older", that the caller keeps live
 * by handing pushed rows to `upsert`. The first page is fetched on mount.
 */
export function usePagedNewestFirst<Row extends { readonly id: number }>(load: PageLoader<Row>, pageSize: number): PagedNewestFirst<Row> {
  const [loaded, setLoaded] = useState<LoadedPages<Row> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mounted = useRef(false);

  const reload = useCallback((): void => {
    void load({ limit: pageSize }).then(
      (rows) => {
        if (mounted.current) setLoaded({ rows, hasOlder: rows.length === pageSize });
      },
      (failure: unknown) => {
        if (mounted.current) setError(errorText(failure, currentLocale()));
      },
    );
  }, [load, pageSize]);

  useEffect(() => {
    mounted.current = true;
    reload();
    return () => {
      mounted.current = false;
    };
  }, [reload]);

  const upsert = useCallback((row: Row): void => {
    setLoaded((current) => (current === null ? current : { ...current, rows: upsertNewestFirst(current.rows, row, current.hasOlder) }));
  }, []);

  const loadOlder = async (): Promise<void> => {
    const oldest = loaded?.rows.at(-1);
    if (oldest === undefined) return;
    setBusy(true);
    try {
      const rows = await load({ limit: pageSize, beforeId: oldest.id });
      setLoaded((current) => {
        const known = new Set(current?.rows.map((row) => row.id));
        return { rows: [...(current?.rows ?? []), ...rows.filter((row) => !known.has(row.id))], hasOlder: rows.length === pageSize };
      });
    } catch (failure) {
      setError(errorText(failure, currentLocale()));
    } finally {
      setBusy(false);
    }
  };

  return { loaded, busy, error, loadOlder, reload, upsert };
}
