import {
  type CalendarDate,
  type Issue,
  type Result,
  addDays,
  addMonths,
  calendarDateSchema,
  fail,
  issue,
  issuesFromZod,
  moneyWireSchema,
  ok,
  regionCodeSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import {
  type CalendarIssueCode,
  type DeadlineSpan,
  type WorkCalendar,
  deadlineAfter,
  deadlineSpanSchema,
} from './calendar.ts';
import { type RuleSetIssueCode, loadRuleSet } from '../rules/load.ts';
import { type RuleSet, ruleSchema } from '../rules/rule-set.ts';

/**
 * Supervision cases (稽核案件): a finding, an anomaly or an insured person's complaint becomes a
 * case; the hospital is notified and answers (整改 / 说明), a reviewer decides (deduct, recover
 * funds, warn, or dismiss), the hospital may appeal within its window, and the appeal's decision
 * closes the case. Every transition is recorded with who and when; each state that waits on
 * someone has a deadline counted on a working-day calendar from the case rules in force (data);
 * an overdue case escalates. Pure: time is a parameter (`on`), never the wall clock.
 */

export const CASE_ORIGINS = ['finding', 'anomaly', 'complaint'] as const;
export type CaseOrigin = (typeof CASE_ORIGINS)[number];

export const CASE_STATES = [
  'open',
  'awaiting_response',
  'under_review',
  'decided',
  'appealed',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_OUTCOMES = ['deduct', 'recover', 'warn', 'dismiss'] as const;
export type CaseOutcomeKind = (typeof CASE_OUTCOMES)[number];

export const CASE_EVENTS = [
  'notify',
  'answer',
  'respond',
  'decide',
  'appeal',
  'decide_appeal',
  'close',
  'escalate',
] as const;
export type CaseEventKind = (typeof CASE_EVENTS)[number];

/** The case rules in force for a region from a date: deadlines and sanctions, all data. */
export const caseRulesVersionSchema = z.strictObject({
  from: calendarDateSchema,
  to: calendarDateSchema.nullable(),
  /** The hospital's answer (整改 / 说明) after it is notified, e.g. 30 calendar days. */
  response: deadlineSpanSchema,
  /** A complaint answered from the day it is received, e.g. 5 working days. */
  complaintAnswer: deadlineSpanSchema,
  /** The reviewer's decision after the answer (or after an appeal). */
  review: deadlineSpanSchema,
  /** The hospital's appeal window after a decision. */
  appeal: deadlineSpanSchema,
  /** An overdue case goes up a level, with a new deadline; at most `maxLevel` times. */
  escalation: z.strictObject({ maxLevel: z.int().min(1).max(9), extension: deadlineSpanSchema }),
  /**
   * `violations` decided against a doctor within `withinDays` suspend their prescribing rights
   * for `months`; `rule` is the smart-review rule (without its check) that settlement applies to
   * a suspended doctor's lines (`suspensionRuleSet`).
   */
  suspension: z.strictObject({
    violations: z.int().min(1).max(100),
    withinDays: z.int().min(1).max(3660),
    months: z.int().min(1).max(120),
    rule: ruleSchema.pick({
      code: true,
      name: true,
      nameEn: true,
      category: true,
      stages: true,
      resultType: true,
      severity: true,
      action: true,
      source: true,
    }),
  }),
});
export type CaseRulesVersion = z.output<typeof caseRulesVersionSchema>;

export const caseRulesSchema = z
  .strictObject({
    format: z.literal('openpayer.case-rules/1'),
    id: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,80}$/u, { error: 'must be 1–80 letters, digits or . _ : -' }),
    title: z.string().min(1).max(200),
    /** The region (行政区划 code) they govern; null: every region. */
    region: regionCodeSchema.nullable(),
    /** The working-day calendar the deadlines are counted on (its id). */
    calendar: z.string().min(1).max(80),
    versions: z.array(caseRulesVersionSchema).min(1).max(100),
  })
  .superRefine((r, ctx) => {
    r.versions.forEach((v, i) => {
      if (v.to !== null && v.to <= v.from) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i, 'to'],
          message: 'must be after from',
        });
      }
      const next = r.versions[i + 1];
      if (next !== undefined && (v.to === null || next.from < v.to)) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i + 1, 'from'],
          message: 'versions must follow each other without overlapping',
        });
      }
    });
  })
  .meta({ id: 'CaseRules' });
