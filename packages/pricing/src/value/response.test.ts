import { readFileSync } from 'node:fs';
import { type CalendarDate, FEN_HALF_UP, Money, addMonths } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Policy, type PolicyWire, loadPolicy } from '../policy/policy.ts';
import {
  type PayForResponseRule,
  RESPONSE_KINDS,
  type TreatmentCourse,
  responsePayment,
  validateCourse,
} from './response.ts';

interface ResponseCase {
  name: string;
  input: {
    rule: string;
    course: TreatmentCourse;
    claim: { date: string; claimed: string };
  };
  expect: { status: string; share: string; paid: string; withheld: string };
}
interface Fixture {
  source: string;
  rules: Partial<PolicyWire['parameters']>;
  cases: ResponseCase[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/response.json', import.meta.url), 'utf8'),
) as Fixture;

const demoPolicyWire = (): PolicyWire =>
  JSON.parse(
    readFileSync(new URL('../../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
  ) as PolicyWire;

function withRules(rules: Partial<PolicyWire['parameters']>) {
  const wire = demoPolicyWire();
  return loadPolicy({ ...wire, parameters: { ...wire.parameters, ...rules } });
}

function policyWith(rules: Partial<PolicyWire['parameters']>): Policy {
  const loaded = withRules(rules);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
  return loaded.value;
}

const policy = policyWith(fixture.rules);
const ruleOf = (id: string): PayForResponseRule => {
  const rule = policy.parameters.payForResponse.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
};
const egfr = ruleOf('egfr-tki-response');

function paymentOf(
  rule: PayForResponseRule,
  course: TreatmentCourse,
  date: string,
  claimed: string,
) {
  const r = responsePayment(rule, course, { date, claimed: Money.of(claimed) }, policy.rounding);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('pay for response: the EGFR-targeted drug of PRODUCT.md §8 (data)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = paymentOf(
      ruleOf(c.input.rule),
      c.input.course,
      c.input.claim.date,
      c.input.claim.claimed,
    );
    expect({
      status: r.status,
      share: r.share.toString(),
      paid: r.paid.toFixedString(),
      withheld: r.withheld.toFixedString(),
    }).toEqual(c.expect);
  });

  it('names the rule, the outcome and the figures in its explanation', () => {
    const r = paymentOf(
      egfr,
      {
        courseId: 'C1',
        personId: 'P1',
        item: egfr.items[0] ?? '',
        startDate: '2025-01-10',
        outcomes: [{ date: '2025-04-10', response: 'SD' }],
      },
      '2025-04-10',
      '20000.00',
    );
    expect(r.explanations.join('\n')).toContain('egfr-tki-response');
    expect(r.explanations.join('\n')).toContain('SD of 2025-04-10 (outcomes[0]) pays 80%');
    expect(r.explanations.join('\n')).toContain('paid 16000.00, withheld 4000.00');
    expect(r.evaluationDate).toBe('2025-04-10');
  });

  it('counts months to the same day, clamped at the end of a month', () => {
    expect(addMonths('2025-01-31' as CalendarDate, 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31' as CalendarDate, 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15' as CalendarDate, 3)).toBe('2026-02-15');
    expect(addMonths('2025-03-15' as CalendarDate, -3)).toBe('2024-12-15');
  });
});

describe('pay for response: paid + withheld is the claim', () => {
  const outcomeArb = fc.record({
    day: fc.integer({ min: 0, max: 400 }),
    response: fc.constantFrom(...RESPONSE_KINDS),
  });
  it('for any course, month and amount', () => {
    fc.assert(
      fc.property(
        fc.array(outcomeArb, { maxLength: 6 }),
        fc.integer({ min: 0, max: 12 }),
        fc.bigInt({ min: 0n, max: 10_000_000_000n }),
        fc.constantFrom('egfr-tki-response', 'egfr-tki-response-reevaluated'),
        (outcomes, month, fen, id) => {
          const start = '2025-01-10' as CalendarDate;
          const course: TreatmentCourse = {
            courseId: 'C',
            personId: 'P',
            item: egfr.items[0] ?? '',
            startDate: start,
            outcomes: outcomes.map((o) => ({
              date: new Date(Date.UTC(2025, 0, 10 + o.day)).toISOString().slice(0, 10),
              response: o.response,
            })),
          };
          const claimed = Money.fromMinor(fen);
          const r = responsePayment(
            ruleOf(id),
            course,
            { date: addMonths(start, month), claimed },
            FEN_HALF_UP,
          );
          if (!r.ok) throw new Error(JSON.stringify(r.issues));
          expect(r.value.paid.add(r.value.withheld).equals(claimed)).toBe(true);
          expect(r.value.paid.isNegative() || r.value.withheld.isNegative()).toBe(false);
          // Progression is for good: once a PD is on record by the service date, nothing is paid.
          const stopped = course.outcomes.some(
            (o) => o.response === 'PD' && o.date <= addMonths(start, month),
          );
          if (month >= 3 && stopped) expect(r.value.status).toBe('stopped');
        },
      ),
    );
  });
});

