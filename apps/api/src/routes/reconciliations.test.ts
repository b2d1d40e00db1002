import {
  loadGrouperVersion,
  loadHarbinDrgParameters,
  loadShippedDipCatalog,
  loadShippedDipParameters,
} from '@openpayer/pricing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OTHER_INSTITUTION,
  OWN_INSTITUTION,
  type TestApi,
  claimJson,
  testApi,
} from '../__fixtures__/harness.ts';

/**
 * POST /v1/reconciliations over real HTTP requests to the app: claims settled through the API,
 * then the hospital's quarter reconciled with the region's grouper version (Harbin 2024 for
 * 230100), the demo policy's DRG table year and its caseReconciliation shares.
 */

const parameters = loadHarbinDrgParameters();
const national = loadGrouperVersion('chs-drg-1.0');
if (!parameters.ok || national?.ok !== true) throw new Error('shipped DRG data');
let api: TestApi;
beforeAll(async () => {
  api = await testApi({
    drg: { tables: () => national.value, parameters: () => parameters.value },
  });
});
afterAll(() => api.close());

/** A heart-failure stay (I50.900 groups to FR2x in the Harbin 2024 version). */
const stay = (id: string, unitPrice: string, personId: string) => ({
  ...claimJson({
    id,
    personId,
    lines: [{ code: 'XC04ABF039A001010100141', name: '酚妥拉明注射剂', quantity: '1', unitPrice }],
  }),
  diagnoses: [{ code: 'I50.900', role: 'principal' }],
});

