import {
  type CalendarDate,
  INSURANCE_TYPES,
  Decimal,
  Money,
  Ratio,
  accountingPeriodOf,
  calendarDate,
} from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  loadGrouperVersion,
  loadHarbinDrgParameters,
  loadShippedProcedureTechniques,
} from '../../node/load.ts';
import { claimFrom, demoPolicyWire, policyFrom } from '../__fixtures__/harness.ts';
import { demoCatalog, demoParameters } from '../dip/__fixtures__/load.ts';
import { dipPeriodPayment } from '../dip/payment.ts';
import { drgCasePayment } from '../drg/case-payment.ts';
import type { PolicyWire } from '../policy/policy.ts';
import drgClaims from './__fixtures__/drg-claims.json' with { type: 'json' };
import specials from './__fixtures__/special-cases.json' with { type: 'json' };
import worked from './__fixtures__/worked-examples.json' with { type: 'json' };
import { reconcileDrgClaims } from './drg.ts';
import {
  CASE_OUTLIERS,
  type CaseToReconcile,
  type SpecialCase,
  type Reconciliation,
  reconcileCases,
  reconcileDipPeriod,
  reconciliationSchema,
} from './reconcile.ts';

// The demo policy ships a specialCaseReview entry; these tests add their own
// (from the worked examples) to a policy that has none.
const demoWithoutSpecialCaseReview = (): PolicyWire => {
  const wire = demoPolicyWire();
  const { specialCaseReview: _dropped, ...parameters } = wire.parameters;
  return { ...wire, parameters };
};
const policy = policyFrom(demoWithoutSpecialCaseReview());
const period = (label: string) => {
  const p = accountingPeriodOf(label);
  if (p === undefined) throw new Error(label);
  return p;
};
const where = {
  institution: worked.institution.code,
  tier: worked.institution.tier as 'tertiary',
  region: worked.institution.region,
};
const casesOf = (list: (typeof worked.examples)[number]['cases']): CaseToReconcile[] =>
  list.map((c) => ({
    ...c,
    insuranceType: c.insuranceType as 'employee',
    outlier: c.outlier as 'normal',
    dischargeDate: calendarDate(c.dischargeDate),
    payment: Money.of(c.payment),
    cost: Money.of(c.cost),
    explanations: [],
  }));

