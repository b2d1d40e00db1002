import {
  Decimal,
  calendarDate,
  type InstitutionTier,
  type InsuranceType,
  Money,
} from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../policy/policy.ts';
import { type DipCase, dipCasePoints, dipPeriodPayment, loadDipParameters } from './payment.ts';
import {
  DEMO_POLICY,
  demoCatalog,
  demoParameters,
  demoPolicy,
  fixture,
} from './__fixtures__/load.ts';

const catalog = demoCatalog();
const params = demoParameters();
const policy = demoPolicy();
/** The demo policy with other DIP parameters. */
const withDip = (dip: {
  dipOutliers?: unknown[];
  dipHospitalCoefficient?: unknown[];
}): unknown => ({ ...DEMO_POLICY, parameters: { ...DEMO_POLICY.parameters, ...dip } });

interface WorkedWire {
  readonly date: string;
  readonly budgets: { insuranceType: InsuranceType; amount: string }[];
  readonly cases: {
    id: string;
    group: string;
    insuranceType: InsuranceType;
    institution: string;
    tier: InstitutionTier;
    cost: string;
  }[];
  readonly expect: {
    pointValues: { insuranceType: InsuranceType; totalPoints: string; pointValue8: string }[];
    cases: { id: string; outlier: string; points: string; payment: string }[];
  };
}
const worked = fixture('./payment-cases.json') as WorkedWire;

