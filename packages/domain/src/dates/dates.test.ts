import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDate,
  addDays,
  ageAt,
  calendarDate,
  calendarDateSchema,
  dateInTimeZone,
  daysBetween,
  fromEpochDay,
  isCalendarDate,
  lengthOfStay,
  toEpochDay,
  todayIn,
} from './calendar-date.ts';
import { accountingYearOf, serviceDateOf } from '../schemas/claim.ts';
import {
  accountingPeriodOf,
  accountingPeriodSchema,
  period,
  periodContains,
  periodFromInclusive,
  periodOfYear,
  periodSchema,
  periodsOverlap,
} from './period.ts';

const d = (text: string): CalendarDate => calendarDate(text);

describe('calendar dates', () => {
  it('accepts real dates and refuses impossible ones', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    for (const bad of [
      '2023-02-29',
      '2025-13-01',
      '2025-04-31',
      '2025-1-01',
      '20250101',
      '2025-01-01T00:00',
      '0000-01-01',
      '',
    ]) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
    expect(calendarDateSchema.safeParse('2025-02-30').success).toBe(false);
  });

  it('agrees with the YYYY-MM-DD pattern and the calendar on near-dates of every kind', () => {
    // The reference: the pattern, then the month's length from Date itself.
    const reference = (text: string) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!match) return false;
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const length = new Date(Date.UTC(2000, month, 0)).getUTCDate();
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      const days = month === 2 ? (leap ? 29 : 28) : length;
      return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days;
    };
    const digit = fc.constantFrom(...Array.from({ length: 10 }, (_, i) => String(i)));
    const char = fc.oneof(digit, fc.constantFrom('-', ' ', '/', 'a', '\n', '٣', '０'));
    const nearDate = fc
      .array(fc.oneof(digit, digit, digit, char), { minLength: 8, maxLength: 12 })
      .map((chars) => chars.join(''));
    const shaped = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(
        ([y, m, dd]) =>
          `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`,
      );
    fc.assert(
      fc.property(fc.oneof(nearDate, shaped, fc.string()), (text) => {
        expect(isCalendarDate(text)).toBe(reference(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('counts days across month, year and leap-day boundaries', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2024-12-31'), 1)).toBe('2025-01-01');
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
  });

  it('counts epoch days as the Gregorian calendar does (Date, in UTC)', () => {
    // Date.UTC reads years 0–99 as 1900–1999: compared from year 100 on.
    const utcDay = (y: number, m: number, day: number) => Date.UTC(y, m - 1, day) / 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, day) => {
          const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          // A day past the month's end runs on into the next month, as Date.UTC does.
          return toEpochDay(text as CalendarDate) === utcDay(y, m, day);
        },
      ),
      { numRuns: 2_000 },
    );
    expect(toEpochDay(d('1970-01-01'))).toBe(0);
    expect(toEpochDay(d('2000-03-01'))).toBe(11_017);
    expect(toEpochDay('2025-x3-01' as CalendarDate)).toBeNaN();
  });

  it('writes epoch days back as Date does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -719_528, max: 2_932_896 }),
        (day) => fromEpochDay(day) === new Date(day * 86_400_000).toISOString().slice(0, 10),
      ),
      { numRuns: 2_000 },
    );
    expect(fromEpochDay(-719_529)).toBe('-000001-12-31');
    expect(fromEpochDay(2_932_897)).toBe('+010000-01-01');
    expect(() => fromEpochDay(1.5)).toThrow(/integer/);
  });

  it('round-trips every date through epoch days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200_000, max: 200_000 }),
        (day) => toEpochDay(fromEpochDay(day)) === day,
      ),
      { numRuns: 1_000 },
    );
  });

  it('counts a same-day admission as a one-day stay', () => {
    expect(lengthOfStay(d('2025-03-01'), d('2025-03-01'))).toBe(1);
    expect(lengthOfStay(d('2025-03-01'), d('2025-03-11'))).toBe(10);
  });

  it('gives age in completed years, a leap-day birthday turning over on 1 March', () => {
    expect(ageAt(d('2007-06-15'), d('2025-06-14'))).toBe(17);
    expect(ageAt(d('2007-06-15'), d('2025-06-15'))).toBe(18);
    expect(ageAt(d('2008-02-29'), d('2026-02-28'))).toBe(17);
    expect(ageAt(d('2008-02-29'), d('2026-03-01'))).toBe(18);
    expect(() => ageAt(d('2025-01-02'), d('2025-01-01'))).toThrow(/before the birth date/);
  });

  it('gives the age a birthday count gives, for any birth date and later date', () => {
    // Counted the long way: the birthdays (28 February in common years for a leap-day birth,
    // which turns over on 1 March) that fell on or before the date.
    const birthdays = (birth: CalendarDate, on: CalendarDate): number => {
      let n = 0;
      for (let y = Number(birth.slice(0, 4)) + 1; y <= Number(on.slice(0, 4)); y++) {
        const day = `${y}${birth.slice(4)}`;
        const birthday = isCalendarDate(day) ? day : `${y}-03-01`;
        if (birthday <= on) n++;
      }
      return n;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: -25_000, max: 40_000 }),
        fc.integer({ min: 0, max: 40_000 }),
        (born, days) => {
          const birth = fromEpochDay(born);
          const on = fromEpochDay(born + days);
          return ageAt(birth, on) === birthdays(birth, on);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('dates an instant in the policy time zone, not UTC', () => {
    expect(dateInTimeZone(new Date('2024-12-31T17:30:00Z'))).toBe('2025-01-01');
    expect(dateInTimeZone(new Date('2024-12-31T17:30:00Z'), 'UTC')).toBe('2024-12-31');
    expect(() => dateInTimeZone(new Date('2024-12-31T17:30:00Z'), 'Mars/Olympus')).toThrow(
      /unknown time zone/,
    );
  });
});

