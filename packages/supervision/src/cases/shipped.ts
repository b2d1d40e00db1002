import type { Result } from '@openpayer/domain';
import demoCaseRulesJson from '../../data/demo-case-rules-230100.json' with { type: 'json' };
import nationalCalendarJson from '../../data/work-calendars/cn-2025-2026.json' with { type: 'json' };
import { type CaseIssueCode, type CaseRules, loadCaseRules } from './case.ts';
import { type CalendarIssueCode, type WorkCalendar, loadWorkCalendar } from './calendar.ts';

/**
 * The shipped case data: the national working-day calendar of 2025–2026 (holidays and make-up
 * working days from the State Council's notices; `data/work-calendars/SOURCE.md`) and the demo
 * region's case rules (PRODUCT.md §8's deadlines and suspension; demo values otherwise).
 */
export function shippedWorkCalendar(): Result<WorkCalendar, CalendarIssueCode> {
  return loadWorkCalendar(nationalCalendarJson);
}

export function demoCaseRules(): Result<CaseRules, CaseIssueCode> {
  const { $comment: _comment, ...wire } = demoCaseRulesJson;
  return loadCaseRules(wire);
}
