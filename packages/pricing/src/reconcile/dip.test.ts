import { Decimal, Money, type RegionCode, accountingPeriodOf } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { loadShippedDipCatalog, loadShippedDipParameters } from '../../node/load.ts';
import { claimFrom, demoPolicyWire, policyFrom } from '../__fixtures__/harness.ts';
import { demoCatalog, demoParameters } from '../dip/__fixtures__/load.ts';
import type { SettledCase } from './drg.ts';
import fixture from './__fixtures__/dip-claims.json' with { type: 'json' };
import { reconcileDipClaims } from './dip.ts';
import { reconciliationSchema } from './reconcile.ts';

const policy = policyFrom(demoPolicyWire());
const versions = {
  policyAt: () => policy,
  catalog: demoCatalog(),
  parameters: demoParameters(),
};
const period = accountingPeriodOf(fixture.period);
if (period === undefined) throw new Error('fixture period');
const A = fixture.hospitals.A;

type FixtureClaim = (typeof fixture.claims)[number];
const claimOf = (c: FixtureClaim, override: Record<string, unknown> = {}) =>
  claimFrom({
    id: c.id,
    type: 'inpatient',
    person: { id: `P-${c.id.slice(-6)}`, insuranceType: c.insuranceType },
    institution: fixture.hospitals[c.hospital as 'A' | 'B'],
    admissionDate: '2025-06-10',
    dischargeDate: '2025-06-18',
    diagnoses: [{ code: c.diagnosis, role: 'principal' }],
    procedures: c.procedures.map((code, i) => ({
      code,
      role: i === 0 ? 'principal' : 'secondary',
      date: '2025-06-11',
    })),
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
    ...override,
  });
const regionCases = (): SettledCase[] =>
  fixture.claims.map((c) => ({
    claim: claimOf(c),
    settlementId: `S-${c.id}`,
    cost: Money.of(c.cost),
  }));
const budgets = fixture.budgets.map((b) => ({
  insuranceType: b.insuranceType as 'employee' | 'resident',
  amount: Money.of(b.amount),
}));
const input = {
  institution: A.code,
  tier: A.tier as 'tertiary',
  region: fixture.region as RegionCode,
  period,
  budgets,
};

function value<T>(r: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('DIP reconciliation of stored claims: the budget closes over the region (data)', () => {
  const r = value(reconcileDipClaims(versions, { ...input, regionCases: regionCases() }));
  const own = fixture.claims.filter((c) => c.hospital === 'A');

  it('point value = each fund’s budget ÷ the points of every hospital’s cases', () => {
    expect(
      r.pointValues?.map((v) => ({
        insuranceType: v.insuranceType,
        budget: v.budget.toFixedString(),
        totalPoints: v.totalPoints.toFixed(),
        pointValue: v.pointValue.toFixed(),
        cases: v.cases,
      })),
    ).toEqual(fixture.expect.pointValues);
  });

  it.each(own.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const paid = r.cases.find((x) => x.claimId === c.id);
    expect([paid?.group, paid?.outlier, paid?.payment.toFixedString()]).toEqual([
      c.expect.group,
      c.expect.outlier,
      c.expect.payment,
    ]);
    expect(paid?.settlementId).toBe(`S-${c.id}`);
    expect(paid?.explanations.join(' ')).toContain(
      `= ${new Decimal(c.expect.points).toFixed()} points`,
    );
  });

  it('only the hospital’s own cases; pools, shares and the adjustment to the fen', () => {
    expect(r.method).toBe('dip');
    expect(r.cases.map((c) => c.claimId)).toEqual(own.map((c) => c.id));
    expect(
      r.pools.map((p) => ({
        insuranceType: p.insuranceType,
        sharedNet: p.sharedNet.toFixedString(),
        outlierNet: p.outlierNet.toFixedString(),
        hospitalRetains: p.hospitalRetains.toFixedString(),
        careTeam: p.careTeam.toFixedString(),
        hospitalBears: p.hospitalBears.toFixedString(),
        adjustment: p.adjustment.toFixedString(),
      })),
    ).toEqual(fixture.expect.A.pools);
    expect({
      cases: r.totals.cases,
      payment: r.totals.payment.toFixedString(),
      cost: r.totals.cost.toFixedString(),
      adjustment: r.totals.adjustment.toFixedString(),
    }).toEqual(fixture.expect.A.totals);
  });

  it('each fund’s payments over the region sum exactly to its budget', () => {
    const b = value(
      reconcileDipClaims(versions, {
        ...input,
        institution: fixture.hospitals.B.code,
        tier: 'secondary',
        regionCases: regionCases(),
      }),
    );
    for (const budget of fixture.budgets) {
      const paid = [...r.cases, ...b.cases].filter((c) => c.insuranceType === budget.insuranceType);
      expect(Money.sum(paid.map((c) => c.payment)).toFixedString()).toBe(budget.amount);
    }
    expect(b.cases.map((c) => c.payment.toFixedString())).toEqual(
      fixture.claims.filter((c) => c.hospital === 'B').map((c) => c.expect.payment),
    );
  });

  it('round-trips through the wire schema with its point values', () => {
    const wire = reconciliationSchema.encode(r);
    expect(wire.pointValues?.[0]?.pointValue).toBe(fixture.expect.pointValues[0]?.pointValue);
    expect(reconciliationSchema.decode(wire).totals.adjustment.toFixedString()).toBe(
      fixture.expect.A.totals.adjustment,
    );
  });
});

