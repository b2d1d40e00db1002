/**
 * Paging controls. Offset paging (the catalog: a known total) shows "41–60 of 2,976"; cursor
 * paging (settlements, approvals: newest first, `next` cursor) shows Previous / Next.
 */

export function OffsetPager({
  offset,
  limit,
  total,
  onChange,
  label = 'Pages',
}: {
  readonly offset: number;
  readonly limit: number;
  readonly total: number;
  readonly onChange: (offset: number) => void;
  readonly label?: string;
}) {
  if (total === 0) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        disabled={offset === 0}
        onClick={() => {
          onChange(Math.max(0, offset - limit));
        }}
      >
        ← Previous
      </button>
      <span data-testid="pager-range">
        {(offset + 1).toLocaleString('en')}–{last.toLocaleString('en')} of{' '}
        {total.toLocaleString('en')}
      </span>
      <button
        type="button"
        disabled={last >= total}
        onClick={() => {
          onChange(offset + limit);
        }}
      >
        Next →
      </button>
    </nav>
  );
}

/** The cursor stack as the URL keeps it (`pages=120,95`), for a CursorPager. */
export function cursorsOf(query: URLSearchParams): string[] {
  return (query.get('pages') ?? '').split(',').filter((c) => /^\d+$/u.test(c));
}

/** The `pages` parameter of the URL for a cursor stack (empty on the first page). */
export const pagesParam = (cursors: readonly string[]): string => cursors.join(',');

/** Cursor paging: `cursors` is the stack of `after` values that led to the current page. */
export function CursorPager({
  cursors,
  next,
  onChange,
  label = 'Pages',
}: {
  readonly cursors: readonly string[];
  readonly next: string | null;
  readonly onChange: (cursors: readonly string[]) => void;
  readonly label?: string;
}) {
  if (cursors.length === 0 && next === null) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        disabled={cursors.length === 0}
        onClick={() => {
          onChange(cursors.slice(0, -1));
        }}
      >
        ← Newer
      </button>
      <span>Page {cursors.length + 1}</span>
      <button
        type="button"
        disabled={next === null}
        onClick={() => {
          if (next !== null) onChange([...cursors, next]);
        }}
      >
        Older →
      </button>
    </nav>
  );
}
