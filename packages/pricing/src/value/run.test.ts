import { type CalendarDate, Money } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type OutcomeEventWire,
  type ValueObservationsWire,
  outcomeEventSchema,
  valueObservationsSchema,
} from './inputs.ts';
import { valueAccounts, valuePeriodRunSchema } from './period.ts';
import { courseOf, coursePayment, runContractPeriod, runInstitutionPeriod } from './run.ts';
import { policyWith, readFixture } from './__fixtures__/demo.ts';

/**
 * The period engine over the demo policy's value-based rules (PRODUCT.md §8 as data): an
 * institution's year, a CAR-T contract's cohort over three periods (a claw-back that never counts
 * twice), and an EGFR-targeted course paid month by month by its response.
 */

interface Fixture {
  readonly institution: {
    readonly observations: ValueObservationsWire;
    readonly expect: { entries: [string, string, string][]; total: string };
  };
  readonly contract: {
    readonly contract: string;
    readonly events: OutcomeEventWire[];
    readonly runs: {
      period: string;
      expect: { owed: string; invoice: string; due: number; why: string };
    }[];
  };
  readonly course: {
    readonly events: OutcomeEventWire[];
    readonly rule: string;
    readonly claims: {
      date: string;
      claimed: string;
      expect: { status: string; paid: string; withheld: string };
    }[];
  };
}

const fixture = readFixture('period-runs') as Fixture;
const policy = policyWith();

describe('an institution period run (capitation, stepped P4P, value score)', () => {
  const observations = valueObservationsSchema.parse(fixture.institution.observations);

  it('books each model as an entry with its parts, exact to the fen', () => {
    const run = runInstitutionPeriod(policy, observations);
    if (!run.ok) throw new Error(JSON.stringify(run.issues));
    expect(run.value.entries.map((e) => [e.model, e.rule, e.amount.toFixedString()])).toEqual(
      fixture.institution.expect.entries,
    );
    expect(run.value.total.toFixedString()).toBe(fixture.institution.expect.total);
    for (const e of run.value.entries) {
      expect(Money.sum(e.parts.map((p) => p.amount)).equals(e.amount)).toBe(true);
      expect(e.explanations.join(' ')).toContain(e.rule);
    }
    // The run is its own wire shape: encoded and decoded it is the same run.
    const wire = valuePeriodRunSchema.encode(run.value);
    expect(valuePeriodRunSchema.encode(valuePeriodRunSchema.decode(wire))).toEqual(wire);
  });

  it('is a function of its inputs: running twice gives the same run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), (memberMonths) => {
        const input = valueObservationsSchema.parse({
          ...fixture.institution.observations,
          enrolments: [{ rule: 'diabetes-precision-management-2025', memberMonths }],
        });
        const a = runInstitutionPeriod(policy, input);
        const b = runInstitutionPeriod(policy, input);
        if (!a.ok || !b.ok) return false;
        const sum = Money.sum(a.value.entries.map((e) => e.amount));
        return (
          JSON.stringify(valuePeriodRunSchema.encode(a.value)) ===
            JSON.stringify(valuePeriodRunSchema.encode(b.value)) && sum.equals(a.value.total)
        );
      }),
      { numRuns: 50 },
    );
  });

  it('names an unknown rule and a missing indicator by the observation field, producing nothing', () => {
    const bad = valueObservationsSchema.parse({
      ...fixture.institution.observations,
      indicators: { control_rate: '0.82' },
      cases: [{ rule: 'no-such-rule', cases: 1 }],
    });
    const run = runInstitutionPeriod(policy, bad);
    expect(run.ok ? [] : run.issues.map((i) => [i.code, i.path.join('.')])).toEqual(
      expect.arrayContaining([
        ['value.indicator_missing', 'indicators.in_catalog_use_rate'],
        ['value.unknown_rule', 'cases.0.rule'],
      ]),
    );
  });

  it('refuses observations with a bad period or a rule listed twice, naming the field', () => {
    const r = valueObservationsSchema.safeParse({
      ...fixture.institution.observations,
      period: '2025-Q5',
      enrolments: [
        { rule: 'diabetes-precision-management-2025', memberMonths: 1 },
        { rule: 'diabetes-precision-management-2025', memberMonths: 2 },
      ],
    });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual([
      'period',
      'enrolments.1.rule',
    ]);
  });
});