export type CaseRules = z.output<typeof caseRulesSchema>;

export const CASE_ISSUE_CODES = [
  'case.invalid',
  'case.rules_invalid',
  'case.no_rules',
  'case.transition_not_allowed',
  'case.before_last_transition',
  'case.response_pending',
  'case.appeal_too_late',
  'case.appeal_window_open',
  'case.not_overdue',
  'case.escalation_limit',
  'case.outcome_required',
  'case.amount_required',
  'calendar.invalid',
  'calendar.not_covered',
] as const;
export type CaseIssueCode = (typeof CASE_ISSUE_CODES)[number] | CalendarIssueCode;

/** Reads a case-rules document, every problem named at its field. */
export function loadCaseRules(wire: unknown): Result<CaseRules, CaseIssueCode> {
  const parsed = caseRulesSchema.safeParse(wire);
  if (parsed.success) return ok(parsed.data);
  return fail(
    issuesFromZod(parsed.error).map((i) =>
      issue('case.rules_invalid', i.message, { path: i.path }),
    ),
  );
}

/** The version of `rules` in force on `date`. */
export function caseRulesOn(rules: CaseRules, date: CalendarDate): CaseRulesVersion | undefined {
  return rules.versions.find((v) => v.from <= date && (v.to === null || date < v.to));
}

export const caseOutcomeSchema = z.strictObject({
  kind: z.enum(CASE_OUTCOMES),
  /** deduct / recover: the amount (yuan at the fen). */
  amount: moneyWireSchema.nullable(),
  reason: z.string().min(1).max(2000),
});
export type CaseOutcome = z.output<typeof caseOutcomeSchema>;

export const caseTransitionSchema = z.strictObject({
  event: z.enum(CASE_EVENTS),
  from: z.enum(CASE_STATES),
  to: z.enum(CASE_STATES),
  on: calendarDateSchema,
  by: z.string().min(1).max(80),
  note: z.string().max(4000).nullable(),
  /** The deadline the new state has (null: none). */
  deadline: calendarDateSchema.nullable(),
  escalation: z.int().min(0),
  outcome: caseOutcomeSchema.nullable(),
});
export type CaseTransition = z.output<typeof caseTransitionSchema>;

export const caseSubjectSchema = z.strictObject({
  institution: z.string().min(1).max(40),
  /** The doctor concerned (violations are counted per doctor), if any. */
  doctor: z.string().min(1).max(40).nullable(),
  /** The claim, finding or anomaly the case comes from, if any. */
  claimId: z.string().min(1).max(80).nullable(),
  reference: z.string().min(1).max(200).nullable(),
});

export const supervisionCaseSchema = z
  .strictObject({
    id: z.string().min(1).max(80),
    origin: z.enum(CASE_ORIGINS),
    subject: caseSubjectSchema,
    summary: z.string().min(1).max(2000),
    state: z.enum(CASE_STATES),
    openedOn: calendarDateSchema,
    deadline: calendarDateSchema.nullable(),
    escalation: z.int().min(0),
    outcome: caseOutcomeSchema.nullable(),
    transitions: z.array(caseTransitionSchema),
  })
  .meta({ id: 'SupervisionCase' });
export type SupervisionCase = z.output<typeof supervisionCaseSchema>;

