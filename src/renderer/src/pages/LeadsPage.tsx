import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactElement } from 'react';
import { leadStatuses, type LeadRow, type LeadSortColumn, type LeadStatus } from '../../../shared/leads';
import { LeadDrawer } from '../components/LeadDrawer';
import { useI18n, currentLocale } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { useLeadsStore } from '../state/leads-store';
import { call, errorText, onEngineEvent } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

const ROW_HEIGHT = 36;
const DAY = 86_400_000;

/** Local midnight of a yyyy-mm-dd date input, in ms. */
function localDayStart(value: string): number {
  const [year = 1970, month = 1, day = 1] = value.split('-').map(Number);
  return new Date(year, month - 1, day).getTime();
}

function dayInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

interface Column {
  readonly id: string;
  readonly sort: LeadSortColumn | null;
  readonly width: number;
}

const COLUMNS: readonly Column[] = [
  { id: 'first_seen_at', sort: 'first_seen_at', width: 150 },
  { id: 'bot', sort: null, width: 110 },
  { id: 'name', sort: 'first_name', width: 150 },
  { id: 'username', sort: 'username', width: 120 },
  { id: 'source', sort: null, width: 120 },
  { id: 'status', sort: 'status', width: 100 },
  { id: 'starts', sort: 'starts', width: 60 },
  { id: 'revenue', sort: 'revenue_cents', width: 100 },
];
/** The header and the rows are at least this wide: narrower, the table scrolls sideways as one. */
const TABLE_WIDTH = COLUMNS.reduce((sum, column) => sum + column.width, 0);

/** A column's share of the row: at least its width, and a share of any room left over. */
function cellStyle(width: number): CSSProperties {
  return { flex: `${width} 0 ${width}px` };
}