describe('half-open periods', () => {
  it('include the start and exclude the end', () => {
    const year = periodOfYear(2025);
    expect(periodContains(year, d('2025-01-01'))).toBe(true);
    expect(periodContains(year, d('2025-12-31'))).toBe(true);
    expect(periodContains(year, d('2026-01-01'))).toBe(false);
    expect(periodContains(period('2025-01-01', null), d('2099-01-01'))).toBe(true);
  });

  it('turn a printed inclusive window into a half-open one', () => {
    expect(periodFromInclusive('2024-01-01', '2025-12-31')).toEqual({
      start: '2024-01-01',
      end: '2026-01-01',
    });
  });

  it('chain without overlapping when one ends the day the next starts', () => {
    expect(periodsOverlap(period('2024-01-01', '2025-01-01'), period('2025-01-01', null))).toBe(
      false,
    );
    expect(periodsOverlap(period('2024-01-01', '2025-01-02'), period('2025-01-01', null))).toBe(
      true,
    );
    expect(periodsOverlap(period('2024-01-01', null), period('2020-01-01', null))).toBe(true);
  });

  it('refuse an end that is not after the start, naming the field', () => {
    expect(() => period('2025-01-01', '2025-01-01')).toThrow(/must be after/);
    const parsed = periodSchema.safeParse({ start: '2025-01-01', end: '2024-01-01' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['end']);
  });
});

describe('today in the policy time zone', () => {
  it('is already the next day in Beijing between 00:00 and 08:00, when UTC is still yesterday', () => {
    const early = new Date('2025-03-01T17:30:00Z'); // 01:30 on 2 March in Beijing
    expect(todayIn(undefined, early)).toBe('2025-03-02');
    expect(todayIn('UTC', early)).toBe('2025-03-01');
  });
});

describe('a claim’s service date and accounting year', () => {
  it('is the discharge date for an admission, the visit date otherwise', () => {
    expect(serviceDateOf({ admissionDate: '2024-12-28', dischargeDate: '2025-01-03' })).toBe(
      '2025-01-03',
    );
    expect(accountingYearOf({ admissionDate: '2024-12-28', dischargeDate: '2025-01-03' })).toBe(
      2025,
    );
    expect(serviceDateOf({ admissionDate: '2025-06-30' })).toBe('2025-06-30');
  });
});

describe('accounting periods', () => {
  it('reads a year, a quarter and a month as half-open date ranges', () => {
    expect(accountingPeriodOf('2025')).toEqual({
      label: '2025',
      start: '2025-01-01',
      end: '2026-01-01',
    });
    expect(accountingPeriodOf('2025-Q1')).toMatchObject({ start: '2025-01-01', end: '2025-04-01' });
    expect(accountingPeriodOf('2025-Q4')).toMatchObject({ start: '2025-10-01', end: '2026-01-01' });
    expect(accountingPeriodOf('2024-02')).toMatchObject({ start: '2024-02-01', end: '2024-03-01' });
    expect(accountingPeriodOf('2025-12')).toMatchObject({ start: '2025-12-01', end: '2026-01-01' });
  });

  it('refuses anything else, naming what a period is', () => {
    for (const text of ['', '25', '2025-Q5', '2025-Q0', '2025-13', '2025-00', '2025-1', '1899']) {
      expect(accountingPeriodOf(text)).toBeUndefined();
    }
    const r = accountingPeriodSchema.safeParse('2025-Q5');
    expect(r.success ? '' : r.error.issues[0]?.message).toMatch(/quarter \(2025-Q1\)/u);
  });
});