export const caseEventSchema = z
  .strictObject({
    event: z.enum(CASE_EVENTS),
    on: calendarDateSchema,
    by: z.string().min(1).max(80),
    note: z.string().max(4000).optional(),
    /** decide / decide_appeal: the outcome (decide_appeal: only when the appeal is upheld). */
    outcome: caseOutcomeSchema.optional(),
  })
  .meta({ id: 'CaseEvent' });
export type CaseEvent = z.output<typeof caseEventSchema>;

/** What a step needs: the rules and the calendar the deadlines are counted on. */
export interface CaseContext {
  readonly rules: CaseRules;
  readonly calendar: WorkCalendar;
}

/** The events each state allows, and the state each leads to. */
const MOVES: Readonly<Record<CaseState, Partial<Record<CaseEventKind, CaseState>>>> = {
  open: { notify: 'awaiting_response', answer: 'under_review', escalate: 'open' },
  awaiting_response: {
    respond: 'under_review',
    decide: 'decided',
    escalate: 'awaiting_response',
  },
  under_review: { decide: 'decided', escalate: 'under_review' },
  decided: { appeal: 'appealed', close: 'closed' },
  appealed: { decide_appeal: 'closed', escalate: 'appealed' },
  closed: {},
};

/** Who takes each step: the fund's reviewers, or the hospital the case is about. */
export const CASE_EVENT_ACTORS: Readonly<Record<CaseEventKind, 'fund' | 'hospital'>> = {
  notify: 'fund',
  answer: 'fund',
  respond: 'hospital',
  decide: 'fund',
  appeal: 'hospital',
  decide_appeal: 'fund',
  close: 'fund',
  escalate: 'fund',
};

/**
 * The steps a case can take now, in the order a screen offers them (`answer` only for a
 * complaint, `escalate` only with a deadline); whether a deadline lets one through on a given
 * day is `applyCaseEvent`'s answer.
 */
export function eventsAllowed(
  c: Pick<SupervisionCase, 'state' | 'origin' | 'deadline'>,
): CaseEventKind[] {
  return CASE_EVENTS.filter(
    (e) =>
      MOVES[c.state][e] !== undefined &&
      (e !== 'answer' || c.origin === 'complaint') &&
      (e !== 'escalate' || c.deadline !== null),
  );
}

function rulesOn(context: CaseContext, on: CalendarDate): Result<CaseRulesVersion, CaseIssueCode> {
  const version = caseRulesOn(context.rules, on);
  if (version === undefined) {
    return fail([
      issue('case.no_rules', `case rules ${context.rules.id} have no version in force on ${on}`, {
        path: ['on'],
      }),
    ]);
  }
  return ok(version);
}

function deadline(
  context: CaseContext,
  on: CalendarDate,
  span: DeadlineSpan,
): Result<CalendarDate, CaseIssueCode> {
  return deadlineAfter(context.calendar, on, span, ['on']);
}

/**
 * Opens a case on `on`. A complaint has a deadline from the first day (it must be answered); a
 * finding or an anomaly waits for the reviewer to notify the hospital.
 */
export function openCase(
  input: {
    readonly id: string;
    readonly origin: CaseOrigin;
    readonly subject: z.input<typeof caseSubjectSchema>;
    readonly summary: string;
    readonly on: CalendarDate;
    readonly by: string;
  },
  context: CaseContext,
): Result<SupervisionCase, CaseIssueCode> {
  const draft = supervisionCaseSchema.safeParse({
    id: input.id,
    origin: input.origin,
    subject: input.subject,
    summary: input.summary,
    state: 'open',
    openedOn: input.on,
    deadline: null,
    escalation: 0,
    outcome: null,
    transitions: [],
  });
  if (!draft.success) {
    return fail(
      issuesFromZod(draft.error).map((i) => issue('case.invalid', i.message, { path: i.path })),
    );
  }
  const rules = rulesOn(context, input.on);
  if (!rules.ok) return rules;
  let due: CalendarDate | null = null;
  if (input.origin === 'complaint') {
    const d = deadline(context, input.on, rules.value.complaintAnswer);
    if (!d.ok) return d;
    due = d.value;
  }
  return ok({ ...draft.data, deadline: due });
}