async function settle(claim: Record<string, unknown>) {
  const res = await api.request('/v1/claims/settle', {
    as: 'hospital',
    json: claim,
    headers: { 'idempotency-key': `k-${String(claim['id'])}` },
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

const reconcile = (body: unknown, as: 'admin' | 'reviewer' | 'hospital' = 'admin') =>
  api.request('/v1/reconciliations', { as, json: body });

interface Stored {
  id: string;
  institution: string;
  period: string;
  cases: number;
  adjustment: string;
  reconciliation: {
    totals: Record<string, string | number>;
    pools: { shares: Record<string, string>; hospitalBears: string; fundBears: string }[];
    cases: {
      claimId: string;
      group: string;
      outlier: string;
      payment: string;
      cost: string;
      difference: string;
      explanations: string[];
    }[];
  };
}

describe('POST /v1/reconciliations', () => {
  it("records the hospital's quarter once, with the cases behind each figure", async () => {
    await settle(stay('C-REC-1', '20000.00', 'P-000601'));
    await settle(stay('C-REC-2', '2500.00', 'P-000602'));
    const res = await reconcile({ institution: OWN_INSTITUTION, period: '2025-Q2' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Stored;
    expect(res.headers.get('location')).toBe(`/v1/reconciliations/${body.id}`);
    expect(body).toMatchObject({ institution: OWN_INSTITUTION, period: '2025-Q2', cases: 2 });
    const r = body.reconciliation;
    expect(r.cases.map((c) => [c.claimId, c.group.slice(0, 3), c.cost])).toEqual([
      ['C-REC-1', 'FR2', '20000.00'],
      ['C-REC-2', 'FR2', '2500.00'],
    ]);
    expect(r.pools[0]?.shares).toMatchObject({
      surplusRetained: '0.6',
      careTeamShare: '0.3',
      overrunBorne: '0.4',
    });
    expect(body.adjustment).toBe(r.totals['adjustment']);

    // Asked again: the recorded one (200), whoever asks and whatever the id would have been.
    const again = await reconcile({ institution: OWN_INSTITUTION, period: '2025-Q2' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Stored).id).toBe(body.id);

    const read = await api.request(`/v1/reconciliations/${body.id}`, { as: 'hospital' });
    expect(read.status).toBe(200);
    expect(((await read.json()) as Stored).reconciliation).toEqual(r);
    const list = await api.request('/v1/reconciliations', { as: 'reviewer' });
    expect(((await list.json()) as { items: Stored[] }).items.map((s) => s.id)).toEqual([body.id]);
    // Another hospital sees neither the list entry nor the reconciliation.
    const other = await api.request('/v1/reconciliations', { as: 'otherHospital' });
    expect(((await other.json()) as { items: unknown[] }).items).toEqual([]);
    expect(
      (await api.request(`/v1/reconciliations/${body.id}`, { as: 'otherHospital' })).status,
    ).toBe(404);
    expect(
      (
        await api.request(`/v1/reconciliations?institution=${OWN_INSTITUTION}`, {
          as: 'otherHospital',
        })
      ).status,
    ).toBe(403);
    const audit = await api.request(`/v1/audit/objects/reconciliation/${body.id}`, {
      as: 'auditor',
    });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(await audit.json())).toContain('reconciliation.recorded');
  });

  it('names what is wrong: the period, an empty quarter, the role', async () => {
    const bad = await reconcile({ institution: OWN_INSTITUTION, period: '2025-Q5' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"period"');
    const empty = await reconcile({ institution: OTHER_INSTITUTION, period: '2025-Q1' });
    expect(empty.status).toBe(422);
    const issues = ((await empty.json()) as { error: { issues: { code: string }[] } }).error.issues;
    expect(issues.map((i) => i.code)).toEqual(['reconcile.no_cases']);
    expect(
      (await reconcile({ institution: OWN_INSTITUTION, period: '2025-Q2' }, 'reviewer')).status,
    ).toBe(403);
    expect((await api.request('/v1/reconciliations/rec_none', { as: 'admin' })).status).toBe(404);
  });
});

describe('POST /v1/reconciliations with special-case decisions (特病单议)', () => {
  const q1 = (id: string, unitPrice: string, personId: string) => ({
    ...claimJson({
      id,
      personId,
      date: '2025-03-20',
      lines: [
        { code: 'XC04ABF039A001010100141', name: '酚妥拉明注射剂', quantity: '1', unitPrice },
      ],
    }),
    diagnoses: [{ code: 'I50.900', role: 'principal' }],
    admissionDate: '2025-03-12',
  });
  type Refusal = { error: { issues: { code: string; path: (string | number)[] }[] } };

  it('names an unknown claim and an approval the policy has no specialCaseReview for; takes a rejection', async () => {
    await settle(q1('C-REC-SPECIAL-1', '60000.00', 'P-000611'));
    await settle(q1('C-REC-SPECIAL-2', '3000.00', 'P-000612'));
    const period = '2025-Q1';
    const unknown = await reconcile({
      institution: OWN_INSTITUTION,
      period,
      specialCases: [{ claimId: 'C-NOT-HERE', decision: 'rejected', reason: 'x' }],
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as Refusal).error.issues.map((i) => [i.code, i.path])).toEqual([
      ['reconcile.unknown_special_case', ['specialCases', 0, 'claimId']],
    ]);
    // The demo policy approves at most 5% of the cases: one of two is too many.
    const approved = await reconcile({
      institution: OWN_INSTITUTION,
      period,
      specialCases: [{ claimId: 'C-REC-SPECIAL-1', decision: 'approved', reason: 'extreme cost' }],
    });
    expect(approved.status).toBe(422);
    expect(((await approved.json()) as Refusal).error.issues.map((i) => [i.code, i.path])).toEqual([
      ['reconcile.too_many_special_cases', ['specialCases']],
    ]);
    const bad = await reconcile({
      institution: OWN_INSTITUTION,
      period,
      specialCases: [{ claimId: 'C-REC-SPECIAL-1', decision: 'maybe', reason: 'x' }],
    });
    expect(bad.status).toBe(400);
    const rejected = await reconcile({
      institution: OWN_INSTITUTION,
      period,
      specialCases: [
        { claimId: 'C-REC-SPECIAL-1', decision: 'rejected', reason: 'within the group range' },
      ],
    });
    expect(rejected.status, await rejected.clone().text()).toBe(201);
    const body = (await rejected.json()) as Stored;
    expect(body.reconciliation.cases.map((c) => c.outlier)).toEqual(['normal', 'normal']);
    expect(body.reconciliation.cases[0]?.explanations).toContain(
      'special case (特病单议) rejected: within the group range; paid by ' +
        String(body.reconciliation.cases[0]?.group) +
        ' as usual',
    );
  });
});

describe('special-case requests (特病单议): a hospital asks, a reviewer decides, the period pays', () => {
  const q3 = (id: string, unitPrice: string, personId: string) => ({
    ...claimJson({
      id,
      personId,
      date: '2025-08-20',
      lines: [
        { code: 'XC04ABF039A001010100141', name: '酚妥拉明注射剂', quantity: '1', unitPrice },
      ],
    }),
    diagnoses: [{ code: 'I50.900', role: 'principal' }],
    admissionDate: '2025-08-12',
  });

  it('pays the approved case its cost when its period is reconciled, the rest by their group', async () => {
    // Twenty stays: one approval is 5%, the demo policy's maximum.
    for (let i = 1; i <= 20; i++) {
      const price = i === 1 ? '60000.00' : '6000.00';
      await settle(q3(`C-SPC-${String(i)}`, price, `P-0007${String(i).padStart(2, '0')}`));
    }
    const ask = (body: unknown, as: 'hospital' | 'otherHospital' = 'hospital') =>
      api.request('/v1/special-cases', { as, json: body });
    const request = { claimId: 'C-SPC-1', institution: OWN_INSTITUTION, reason: 'ECMO 21 days' };
    const made = await ask(request);
    expect(made.status, await made.clone().text()).toBe(201);
    const { id } = (await made.json()) as { id: string; status: string };
    expect((await ask(request)).status).toBe(409);
    expect((await ask({ ...request, claimId: 'C-NO-SUCH' })).status).toBe(422);
    expect((await ask(request, 'otherHospital')).status).toBe(403);

    const decide = (body: unknown, as: 'reviewer' | 'hospital' = 'reviewer') =>
      api.request(`/v1/special-cases/${id}/decide`, { as, json: body });
    expect((await decide({ decision: 'approved', reason: 'verified' }, 'hospital')).status).toBe(
      403,
    );
    const decided = await decide({ decision: 'approved', reason: 'verified: ECMO' });
    expect(decided.status).toBe(200);
    expect(((await decided.json()) as { status: string }).status).toBe('approved');
    expect((await decide({ decision: 'rejected', reason: 'again' })).status).toBe(409);
    const listed = await api.request('/v1/special-cases?status=approved', { as: 'hospital' });
    expect(((await listed.json()) as { items: { id: string }[] }).items.map((r) => r.id)).toEqual([
      id,
    ]);

    const res = await reconcile({ institution: OWN_INSTITUTION, period: '2025-Q3' });
    expect(res.status, await res.clone().text()).toBe(201);
    const cases = ((await res.json()) as Stored).reconciliation.cases;
    const special = cases.find((c) => c.claimId === 'C-SPC-1');
    expect(special).toMatchObject({ outlier: 'special', payment: '60000.00', cost: '60000.00' });
    expect(cases.filter((c) => c.outlier === 'special')).toHaveLength(1);
  });
});

describe('without DRG tables', () => {
  it('answers 503, not a half reconciliation', async () => {
    const bare = await testApi();
    try {
      const res = await bare.request('/v1/reconciliations', {
        as: 'admin',
        json: { institution: OWN_INSTITUTION, period: '2025-Q2' },
      });
      expect(res.status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});

describe('POST /v1/reconciliations by DIP: the region’s budget closes the point value', () => {
  const catalog = loadShippedDipCatalog();
  const dipParameters = loadShippedDipParameters();
  if (!catalog.ok || !dipParameters.ok) throw new Error('shipped DIP data');
  let dip: TestApi;
  beforeAll(async () => {
    dip = await testApi({
      drg: {
        tables: () => national.value,
        parameters: () => parameters.value,
        dip: { catalog: () => catalog.value, parameters: () => dipParameters.value },
      },
    });
  });
  afterAll(() => dip.close());

  /**
   * Stays of the demo DIP catalog (SYNTHETIC scores / average costs): the cost is the settled
   * total. The other hospital is secondary (hospital coefficient 1; the tertiary one 1.05).
   */
  const dipStay = (
    id: string,
    cost: string,
    personId: string,
    diagnosis: string,
    procedure: string,
    institution: 'own' | 'other',
  ) => {
    const base = claimJson({
      id,
      personId,
      institutionCode: institution === 'own' ? OWN_INSTITUTION : OTHER_INSTITUTION,
      lines: [
        { code: 'XC04ABF039A001010100141', name: '酚妥拉明注射剂', quantity: '1', unitPrice: cost },
      ],
    });
    return {
      ...base,
      ...(institution === 'other'
        ? {
            institution: {
              ...(base['institution'] as Record<string, unknown>),
              name: '哈尔滨示范二级医院',
              tier: 'secondary',
            },
          }
        : {}),
      diagnoses: [{ code: diagnosis, role: 'principal' }],
      procedures: [{ code: procedure, role: 'principal', date: '2025-06-10' }],
    };
  };
  const settleAt = async (claim: Record<string, unknown>, as: 'hospital' | 'otherHospital') => {
    const res = await dip.request('/v1/claims/settle', {
      as,
      json: claim,
      headers: { 'idempotency-key': `k-${String(claim['id'])}` },
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  const post = (body: unknown) => dip.request('/v1/reconciliations', { as: 'admin', json: body });
  type Refusal = { error: { issues: { code: string; path: (string | number)[] }[] } };
  const budgets = [{ insuranceType: 'employee', amount: '60000.00' }];

  it('pays the hospital’s cases points × the point value over both hospitals, recorded once', async () => {
    // HK80101 1180 × 1 × 1.05 = 1239; HC3402 3333 × (80000/35000 − 1) × 1.05 = 4499.55 (high);
    // the other hospital's HK80101 below 0.5 × 12,395.88: 1180 × 4000/12395.88 × 1 = 380.7717 (low).
    await settleAt(
      dipStay('C-DIP-1', '11000.00', 'P-000701', 'K80.100', '51.2300', 'own'),
      'hospital',
    );
    await settleAt(
      dipStay('C-DIP-2', '80000.00', 'P-000702', 'C34.1', '99.2501', 'own'),
      'hospital',
    );
    await settleAt(
      dipStay('C-DIP-3', '4000.00', 'P-000703', 'K80.100', '51.2300', 'other'),
      'otherHospital',
    );
    const res = await post({
      institution: OWN_INSTITUTION,
      period: '2025-Q2',
      method: 'dip',
      budgets,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as Stored & {
      method: string;
      reconciliation: { pointValues: Record<string, string | number>[] };
    };
    expect(body).toMatchObject({ institution: OWN_INSTITUTION, method: 'dip', cases: 2 });
    const r = body.reconciliation;
    expect(r.pointValues).toEqual([
      {
        insuranceType: 'employee',
        budget: '60000.00',
        totalPoints: '6119.3217',
        pointValue: '9.805008290379634723240649368050057',
        cases: 3,
      },
    ]);
    expect(r.cases.map((c) => [c.claimId, c.group, c.outlier, c.payment, c.cost])).toEqual([
      ['C-DIP-1', 'HK80101', 'normal', '12148.41', '11000.00'],
      ['C-DIP-2', 'HC3402', 'high', '44118.12', '80000.00'],
    ]);
    // Shared net 1,148.41: 60% retained = 689.05; the high case's −35,881.88 is recovered.
    expect(r.totals).toMatchObject({
      payment: '56266.53',
      cost: '91000.00',
      hospitalRetains: '689.05',
      careTeam: '206.72',
      adjustment: '-35192.83',
    });
    expect(body.adjustment).toBe('-35192.83');

    // One point value per period: another hospital's reconciliation with other budgets is refused.
    const otherBudgets = await post({
      institution: OTHER_INSTITUTION,
      period: '2025-Q2',
      method: 'dip',
      budgets: [{ insuranceType: 'employee', amount: '70000.00' }],
    });
    expect(otherBudgets.status).toBe(422);
    expect(((await otherBudgets.json()) as Refusal).error.issues[0]).toMatchObject({
      code: 'reconcile.dip_payment',
      path: ['budgets'],
    });

    // The other hospital's share of the same budget: the region's payments sum to it.
    const other = await post({
      institution: OTHER_INSTITUTION,
      period: '2025-Q2',
      method: 'dip',
      budgets,
    });
    expect(other.status, await other.clone().text()).toBe(201);
    expect(((await other.json()) as Stored).reconciliation.cases.map((c) => c.payment)).toEqual([
      '3733.47',
    ]);

    const again = await post({
      institution: OWN_INSTITUTION,
      period: '2025-Q2',
      method: 'dip',
      budgets: [{ insuranceType: 'employee', amount: '1.00' }],
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Stored).id).toBe(body.id);
  });

  it('names a wrong budget field (400), a fund without a budget (422)', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ method: 'dip' }, ['budgets']],
      [{ method: 'drg', budgets }, ['budgets']],
      [{ method: 'dip', budgets: [] }, ['budgets']],
      [
        { method: 'dip', budgets: [{ insuranceType: 'employee', amount: '-1.00' }] },
        ['budgets', 0, 'amount'],
      ],
      [
        { method: 'dip', budgets: [{ insuranceType: 'employee', amount: '10' }] },
        ['budgets', 0, 'amount'],
      ],
      [
        { method: 'dip', budgets: [{ insuranceType: 'pension', amount: '10.00' }] },
        ['budgets', 0, 'insuranceType'],
      ],
      [{ method: 'dip', budgets: [...budgets, ...budgets] }, ['budgets', 1, 'insuranceType']],
    ];
    for (const [extra, path] of cases) {
      const res = await post({
        institution: OWN_INSTITUTION,
        period: '2025-Q1',
        ...(extra as object),
      });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      const issues = ((await res.json()) as Refusal).error.issues;
      expect(
        issues.map((i) => i.path),
        JSON.stringify(extra),
      ).toContainEqual(path);
    }
    await settleAt(
      {
        ...dipStay('C-DIP-4', '9000.00', 'P-000704', 'K80.100', '51.2300', 'own'),
        dischargeDate: '2025-03-20',
        admissionDate: '2025-03-12',
        lines: [
          {
            id: 'L1',
            kind: 'drug',
            code: 'XC04ABF039A001010100141',
            name: '酚妥拉明注射剂',
            quantity: '1',
            unitPrice: '9000.00',
            amount: '9000.00',
            date: '2025-03-20',
          },
        ],
        procedures: [{ code: '51.2300', role: 'principal', date: '2025-03-13' }],
      },
      'hospital',
    );
    const noBudget = await post({
      institution: OWN_INSTITUTION,
      period: '2025-Q1',
      method: 'dip',
      budgets: [{ insuranceType: 'resident', amount: '1000.00' }],
    });
    expect(noBudget.status).toBe(422);
    expect(((await noBudget.json()) as Refusal).error.issues.map((i) => i.code)).toContain(
      'reconcile.case_not_paid',
    );
  });

  it('a server without DIP data answers 503 for dip', async () => {
    const res = await api.request('/v1/reconciliations', {
      as: 'admin',
      json: { institution: OWN_INSTITUTION, period: '2025-Q2', method: 'dip', budgets },
    });
    expect(res.status).toBe(503);
  });
});