describe('DIP period payment: the worked period (data)', () => {
  const r = dipPeriodPayment(catalog, policy, params, {
    date: calendarDate(worked.date),
    budgets: worked.budgets.map((b) => ({
      insuranceType: b.insuranceType,
      amount: Money.of(b.amount),
    })),
    cases: worked.cases.map((c) => ({ ...c, cost: Money.of(c.cost) })),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const paid = r.value;

  it.each(worked.expect.cases.map((c) => [c.id, c] as const))('case %s', (_id, e) => {
    const c = paid.cases.find((x) => x.id === e.id);
    expect(c?.outlier).toBe(e.outlier);
    expect(c?.points.equals(new Decimal(e.points))).toBe(true);
    expect(c?.payment.toFixedString()).toBe(e.payment);
    expect(c?.explanation).toContain(c?.points.toFixed() ?? '');
  });

  it('point values = budget ÷ total points, separately by insurance type', () => {
    for (const e of worked.expect.pointValues) {
      const pv = paid.pointValues.find((p) => p.insuranceType === e.insuranceType);
      expect(pv?.totalPoints.equals(new Decimal(e.totalPoints))).toBe(true);
      expect(pv?.pointValue.toDecimalPlaces(8).toFixed(8)).toBe(e.pointValue8);
    }
  });

  it('the payments of each insurance type sum exactly to its budget', () => {
    for (const b of worked.budgets) {
      const sum = Money.sum(
        paid.cases.filter((c) => c.insuranceType === b.insuranceType).map((c) => c.payment),
      );
      expect(sum.toFixedString()).toBe(b.amount);
    }
  });
});

describe('DIP period payment: bad input is refused, naming it, and nothing is paid', () => {
  const base: DipCase = {
    id: 'X',
    group: 'HC3402',
    insuranceType: 'employee',
    institution: 'H1',
    tier: 'secondary',
    cost: Money.of('30000.00'),
  };
  const budgets = [{ insuranceType: 'employee' as const, amount: Money.of('1000.00') }];

  it('an unknown group, a duplicate case, a missing budget, a negative cost', () => {
    const r = dipPeriodPayment(catalog, policy, params, {
      date: calendarDate('2025-06-30'),
      budgets,
      cases: [
        base,
        { ...base, id: 'Y', group: 'NOPE' },
        { ...base },
        { ...base, id: 'Z', insuranceType: 'resident' },
        { ...base, id: 'W', cost: Money.of('-1.00') },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_payment.unknown_group', ['cases', 1, 'group']],
      ['dip_payment.duplicate_case', ['cases', 2, 'id']],
      ['dip_payment.no_budget', ['cases', 3, 'insuranceType']],
      ['dip_payment.bad_value', ['cases', 4, 'cost']],
    ]);
  });

  it('a budget with no cases, or cases with no points', () => {
    const r = dipPeriodPayment(catalog, policy, params, {
      date: calendarDate('2025-06-30'),
      budgets: [...budgets, { insuranceType: 'resident', amount: Money.of('5.00') }],
      cases: [{ ...base, cost: Money.zero() }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_payment.no_points', ['budgets', 0, 'amount']],
      ['dip_payment.no_cases', ['budgets', 1, 'amount']],
    ]);
  });

  it('a date with no thresholds in force is one issue, however many cases', () => {
    const p = loadPolicy(
      withDip({
        dipOutliers: [{ from: '2025-07-01', value: { highMultiple: '2', lowFraction: '0.5' } }],
      }),
    );
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    const r = dipPeriodPayment(catalog, p.value, params, {
      date: calendarDate('2025-06-30'),
      budgets,
      cases: ['A', 'B', 'C'].map((id, i) => ({ ...base, id, institution: `H${i}` })),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'dip_payment.no_parameter',
        path: ['date'],
        data: { parameter: 'dipOutliers', cases: 3 },
      }),
      expect.objectContaining({ code: 'dip_payment.no_cases', path: ['budgets', 0, 'amount'] }),
    ]);
  });

  it('no hospital coefficient in force is refused, not taken as 1', () => {
    const p = loadPolicy(withDip({ dipHospitalCoefficient: [] }));
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    const r = dipPeriodPayment(catalog, p.value, params, {
      date: calendarDate('2025-06-30'),
      budgets,
      cases: [base],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'dip_payment.no_parameter',
        data: { parameter: 'dipHospitalCoefficient', cases: 1 },
      }),
      expect.objectContaining({ code: 'dip_payment.no_cases', path: ['budgets', 0, 'amount'] }),
    ]);
  });

  it('a catalog not in force on the date, or for another region', () => {
    const late = dipPeriodPayment({ ...catalog, from: '2026-01-01' }, policy, params, {
      date: calendarDate('2025-06-30'),
      budgets,
      cases: [base],
    });
    expect(late.ok).toBe(false);
    if (late.ok) return;
    expect(late.issues.map((i) => [i.code, i.path])).toEqual([['dip_payment.catalog', ['date']]]);
    const other = loadDipParameters({ id: 'p', region: '110000', points: params.points });
    if (!other.ok) throw new Error(JSON.stringify(other.issues));
    const elsewhere = dipPeriodPayment(catalog, policy, other.value, {
      date: calendarDate('2025-06-30'),
      budgets,
      cases: [base],
    });
    expect(elsewhere.ok).toBe(false);
    if (elsewhere.ok) return;
    // Neither the catalog nor the policy is for 110000: both are said.
    expect(elsewhere.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_payment.catalog', ['region']],
      ['dip_payment.catalog', ['region']],
    ]);
  });

  it('more issues than the cap end with one more_issues issue counting the rest', () => {
    const cases = Array.from({ length: 600 }, (_, i) => ({ ...base, id: `c${i}`, group: 'NOPE' }));
    const r = dipPeriodPayment(catalog, policy, params, {
      date: calendarDate('2025-06-30'),
      budgets,
      cases,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // 600 unknown groups and the budget left with no case: 601 issues, 500 listed.
    expect(r.issues).toHaveLength(501);
    expect(r.issues.at(-1)).toEqual(
      expect.objectContaining({ code: 'dip_payment.more_issues', data: { count: 101 } }),
    );
  });

  it('DIP parameter documents: the points rule, every issue naming its field', () => {
    const bad = loadDipParameters({ id: 'p', region: '230100', points: { scale: 12 } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_payment.invalid', ['points', 'scale']],
      ['dip_payment.invalid', ['points', 'mode']],
    ]);
  });

  it('policy DIP parameters: overlapping entries, bad periods, bad values are refused', () => {
    const outliers = (value: unknown, from = '2024-01-01', to: string | null = null) => ({
      from,
      to,
      value,
    });
    const r = loadPolicy(
      withDip({
        dipOutliers: [
          outliers({ highMultiple: '2', lowFraction: '0.5' }),
          outliers({ highMultiple: '3', lowFraction: '0.4' }, '2024-06-01', '2025-01-01'),
          outliers({ highMultiple: '3', lowFraction: '0.4' }, '2024-06-01', '2024-01-01'),
        ],
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['policy.overlapping_entries', ['parameters', 'dipOutliers', 1, 'from']],
      ['policy.bad_period', ['parameters', 'dipOutliers', 2, 'to']],
    ]);
    for (const [value, field] of [
      [{ highMultiple: '2', lowFraction: '1.5' }, 'lowFraction'],
      [{ highMultiple: '2', lowFraction: '0,5' }, 'lowFraction'],
      [{ highMultiple: '0.8', lowFraction: '0.5' }, 'highMultiple'],
    ] as const) {
      const bad = loadPolicy(withDip({ dipOutliers: [outliers(value)] }));
      expect(bad.ok, JSON.stringify(value)).toBe(false);
      if (bad.ok) return;
      expect(bad.issues.map((i) => [i.code, i.path])).toEqual([
        ['policy.invalid', ['parameters', 'dipOutliers', 0, 'value', field]],
      ]);
    }
  });

  it('thresholds are data: a later policy moves them', () => {
    const p = loadPolicy(
      withDip({
        dipOutliers: [{ from: '2024-01-01', value: { highMultiple: '3', lowFraction: '0.4' } }],
      }),
    );
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    const paid = dipPeriodPayment(catalog, p.value, params, {
      date: calendarDate('2025-06-30'),
      budgets,
      cases: [{ ...base, cost: Money.of('80000.00') }],
    });
    if (!paid.ok) throw new Error(JSON.stringify(paid.issues));
    expect(paid.value.cases[0]?.outlier).toBe('normal');
  });

  it("an institution's own coefficient beats its tier's", () => {
    const p = loadPolicy(
      withDip({
        dipHospitalCoefficient: [
          ...(DEMO_POLICY.parameters.dipHospitalCoefficient ?? []),
          { from: '2024-01-01', key: { institution: 'H9' }, value: '1.2' },
        ],
      }),
    );
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    const at = (institution: string) =>
      dipCasePoints(catalog, p.value, params, calendarDate('2025-06-30'), {
        ...base,
        institution,
        tier: 'tertiary',
      });
    const own = at('H9');
    const tier = at('H8');
    if (!own.ok || !tier.ok) throw new Error('both are paid');
    expect(own.value.coefficient.toString()).toBe('1.2');
    expect(own.value.explanation).toMatch(/parameters\.dipHospitalCoefficient\[3\]/u);
    expect(tier.value.coefficient.toString()).toBe('1.05');
  });

  it('only DIP parameters are keyed by institution (a settlement has none to match)', () => {
    const r = loadPolicy({
      ...DEMO_POLICY,
      parameters: {
        ...DEMO_POLICY.parameters,
        annualCap: [
          ...DEMO_POLICY.parameters.annualCap,
          { from: '2025-01-01', key: { institution: 'H9' }, value: '1.00' },
        ],
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      [
        'policy.invalid',
        ['parameters', 'annualCap', DEMO_POLICY.parameters.annualCap.length, 'key', 'institution'],
      ],
    ]);
  });
});

describe('DIP period payment: money invariants (properties)', () => {
  const groups = [...catalog.groups.keys()];
  const kase = fc.record({
    group: fc.constantFrom(...groups),
    insuranceType: fc.constantFrom<InsuranceType>('employee', 'resident'),
    institution: fc.constantFrom('H1', 'H2', 'H3'),
    tier: fc.constantFrom<InstitutionTier>('primary', 'secondary', 'tertiary'),
    cost: fc.bigInt({ min: 1n, max: 100_000_000n }).map((fen) => Money.fromMinor(fen)),
  });
  const period = fc.record({
    cases: fc.array(kase, { minLength: 1, maxLength: 40 }),
    employee: fc.bigInt({ min: 0n, max: 10_000_000_000n }),
    resident: fc.bigInt({ min: 0n, max: 10_000_000_000n }),
  });

  it('payments sum exactly to each budget, are never negative, and follow the points', () => {
    fc.assert(
      fc.property(period, (p) => {
        const cases = p.cases.map((c, i) => ({ ...c, id: `c${i}` }));
        const budgets = (['employee', 'resident'] as const)
          .filter((t) => cases.some((c) => c.insuranceType === t))
          .map((t) => ({ insuranceType: t, amount: Money.fromMinor(p[t]) }));
        const r = dipPeriodPayment(catalog, policy, params, {
          date: calendarDate('2025-12-31'),
          budgets,
          cases,
        });
        if (!r.ok) {
          // Only a type whose cases all have zero points can fail (costs are ≥ 1 fen, so never here).
          expect(r.issues.every((i) => i.code === 'dip_payment.no_points')).toBe(true);
          return;
        }
        for (const b of budgets) {
          const mine = r.value.cases.filter((c) => c.insuranceType === b.insuranceType);
          expect(Money.sum(mine.map((c) => c.payment)).equals(b.amount)).toBe(true);
          const pv = r.value.pointValues.find((v) => v.insuranceType === b.insuranceType);
          for (const c of mine) {
            expect(c.payment.isNegative()).toBe(false);
            // within one fen of points × point value
            const exact = c.points.times(pv?.pointValue ?? 0);
            expect(c.payment.amount.minus(exact).abs().lessThan(new Decimal('0.01'))).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the outlier kind follows the thresholds, and points never go negative', () => {
    fc.assert(
      fc.property(kase, (c) => {
        const r = dipPeriodPayment(catalog, policy, params, {
          date: calendarDate('2025-12-31'),
          budgets: [{ insuranceType: c.insuranceType, amount: Money.of('100.00') }],
          cases: [{ ...c, id: 'one' }],
        });
        if (!r.ok) return;
        const paid = r.value.cases[0];
        const avg = catalog.groups.get(c.group)?.averageCost ?? Money.of('1.00');
        const t = policy.parameters.dipOutliers[0]?.value;
        if (t === undefined) throw new Error('the demo policy has thresholds');
        // The thresholds are rounded by the policy's rounding (to the fen), as DRG's are.
        const expected = c.cost.greaterThan(avg.multiply(t.highMultiple).round(policy.rounding))
          ? 'high'
          : c.cost.lessThan(avg.multiply(t.lowFraction).round(policy.rounding))
            ? 'low'
            : 'normal';
        expect(paid?.outlier).toBe(expected);
        expect(paid?.points.isNegative()).toBe(false);
        expect(paid?.payment.toFixedString()).toBe('100.00');
      }),
      { numRuns: 1_000 },
    );
  });
});