describe('DIP reconciliation refuses the period whole, naming the claim', () => {
  it('a case of another hospital that does not group', () => {
    const cases = regionCases();
    const b = fixture.claims[2];
    if (b === undefined) throw new Error('fixture');
    cases[2] = {
      ...cases[2],
      claim: claimOf(b, { diagnoses: [{ code: 'Z99.2', role: 'principal' }] }),
      cost: Money.of(b.cost),
    };
    const r = reconcileDipClaims(versions, { ...input, regionCases: cases });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path, i.data?.['claimId']])).toEqual([
      ['reconcile.case_not_paid', ['regionCases', 2, 'principalDiagnosis'], b.id],
    ]);
  });

  it('a fund without a budget: each of its cases is named', () => {
    const r = reconcileDipClaims(versions, {
      ...input,
      budgets: budgets.filter((x) => x.insuranceType === 'employee'),
      regionCases: regionCases(),
    });
    expect(
      r.ok ? [] : r.issues.map((i) => [i.code, i.data?.['claimId'], i.data?.['cause']]),
    ).toEqual([
      ['reconcile.case_not_paid', 'C-2025-500004', 'dip_payment.no_budget'],
      ['reconcile.case_not_paid', 'C-2025-500005', 'dip_payment.no_budget'],
    ]);
  });

  it('a budget not at the fen, or a second one for a fund', () => {
    const r = reconcileDipClaims(versions, {
      ...input,
      budgets: [...budgets, { insuranceType: 'employee', amount: Money.of('1.00') }],
      regionCases: regionCases(),
    });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ['reconcile.dip_payment', ['budgets', 2, 'insuranceType']],
    ]);
  });

  it('a case discharged outside the period', () => {
    const cases = regionCases();
    const c = fixture.claims[4];
    if (c === undefined) throw new Error('fixture');
    cases[4] = {
      claim: claimOf(c, { admissionDate: '2025-07-01', dischargeDate: '2025-07-05' }),
      cost: Money.of(c.cost),
    };
    const r = reconcileDipClaims(versions, { ...input, regionCases: cases });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path, i.data?.['claimId']])).toEqual([
      ['reconcile.case_outside_period', ['regionCases', 4, 'dischargeDate'], c.id],
    ]);
  });

  it('a hospital without cases in the region’s period', () => {
    const r = reconcileDipClaims(versions, {
      ...input,
      institution: 'H23010300777',
      regionCases: regionCases(),
    });
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['reconcile.no_cases']);
  });
});

describe('the shipped DIP data (node loader, as the API loads it at start)', () => {
  it('is the demo catalog and parameters the tests use', () => {
    const catalog = value(loadShippedDipCatalog());
    const parameters = value(loadShippedDipParameters());
    expect([catalog.id, catalog.groups.size]).toEqual([
      versions.catalog.id,
      versions.catalog.groups.size,
    ]);
    expect(parameters).toEqual(versions.parameters);
  });
});
