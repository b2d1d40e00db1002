import { type CalendarDate, addMonths, calendarDate, claimSchema } from '@openpayer/domain';
import { demoClaimWire, lineAmount } from '@openpayer/testing';
import { describe, expect, it } from 'vitest';
import demoCaseRulesJson from '../../data/demo-case-rules-230100.json' with { type: 'json' };
import {
  type CaseContext,
  type SupervisionCase,
  applyCaseEvent,
  eventsAllowed,
  isOverdue,
  loadCaseRules,
  openCase,
  overdueCases,
  suspensionRuleSet,
  suspensionsOf,
  violationCounts,
  violationsOf,
} from './case.ts';
import { compileRuleSet, historyOf, review } from '../rules/review.ts';
import { demoCaseRules, shippedWorkCalendar } from './shipped.ts';

const rules = demoCaseRules();
const calendar = shippedWorkCalendar();
if (!rules.ok || !calendar.ok) throw new Error('shipped case data');
const context: CaseContext = { rules: rules.value, calendar: calendar.value };
const d = calendarDate;

function value<T>(r: { ok: true; value: T } | { ok: false; issues: readonly unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const subject = {
  institution: 'H23010300012',
  doctor: 'D-00012-07',
  claimId: 'DEMO-1-0000335',
  reference: 'finding demo-rules-230100/long_prescription',
};

function finding(id: string, on: string): SupervisionCase {
  return value(
    openCase(
      { id, origin: 'finding', subject, summary: 'long prescription', on: d(on), by: 'rev-1' },
      context,
    ),
  );
}

/** Applies the events in turn; the case after each. */
function run(c: SupervisionCase, ...events: Record<string, unknown>[]): SupervisionCase {
  return events.reduce<SupervisionCase>((at, e) => value(applyCaseEvent(at, e, context)), c);
}

describe('a case from finding to decision (deadlines as data, time a parameter)', () => {
  it('notifies, misses the 30-day answer, escalates, then is answered, decided and closed', () => {
    const opened = finding('case-1', '2025-03-03');
    expect([opened.state, opened.deadline]).toEqual(['open', null]);
    const notified = run(opened, { event: 'notify', on: '2025-03-03', by: 'rev-1' });
    // Rectification within 30 days (calendar days, the demo rules).
    expect([notified.state, notified.deadline]).toEqual(['awaiting_response', '2025-04-02']);
    expect(isOverdue(notified, d('2025-04-02'))).toBe(false);
    expect(isOverdue(notified, d('2025-04-03'))).toBe(true);
    expect(overdueCases([notified], d('2025-04-03')).map((c) => c.id)).toEqual(['case-1']);
    // Missed: escalated on 3 April, 5 more working days (the Qingming holiday 4–6 April skipped).
    const escalated = run(notified, { event: 'escalate', on: '2025-04-03', by: 'system' });
    expect([escalated.state, escalated.escalation, escalated.deadline]).toEqual([
      'awaiting_response',
      1,
      '2025-04-11',
    ]);
    const decided = run(
      escalated,
      { event: 'respond', on: '2025-04-10', by: 'hospital:H23010300012', note: 'rectified' },
      {
        event: 'decide',
        on: '2025-04-18',
        by: 'rev-2',
        outcome: { kind: 'deduct', amount: '1280.00', reason: 'prescription beyond 90 days' },
      },
    );
    // The appeal window: 15 working days from 18 April (1–5 May off, 27 April worked).
    expect([decided.state, decided.deadline, decided.outcome?.amount]).toEqual([
      'decided',
      '2025-05-13',
      '1280.00',
    ]);
    const early = applyCaseEvent(
      decided,
      { event: 'close', on: '2025-05-13', by: 'rev-2' },
      context,
    );
    expect(early.ok ? null : early.issues.map((i) => [i.code, i.path])).toEqual([
      ['case.appeal_window_open', ['on']],
    ]);
    const closed = run(decided, { event: 'close', on: '2025-05-14', by: 'rev-2' });
    expect(closed.state).toBe('closed');
    expect(closed.transitions.map((t) => [t.event, t.from, t.to, t.on, t.by])).toEqual([
      ['notify', 'open', 'awaiting_response', '2025-03-03', 'rev-1'],
      ['escalate', 'awaiting_response', 'awaiting_response', '2025-04-03', 'system'],
      ['respond', 'awaiting_response', 'under_review', '2025-04-10', 'hospital:H23010300012'],
      ['decide', 'under_review', 'decided', '2025-04-18', 'rev-2'],
      ['close', 'decided', 'closed', '2025-05-14', 'rev-2'],
    ]);
    expect(isOverdue(closed, d('2030-01-01'))).toBe(false);
  });

  it('answers a complaint within 5 working days, or it is overdue', () => {
    const complaint = value(
      openCase(
        {
          id: 'case-c',
          origin: 'complaint',
          subject: { ...subject, doctor: null, claimId: null, reference: null },
          summary: '投诉：住院期间被要求自费购药',
          on: d('2025-09-26'),
          by: 'hotline',
        },
        context,
      ),
    );
    expect(complaint.deadline).toBe('2025-10-10');
    expect(overdueCases([complaint], d('2025-10-13')).map((c) => c.id)).toEqual(['case-c']);
    const answered = run(complaint, { event: 'answer', on: '2025-10-09', by: 'rev-1' });
    expect(answered.state).toBe('under_review');
  });

  it('takes an appeal within its window, refuses one after it, and decides it', () => {
    const decided = run(
      finding('case-2', '2025-06-02'),
      { event: 'notify', on: '2025-06-03', by: 'rev-1' },
      { event: 'respond', on: '2025-06-10', by: 'hospital:H23010300012' },
      {
        event: 'decide',
        on: '2025-06-12',
        by: 'rev-1',
        outcome: { kind: 'recover', amount: '5000.00', reason: 'duplicate charges' },
      },
    );
    const late = applyCaseEvent(
      decided,
      { event: 'appeal', on: addMonths(d('2025-06-12'), 2), by: 'hospital:H23010300012' },
      context,
    );
    expect(late.ok ? null : late.issues.map((i) => [i.code, i.path])).toEqual([
      ['case.appeal_too_late', ['on']],
    ]);
    const overturned = run(
      decided,
      { event: 'appeal', on: '2025-06-20', by: 'hospital:H23010300012', note: 'billed once' },
      {
        event: 'decide_appeal',
        on: '2025-06-30',
        by: 'rev-3',
        outcome: { kind: 'dismiss', amount: null, reason: 'the second line was a correction' },
      },
    );
    expect([overturned.state, overturned.outcome?.kind]).toEqual(['closed', 'dismiss']);
    // A dismissed case is no violation.
    expect(violationsOf([overturned])).toEqual([]);
  });

  it('refuses a step the state does not allow, or out of order, naming the field', () => {
    const opened = finding('case-3', '2025-03-03');
    const cases: [Record<string, unknown>, string, (string | number)[]][] = [
      [{ event: 'appeal', on: '2025-03-04', by: 'h' }, 'case.transition_not_allowed', ['event']],
      [{ event: 'answer', on: '2025-03-04', by: 'h' }, 'case.transition_not_allowed', ['event']],
      [{ event: 'notify', on: '2025-03-01', by: 'r' }, 'case.before_last_transition', ['on']],
      [{ event: 'escalate', on: '2025-03-04', by: 'system' }, 'case.not_overdue', ['on']],
      [{ event: 'notify', on: '2025-3-4', by: 'r' }, 'case.invalid', ['on']],
      [{ event: 'fly', on: '2025-03-04', by: 'r' }, 'case.invalid', ['event']],
    ];
    for (const [event, code, path] of cases) {
      const r = applyCaseEvent(opened, event, context);
      expect([event['event'], r.ok ? null : [r.issues[0]?.code, r.issues[0]?.path]]).toEqual([
        event['event'],
        [code, path],
      ]);
    }
    expect(eventsAllowed(opened)).toEqual(['notify']);
    const at = (state: SupervisionCase['state'], origin: SupervisionCase['origin']) =>
      eventsAllowed({ state, origin, deadline: d('2025-04-02') });
    expect(at('open', 'complaint')).toEqual(['notify', 'answer', 'escalate']);
    expect(at('awaiting_response', 'finding')).toEqual(['respond', 'decide', 'escalate']);
    expect(at('decided', 'finding')).toEqual(['appeal', 'close']);
    expect(at('closed', 'finding')).toEqual([]);
    const notified = run(opened, { event: 'notify', on: '2025-03-03', by: 'r' });
    const tooSoon = applyCaseEvent(
      notified,
      {
        event: 'decide',
        on: '2025-03-10',
        by: 'r',
        outcome: { kind: 'warn', amount: null, reason: 'x' },
      },
      context,
    );
    expect(tooSoon.ok ? null : tooSoon.issues[0]?.code).toBe('case.response_pending');
    const reviewed = run(notified, { event: 'respond', on: '2025-03-10', by: 'h' });
    const noAmount = applyCaseEvent(
      reviewed,
      {
        event: 'decide',
        on: '2025-03-11',
        by: 'r',
        outcome: { kind: 'deduct', amount: null, reason: 'x' },
      },
      context,
    );
    expect(noAmount.ok ? null : noAmount.issues.map((i) => [i.code, i.path])).toEqual([
      ['case.amount_required', ['outcome', 'amount']],
    ]);
    const noOutcome = applyCaseEvent(
      reviewed,
      { event: 'decide', on: '2025-03-11', by: 'r' },
      context,
    );
    expect(noOutcome.ok ? null : noOutcome.issues[0]?.path).toEqual(['outcome']);
    // Escalated as often as the rules allow (2), then no more.
    const twice = run(
      notified,
      { event: 'escalate', on: '2025-04-03', by: 'system' },
      { event: 'escalate', on: '2025-04-14', by: 'system' },
    );
    const third = applyCaseEvent(
      twice,
      { event: 'escalate', on: '2025-05-30', by: 'system' },
      context,
    );
    expect(third.ok ? null : third.issues[0]?.code).toBe('case.escalation_limit');
    // Beyond the calendar: the deadline cannot be counted, and nothing changes.
    const lateOpened = finding('case-4', '2026-12-20');
    const beyond = applyCaseEvent(
      lateOpened,
      { event: 'notify', on: '2026-12-20', by: 'r' },
      context,
    );
    expect(beyond.ok ? null : beyond.issues.map((i) => [i.code, i.path])).toEqual([
      ['calendar.not_covered', ['on']],
    ]);
    expect(lateOpened.state).toBe('open');
  });
});

describe('violations and suspensions (3 in a year → 3 months, data)', () => {
  const decidedOn = (
    id: string,
    on: string,
    doctor: string | null = subject.doctor,
  ): SupervisionCase => {
    const at = d(on);
    const base = finding(id, '2025-01-02');
    return {
      ...base,
      subject: { ...base.subject, doctor },
      state: 'closed',
      outcome: { kind: 'deduct', amount: '100.00', reason: 'x' },
      transitions: [
        {
          event: 'decide',
          from: 'under_review',
          to: 'decided',
          on: at,
          by: 'r',
          note: null,
          deadline: null,
          escalation: 0,
          outcome: { kind: 'deduct', amount: '100.00', reason: 'x' },
        },
      ],
    };
  };

  it('suspends a doctor on the third violation within 365 days, for 3 months', () => {
    const cases = [
      decidedOn('v1', '2025-02-10'),
      decidedOn('v2', '2025-06-01'),
      decidedOn('v3', '2025-11-30'),
      decidedOn('w1', '2025-03-01', 'D-OTHER'),
      decidedOn('w2', '2025-04-01', 'D-OTHER'),
    ];
    expect(suspensionsOf(violationsOf(cases), context.rules)).toEqual([
      {
        doctor: subject.doctor,
        from: '2025-11-30',
        to: '2026-02-28',
        cases: ['v1', 'v2', 'v3'],
        rule: 'demo-case-rules-230100: 3 violations within 365 days → 3 months',
      },
    ]);
  });

  it('counts violations per institution and per doctor within a period', () => {
    const cases = [
      decidedOn('v1', '2025-02-10'),
      decidedOn('v2', '2025-06-01'),
      decidedOn('v3', '2026-01-05'),
      decidedOn('w1', '2025-03-01', 'D-OTHER'),
      decidedOn('x1', '2025-04-01', null),
    ];
    expect(
      violationCounts(cases, { from: d('2025-01-01'), to: d('2026-01-01') }).map((c) => [
        c.doctor,
        c.institution,
        c.count,
        c.cases,
      ]),
    ).toEqual([
      [null, subject.institution, 4, ['x1', 'v1', 'v2', 'w1']],
      [subject.doctor, subject.institution, 2, ['v1', 'v2']],
      ['D-OTHER', subject.institution, 1, ['w1']],
    ]);
  });

  it("settlement's suspended-prescriber rule deducts the doctor's lines while suspended", () => {
    const suspensions = suspensionsOf(
      violationsOf([
        decidedOn('v1', '2025-02-10'),
        decidedOn('v2', '2025-06-01'),
        decidedOn('v3', '2025-11-30'),
      ]),
      context.rules,
    );
    const loaded = suspensionRuleSet(context.rules, suspensions);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(loaded.value.id).toBe('demo-case-rules-230100.suspensions');
    const compiled = compileRuleSet(loaded.value);
    const visitOn = (date: string) => {
      const claim = claimSchema.parse(
        demoClaimWire({
          id: `C-SUS-${date}`,
          type: 'outpatient',
          admissionDate: date,
          dischargeDate: null,
          attendingPrescriber: { id: subject.doctor, title: 'attending' },
          lines: [
            {
              id: 'L1',
              kind: 'drug',
              code: 'XC08CXA001A001010100001',
              name: '氨氯地平',
              quantity: '1',
              unitPrice: '12.00',
              amount: lineAmount('1', '12.00'),
              date,
            },
          ],
        }),
      );
      return review(compiled, {
        claim,
        stage: 'settle',
        decisions: [],
        history: historyOf([]),
      }).filter((f) => f.rule.code === 'CASE-SUS-001');
    };
    expect(visitOn('2025-12-15').map((f) => [f.action, f.lineIds])).toEqual([['deduct', ['L1']]]);
    // The rights are back on 28 Feb 2026; before the third violation they were never suspended.
    expect(visitOn('2026-02-28')).toEqual([]);
    expect(visitOn('2025-11-29')).toEqual([]);
  });

  it('does not count a violation older than the window', () => {
    const cases = [
      decidedOn('v1', '2025-01-10'),
      decidedOn('v2', '2025-06-01'),
      decidedOn('v3', '2026-01-10'),
    ];
    expect(suspensionsOf(violationsOf(cases), context.rules)).toEqual([]);
  });
});

describe('case rules as data', () => {
  it('names the field of a bad document', () => {
    const { $comment: _c, ...wire } = demoCaseRulesJson;
    const version = wire.versions[0];
    const bad = loadCaseRules({
      ...wire,
      versions: [{ ...version, response: { days: 0, unit: 'calendar' } }],
    });
    expect(bad.ok ? [] : bad.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['case.rules_invalid', 'versions.0.response.days'],
    ]);
    const overlapping = loadCaseRules({
      ...wire,
      versions: [
        { ...version, to: '2025-07-01' },
        { ...version, from: '2025-06-01' },
      ],
    });
    expect(overlapping.ok ? [] : overlapping.issues[0]?.path).toEqual(['versions', 1, 'from']);
    const before = openCase(
      { id: 'x', origin: 'finding', subject, summary: 's', on: d('2024-12-31'), by: 'r' },
      context,
    );
    expect(before.ok ? null : before.issues[0]?.code).toBe('case.no_rules');
    const unnamed: CalendarDate = d('2025-01-31');
    expect(addMonths(unnamed, 1)).toBe('2025-02-28');
  });
});
