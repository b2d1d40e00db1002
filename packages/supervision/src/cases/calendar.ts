import {
  type CalendarDate,
  type Issue,
  type IssuePath,
  type Result,
  addDays,
  calendarDateSchema,
  fail,
  issue,
  issuesFromZod,
  ok,
  toEpochDay,
} from '@openpayer/domain';
import { z } from 'zod';

/**
 * A working-day calendar as data: which days of the week are rest days, the public holidays and
 * the make-up working days (调休上班) a government announces each year, and the span it covers.
 * Deadlines in working days (a complaint answered within 5 working days) are counted on it; a
 * deadline that would fall beyond the span is refused, never guessed.
 */

export const WORK_CALENDAR_FORMAT = 'openpayer.work-calendar/1';

const datedName = z.strictObject({ date: calendarDateSchema, name: z.string().min(1).max(80) });

export const workCalendarSchema = z
  .strictObject({
    format: z.literal(WORK_CALENDAR_FORMAT),
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,80}$/u, { error: 'must be 1–80 letters, digits or . _ : -' }),
    title: z.string().min(1).max(200),
    /** Where the holidays come from (the announcement), for whoever checks them. */
    source: z.string().min(1).max(500),
    /** The days it knows: from (inclusive) to (exclusive). */
    covers: z.strictObject({ from: calendarDateSchema, to: calendarDateSchema }),
    /** Rest days of the week: 0 = Sunday … 6 = Saturday. */
    weekend: z.array(z.int().min(0).max(6)).max(6),
    holidays: z.array(datedName).max(2000),
    /** Days of the weekend that are working days (调休上班). */
    workdays: z.array(datedName).max(2000),
  })
  .superRefine((c, ctx) => {
    if (c.covers.from >= c.covers.to) {
      ctx.addIssue({ code: 'custom', path: ['covers', 'to'], message: 'must be after from' });
    }
    const seen = new Map<string, string>();
    for (const list of ['holidays', 'workdays'] as const) {
      c[list].forEach((d, i) => {
        if (d.date < c.covers.from || d.date >= c.covers.to) {
          ctx.addIssue({
            code: 'custom',
            path: [list, i, 'date'],
            message: `${d.date} is outside the span the calendar covers (${c.covers.from} to ${c.covers.to})`,
          });
        }
        const before = seen.get(d.date);
        if (before !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [list, i, 'date'],
            message: `${d.date} is already listed in ${before}`,
          });
        }
        seen.set(d.date, list);
      });
    }
  })
  .meta({ id: 'WorkCalendar' });
export type WorkCalendarWire = z.input<typeof workCalendarSchema>;

export const CALENDAR_ISSUE_CODES = ['calendar.invalid', 'calendar.not_covered'] as const;
export type CalendarIssueCode = (typeof CALENDAR_ISSUE_CODES)[number];

/** A calendar read and indexed: answers whether a day is a working day. */
export class WorkCalendar {
  readonly #holidays: ReadonlyMap<CalendarDate, string>;
  readonly #workdays: ReadonlyMap<CalendarDate, string>;
  readonly #weekend: ReadonlySet<number>;

  constructor(readonly wire: z.output<typeof workCalendarSchema>) {
    this.#holidays = new Map(wire.holidays.map((d) => [d.date, d.name]));
    this.#workdays = new Map(wire.workdays.map((d) => [d.date, d.name]));
    this.#weekend = new Set(wire.weekend);
  }

  get id(): string {
    return this.wire.id;
  }

  covers(date: CalendarDate): boolean {
    return date >= this.wire.covers.from && date < this.wire.covers.to;
  }

  /** Whether `date` is a working day; undefined outside the span the calendar covers. */
  isWorkingDay(date: CalendarDate): boolean | undefined {
    if (!this.covers(date)) return undefined;
    if (this.#holidays.has(date)) return false;
    if (this.#workdays.has(date)) return true;
    // 1970-01-01 (epoch day 0) was a Thursday.
    const weekday = (((toEpochDay(date) + 4) % 7) + 7) % 7;
    return !this.#weekend.has(weekday);
  }

  /** The holiday's or make-up day's name, if `date` is one. */
  nameOf(date: CalendarDate): string | undefined {
    return this.#holidays.get(date) ?? this.#workdays.get(date);
  }
}

/** Reads a calendar document, every problem named at its field. */
export function loadWorkCalendar(wire: unknown): Result<WorkCalendar, CalendarIssueCode> {
  const parsed = workCalendarSchema.safeParse(wire);
  if (!parsed.success) {
    return fail(
      issuesFromZod(parsed.error).map((i) =>
        issue('calendar.invalid', i.message, { path: i.path }),
      ),
    );
  }
  return ok(new WorkCalendar(parsed.data));
}

/** A period to count: so many days, calendar days or working days. */
export const deadlineSpanSchema = z
  .strictObject({
    days: z.int().min(1).max(3650),
    unit: z.enum(['calendar', 'working']),
  })
  .meta({ id: 'DeadlineSpan' });
export type DeadlineSpan = z.output<typeof deadlineSpanSchema>;

/**
 * The last day of a period that starts the day after `start`: `start` + n calendar days, or the
 * n-th working day after `start` (the start day itself never counts). Refused, naming `path`,
 * when a day it must read lies outside the calendar.
 */
export function deadlineAfter(
  calendar: WorkCalendar,
  start: CalendarDate,
  span: DeadlineSpan,
  path: IssuePath = ['deadline'],
): Result<CalendarDate, CalendarIssueCode> {
  const notCovered = (day: CalendarDate): Issue<CalendarIssueCode> =>
    issue(
      'calendar.not_covered',
      `calendar ${calendar.id} covers ${calendar.wire.covers.from} to ${calendar.wire.covers.to}: it cannot count ${String(span.days)} ${span.unit} day(s) from ${start} (${day} is outside it)`,
      { path, data: { calendar: calendar.id, date: day } },
    );
  if (span.unit === 'calendar') {
    const end = addDays(start, span.days);
    if (!calendar.covers(start)) return fail([notCovered(start)]);
    if (!calendar.covers(end)) return fail([notCovered(end)]);
    return ok(end);
  }
  let day = start;
  let counted = 0;
  while (counted < span.days) {
    day = addDays(day, 1);
    const working = calendar.isWorkingDay(day);
    if (working === undefined) return fail([notCovered(day)]);
    if (working) counted++;
  }
  return ok(day);
}