describe('pay for response: bad input answers issues with paths', () => {
  const course: TreatmentCourse = {
    courseId: 'C1',
    personId: 'P1',
    item: 'XL01EBA999B001010100001',
    startDate: '2025-01-10',
    outcomes: [],
  };

  it('refuses an outcome dated before the course', () => {
    const issues = validateCourse(egfr, {
      ...course,
      outcomes: [
        { date: '2025-04-10', response: 'PR' },
        { date: '2025-01-09', response: 'SD' },
      ],
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['response.outcome_before_course', ['outcomes', 1, 'date']],
    ]);
  });

  it('refuses an outcome of an unknown kind and an item the rule does not cover', () => {
    const r = responsePayment(
      egfr,
      {
        ...course,
        item: 'XL01XXA999B001010100001',
        outcomes: [{ date: '2025-04-10', response: 'MR' as 'PR' }],
      },
      { date: '2025-04-10', claimed: Money.of('20000.00') },
      FEN_HALF_UP,
    );
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['response.item_not_covered', ['item']],
      ['response.unknown_outcome', ['outcomes', 0, 'response']],
    ]);
  });

  it('refuses a claim before the course, outside the rule, or negative', () => {
    const r = responsePayment(
      {
        ...egfr,
        from: '2025-01-01' as CalendarDate,
        to: '2025-01-05' as CalendarDate,
      },
      course,
      { date: '2025-01-09', claimed: Money.of('-1.00') },
      FEN_HALF_UP,
    );
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['response.rule_not_in_force', ['claim', 'date']],
      ['response.claim_before_course', ['claim', 'date']],
      ['response.negative_claim', ['claim', 'claimed']],
    ]);
  });

  const responses = [
    { response: 'CR', share: '1' },
    { response: 'PR', share: '1' },
    { response: 'SD', share: '0.8' },
    { response: 'PD', share: '0' },
  ];
  const ruleWire = (over: Record<string, unknown>) => ({
    id: 'r1',
    from: '2025-01-01',
    items: ['XL01EBA999B001010100001'],
    evaluationAfterMonths: 3,
    responses,
    ...over,
  });
  const loadIssues = (rule: Record<string, unknown>) => {
    const loaded = withRules({ payForResponse: [rule] } as Partial<PolicyWire['parameters']>);
    expect(loaded.ok).toBe(false);
    return loaded.issues.map((i) => [i.code, i.path]);
  };

  it('refuses a response kind given twice, through loadPolicy', () => {
    expect(
      loadIssues(
        ruleWire({ responses: [...responses.slice(0, 3), { response: 'SD', share: '0.5' }] }),
      ),
    ).toEqual([
      ['policy.invalid', ['parameters', 'payForResponse', 0, 'responses', 3, 'response']],
      ['policy.invalid', ['parameters', 'payForResponse', 0, 'responses']],
    ]);
  });

  it('refuses a missing response kind, through loadPolicy', () => {
    expect(loadIssues(ruleWire({ responses: responses.slice(1) }))).toEqual([
      ['policy.invalid', ['parameters', 'payForResponse', 0, 'responses']],
    ]);
  });

  it('refuses a share paid after progression, and a share above 1', () => {
    expect(
      loadIssues(
        ruleWire({
          responses: [
            { response: 'CR', share: '1.2' },
            ...responses.slice(1, 3),
            { response: 'PD', share: '0.5' },
          ],
        }),
      ),
    ).toEqual([
      ['policy.invalid', ['parameters', 'payForResponse', 0, 'responses', 0, 'share']],
      ['policy.invalid', ['parameters', 'payForResponse', 0, 'responses', 3, 'share']],
    ]);
  });

  it('refuses an evaluation after 0 months and two rules with one id', () => {
    expect(loadIssues(ruleWire({ evaluationAfterMonths: 0 }))).toEqual([
      ['policy.invalid', ['parameters', 'payForResponse', 0, 'evaluationAfterMonths']],
    ]);
    const twice = withRules({
      payForResponse: [ruleWire({}), ruleWire({})],
    } as Partial<PolicyWire['parameters']>);
    expect(twice.issues.map((i) => [i.code, i.path])).toEqual([
      ['policy.invalid', ['parameters', 'payForResponse', 1, 'id']],
    ]);
  });
});
