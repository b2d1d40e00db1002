import { z } from 'zod';
import { EngineError } from '../issue/index.ts';
import { type CalendarDate, addDays, calendarDate, calendarDateSchema } from './calendar-date.ts';

/**
 * A half-open period of calendar dates `[start, end)`: `end` is the first day NOT included, or
 * `null` for open-ended. Consecutive versions chain without gaps or overlaps: one ends on the
 * day the next starts. (Printed policy windows are inclusive — "2024-01-01 to 2025-12-31" —
 * so importers use `periodFromInclusive`.)
 */
export interface Period {
  readonly start: CalendarDate;
  readonly end: CalendarDate | null;
}

export function period(start: string, end: string | null): Period {
  const p: Period = { start: calendarDate(start), end: end === null ? null : calendarDate(end) };
  if (p.end !== null && p.end <= p.start) {
    throw new EngineError(
      'invalid_argument',
      `period end ${p.end} must be after its start ${p.start}`,
      { start, end },
    );
  }
  return p;
}

/** From an inclusive last day, as printed in catalogues and agreements. */
export function periodFromInclusive(first: string, last: string | null): Period {
  return period(first, last === null ? null : addDays(calendarDate(last), 1));
}

export function periodOfYear(year: number): Period {
  const pad = (n: number) => String(n).padStart(4, '0');
  return period(`${pad(year)}-01-01`, `${pad(year + 1)}-01-01`);
}

export function periodContains(p: Period, date: CalendarDate): boolean {
  return date >= p.start && (p.end === null || date < p.end);
}

export function periodsOverlap(a: Period, b: Period): boolean {
  const aStartsBeforeBEnds = b.end === null || a.start < b.end;
  const bStartsBeforeAEnds = a.end === null || b.start < a.end;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/** The last day inside the period, or null when open-ended. */
export function lastDayOf(p: Period): CalendarDate | null {
  return p.end === null ? null : addDays(p.end, -1);
}

export const periodSchema = z
  .strictObject({
    start: calendarDateSchema,
    end: calendarDateSchema.nullable(),
  })
  .refine((p) => p.end === null || p.end > p.start, {
    error: 'end must be after start (end is exclusive)',
    path: ['end'],
  })
  .meta({ description: 'Half-open period [start, end); end null = open-ended.' });

/**
 * An accounting period as funds name it: a year (`2025`), a quarter (`2025-Q1`) or a month
 * (`2025-03`). Reconciliation and the value-based period runs are run, and made idempotent, per
 * such a period.
 */
const ACCOUNTING_PERIOD_PATTERN = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/u;

export interface AccountingPeriod extends Period {
  /** The period's label, e.g. `2025-Q1`. */
  readonly label: string;
  readonly end: CalendarDate;
}

/** The dates of an accounting period label, or undefined when the label is not one. */
export function accountingPeriodOf(label: string): AccountingPeriod | undefined {
  const m = ACCOUNTING_PERIOD_PATTERN.exec(label);
  if (m === null) return undefined;
  const year = Number(m[1]);
  if (year < 1900 || year > 2199) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  const monthStart = (y: number, month: number) =>
    calendarDate(`${String(y + Math.floor((month - 1) / 12))}-${pad(((month - 1) % 12) + 1)}-01`);
  const [first, months] =
    m[2] !== undefined
      ? [(Number(m[2]) - 1) * 3 + 1, 3]
      : m[3] !== undefined
        ? [Number(m[3]), 1]
        : [1, 12];
  return { label, start: monthStart(year, first), end: monthStart(year, first + months) };
}

/** An accounting period label on the wire (`2025`, `2025-Q1`, `2025-03`), decoded to its dates. */
export const accountingPeriodSchema = z
  .string()
  .transform((text, ctx) => {
    const p = accountingPeriodOf(text);
    if (p === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a year (2025), a quarter (2025-Q1) or a month (2025-03)',
      });
      return z.NEVER;
    }
    return p;
  })
  .meta({
    description: 'An accounting period: a year (2025), a quarter (2025-Q1) or a month (2025-03).',
  });