describe('a risk-sharing contract run (the manufacturer rebate, claw-back across periods)', () => {
  const events = fixture.contract.events.map((e) => outcomeEventSchema.parse(e));

  it('invoices the refund owed less what earlier periods invoiced', () => {
    const invoiced: Money[] = [];
    for (const { period, expect: want } of fixture.contract.runs) {
      const run = runContractPeriod(policy, fixture.contract.contract, period, events, invoiced);
      if (!run.ok) throw new Error(JSON.stringify(run.issues));
      const [entry] = run.value.entries;
      expect(entry?.counterparty).toBe('Demo Biotech (演示药企)');
      expect(
        [entry?.parts[0]?.amount.negate().toFixedString(), run.value.total.toFixedString()],
        want.why,
      ).toEqual([want.owed, want.invoice]);
      expect(run.value.due).toHaveLength(want.due);
      invoiced.push(run.value.total.negate());
    }
  });

  it('answers an unknown contract by its field', () => {
    const run = runContractPeriod(policy, 'no-contract', '2025', events, []);
    expect(run.ok ? null : run.issues[0]).toMatchObject({
      code: 'value.unknown_rule',
      path: ['contract'],
    });
  });
});

describe('a course paid by response (按疗效付费)', () => {
  const events = fixture.course.events.map((e) => outcomeEventSchema.parse(e));

  for (const claim of fixture.course.claims) {
    it(`${claim.date}: ${claim.expect.status}`, () => {
      const course = courseOf('EGFR-1', events);
      if (!course.ok) throw new Error('course');
      const paid = coursePayment(
        policy,
        course.value,
        { date: claim.date as CalendarDate, claimed: Money.of(claim.claimed) },
        fixture.course.rule,
      );
      if (!paid.ok) throw new Error(JSON.stringify(paid.issues));
      expect({
        status: paid.value.status,
        paid: paid.value.paid.toFixedString(),
        withheld: paid.value.withheld.toFixedString(),
      }).toEqual(claim.expect);
    });
  }

  it('asks which rule when two pay the drug, and names a course never started', () => {
    const course = courseOf('EGFR-1', events);
    if (!course.ok) throw new Error('course');
    const ambiguous = coursePayment(policy, course.value, {
      date: '2025-05-10' as CalendarDate,
      claimed: Money.of('20000.00'),
    });
    expect(ambiguous.ok ? null : ambiguous.issues[0]).toMatchObject({
      code: 'value.ambiguous_rule',
      path: ['rule'],
    });
    const none = courseOf('NO-COURSE', events);
    expect(none.ok ? null : none.issues[0]).toMatchObject({
      code: 'value.course_unknown',
      path: ['course'],
    });
  });
});

describe("the fund's value-based accounts", () => {
  it('sums what the runs book: payable to institutions, receivable from the manufacturer', () => {
    const institution = runInstitutionPeriod(
      policy,
      valueObservationsSchema.parse(fixture.institution.observations),
    );
    const events = fixture.contract.events.map((e) => outcomeEventSchema.parse(e));
    const contract = runContractPeriod(policy, fixture.contract.contract, '2026', events, []);
    if (!institution.ok || !contract.ok) throw new Error('runs');
    const accounts = valueAccounts('mixed', [institution.value, contract.value]);
    expect({
      payable: accounts.payable.toFixedString(),
      receivable: accounts.receivable.toFixedString(),
      net: accounts.net.toFixedString(),
    }).toEqual({ payable: '2330000.00', receivable: '2250000.00', net: '80000.00' });
    expect(
      accounts.byModel.map((m) => [
        m.model,
        m.payable.toFixedString(),
        m.receivable.toFixedString(),
      ]),
    ).toEqual([
      ['capitation', '2030000.00', '0.00'],
      ['stepped_p4p', '200000.00', '0.00'],
      ['value_score', '100000.00', '0.00'],
      ['risk_sharing', '0.00', '2250000.00'],
    ]);
    expect(accounts.byCounterparty.map((c) => c.counterparty)).toEqual([
      'Demo Biotech (演示药企)',
      'H23010300012',
    ]);
  });
});
