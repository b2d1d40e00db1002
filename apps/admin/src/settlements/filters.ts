import { type CalendarDate, addDays, isCalendarDate } from '@openpayer/domain';
import { href } from '../app/router.ts';
import { cursorsOf, pagesParam } from '../ui/Pager.tsx';

/**
 * The settlement filters as they sit in the URL (shareable, back works). `to` is the last service
 * day shown, inclusive, as people read a date range; the API's `serviceTo` is exclusive.
 */
export interface SettlementFilters {
  readonly institution: string;
  readonly status: '' | SettlementStatus;
  readonly from: string;
  readonly to: string;
  readonly claim: string;
  /** The cursor stack of the list's pages. */
  readonly cursors: readonly string[];
}

/**
 * A stored settlement's status: `held` (a review finding holds the claim until a reviewer
 * releases it) and `released` (a held settlement whose release stored the claim anew) besides
 * settled and reversed.
 */
export const SETTLEMENT_STATUS_OPTIONS = ['settled', 'reversed', 'held', 'released'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUS_OPTIONS)[number];

/** The badge class of a status. */
export const STATUS_BADGE: Readonly<Record<string, string>> = {
  settled: 'badge badge-ok',
  reversed: 'badge badge-error',
  held: 'badge badge-warning',
  released: 'badge badge-info',
};

const date = (value: string | null) => (value !== null && isCalendarDate(value) ? value : '');

export function filtersOf(query: URLSearchParams): SettlementFilters {
  const status = query.get('status');
  return {
    institution: query.get('institution') ?? '',
    status: SETTLEMENT_STATUS_OPTIONS.find((s) => s === status) ?? '',
    from: date(query.get('from')),
    to: date(query.get('to')),
    claim: query.get('claim') ?? '',
    cursors: cursorsOf(query),
  };
}

export function filtersHref(path: string, f: SettlementFilters): string {
  return href(path, {
    institution: f.institution,
    status: f.status,
    from: f.from,
    to: f.to,
    claim: f.claim,
    pages: pagesParam(f.cursors),
  });
}

/** The API query parameters the filters stand for (without paging). */
export function apiQuery(f: SettlementFilters) {
  return {
    ...(f.institution === '' ? {} : { institution: f.institution }),
    ...(f.status === '' ? {} : { status: f.status }),
    ...(f.from === '' ? {} : { serviceFrom: f.from }),
    ...(f.to === '' ? {} : { serviceTo: addDays(f.to as CalendarDate, 1) }),
    ...(f.claim === '' ? {} : { claim: f.claim }),
  };
}
