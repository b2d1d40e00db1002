import { readFileSync } from 'node:fs';
import { FEN_HALF_UP, Money } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Policy, type PolicyWire, loadPolicy } from '../policy/policy.ts';
import {
  type Cohort,
  type RiskSharingRule,
  type TreatedPatient,
  evaluateCohort,
  instalmentsDue,
  rebateDelta,
  riskSharingRuleSchema,
} from './risk-sharing.ts';

interface PatientWire {
  personId: string;
  treatedOn: string;
  paid: string;
  diedOn?: string;
  lostToFollowUpOn?: string;
}
interface CohortWire {
  contractId: string;
  patients: PatientWire[];
}
type RiskCase =
  | {
      name: string;
      kind: 'cohort';
      input: { rule: string; cohort: CohortWire; asOf: string };
      expect: {
        survivors: number;
        evaluable: number;
        rate: string | null;
        tier: number | null;
        refund: string | null;
        paidBase: string;
        refundOwed: string;
        excluded: { personId: string; lostToFollowUpOn: string; evaluationDate: string }[];
        dueEvaluations: { personId: string; dueOn: string }[];
      };
    }
  | {
      name: string;
      kind: 'rebate';
      input: { rule: string; cohort: CohortWire; asOf: string; previousInvoices: string[] };
      expect: { owed: string; invoiced: string; delta: string };
    }
  | {
      name: string;
      kind: 'instalments';
      input: { rule: string; patient: PatientWire; asOf: string };
      expect: {
        instalments: { date: string; amount: string; status: string }[];
        due: string;
        forfeited: string;
      };
    };
interface Fixture {
  source: string;
  rules: Partial<PolicyWire['parameters']>;
  cases: RiskCase[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/risk-sharing.json', import.meta.url), 'utf8'),
) as Fixture;

function withRules(rules: Partial<PolicyWire['parameters']>) {
  const wire = JSON.parse(
    readFileSync(new URL('../../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
  ) as PolicyWire;
  return loadPolicy({ ...wire, parameters: { ...wire.parameters, ...rules } });
}

const loaded = withRules(fixture.rules);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
const policy: Policy = loaded.value;
const ruleOf = (id: string): RiskSharingRule => {
  const rule = policy.parameters.riskSharing.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
};

const patientOf = (p: PatientWire): TreatedPatient => ({ ...p, paid: Money.of(p.paid) });
const cohortOf = (c: CohortWire): Cohort => ({ ...c, patients: c.patients.map(patientOf) });

function value<T>(r: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('risk sharing: the CAR-T contract of PRODUCT.md §8 (data)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const rule = ruleOf(c.input.rule);
    if (c.kind === 'cohort') {
      const e = value(
        evaluateCohort(rule, cohortOf(c.input.cohort), c.input.asOf, policy.rounding),
      );
      expect({
        survivors: e.survivors,
        evaluable: e.evaluable,
        rate: e.rate?.toString() ?? null,
        tier: e.tier?.index ?? null,
        refund: e.tier?.refund.toString() ?? null,
        paidBase: e.paidBase.toFixedString(),
        refundOwed: e.refundOwed.toFixedString(),
        excluded: e.excluded.map(({ personId, lostToFollowUpOn, evaluationDate }) => ({
          personId,
          lostToFollowUpOn,
          evaluationDate,
        })),
        dueEvaluations: e.dueEvaluations.map(({ personId, dueOn }) => ({ personId, dueOn })),
      }).toEqual(c.expect);
    } else if (c.kind === 'rebate') {
      const e = value(
        evaluateCohort(rule, cohortOf(c.input.cohort), c.input.asOf, policy.rounding),
      );
      const d = rebateDelta(
        e,
        c.input.previousInvoices.map((m) => Money.of(m)),
      );
      expect({
        owed: d.owed.toFixedString(),
        invoiced: d.invoiced.toFixedString(),
        delta: d.delta.toFixedString(),
      }).toEqual(c.expect);
    } else {
      const s = value(
        instalmentsDue(rule, patientOf(c.input.patient), c.input.asOf, policy.rounding),
      );
      expect({
        instalments: s.instalments.map((x) => ({
          date: x.date,
          amount: x.amount.toFixedString(),
          status: x.status,
        })),
        due: s.due.toFixedString(),
        forfeited: s.forfeited.toFixedString(),
      }).toEqual(c.expect);
    }
  });

  it('explains the rate, the tier and the refund with the contract id', () => {
    const c = fixture.cases.find((x) => x.kind === 'cohort' && x.expect.tier === 1);
    if (c?.kind !== 'cohort') throw new Error('no such case');
    const e = value(
      evaluateCohort(ruleOf('cart-survival'), cohortOf(c.input.cohort), c.input.asOf, FEN_HALF_UP),
    );
    const text = e.explanations.join('\n');
    expect(text).toContain('risk sharing cart-survival');
    expect(text).toContain('survival 6/10 = 60%');
    expect(text).toContain('refunds 15%');
    expect(text).toContain('15000000.00 paid for the evaluable patients × 0.15 = 2250000.00');
  });

  it('keeps the rate exact: 4 of 7 is not rounded before the tier is chosen', () => {
    const patients = Array.from({ length: 7 }, (_, i) => ({
      personId: `P${i}`,
      treatedOn: '2024-01-01',
      paid: Money.of('1500000.00'),
      ...(i < 4 ? {} : { diedOn: '2024-06-01' }),
    }));
    const e = value(
      evaluateCohort(
        ruleOf('cart-survival'),
        { contractId: 'cart-survival', patients },
        '2025-01-01',
        FEN_HALF_UP,
      ),
    );
    expect(e.rate?.toString().startsWith('0.571428571428571428')).toBe(true);
    expect(e.tier?.index).toBe(1);
  });
});

describe('risk sharing: properties', () => {
  const shareSets = fc
    .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 6 })
    .filter((w) => w.some((x) => x > 0))
    .map((weights) => {
      // Shares with up to 12 decimals summing to exactly 1: the last takes the remainder.
      const total = weights.reduce((a, b) => a + b, 0);
      const scaled = weights.map((w) => BigInt(Math.floor((w / total) * 1e12)));
      const rest = 10n ** 12n - scaled.slice(0, -1).reduce((a, b) => a + b, 0n);
      return [...scaled.slice(0, -1), rest].map((s) =>
        s === 10n ** 12n ? '1' : `0.${s.toString().padStart(12, '0')}`,
      );
    });

