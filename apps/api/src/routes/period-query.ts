import {
  type CalendarDate,
  accountingPeriodOf,
  calendarDateSchema,
  daysBetween,
  issue,
} from '@openpayer/domain';
import type { Context } from 'hono';
import { z } from 'zod';
import { errorBody } from '../errors.ts';

/**
 * A period in a query, as the oversight and case routes take it: an accounting period label
 * (`period=2025-Q2`) or `from` and `to` (to exclusive), each refusal a 400 naming the parameter.
 */

const MAX_DAYS = 3700;

export const periodFields = {
  period: z.string().optional().meta({
    description: 'An accounting period (2025, 2025-Q1, 2025-03), instead of from and to.',
  }),
  from: calendarDateSchema.optional().meta({ description: 'First day (with to).' }),
  to: calendarDateSchema.optional().meta({ description: 'The day after the last (exclusive).' }),
};

export type Range = { from: CalendarDate; to: CalendarDate };

/** The period asked for, or the 400 naming the parameter. */
export function rangeOf(q: {
  period?: string | undefined;
  from?: CalendarDate | undefined;
  to?: CalendarDate | undefined;
}): Range | { field: string; message: string } {
  if (q.period !== undefined) {
    if (q.from !== undefined || q.to !== undefined) {
      return {
        field: q.from === undefined ? 'to' : 'from',
        message: 'give period or from and to, not both',
      };
    }
    const p = accountingPeriodOf(q.period);
    if (p === undefined) {
      return {
        field: 'period',
        message: 'must be a year (2025), a quarter (2025-Q1) or a month (2025-03)',
      };
    }
    return { from: p.start, to: p.end };
  }
  if (q.from === undefined) return { field: 'from', message: 'give period, or from and to' };
  if (q.to === undefined) return { field: 'to', message: 'give to with from' };
  if (q.to <= q.from) return { field: 'to', message: 'must be after from' };
  if (daysBetween(q.from, q.to) > MAX_DAYS) {
    return { field: 'to', message: `a period of at most ${String(MAX_DAYS)} days` };
  }
  return { from: q.from, to: q.to };
}

export function badQuery(c: Context, field: string, message: string) {
  return c.json(
    errorBody('invalid_request', 'the query is not valid', [
      issue('invalid_request', message, { path: [field] }),
    ]),
    400,
  );
}
