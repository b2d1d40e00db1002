import {
  Decimal,
  calendarDate,
  type InstitutionTier,
  type InsuranceType,
  Money,
} from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DipCase, dipPeriodPayment, loadDipParameters } from './payment.ts';
import { demoCatalog, demoParameters, fixture } from './__fixtures__/load.ts';

const catalog = demoCatalog();
const params = demoParameters();

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
  const r = dipPeriodPayment(catalog, params, {
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
    const r = dipPeriodPayment(catalog, params, {
      date: calendarDate('2024-06-30'),
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
    const r = dipPeriodPayment(catalog, params, {
      date: calendarDate('2024-06-30'),
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

  it('a date with no thresholds in force', () => {
    const r = dipPeriodPayment(catalog, params, {
      date: calendarDate('2023-06-30'),
      budgets,
      cases: [base],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toEqual(
      expect.objectContaining({ code: 'dip_payment.no_parameter', path: ['date'] }),
    );
  });

  it('parameter documents: overlapping entries, bad periods, bad values', () => {
    const doc = {
      id: 'p',
      region: '230100',
      pointsDecimals: 4,
      outliers: [
        { from: '2024-01-01', highMultiple: '2', lowFraction: '0.5' },
        { from: '2024-06-01', to: '2025-01-01', highMultiple: '3', lowFraction: '0.4' },
        { from: '2024-06-01', to: '2024-01-01', highMultiple: '3', lowFraction: '0.4' },
      ],
    };
    const r = loadDipParameters(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_payment.overlap', ['outliers', 1, 'from']],
      ['dip_payment.invalid', ['outliers', 2, 'to']],
    ]);
    const bad = loadDipParameters({
      ...doc,
      outliers: [{ from: '2024-01-01', highMultiple: '2', lowFraction: '1.5' }],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues[0]?.path).toEqual(['outliers', 0, 'lowFraction']);
  });

  it('thresholds are data: a later document moves them', () => {
    const r = loadDipParameters({
      id: 'p',
      region: '230100',
      pointsDecimals: 2,
      outliers: [{ from: '2024-01-01', highMultiple: '3', lowFraction: '0.4' }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const paid = dipPeriodPayment(catalog, r.value, {
      date: calendarDate('2024-06-30'),
      budgets,
      cases: [{ ...base, cost: Money.of('80000.00') }],
    });
    if (!paid.ok) throw new Error(JSON.stringify(paid.issues));
    expect(paid.value.cases[0]?.outlier).toBe('normal');
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
        const r = dipPeriodPayment(catalog, params, {
          date: calendarDate('2024-12-31'),
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
        const r = dipPeriodPayment(catalog, params, {
          date: calendarDate('2024-12-31'),
          budgets: [{ insuranceType: c.insuranceType, amount: Money.of('100.00') }],
          cases: [{ ...c, id: 'one' }],
        });
        if (!r.ok) return;
        const paid = r.value.cases[0];
        const avg = catalog.groups.get(c.group)?.averageCost.amount ?? new Decimal(1);
        const t = params.outliers[0];
        if (t === undefined) throw new Error('the demo parameters have thresholds');
        const expected = c.cost.amount.greaterThan(avg.times(t.highMultiple.decimal))
          ? 'high'
          : c.cost.amount.lessThan(avg.times(t.lowFraction.decimal))
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