/** Whether the case's current deadline has passed on `on` (a closed case never is). */
export function isOverdue(c: SupervisionCase, on: CalendarDate): boolean {
  return c.state !== 'closed' && c.deadline !== null && on > c.deadline;
}

/**
 * One step of the case. Refused, naming the field, when the event is not allowed in the case's
 * state, comes before the last transition, or breaks a deadline rule (an appeal after its window,
 * a decision while the hospital may still answer); nothing changes then.
 */
export function applyCaseEvent(
  c: SupervisionCase,
  eventWire: unknown,
  context: CaseContext,
): Result<SupervisionCase, CaseIssueCode> {
  const parsed = caseEventSchema.safeParse(eventWire);
  if (!parsed.success) {
    return fail(
      issuesFromZod(parsed.error).map((i) => issue('case.invalid', i.message, { path: i.path })),
    );
  }
  const event = parsed.data;
  const to = MOVES[c.state][event.event];
  const refuse = (code: CaseIssueCode, message: string, path: (string | number)[]) =>
    fail<SupervisionCase, CaseIssueCode>([issue(code, message, { path })]);
  if (to === undefined || (event.event === 'answer' && c.origin !== 'complaint')) {
    const allowed = eventsAllowed(c);
    return refuse(
      'case.transition_not_allowed',
      `a ${c.state} case cannot take "${event.event}"${allowed.length === 0 ? ' (it is closed)' : `; it takes ${allowed.join(', ')}`}`,
      ['event'],
    );
  }
  const last = c.transitions.at(-1)?.on ?? c.openedOn;
  if (event.on < last) {
    return refuse(
      'case.before_last_transition',
      `${event.on} is before the case's last step (${last})`,
      ['on'],
    );
  }
  const rules = rulesOn(context, event.on);
  if (!rules.ok) return rules;
  const r = rules.value;
  let due: CalendarDate | null = null;
  let escalation = c.escalation;
  let outcome = c.outcome;
  const next = (span: DeadlineSpan): Issue<CaseIssueCode>[] => {
    const d = deadline(context, event.on, span);
    if (!d.ok) return [...d.issues];
    due = d.value;
    return [];
  };
  const needOutcome = (): Issue<CaseIssueCode>[] => {
    const o = event.outcome;
    if (o === undefined) {
      return [issue('case.outcome_required', 'a decision needs an outcome', { path: ['outcome'] })];
    }
    if ((o.kind === 'deduct' || o.kind === 'recover') && o.amount === null) {
      return [
        issue('case.amount_required', `${o.kind} needs the amount`, {
          path: ['outcome', 'amount'],
        }),
      ];
    }
    outcome = o;
    return [];
  };
  let problems: Issue<CaseIssueCode>[] = [];
  switch (event.event) {
    case 'notify':
      problems = next(r.response);
      break;
    case 'answer':
    case 'respond':
      problems = next(r.review);
      break;
    case 'decide':
      if (c.state === 'awaiting_response' && !isOverdue(c, event.on)) {
        return refuse(
          'case.response_pending',
          `the hospital may answer until ${c.deadline ?? ''}: decide after its answer, or once that day has passed`,
          ['on'],
        );
      }
      problems = needOutcome();
      if (problems.length === 0) problems = next(r.appeal);
      break;
    case 'appeal':
      if (c.deadline !== null && event.on > c.deadline) {
        return refuse('case.appeal_too_late', `the appeal window closed on ${c.deadline}`, ['on']);
      }
      problems = next(r.review);
      break;
    case 'decide_appeal':
      // Upheld: the outcome given replaces the decision's; rejected (no outcome): it stands.
      if (event.outcome !== undefined) problems = needOutcome();
      break;
    case 'close':
      if (c.deadline !== null && event.on <= c.deadline) {
        return refuse(
          'case.appeal_window_open',
          `the hospital may appeal until ${c.deadline}: close the case after that day`,
          ['on'],
        );
      }
      break;
    case 'escalate':
      if (!isOverdue(c, event.on)) {
        return refuse(
          'case.not_overdue',
          c.deadline === null
            ? 'the case has no deadline to miss'
            : `the deadline ${c.deadline} has not passed on ${event.on}`,
          ['on'],
        );
      }
      if (c.escalation >= r.escalation.maxLevel) {
        return refuse(
          'case.escalation_limit',
          `the case is at escalation level ${String(c.escalation)}, the highest the rules allow`,
          ['event'],
        );
      }
      escalation = c.escalation + 1;
      problems = next(r.escalation.extension);
      break;
  }
  if (problems.length > 0) return fail(problems);
  const transition: CaseTransition = {
    event: event.event,
    from: c.state,
    to,
    on: event.on,
    by: event.by,
    note: event.note ?? null,
    deadline: due,
    escalation,
    outcome: event.event === 'decide' || event.event === 'decide_appeal' ? outcome : null,
  };
  return ok({
    ...c,
    state: to,
    deadline: due,
    escalation,
    outcome,
    transitions: [...c.transitions, transition],
  });
}

