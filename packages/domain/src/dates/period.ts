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
