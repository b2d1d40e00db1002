import {
  type CalendarDate,
  type SettlementStatus,
  addDays,
  isCalendarDate,
} from '@openpayer/domain';
import { href } from '../app/router.ts';
import { cursorsOf, pagesParam } from '../ui/Pager.tsx';

/**
 * The settlement filters as they sit in the URL (shareable, back works). `to` is the last service
 * day shown, inclusive, as people read a date range; the API's `serviceTo` is exclusive. `S` is
 * the statuses the screen's endpoint takes (the list's are a stored settlement's statuses, the
 * totals' its own enum); a status the screen does not take reads as none.
 */
export interface SettlementFilters<S extends string = string> {
  readonly institution: string;
  readonly status: '' | S;
  readonly from: string;
  readonly to: string;
  readonly claim: string;
  /** The cursor stack of the list's pages. */
  readonly cursors: readonly string[];
}

/** The badge class of a stored settlement's status (@openpayer/domain's SETTLEMENT_STATUSES). */
export const STATUS_BADGE: Readonly<Record<SettlementStatus, string>> = {
  settled: 'badge badge-ok',
  reversed: 'badge badge-error',
  held: 'badge badge-warning',
  released: 'badge badge-info',
};

/** The list's status filter (GET /v1/settlements): a stored settlement's statuses, named. */
export const SETTLEMENT_STATUS_LABELS: Readonly<Record<SettlementStatus, string>> = {
  settled: 'Settled',
  reversed: 'Reversed',
  held: 'Held for review (暂缓支付)',
  released: 'Released',
};

/** Labels keyed by the statuses a screen's endpoint takes: its status filter's options. */
export type StatusLabels<S extends string> = Readonly<Record<S, string>>;

const date = (value: string | null) => (value !== null && isCalendarDate(value) ? value : '');

/** `value` when it is one of `statuses`, else '' (no status filter). */
export function statusIn<S extends string>(
  statuses: StatusLabels<S>,
  value: string | null,
): '' | S {
  const taken = (v: string | null): v is S => v !== null && Object.hasOwn(statuses, v);
  return taken(value) ? value : '';
}

export function filtersOf<S extends string>(
  query: URLSearchParams,
  statuses: StatusLabels<S>,
): SettlementFilters<S> {
  return {
    institution: query.get('institution') ?? '',
    status: statusIn(statuses, query.get('status')),
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
export function apiQuery<S extends string>(f: SettlementFilters<S>) {
  return {
    ...(f.institution === '' ? {} : { institution: f.institution }),
    ...(f.status === '' ? {} : { status: f.status }),
    ...(f.from === '' ? {} : { serviceFrom: f.from }),
    ...(f.to === '' ? {} : { serviceTo: addDays(f.to as CalendarDate, 1) }),
    ...(f.claim === '' ? {} : { claim: f.claim }),
  };
}