/** The cases whose deadline has passed on `on`, most overdue first (ties: by id). */
export function overdueCases(
  cases: readonly SupervisionCase[],
  on: CalendarDate,
): SupervisionCase[] {
  return cases
    .filter((c) => isOverdue(c, on))
    .sort((a, b) =>
      (a.deadline ?? '') < (b.deadline ?? '')
        ? -1
        : (a.deadline ?? '') > (b.deadline ?? '')
          ? 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0,
    );
}

/** A violation: a case decided against a doctor with a deduction or a recovery that stands. */
export interface Violation {
  readonly doctor: string;
  readonly institution: string;
  readonly caseId: string;
  readonly on: CalendarDate;
}

/** The violations the cases hold: the final outcome deducts or recovers, dated by its decision. */
export function violationsOf(cases: readonly SupervisionCase[]): Violation[] {
  return standingViolations(cases).flatMap((v) =>
    v.doctor === null ? [] : [{ ...v, doctor: v.doctor }],
  );
}

/** Every standing violation, a doctor's or an institution's (doctor null). */
function standingViolations(
  cases: readonly SupervisionCase[],
): (Omit<Violation, 'doctor'> & { readonly doctor: string | null })[] {
  const out: (Omit<Violation, 'doctor'> & { readonly doctor: string | null })[] = [];
  for (const c of cases) {
    if (c.outcome === null) continue;
    if (c.outcome.kind !== 'deduct' && c.outcome.kind !== 'recover') continue;
    if (c.state !== 'decided' && c.state !== 'appealed' && c.state !== 'closed') continue;
    const decided = c.transitions.find((t) => t.event === 'decide');
    if (decided === undefined) continue;
    out.push({
      doctor: c.subject.doctor,
      institution: c.subject.institution,
      caseId: c.id,
      on: decided.on,
    });
  }
  const doctor = (v: { doctor: string | null }) => v.doctor ?? '';
  return out.sort((a, b) =>
    doctor(a) < doctor(b)
      ? -1
      : doctor(a) > doctor(b)
        ? 1
        : a.on < b.on
          ? -1
          : a.on > b.on
            ? 1
            : a.caseId < b.caseId
              ? -1
              : 1,
  );
}

export interface ViolationCount {
  /** The doctor, or null for the institution's count (all its violations, a doctor's or not). */
  readonly doctor: string | null;
  readonly institution: string;
  readonly count: number;
  readonly cases: readonly string[];
}

/**
 * Violations counted per doctor and per institution, decided in [from, to): a case whose final
 * outcome deducts or recovers is one violation of its institution, and of its doctor if it names
 * one. Institutions first, then doctors, each by code.
 */