  it('instalments sum exactly to the payment', () => {
    fc.assert(
      fc.property(
        shareSets,
        fc.bigInt({ min: 1n, max: 100_000_000_000n }),
        fc.constantFrom(FEN_HALF_UP, { scale: 0, mode: 'half-up' as const }),
        (shares, fen, rounding) => {
          const wire = {
            ...fixture.rules.riskSharing?.[1],
            payment: Money.fromMinor(fen).toFixedString(),
            instalments: shares.map((share, i) => ({
              afterMonths: i * 6,
              share,
              requiresAlive: i > 0,
            })),
          };
          const parsed = riskSharingRuleSchema.safeDecode(wire as never);
          if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
          const s = value(
            instalmentsDue(
              parsed.data,
              { personId: 'P', treatedOn: '2024-01-01', paid: parsed.data.payment },
              '2030-01-01',
              rounding,
            ),
          );
          const total = Money.sum(s.instalments.map((x) => x.amount));
          expect(total.equals(parsed.data.payment)).toBe(true);
          expect(s.instalments.every((x) => !x.amount.isNegative())).toBe(true);
        },
      ),
    );
  });

  const patientArb = fc.record({
    treatedDay: fc.integer({ min: 0, max: 700 }),
    paidFen: fc.bigInt({ min: 0n, max: 200_000_000n }),
    diedAfter: fc.option(fc.integer({ min: 0, max: 900 })),
    lostAfter: fc.option(fc.integer({ min: 0, max: 900 })),
  });
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);

  it('re-running rebateDelta after invoicing the delta gives 0, and the invoices add up to what is owed', () => {
    fc.assert(
      fc.property(
        fc.array(patientArb, { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 1200 }), { minLength: 1, maxLength: 5 }),
        (list, asOfDays) => {
          const cohort: Cohort = {
            contractId: 'cart-survival',
            patients: list.map((p, i) => ({
              personId: `P${i}`,
              treatedOn: day(p.treatedDay),
              paid: Money.fromMinor(p.paidFen),
              ...(p.diedAfter === null ? {} : { diedOn: day(p.treatedDay + p.diedAfter) }),
              ...(p.lostAfter === null
                ? {}
                : { lostToFollowUpOn: day(p.treatedDay + p.lostAfter) }),
            })),
          };
          const invoices: Money[] = [];
          let owed = Money.zero();
          for (const asOf of [...asOfDays].sort((a, b) => a - b)) {
            const e = value(
              evaluateCohort(ruleOf('cart-survival'), cohort, day(asOf), FEN_HALF_UP),
            );
            const d = rebateDelta(e, invoices);
            invoices.push(d.delta);
            expect(rebateDelta(e, invoices).delta.isZero()).toBe(true);
            expect(e.evaluable + e.excluded.length + e.dueEvaluations.length).toBe(list.length);
            owed = e.refundOwed;
          }
          expect(Money.sum(invoices).equals(owed)).toBe(true);
        },
      ),
    );
  });
});