function value<T>(r: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('period reconciliation: the worked examples of PRODUCT.md §8 (data)', () => {
  it.each(worked.examples.map((e) => [e.name, e] as const))('%s', (_name, example) => {
    const r = value(
      reconcileCases(policy, {
        ...where,
        period: period(worked.period),
        method: 'drg',
        cases: casesOf(example.cases),
      }),
    );
    const e = example.expect;
    expect(r.cases.map((c) => c.difference.toFixedString())).toEqual(e.differences);
    const [pool] = r.pools;
    expect({
      hospitalRetains: pool?.hospitalRetains.toFixedString(),
      careTeam: pool?.careTeam.toFixedString(),
      returnedToFund: pool?.returnedToFund.toFixedString(),
      hospitalBears: pool?.hospitalBears.toFixedString(),
      fundBears: pool?.fundBears.toFixedString(),
      adjustment: pool?.adjustment.toFixedString(),
    }).toEqual({
      hospitalRetains: e.hospitalRetains,
      careTeam: e.careTeam,
      returnedToFund: e.returnedToFund,
      hospitalBears: e.hospitalBears,
      fundBears: e.fundBears,
      adjustment: e.adjustment,
    });
    expect(pool?.shares.source).toBe('demo-230100-2025.1 parameters.caseReconciliation[0]');
    expect(r.totals.adjustment.toFixedString()).toBe(e.adjustment);
  });
});

describe('period reconciliation: bad input is refused, naming it, and nothing is computed', () => {
  const base = casesOf(worked.examples[0]?.cases ?? []);
  const one = base[0];
  if (one === undefined) throw new Error('fixture');

  it('no cases, a case twice, a case discharged outside the period', () => {
    const empty = reconcileCases(policy, {
      ...where,
      period: period('2025-Q2'),
      method: 'drg',
      cases: [],
    });
    expect(empty.ok ? [] : empty.issues.map((i) => [i.code, i.path])).toEqual([
      ['reconcile.no_cases', ['period']],
    ]);
    const r = reconcileCases(policy, {
      ...where,
      period: period('2025-Q2'),
      method: 'drg',
      cases: [one, one, { ...one, claimId: 'LATE', dischargeDate: calendarDate('2025-07-01') }],
    });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ['reconcile.duplicate_case', ['cases', 1, 'claimId']],
      ['reconcile.case_outside_period', ['cases', 2, 'dischargeDate']],
    ]);
  });

  it('a period the policy gives no shares for (before 2025, or a policy without them)', () => {
    const early = reconcileCases(policy, {
      ...where,
      period: period('2024-Q4'),
      method: 'drg',
      cases: [{ ...one, dischargeDate: calendarDate('2024-11-02') }],
    });
    expect(early.ok ? [] : early.issues.map((i) => [i.code, i.data])).toEqual([
      ['reconcile.no_shares', { insuranceType: 'employee', policy: 'demo-230100-2025.1' }],
    ]);
    const wire = demoPolicyWire();
    const without = policyFrom({
      ...wire,
      parameters: { ...wire.parameters, caseReconciliation: [] },
    });
    const r = reconcileCases(without, {
      ...where,
      period: period('2025-Q2'),
      method: 'drg',
      cases: [one],
    });
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['reconcile.no_shares']);
  });

  it('an institution entry beats the general one', () => {
    const wire = demoPolicyWire();
    const own = policyFrom({
      ...wire,
      parameters: {
        ...wire.parameters,
        caseReconciliation: [
          ...(wire.parameters.caseReconciliation ?? []),
          {
            from: '2025-01-01',
            key: { institution: where.institution },
            value: { surplusRetained: '1', careTeamShare: '0', overrunBorne: '1' },
          },
        ],
      },
    });
    const r = value(
      reconcileCases(own, { ...where, period: period('2025-Q2'), method: 'drg', cases: [one] }),
    );
    expect(r.pools[0]?.hospitalBears.toFixedString()).toBe('17000.00');
    expect(r.pools[0]?.shares.source).toBe('demo-230100-2025.1 parameters.caseReconciliation[1]');
  });
});