function Filters(): ReactElement {
  const { t, label } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  const filter = useLeadsStore((state) => state.filter);
  const setFilter = useLeadsStore((state) => state.setFilter);
  const [search, setSearch] = useState(filter.search ?? '');
  const [source, setSource] = useState(filter.source ?? '');
  const apply = (): void => {
    const { search: _search, source: _source, ...rest } = filter;
    setFilter({ ...rest, ...(search.trim() === '' ? {} : { search: search.trim() }), ...(source.trim() === '' ? {} : { source: source.trim() }) });
  };
  return (
    <form
      className="filters row"
      aria-label={t('leads.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <label>
        {t('leads.bot')}{' '}
        <select
          value={filter.botIds?.[0] ?? ''}
          onChange={(event) => {
            const { botIds: _botIds, ...rest } = filter;
            setFilter(event.target.value === '' ? rest : { ...rest, botIds: [Number(event.target.value)] });
          }}
        >
          <option value="">{t('leads.all')}</option>
          {bots.map((bot) => (
            <option key={bot.id} value={bot.id}>
              @{bot.username}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('leads.status')}{' '}
        <select
          value={filter.statuses?.[0] ?? ''}
          onChange={(event) => {
            const { statuses: _statuses, ...rest } = filter;
            setFilter(event.target.value === '' ? rest : { ...rest, statuses: [event.target.value as LeadStatus] });
          }}
        >
          <option value="">{t('leads.all')}</option>
          {leadStatuses.map((status) => (
            <option key={status} value={status}>
              {label(`leadStatus.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('leads.source')} <input value={source} onChange={(event) => setSource(event.target.value)} />
      </label>
      <label>
        {t('leads.search')} <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      </label>
      <label>
        {t('leads.from')}{' '}
        <input
          type="date"
          value={dayInput(filter.firstSeenFrom)}
          onChange={(event) => {
            const { firstSeenFrom: _from, ...rest } = filter;
            setFilter(event.target.value === '' ? rest : { ...rest, firstSeenFrom: localDayStart(event.target.value) });
          }}
        />
      </label>
      <label>
        {t('leads.to')}{' '}
        <input
          type="date"
          value={dayInput(filter.firstSeenTo === undefined ? undefined : filter.firstSeenTo - DAY)}
          onChange={(event) => {
            const { firstSeenTo: _to, ...rest } = filter;
            // "until" includes the whole chosen day: the range ends at the next midnight.
            setFilter(event.target.value === '' ? rest : { ...rest, firstSeenTo: localDayStart(event.target.value) + DAY });
          }}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={filter.includeArchived === true}
          onChange={(event) => {
            const { includeArchived: _archived, ...rest } = filter;
            setFilter(event.target.checked ? { ...rest, includeArchived: true } : rest);
          }}
        />{' '}
        {t('leads.archived')}
      </label>
      <button type="submit">{t('leads.apply')}</button>
    </form>
  );
}

function ExportButton(): ReactElement {
  const { t } = useI18n();
  const filter = useLeadsStore((state) => state.filter);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<{ text: string; href: string | null } | null>(null);
  useEffect(
    () =>
      onEngineEvent((event) => {
        if (event.event === 'export.progress') setProgress(event.payload);
      }),
    [],
  );
  const run = async (): Promise<void> => {
    setResult(null);
    setProgress({ done: 0, total: 0 });
    try {
      const done = await call('exportLeads', { filter });
      setResult({ text: t('leads.exported', { rows: done.rows, path: done.path }), href: window.botdeck === undefined ? `/exports/${encodeURIComponent(done.fileName)}` : null });
    } catch (error) {
      setResult({ text: errorText(error, currentLocale()), href: null });
    } finally {
      setProgress(null);
    }
  };
  return (
    <div className="export">
      <button type="button" disabled={progress !== null} onClick={() => void run()}>
        {t('leads.export')}
      </button>
      {progress !== null && <progress aria-label={t('leads.exporting')} max={Math.max(1, progress.total)} value={progress.done} />}
      {result !== null && (
        <p role="status">
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

export function LeadsPage(): ReactElement {
  const { t, label, dateTime, number, money } = useI18n();
  const { rows, total, totalIsCapped, counts, error, sort, setSort, reload, ensure, generation } = useLeadsStore();
  const [open, setOpen] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  // Going to this page loads it (leads-store.ts); this covers a console that opens on it.
  const loaded = generation > 0;
  useEffect(() => {
    if (!loaded) void reload();
  }, [loaded, reload]);
  // New leads and changed ones appear without a reload of the page.
  useEffect(() => refreshOnEngineEvents(['lead.created', 'lead.updated'], 300, () => void reload()), [reload]);

  const cellText = useCallback(
    (id: string, lead: LeadRow): string => {
      switch (id) {
        case 'first_seen_at':
          return dateTime(lead.firstSeenAt);
        case 'bot':
          return `@${lead.botUsername}`;
        case 'name':
          return [lead.firstName, lead.lastName].filter((part) => part !== null).join(' ');
        case 'username':
          return lead.username === null ? '' : `@${lead.username}`;
        case 'source':
          return lead.source ?? '';
        case 'status':
          return label(`leadStatus.${lead.status}`);
        case 'starts':
          return number(lead.starts);
        default:
          return lead.revenueCents === null ? '' : money(lead.revenueCents);
      }
    },
    [label, dateTime, number, money],
  );
  const columns = useMemo<ColumnDef<number>[]>(
    () =>
      COLUMNS.map((column) => ({
        id: column.id,
        size: column.width,
        header: () => (column.id === 'starts' ? <span title={t('leads.col.starts.help')}>{t('leads.col.starts')}</span> : t(`leads.col.${column.id}` as never)),
        cell: ({ row }) => {
          const lead: LeadRow | undefined = rows.get(row.original);
          return lead === undefined ? '…' : cellText(column.id, lead);
        },
      })),
    [rows, t, cellText],
  );
  // A closed drawer gives focus back to the row that opened it (if it is still on screen), else to the
  // page's heading: once it is gone, since while open it keeps focus inside itself.
  const returnTo = useRef<number | null>(null);
  const close = (leadId: number): void => {
    returnTo.current = leadId;
    setOpen(null);
  };
  useEffect(() => {
    const leadId = returnTo.current;
    if (open !== null || leadId === null) return;
    returnTo.current = null;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-lead-id="${leadId}"]`);
    if (row === null || row === undefined) document.getElementById('leads-title')?.focus();
    else row.focus();
  }, [open]);
  // The React Compiler is not used here, so TanStack's non-memoizable objects are fine.
  // The rows start below the header row, inside the same scroll container.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20, scrollMargin: ROW_HEIGHT });
  const items = virtualizer.getVirtualItems();
  // The table models only the rows on screen: modelling all of them (up to the total's cap)
  // cost more than drawing the screen.
  const visible = useMemo(() => items.map((item) => item.index), [items]);
  const table = useReactTable({ data: visible, columns, getCoreRowModel: getCoreRowModel() });
  useEffect(() => {
    const first = items[0]?.index;
    const last = items.at(-1)?.index;
    if (first !== undefined) void ensure(first);
    if (last !== undefined) void ensure(last);
  }, [items, ensure]);
  const tableRows = table.getRowModel().rows;

  return (
    <section aria-labelledby="leads-title" className="leads">
      <h1 id="leads-title" tabIndex={-1}>
        {t('leads.title')}
      </h1>
      <Filters />
      <div className="row leads-head">
        <span>{t('leads.total', { count: totalIsCapped ? `${number(total)}+` : number(total) })}</span>
        {counts !== null &&
          leadStatuses.map((status) => (
            <span key={status} className="muted">
              {label(`leadStatus.${status}`)}: {number(counts.byStatus[status])}
            </span>
          ))}
        {counts !== null && <span className="muted">{t('leads.revenue', { amount: money(counts.revenueCents) })}</span>}
        <ExportButton />
      </div>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {/* One scroll container for the header and the rows, so their columns never drift apart. */}
      <div ref={scroller} className="leads-table" role="table" aria-label={t('leads.title')} aria-rowcount={total + 1}>
        <div role="rowgroup" className="leads-header-group" style={{ minWidth: TABLE_WIDTH }}>
          {table.getHeaderGroups().map((group) => (
            <div role="row" aria-rowindex={1} className="leads-row leads-header" key={group.id}>
              {group.headers.map((header) => {
                const column = COLUMNS.find((c) => c.id === header.id);
                const sortable = column?.sort ?? null;
                const active = sortable !== null && sort.column === sortable;
                return (
                  <div
                    role="columnheader"
                    key={header.id}
                    style={cellStyle(header.getSize())}
                    aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    {sortable === null ? (
                      flexRender(header.column.columnDef.header, header.getContext())
                    ) : (
                      <button type="button" className="sort" onClick={() => setSort({ column: sortable, direction: active && sort.direction === 'desc' ? 'asc' : 'desc' })}>
                        {flexRender(header.column.columnDef.header, header.getContext())} {active ? (sort.direction === 'desc' ? '▼' : '▲') : ''}
                      </button>
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div role="rowgroup" className="leads-body" style={{ height: virtualizer.getTotalSize(), minWidth: TABLE_WIDTH }}>
          {items.map((item, position) => {
            const row = tableRows[position];
            if (row === undefined) return null;
            const lead = rows.get(item.index);
            return (
              <div
                role="row"
                tabIndex={0}
                aria-rowindex={item.index + 2}
                key={item.key}
                data-lead-id={lead?.id}
                className="leads-row"
                style={{ position: 'absolute', top: 0, transform: `translateY(${item.start - ROW_HEIGHT}px)`, height: ROW_HEIGHT }}
                onClick={() => lead !== undefined && setOpen(lead.id)}
                onKeyDown={(event) => {
                  // The key press that opens the drawer must not go on to press a button in it.
                  if ((event.key === 'Enter' || event.key === ' ') && lead !== undefined) {
                    event.preventDefault();
                    setOpen(lead.id);
                  }
                }}
              >
                {row.getVisibleCells().map((cell) => {
                  // A cut text (a long source, a long status) is whole in its tooltip and in the drawer.
                  const text = lead === undefined ? '' : cellText(cell.column.id, lead);
                  return (
                    <div role="cell" key={cell.id} style={cellStyle(cell.column.getSize())} title={text === '' ? undefined : text}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {open !== null && <LeadDrawer leadId={open} onClose={() => close(open)} />}
    </section>
  );
}
