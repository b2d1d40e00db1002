import { COVERAGE_CLASSES, RESTRICTION_KINDS } from '@openpayer/catalog';
import { ITEM_KINDS } from '@openpayer/domain';

/**
 * The search screen's state as it lives in the URL (`/catalog?release=…&q=…&class=B&offset=50`):
 * shareable, and Back returns to the same page of results. Unknown or malformed values are
 * dropped rather than sent to the API.
 */

export const PAGE_SIZES = [20, 50, 100, 200] as const;
const DEFAULT_LIMIT = 50;

type Choice<T extends readonly string[]> = T[number] | '';
type Flag = '' | 'true' | 'false';

export interface SearchFilters {
  /** Empty: the newest release. */
  readonly release: string;
  readonly q: string;
  readonly class: Choice<typeof COVERAGE_CLASSES>;
  readonly kind: Choice<typeof ITEM_KINDS>;
  readonly restriction: Choice<typeof RESTRICTION_KINDS>;
  readonly negotiated: Flag;
  readonly unparsed: Flag;
}

export interface SearchState extends SearchFilters {
  readonly offset: number;
  readonly limit: number;
}

const oneOf = <T extends string>(options: readonly T[], value: string | null): T | '' =>
  value !== null && (options as readonly string[]).includes(value) ? (value as T) : '';

const FLAGS = ['true', 'false'] as const;

function whole(value: string | null, fallback: number, allowed?: readonly number[]): number {
  if (value === null || !/^\d{1,7}$/u.test(value)) return fallback;
  const n = Number(value);
  return allowed === undefined || allowed.includes(n) ? n : fallback;
}

export function readSearch(query: URLSearchParams): SearchState {
  return {
    release: (query.get('release') ?? '').trim(),
    q: (query.get('q') ?? '').slice(0, 100),
    class: oneOf(COVERAGE_CLASSES, query.get('class')),
    kind: oneOf(ITEM_KINDS, query.get('kind')),
    restriction: oneOf(RESTRICTION_KINDS, query.get('restriction')),
    negotiated: oneOf(FLAGS, query.get('negotiated')),
    unparsed: oneOf(FLAGS, query.get('unparsed')),
    offset: whole(query.get('offset'), 0),
    limit: whole(query.get('limit'), DEFAULT_LIMIT, PAGE_SIZES),
  };
}

/** The query parameters for a state; defaults are left out so URLs stay short. */
export function searchQuery(state: Partial<SearchState>): Record<string, string | undefined> {
  return {
    release: state.release,
    q: state.q?.trim(),
    class: state.class,
    kind: state.kind,
    restriction: state.restriction,
    negotiated: state.negotiated,
    unparsed: state.unparsed,
    offset: state.offset === undefined || state.offset === 0 ? undefined : String(state.offset),
    limit:
      state.limit === undefined || state.limit === DEFAULT_LIMIT ? undefined : String(state.limit),
  };
}

/** Whether any filter narrows the results (the release and paging do not count). */
export function isFiltered(filters: SearchFilters): boolean {
  return (
    filters.q.trim() !== '' ||
    filters.class !== '' ||
    filters.kind !== '' ||
    filters.restriction !== '' ||
    filters.negotiated !== '' ||
    filters.unparsed !== ''
  );
}