describe('risk sharing: bad input answers issues with paths', () => {
  const base = fixture.rules.riskSharing?.[1] as Record<string, unknown>;
  const loadIssues = (over: Record<string, unknown>) => {
    const r = withRules({ riskSharing: [{ ...base, ...over }] } as Partial<
      PolicyWire['parameters']
    >);
    expect(r.ok).toBe(false);
    return r.issues.map((i) => [i.code, i.path]);
  };
  const at = (...path: (string | number)[]) => ['parameters', 'riskSharing', 0, ...path];

  it('refuses tier thresholds that do not fall, through loadPolicy', () => {
    expect(
      loadIssues({
        tiers: [
          { atLeast: '0.5', refund: '0' },
          { atLeast: '0.7', refund: '0.15' },
          { atLeast: '0', refund: '0.3' },
        ],
      }),
    ).toEqual([['policy.invalid', at('tiers', 1, 'atLeast')]]);
  });

  it('refuses refunds that do not rise, and a last tier above 0', () => {
    expect(
      loadIssues({
        tiers: [
          { atLeast: '0.7', refund: '0.2' },
          { atLeast: '0.5', refund: '0.1' },
        ],
      }),
    ).toEqual([
      ['policy.invalid', at('tiers', 1, 'refund')],
      ['policy.invalid', at('tiers', 1, 'atLeast')],
    ]);
  });

  it('refuses instalment shares not summing to 1', () => {
    expect(
      loadIssues({
        instalments: [
          { afterMonths: 0, share: '0.5', requiresAlive: false },
          { afterMonths: 12, share: '0.3', requiresAlive: true },
        ],
      }),
    ).toEqual([['policy.invalid', at('instalments')]]);
  });

  it('refuses a cohort of another contract, a duplicate patient, a death before treatment', () => {
    const r = evaluateCohort(
      ruleOf('cart-survival'),
      {
        contractId: 'other',
        patients: [
          { personId: 'P1', treatedOn: '2024-02-01', paid: Money.of('1500000.00') },
          {
            personId: 'P1',
            treatedOn: '2024-02-01',
            paid: Money.of('1500000.00'),
            diedOn: '2024-01-01',
          },
          { personId: 'P3', treatedOn: '2023-12-01', paid: Money.of('-1.00') },
        ],
      },
      '2025-06-30',
      FEN_HALF_UP,
    );
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['risk_sharing.wrong_contract', ['contractId']],
      ['risk_sharing.duplicate_patient', ['patients', 1, 'personId']],
      ['risk_sharing.event_before_treatment', ['patients', 1, 'diedOn']],
      ['risk_sharing.negative_payment', ['patients', 2, 'paid']],
      ['risk_sharing.treated_outside_contract', ['patients', 2, 'treatedOn']],
    ]);
  });

  it('names the patient field of an instalment schedule issue', () => {
    const r = instalmentsDue(
      ruleOf('cart-survival-instalments'),
      { personId: 'P1', treatedOn: '2024-02-01', paid: Money.of('1.00'), lostToFollowUpOn: 'x' },
      '2025-06-30',
      FEN_HALF_UP,
    );
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['risk_sharing.invalid_date', ['lostToFollowUpOn']],
    ]);
  });
});