export function violationCounts(
  cases: readonly SupervisionCase[],
  range: { readonly from: CalendarDate; readonly to: CalendarDate },
): ViolationCount[] {
  const counts = new Map<string, { doctor: string | null; institution: string; cases: string[] }>();
  for (const v of standingViolations(cases)) {
    if (v.on < range.from || v.on >= range.to) continue;
    for (const doctor of v.doctor === null ? [null] : [null, v.doctor]) {
      const id = `${doctor === null ? '0' : `1${doctor}`}|${v.institution}`;
      const c = counts.get(id) ?? { doctor, institution: v.institution, cases: [] };
      c.cases.push(v.caseId);
      counts.set(id, c);
    }
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, c]) => ({ ...c, count: c.cases.length }));
}

/** A doctor's prescribing rights suspended: from (inclusive) to (exclusive), and why. */
export interface Suspension {
  readonly doctor: string;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly cases: readonly string[];
  readonly rule: string;
}

/**
 * The suspensions the violations call for: when a doctor's n-th violation within the window
 * (the rules in force on its date) is decided, their rights are suspended from that day for the
 * rules' months; the count starts again after a suspension.
 */
export function suspensionsOf(violations: readonly Violation[], rules: CaseRules): Suspension[] {
  const out: Suspension[] = [];
  const byDoctor = new Map<string, Violation[]>();
  for (const v of violations) {
    const list = byDoctor.get(v.doctor);
    if (list === undefined) byDoctor.set(v.doctor, [v]);
    else list.push(v);
  }
  for (const [doctor, list] of [...byDoctor].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const sorted = [...list].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    let countFrom = 0;
    sorted.forEach((v, i) => {
      const r = caseRulesOn(rules, v.on);
      if (r === undefined) return;
      const { violations: n, withinDays, months } = r.suspension;
      const windowStart = addDays(v.on, 1 - withinDays);
      const inWindow = sorted.slice(countFrom, i + 1).filter((w) => w.on >= windowStart);
      if (inWindow.length < n) return;
      out.push({
        doctor,
        from: v.on,
        to: addMonths(v.on, months),
        cases: inWindow.map((w) => w.caseId),
        rule: `${rules.id}: ${String(n)} violations within ${String(withinDays)} days → ${String(months)} months`,
      });
      countFrom = i + 1;
    });
  }
  return out;
}

/**
 * The suspensions as the `suspended_prescriber` rule's parameters (its `to` is the first day the
 * rights are back, as a suspension's): a new rule-set version carrying them makes settlement
 * deduct the lines such a doctor prescribes while suspended.
 */
export function suspendedPrescriberCheck(suspensions: readonly Suspension[]): {
  readonly kind: 'suspended_prescriber';
  readonly suspensions: readonly {
    readonly prescriberId: string;
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly reason: string;
  }[];
} {
  return {
    kind: 'suspended_prescriber',
    suspensions: suspensions.map((s) => ({
      prescriberId: s.doctor,
      from: s.from,
      to: s.to,
      reason: `${s.rule}; cases ${s.cases.join(', ')}`.slice(0, 500),
    })),
  };
}

/**
 * The rule set that makes settlement enforce the suspensions: one rule per version of the case
 * rules (their `suspension.rule`, in force over the version's dates), whose `suspended_prescriber`
 * check lists every suspension. Its id names the case rules; activate nothing, it is derived.
 */
export function suspensionRuleSet(
  rules: CaseRules,
  suspensions: readonly Suspension[],
): Result<RuleSet, RuleSetIssueCode> {
  const check = suspendedPrescriberCheck(suspensions);
  return loadRuleSet({
    id: `${rules.id}.suspensions`,
    title: `${rules.title}: suspended prescribing rights`,
    region: rules.region,
    publishedOn: rules.versions[0]?.from ?? '1970-01-01',
    rules: rules.versions.map((v) => ({
      ...v.suspension.rule,
      from: v.from,
      to: v.to,
      check,
    })),
  });
}
