import { type CalendarDate, addDays, calendarDate } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import nationalCalendarJson from '../../data/work-calendars/cn-2025-2026.json' with { type: 'json' };
import { deadlineAfter, loadWorkCalendar } from './calendar.ts';
import { shippedWorkCalendar } from './shipped.ts';

const loaded = shippedWorkCalendar();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const calendar = loaded.value;
const d = calendarDate;

describe('the national working-day calendar (2025–2026, data)', () => {
  it('knows the holidays and the make-up working days', () => {
    expect(
      ['2025-09-28', '2025-09-30', '2025-10-01', '2025-10-08', '2025-10-11', '2025-10-12'].map(
        (x) => calendar.isWorkingDay(d(x)),
      ),
    ).toEqual([true, true, false, false, true, false]);
    expect(calendar.nameOf(d('2026-02-14'))).toBe('春节调休上班');
    expect(calendar.isWorkingDay(d('2027-01-04'))).toBeUndefined();
  });

  it('has 248 working days in each year: 365 − 104 weekend days − 13 public holidays', () => {
    for (const year of [2025, 2026]) {
      let working = 0;
      for (let day = d(`${year}-01-01`); day < d(`${year + 1}-01-01`); day = addDays(day, 1)) {
        if (calendar.isWorkingDay(day) === true) working++;
      }
      expect([year, working]).toEqual([year, 248]);
    }
  });

  it('counts a deadline in working days over a holiday and its make-up days', () => {
    // Received Friday 26 Sep 2025: Sun 28 Sep (make-up), 29, 30 Sep, then the National Day
    // holiday to 8 Oct, Thu 9 and Fri 10 Oct: the fifth working day.
    const national = deadlineAfter(calendar, d('2025-09-26'), { days: 5, unit: 'working' });
    expect(national.ok && national.value).toBe('2025-10-10');
    // Thu 12 Feb 2026: Fri 13, Sat 14 (make-up), Spring Festival 15–23, then 24, 25, 26.
    const spring = deadlineAfter(calendar, d('2026-02-12'), { days: 5, unit: 'working' });
    expect(spring.ok && spring.value).toBe('2026-02-26');
    const rectify = deadlineAfter(calendar, d('2025-03-01'), { days: 30, unit: 'calendar' });
    expect(rectify.ok && rectify.value).toBe('2025-03-31');
  });

  it('agrees with a naive count over every start day of the span', () => {
    const naive = (start: CalendarDate, n: number): CalendarDate | null => {
      const work = new Set(nationalCalendarJson.workdays.map((w) => w.date));
      const rest = new Set(nationalCalendarJson.holidays.map((h) => h.date));
      let day = start;
      for (let counted = 0; counted < n;) {
        day = addDays(day, 1);
        if (day >= '2027-01-01') return null;
        const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
        if (work.has(day) || (!rest.has(day) && weekday !== 0 && weekday !== 6)) counted++;
      }
      return day;
    };
    for (let start = d('2025-01-01'); start < d('2027-01-01'); start = addDays(start, 3)) {
      for (const n of [1, 5, 15]) {
        const got = deadlineAfter(calendar, start, { days: n, unit: 'working' });
        expect([start, n, got.ok ? got.value : null]).toEqual([start, n, naive(start, n)]);
      }
    }
  });

  it('refuses a deadline the calendar does not cover, naming the field', () => {
    const late = deadlineAfter(calendar, d('2026-12-28'), { days: 5, unit: 'working' }, [
      'deadline',
    ]);
    expect(late.ok ? null : late.issues.map((i) => [i.code, i.path, i.data?.['date']])).toEqual([
      ['calendar.not_covered', ['deadline'], '2027-01-01'],
    ]);
    const calendarDays = deadlineAfter(calendar, d('2026-12-10'), { days: 30, unit: 'calendar' });
    expect(calendarDays.ok).toBe(false);
  });

  it('names what is wrong in a calendar document', () => {
    const bad = loadWorkCalendar({
      ...nationalCalendarJson,
      covers: { from: '2025-01-01', to: '2025-12-31' },
      holidays: [...nationalCalendarJson.holidays, { date: '2025-10-01', name: 'again' }],
      weekend: [7],
    });
    expect(bad.ok ? [] : bad.issues.map((i) => [i.code, i.path.join('.')])).toEqual(
      expect.arrayContaining([['calendar.invalid', 'weekend.0']]),
    );
    const outside = loadWorkCalendar({
      ...nationalCalendarJson,
      covers: { from: '2025-01-01', to: '2026-01-01' },
    });
    expect(outside.ok ? [] : outside.issues[0]?.path).toEqual(['holidays', 28, 'date']);
    const twice = loadWorkCalendar({
      ...nationalCalendarJson,
      workdays: [...nationalCalendarJson.workdays, { date: '2025-10-01', name: 'again' }],
    });
    expect(twice.ok ? [] : twice.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['workdays.11.date', 'workdays.11.date: 2025-10-01 is already listed in holidays'],
    ]);
    expect(loadWorkCalendar('nope').ok).toBe(false);
  });
});