describe('period reconciliation: money invariants (properties)', () => {
  const fen = fc.bigInt({ min: 0n, max: 50_000_000n });
  const kase = fc.record({
    insuranceType: fc.constantFrom(...INSURANCE_TYPES),
    outlier: fc.constantFrom(...CASE_OUTLIERS),
    special: fc.constantFrom('approved', 'rejected', undefined),
    payment: fen,
    cost: fen,
    day: fc.integer({ min: 0, max: 89 }),
  });
  const q2 = period('2025-Q2');
  type Generated = {
    insuranceType: 'employee' | 'resident';
    outlier: 'normal' | 'high' | 'low';
    special: 'approved' | 'rejected' | undefined;
    payment: bigint;
    cost: bigint;
    day: number;
  };
  const toCases = (list: readonly Generated[]) =>
    list.map((c, i): CaseToReconcile => ({
      claimId: `C${String(i)}`,
      insuranceType: c.insuranceType,
      dischargeDate: calendarDate(
        new Date(Date.UTC(2025, 3, 1 + c.day)).toISOString().slice(0, 10),
      ),
      group: 'G',
      outlier: c.outlier,
      payment: Money.fromMinor(c.payment),
      cost: Money.fromMinor(c.cost),
      explanations: [],
    }));

  const wire = demoPolicyWire();
  const reviewing = policyFrom({
    ...wire,
    parameters: {
      ...wire.parameters,
      specialCaseReview: [
        { from: '2025-01-01', value: { paymentRatio: '0.85', maxShareOfCases: '1' } },
      ],
    },
  });

  it('each pool’s parts sum exactly to its net, the totals to the pools, and a rerun changes nothing', () => {
    fc.assert(
      fc.property(fc.array(kase, { minLength: 1, maxLength: 40 }), (list) => {
        const specialCases = list.flatMap((c, i): SpecialCase[] =>
          c.special === undefined
            ? []
            : [{ claimId: `C${String(i)}`, decision: c.special, reason: 'generated' }],
        );
        const input = {
          ...where,
          period: q2,
          method: 'drg' as const,
          cases: toCases(list),
          specialCases,
        };
        const r = value(reconcileCases(reviewing, input));
        const zero = Money.zero();
        for (const p of r.pools) {
          const surplus = p.sharedNet.isPositive() ? p.sharedNet : zero;
          const overrun = p.sharedNet.isNegative() ? p.sharedNet.negate() : zero;
          expect(p.hospitalRetains.add(p.returnedToFund).equals(surplus)).toBe(true);
          expect(p.hospitalBears.add(p.fundBears).equals(overrun)).toBe(true);
          expect(p.careTeam.lessThanOrEqual(p.hospitalRetains)).toBe(true);
          expect(
            p.adjustment.equals(p.hospitalRetains.subtract(p.hospitalBears).add(p.outlierNet)),
          ).toBe(true);
          expect(p.sharedNet.add(p.outlierNet).equals(p.payment.subtract(p.cost))).toBe(true);
          for (const m of [p.hospitalRetains, p.careTeam, p.hospitalBears, p.fundBears]) {
            expect(m.isAtMinorUnit() && !m.isNegative()).toBe(true);
          }
        }
        const sum = (pick: (p: Reconciliation['pools'][number]) => Money) =>
          Money.sum(r.pools.map(pick));
        expect(r.totals.payment.equals(Money.sum(r.cases.map((c) => c.payment)))).toBe(true);
        expect(r.totals.net.equals(r.totals.payment.subtract(r.totals.cost))).toBe(true);
        expect(r.totals.adjustment.equals(sum((p) => p.adjustment))).toBe(true);
        expect(r.pools.reduce((n, p) => n + p.cases, 0)).toBe(r.cases.length);
        r.cases.forEach((c, i) => {
          const g = list[i];
          expect(c.outlier).toBe(g?.special === 'approved' ? 'special' : g?.outlier);
          if (c.outlier === 'special') {
            expect(c.payment.equals(c.cost.multiplyRound(Ratio.of('0.85'), policy.rounding))).toBe(
              true,
            );
          }
        });
        const again = value(reconcileCases(reviewing, input));
        expect(JSON.stringify(reconciliationSchema.encode(again))).toBe(
          JSON.stringify(reconciliationSchema.encode(r)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('travels as JSON and back unchanged', () => {
    const r = value(
      reconcileCases(policy, {
        ...where,
        period: q2,
        method: 'drg',
        cases: casesOf(worked.examples[2]?.cases ?? []),
      }),
    );
    const text = JSON.stringify(reconciliationSchema.encode(r));
    const back = reconciliationSchema.parse(JSON.parse(text));
    expect(JSON.stringify(reconciliationSchema.encode(back))).toBe(text);
  });
});

describe('DRG reconciliation of stored inpatient claims', () => {
  const tables = loadGrouperVersion('harbin-2024');
  const parameters = loadHarbinDrgParameters();
  if (tables?.ok !== true || !parameters.ok) throw new Error('shipped DRG data');
  const versions = {
    policyAt: (date: CalendarDate) => (date >= '2025-01-01' ? policy : undefined),
    grouperAt: () => tables.value,
    parameters: parameters.value,
  };
  const line = {
    id: 'L1',
    kind: 'drug',
    code: 'XC04ABF039A001010100141',
    name: '酚妥拉明注射剂',
    quantity: '1',
    unitPrice: '20.00',
    amount: '20.00',
    date: '2025-06-11',
  };
  const inpatient = (id: string, principal: string) =>
    claimFrom({
      id,
      type: 'inpatient',
      admissionDate: '2025-06-10',
      dischargeDate: '2025-06-18',
      diagnoses: [{ code: principal, role: 'principal' }],
      lines: [line],
      totalAmount: '20.00',
    });

  it('groups each claim by the version of its discharge and pays it by the policy of that day', () => {
    const claim = inpatient('C-2025-300001', 'I50.900');
    const r = value(
      reconcileDrgClaims(versions, {
        ...where,
        period: period('2025-Q2'),
        cases: [{ claim, settlementId: 'stl_1', cost: Money.of('9000.00') }],
      }),
    );
    const expected = value(
      drgCasePayment(policy, parameters.value, {
        drg: 'FR25',
        date: calendarDate('2025-06-18'),
        insuranceType: 'employee',
        tier: 'tertiary',
        region: '230100',
        cost: Money.of('9000.00'),
      }),
    );
    expect(r.cases[0]).toMatchObject({ group: 'FR25', settlementId: 'stl_1', outlier: 'normal' });
    expect(r.cases[0]?.payment.toFixedString()).toBe(expected.payment.toFixedString());
    // The weight it was paid by: FR25's in the Harbin 2024 table (the case-mix index's term).
    expect(r.cases[0]?.weight?.toString()).toBe('0.5649');
    expect(reconciliationSchema.encode(r).cases[0]?.weight).toBe('0.5649');
    expect(r.cases[0]?.explanations).toContain(
      'weights and base rate of 2024 (parameters.drgWeightYear[0])',
    );
  });

  it('names every case it cannot pay, and reconciles nothing', () => {
    const good = inpatient('C-2025-300001', 'I50.900');
    const unknown = inpatient('C-2025-300002', 'Z99.999');
    const early = claimFrom({
      ...{
        id: 'C-2024-300003',
        type: 'inpatient',
        admissionDate: '2024-06-10',
        dischargeDate: '2024-06-18',
      },
      diagnoses: [{ code: 'I50.900', role: 'principal' }],
      lines: [{ ...line, date: '2024-06-11' }],
      totalAmount: '20.00',
    });
    const r = reconcileDrgClaims(versions, {
      ...where,
      period: period('2025-Q2'),
      cases: [good, unknown, early].map((claim) => ({ claim, cost: Money.of('100.00') })),
    });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path.slice(0, 2), i.data])).toEqual([
      ['reconcile.case_not_paid', ['cases', 1], { claimId: 'C-2025-300002' }],
      ['reconcile.no_policy', ['cases', 2], { claimId: 'C-2024-300003' }],
    ]);
  });
});

describe('DIP reconciliation: the region’s point value, one hospital’s cases', () => {
  it('pays the hospital’s cases their points × the closing point value, then shares the net', () => {
    const catalog = demoCatalog();
    const group = [...catalog.groups.keys()][0];
    if (group === undefined) throw new Error('demo DIP catalog');
    const dipCases = [
      { id: 'D1', institution: where.institution, tier: where.tier, cost: Money.of('30000.00') },
      { id: 'D2', institution: where.institution, tier: where.tier, cost: Money.of('12000.00') },
      {
        id: 'D3',
        institution: 'H23010300099',
        tier: 'secondary' as const,
        cost: Money.of('20000.00'),
      },
    ].map((c) => ({ ...c, group, insuranceType: 'employee' as const }));
    const paid = value(
      dipPeriodPayment(catalog, policy, demoParameters(), {
        date: calendarDate('2025-06-30'),
        budgets: [{ insuranceType: 'employee', amount: Money.of('60000.00') }],
        cases: dipCases,
      }),
    );
    const r = value(
      reconcileDipPeriod(policy, {
        ...where,
        period: period('2025-Q2'),
        paid,
        cases: dipCases
          .filter((c) => c.institution === where.institution)
          .map((c) => ({ id: c.id, dischargeDate: calendarDate('2025-06-20'), cost: c.cost })),
      }),
    );
    expect(r.method).toBe('dip');
    expect(r.cases.map((c) => c.payment.toFixedString())).toEqual(
      paid.cases.filter((c) => c.id !== 'D3').map((c) => c.payment.toFixedString()),
    );
    // The points behind each payment, as the period payment computed them.
    expect(r.cases.map((c) => c.points?.toFixed())).toEqual(
      paid.cases.filter((c) => c.id !== 'D3').map((c) => c.points.toFixed()),
    );
    // A DIP case has no DRG weight, in memory or on the wire.
    expect(r.cases.map((c) => c.weight)).toEqual([undefined, undefined]);
    expect(reconciliationSchema.encode(r).cases.some((c) => 'weight' in c)).toBe(false);
    expect(r.totals.cost.toFixedString()).toBe('42000.00');
    const missing = reconcileDipPeriod(policy, {
      ...where,
      period: period('2025-Q2'),
      paid,
      cases: [{ id: 'D9', dischargeDate: calendarDate('2025-06-20'), cost: Money.of('1.00') }],
    });
    expect(missing.ok ? [] : missing.issues.map((i) => i.code)).toEqual([
      'reconcile.case_not_paid',
    ]);
  });
});

describe('DRG reconciliation: the technique from the procedure codes, the person’s categories (data)', () => {
  const tables = loadGrouperVersion('harbin-2024');
  const parameters = loadHarbinDrgParameters();
  const techniques = loadShippedProcedureTechniques();
  if (tables?.ok !== true || !parameters.ok || !techniques.ok) throw new Error('shipped data');
  const wire = demoWithoutSpecialCaseReview();
  const own = policyFrom({
    ...wire,
    parameters: { ...wire.parameters, ...drgClaims.policy } as PolicyWire['parameters'],
  });
  const versions = {
    policyAt: () => own,
    grouperAt: () => tables.value,
    parameters: parameters.value,
    procedureTechniques: techniques.value,
  };
  const claimOf = (c: (typeof drgClaims.claims)[number]) =>
    claimFrom({
      id: c.id,
      type: 'inpatient',
      ...('person' in c ? { person: c.person } : {}),
      admissionDate: '2025-06-10',
      dischargeDate: '2025-06-18',
      diagnoses: [{ code: c.diagnosis, role: 'principal' }],
      procedures: c.procedures.map((p) => ({ ...p, date: '2025-06-11' })),
      lines: [
        {
          id: 'L1',
          kind: 'drug',
          code: 'XC04ABF039A001010100141',
          name: '酚妥拉明注射剂',
          quantity: '1',
          unitPrice: '20.00',
          amount: '20.00',
          date: '2025-06-11',
        },
      ],
      totalAmount: '20.00',
    });
  const r = value(
    reconcileDrgClaims(versions, {
      ...where,
      period: period('2025-Q2'),
      cases: drgClaims.claims.map((c) => ({ claim: claimOf(c), cost: Money.of(c.cost) })),
    }),
  );

  it.each(drgClaims.claims.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const paid = r.cases[i];
    expect(paid?.claimId).toBe(c.id);
    expect(paid?.group).toBe(c.expect.group);
    expect(paid?.explanations).toContain(c.expect.technique);
    expect(paid?.payment.toFixedString()).toBe(c.expect.payment);
    if ('coefficient' in c.expect) expect(paid?.explanations).toContain(c.expect.coefficient);
  });

  it('keeps the weight each case was paid by: the table weight, the group’s under a fixed subgroup standard', () => {
    // MA15's fixed subgroup standards have no weight of their own: MA15's table weight 3.0106;
    // HC25 1.6413 for the adult and the child alike (the children's coefficient is not a weight).
    expect(r.cases.map((c) => c.weight?.toString())).toEqual([
      '3.0106',
      '3.0106',
      '3.0106',
      '3.0106',
      '1.6413',
      '1.6413',
    ]);
    expect(reconciliationSchema.encode(r).cases.map((c) => c.weight)).toEqual([
      '3.0106',
      '3.0106',
      '3.0106',
      '3.0106',
      '1.6413',
      '1.6413',
    ]);
  });

  it('takes the special-case decisions: an approval needs a specialCaseReview entry', () => {
    const input = {
      ...where,
      period: period('2025-Q2'),
      cases: drgClaims.claims.map((c) => ({ claim: claimOf(c), cost: Money.of(c.cost) })),
      specialCases: [
        { claimId: 'C-2025-400001', decision: 'approved' as const, reason: 'new technology' },
      ],
    };
    const none = reconcileDrgClaims(versions, input);
    expect(none.ok ? [] : none.issues.map((i) => [i.code, i.path])).toEqual([
      ['reconcile.no_special_case_review', ['specialCases', 0, 'decision']],
    ]);
    const reviewing = policyFrom({
      ...wire,
      parameters: {
        ...wire.parameters,
        ...drgClaims.policy,
        ...specials.policy,
      } as PolicyWire['parameters'],
    });
    const r = value(reconcileDrgClaims({ ...versions, policyAt: () => reviewing }, input));
    // 68,000.00 × 0.9 instead of the robotic subgroup's 75,000.00
    expect([r.cases[0]?.outlier, r.cases[0]?.payment.toFixedString()]).toEqual([
      'special',
      '61200.00',
    ]);
    // An approved special case keeps the weight of its group.
    expect(r.cases[0]?.weight?.toString()).toBe('3.0106');
  });

  it('without the table the add-on is not seen: the declared technique, else the DRG’s standard', () => {
    const { procedureTechniques: _table, ...bare } = versions;
    const robotic = drgClaims.claims[0];
    if (robotic === undefined) throw new Error('fixture');
    const plain = value(
      reconcileDrgClaims(bare, {
        ...where,
        period: period('2025-Q2'),
        cases: [{ claim: claimOf(robotic), cost: Money.of(robotic.cost) }],
      }),
    );
    expect(plain.cases[0]?.payment.toFixedString()).not.toBe(robotic.expect.payment);
    expect(plain.cases[0]?.explanations.some((e) => e.startsWith('technique '))).toBe(false);
  });
});

describe('special-case review (特病单议): an approved case paid by its cost, outside the shared net (data)', () => {
  const wire = demoPolicyWire();
  const reviewing = policyFrom({
    ...wire,
    parameters: { ...wire.parameters, ...specials.policy },
  });
  const at = {
    institution: specials.institution.code,
    tier: specials.institution.tier as 'tertiary',
    region: specials.institution.region,
    period: period(specials.period),
    method: 'drg' as const,
  };
  const cases = (specials.cases as (typeof worked.examples)[number]['cases']).map(
    (c): CaseToReconcile => ({
      ...c,
      insuranceType: c.insuranceType as 'employee',
      outlier: c.outlier as 'normal',
      dischargeDate: calendarDate(c.dischargeDate),
      payment: Money.of(c.payment),
      cost: Money.of(c.cost),
      explanations: [],
    }),
  );
  const decisions = specials.specialCases as SpecialCase[];
  const codes = (x: ReturnType<typeof reconcileCases>) =>
    x.ok ? [] : x.issues.map((i) => [i.code, i.path]);

  it('pays the approved case cost × paymentRatio, the rejected one by its group; sums exact to the fen', () => {
    const r = value(reconcileCases(reviewing, { ...at, cases, specialCases: decisions }));
    const e = specials.expect;
    expect(r.cases.map((c) => c.outlier)).toEqual(e.outliers);
    expect(r.cases.map((c) => c.payment.toFixedString())).toEqual(e.payments);
    expect(r.cases.map((c) => c.difference.toFixedString())).toEqual(e.differences);
    const [pool] = r.pools;
    expect({
      payment: pool?.payment.toFixedString(),
      cost: pool?.cost.toFixedString(),
      sharedNet: pool?.sharedNet.toFixedString(),
      outlierCases: pool?.outlierCases,
      outlierNet: pool?.outlierNet.toFixedString(),
      hospitalRetains: pool?.hospitalRetains.toFixedString(),
      careTeam: pool?.careTeam.toFixedString(),
      returnedToFund: pool?.returnedToFund.toFixedString(),
      hospitalBears: pool?.hospitalBears.toFixedString(),
      fundBears: pool?.fundBears.toFixedString(),
      adjustment: pool?.adjustment.toFixedString(),
    }).toEqual(e.pool);
    expect(r.totals.adjustment.toFixedString()).toBe(e.pool.adjustment);
    expect(r.cases[0]?.explanations).toContain(e.approved);
    expect(r.cases[1]?.explanations).toContain(e.rejected);
    // The wire form carries `special` and comes back unchanged.
    const text = JSON.stringify(reconciliationSchema.encode(r));
    expect(
      JSON.stringify(reconciliationSchema.encode(reconciliationSchema.parse(JSON.parse(text)))),
    ).toBe(text);
  });

  it('refuses approvals above maxShareOfCases, an unknown claim, a second decision', () => {
    const tooMany = reconcileCases(reviewing, {
      ...at,
      cases,
      specialCases: [
        ...decisions,
        { claimId: 'C-EGFR-TARGETED', decision: 'approved', reason: 'new technology' },
      ],
    });
    expect(codes(tooMany)).toEqual([['reconcile.too_many_special_cases', ['specialCases']]]);
    expect(tooMany.ok ? undefined : tooMany.issues[0]?.data).toMatchObject({
      insuranceType: 'employee',
      approved: 2,
      cases: 4,
      allowed: 1,
      maxShareOfCases: '0.25',
    });
    const unknown = reconcileCases(reviewing, {
      ...at,
      cases,
      specialCases: [
        ...decisions,
        { claimId: 'C-NOT-HERE', decision: 'approved', reason: 'x' },
        { claimId: 'C-ECMO', decision: 'rejected', reason: 'changed my mind' },
      ],
    });
    expect(codes(unknown)).toEqual([
      ['reconcile.unknown_special_case', ['specialCases', 2, 'claimId']],
      ['reconcile.duplicate_special_case', ['specialCases', 3, 'claimId']],
    ]);
  });

  it('with no specialCaseReview in force an approval is an issue, a rejection is not', () => {
    const none = reconcileCases(policy, { ...at, cases, specialCases: decisions });
    expect(codes(none)).toEqual([
      ['reconcile.no_special_case_review', ['specialCases', 0, 'decision']],
    ]);
    const rejectedOnly = value(
      reconcileCases(policy, { ...at, cases, specialCases: decisions.slice(1) }),
    );
    expect(rejectedOnly.cases.map((c) => c.outlier)).toEqual(['normal', 'normal', 'normal', 'low']);
  });

  it('an institution’s own entry beats the general one', () => {
    const own = policyFrom({
      ...wire,
      parameters: {
        ...wire.parameters,
        specialCaseReview: [
          ...specials.policy.specialCaseReview,
          {
            from: '2025-01-01',
            key: { institution: at.institution },
            value: { paymentRatio: '1', maxShareOfCases: '0.5' },
          },
        ],
      },
    });
    const r = value(reconcileCases(own, { ...at, cases, specialCases: decisions }));
    expect(r.cases[0]?.payment.toFixedString()).toBe('123456.79');
    expect(r.cases[0]?.explanations.join()).toContain('parameters.specialCaseReview[1]');
  });

  it('the DIP path takes the same decisions', () => {
    const paid = {
      cases: cases.map((c, i) => ({
        id: c.claimId,
        group: c.group,
        insuranceType: c.insuranceType,
        outlier: c.outlier,
        payment: c.payment,
        points: new Decimal(`${String(1000 + i)}.5`),
        explanation: `DIP ${c.group}`,
      })),
    };
    const r = value(
      reconcileDipPeriod(reviewing, {
        institution: at.institution,
        tier: at.tier,
        region: at.region,
        period: at.period,
        paid,
        cases: cases.map((c) => ({ id: c.claimId, dischargeDate: c.dischargeDate, cost: c.cost })),
        specialCases: decisions,
      }),
    );
    expect(r.method).toBe('dip');
    expect(r.pools[0]?.adjustment.toFixedString()).toBe(specials.expect.pool.adjustment);
    expect(r.cases[0]?.explanations).toEqual(['DIP ER13', specials.expect.approved]);
    // Each case keeps its points on the wire, the approved special case too.
    expect(r.cases.map((c) => c.points?.toFixed())).toEqual(
      cases.map((_, i) => `${String(1000 + i)}.5`),
    );
    const wire = reconciliationSchema.encode(r);
    expect(wire.cases[0]?.points).toBe('1000.5');
    expect(wire.cases.some((c) => 'weight' in c)).toBe(false);
  });
});
