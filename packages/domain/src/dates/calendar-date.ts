import { z } from 'zod';
import { EngineError } from '../issue/index.ts';

/**
 * A calendar date `YYYY-MM-DD`, with no time and no zone: a service date, a birth date, the start of
 * a policy. Converting an instant to a date needs the policy's time zone (`dateInTimeZone`).
 * Dates compare correctly as strings; arithmetic goes through epoch days, never local time.
 */
export type CalendarDate = string & { readonly __brand: 'CalendarDate' };

/** The policy time zone of Chinese funds, used when a caller gives none. */
export const DEFAULT_POLICY_TIME_ZONE = 'Asia/Shanghai';

/** The value of the ASCII digits text[from, to), or -1 when one is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

export function isCalendarDate(text: string): text is CalendarDate {
  // /^(\d{4})-(\d{2})-(\d{2})$/ by hand: every claim carries a dozen dates.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  if (year < 0 || month < 0 || day < 0) return false;
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Checks and brands a date string; throws `invalid_argument` if it is not a real calendar date. */
export function calendarDate(text: string): CalendarDate {
  if (!isCalendarDate(text)) {
    throw new EngineError('invalid_argument', `"${text}" is not a calendar date (YYYY-MM-DD)`, {
      value: text,
    });
  }
  return text;
}

export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, {
    error: 'must be a real calendar date as YYYY-MM-DD, e.g. "2025-03-01"',
  })
  .meta({
    description: 'Calendar date, YYYY-MM-DD (policy time zone).',
    format: 'date',
    example: '2025-03-01',
  });

/**
 * The service years the engine settles: a person's accumulators are kept per year in this range.
 * One definition for the claim check at the boundary and the accumulator schema behind it.
 */
export const SERVICE_YEARS = { min: 1900, max: 2200 } as const;

/** A service (accounting) year within `SERVICE_YEARS`. */
export const serviceYearSchema = z.int().min(SERVICE_YEARS.min).max(SERVICE_YEARS.max);

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 (negative before); NaN when a field is not digits. Integer arithmetic on
 * the proleptic Gregorian calendar (H. Hinnant's days_from_civil), no Date and no substrings made:
 * settlement and review count days on every line. An out-of-range day or month runs on into the
 * next month or year, as `Date.UTC` does.
 */
export function toEpochDay(date: CalendarDate): number {
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 7);
  const day = digitsAt(date, 8, 10);
  if (year < 0 || month < 0 || day < 0) return Number.NaN;
  // Years counted from March, so the leap day ends a year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The date `epochDay` days after 1970-01-01 (Hinnant's civil_from_days; see `toEpochDay`). */
export function fromEpochDay(epochDay: number): CalendarDate {
  if (!Number.isInteger(epochDay))
    throw new EngineError('invalid_argument', `epoch day must be an integer, got ${epochDay}`);
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    // Beyond four digits: ISO 8601's expanded years, as Date writes them.
    return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, -14) as CalendarDate;
  }
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}` as CalendarDate;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** `to − from` in days: 0 for the same date, 1 for consecutive dates. */
/**
 * `date` plus whole months (negative: minus), the day kept but clamped to the month's last day
 * (2025-01-31 + 1 month = 2025-02-28): the date a monthly schedule or a suspension of N months
 * reaches, as a contract counts months.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const d = Math.min(day, daysInMonth(y, m));
  return calendarDate(
    `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * Length of stay (住院天数) as Chinese settlement counts it: discharge date − admission date, and a
 * same-day admission counts as one day.
 */
export function lengthOfStay(admission: CalendarDate, discharge: CalendarDate): number {
  return Math.max(1, daysBetween(admission, discharge));
}

/**
 * Age in completed years on `date`. A person born on 29 February becomes a year older on 1 March
 * in common years (the birthday has not yet come on 28 February).
 */
export function ageAt(birthDate: CalendarDate, date: CalendarDate): number {
  if (date < birthDate) {
    throw new EngineError(
      'invalid_argument',
      `age asked on ${date}, before the birth date ${birthDate}`,
      { birthDate, date },
    );
  }
  // Month and day compared as one number (MMDD), read from the digits: no substrings made.
  const birthDay = digitsAt(birthDate, 5, 7) * 100 + digitsAt(birthDate, 8, 10);
  const onDay = digitsAt(date, 5, 7) * 100 + digitsAt(date, 8, 10);
  return digitsAt(date, 0, 4) - digitsAt(birthDate, 0, 4) - (onDay >= birthDay ? 0 : 1);
}

/**
 * The calendar date of an instant in a time zone: a settlement at 2024-12-31T17:30Z happened on
 * 2025-01-01 in Asia/Shanghai, and counts towards 2025's deductible.
 */
/** Today in the policy's time zone (default Asia/Shanghai): never the server's or the browser's zone. */
export function todayIn(
  timeZone: string = DEFAULT_POLICY_TIME_ZONE,
  now: Date = new Date(),
): CalendarDate {
  return dateInTimeZone(now, timeZone);
}

export function dateInTimeZone(
  instant: Date,
  timeZone: string = DEFAULT_POLICY_TIME_ZONE,
): CalendarDate {
  if (Number.isNaN(instant.getTime()))
    throw new EngineError('invalid_argument', 'instant is an invalid Date');
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    throw new EngineError('invalid_argument', `unknown time zone "${timeZone}"`, { timeZone });
  }
  const fields = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return calendarDate(`${fields['year'] ?? ''}-${fields['month'] ?? ''}-${fields['day'] ?? ''}`);
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}
