/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import type { RuleWire } from '@openpayer/supervision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

/**
 * A rule set activated over HTTP reviews every claim settled after: a finding deducts a line, a
 * hold stores the claim held until a reviewer releases it (paid or deducted), the hospital answers
 * a finding, and a post-payment review run over the ledger finds the same claims again.
 */

let api: TestApi;
const unexpected: unknown[] = [];
beforeAll(async () => {
  api = await testApi({ onUnexpectedError: (error) => unexpected.push(error) });
}, 60_000);
afterAll(async () => {
  await api.close();
  expect(unexpected).toEqual([]);
});

// Untyped JSON: the assertions check its shape.
type Body = any;
const call = async (path: string, init: { json?: unknown; as?: As; key?: string } = {}) => {
  const res = await api.request(path, {
    ...(init.json === undefined ? {} : { json: init.json }),
    as: init.as ?? 'admin',
    ...(init.key === undefined ? {} : { headers: { 'idempotency-key': init.key } }),
  });
  return { status: res.status, body: (await res.json()) as Body };
};

const DEDUCTED = 'XC04ABF039A001010100141';
const HELD = 'XB05BAA001B002010100096';

const base = {
  version: 1,
  category: 'medical',
  resultType: 'violation',
  severity: 'high',
  from: '2025-01-01',
} as const;

const rules: RuleWire[] = [
  {
    ...base,
    code: 'HRB-SEX-1',
    name: '限女性用药',
    stages: ['prescribe', 'settle', 'post_payment'],
    action: 'deduct',
    check: { kind: 'item_sex', items: [DEDUCTED], sex: 'female' },
  },
  {
    ...base,
    code: 'HRB-TIER-1',
    name: '限基层使用',
    stages: ['settle'],
    resultType: 'suspicious',
    action: 'hold',
    check: { kind: 'item_tier', items: [HELD], tiers: ['primary'] },
  },
];

const claim = (id: string, code: string, personId: string) =>
  claimJson({
    id,
    personId,
    date: '2025-06-20',
    lines: [
      {
        code,
        name: code === DEDUCTED ? '酚妥拉明注射剂' : '葡萄糖注射液',
        quantity: '2',
        unitPrice: '300.00',
      },
    ],
  });

describe('smart review in settlement over HTTP', () => {
  it('reviews claims with the rule set in force once it is activated', async () => {
    const uploaded = await call('/v1/rule-sets', {
      json: {
        id: 'hrb-flow-2025',
        title: '哈尔滨审核',
        region: '230100',
        publishedOn: '2025-01-01',
        rules,
      },
    });
    expect(uploaded.status).toBe(201);

    // Not active yet: no review.
    const before = await call('/v1/claims/settle', {
      json: claim('C-RF-0', DEDUCTED, 'P-RF-0'),
      as: 'hospital',
      key: 'rf-0',
    });
    expect(before.status).toBe(201);
    expect(before.body.settlement.findings).toBeUndefined();

    expect(
      (await call('/v1/rule-sets/hrb-flow-2025/activate', { json: { from: '2025-01-01' } })).status,
    ).toBe(200);

    const pre = await call('/v1/claims/precheck', {
      json: claim('C-RF-1', DEDUCTED, 'P-RF-1'),
      as: 'hospital',
    });
    expect(pre.status).toBe(200);
    expect(pre.body.findings.map((f: Body) => [f.rule.code, f.stage])).toEqual([
      ['HRB-SEX-1', 'prescribe'],
    ]);

    const settled = await call('/v1/claims/settle', {
      json: claim('C-RF-1', DEDUCTED, 'P-RF-1'),
      as: 'hospital',
      key: 'rf-1',
    });
    expect(settled.status).toBe(201);
    expect(settled.body.status).toBe('settled');
    expect(settled.body.settlement.lines[0].selfPay).toEqual([
      { reason: 'deducted_by_rule', amount: '600.00' },
    ]);
    expect(settled.body.settlement.payers.patient).toBe('600.00');

    // The hospital answers its finding (3103); a second answer is refused.
    const found = await call(`/v1/findings?settlementId=${settled.body.id as string}`, {
      as: 'hospital',
    });
    expect(found.body.items).toHaveLength(1);
    const findingId = found.body.items[0].id as string;
    const answered = await call(`/v1/findings/${findingId}/respond`, {
      json: { answer: 'continue', reason: '经病理确认用药合理，申请复核' },
      as: 'hospital',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.response.answer).toBe('continue');
    expect(
      (
        await call(`/v1/findings/${findingId}/respond`, {
          json: { answer: 'self_pay', reason: 'x' },
          as: 'hospital',
        })
      ).status,
    ).toBe(409);
  });

  it('holds a claim until a reviewer releases it, paid or deducted', async () => {
    const held = await call('/v1/claims/settle', {
      json: claim('C-RF-2', HELD, 'P-RF-2'),
      as: 'hospital',
      key: 'rf-2',
    });
    expect(held.status).toBe(201);
    expect(held.body.status).toBe('held');
    const acc = await call('/v1/accumulators/P-RF-2/2025');
    expect(acc.body.fundPaid ?? '0.00').toBe('0.00');

    // Integrators cannot release; reviewers can.
    expect(
      (
        await call(`/v1/settlements/${held.body.id as string}/release`, {
          json: { decision: 'pay', note: 'x' },
          as: 'hospital',
        })
      ).status,
    ).toBe(403);
    const released = await call(`/v1/settlements/${held.body.id as string}/release`, {
      json: { decision: 'pay', note: '核实为基层转诊用药' },
      as: 'reviewer',
    });
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('settled');
    expect(released.body.settlement.findings.map((f: Body) => f.action)).toEqual(['warn']);
    const after = await call('/v1/accumulators/P-RF-2/2025');
    expect(after.body.fundPaid).toBe(released.body.settlement.accumulatorsAfter.fundPaid);
    expect((await call(`/v1/settlements/${held.body.id as string}`)).body.status).toBe('released');
    expect(
      (
        await call(`/v1/settlements/${held.body.id as string}/release`, {
          json: { decision: 'pay', note: 'again' },
          as: 'reviewer',
        })
      ).status,
    ).toBe(409);

    const held2 = await call('/v1/claims/settle', {
      json: claim('C-RF-3', HELD, 'P-RF-2'),
      as: 'hospital',
      key: 'rf-3',
    });
    const deducted = await call(`/v1/settlements/${held2.body.id as string}/release`, {
      json: { decision: 'deduct', note: '不符合限定' },
      as: 'reviewer',
    });
    expect(deducted.body.settlement.lines[0].selfPay).toEqual([
      { reason: 'deducted_by_rule', amount: '600.00' },
    ]);

    const chain = await call(`/v1/audit/objects/settlement/${held.body.id as string}`, {
      as: 'auditor',
    });
    expect(chain.body.items.map((i: Body) => i.entry.kind)).toEqual([
      'claim.held',
      'claim.released',
    ]);
    expect((await call('/v1/settlements?status=held')).body.items).toEqual([]);
  });

  it('runs the post-payment review over the ledger and stores its findings with the run', async () => {
    expect(
      (
        await call('/v1/review-runs', {
          json: { from: '2025-06-01', to: '2025-07-01' },
          as: 'hospital',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('/v1/review-runs', {
          json: { from: '2025-07-01', to: '2025-06-01' },
          as: 'reviewer',
        })
      ).status,
    ).toBe(400);
    const run = await call('/v1/review-runs', {
      json: { from: '2025-06-20', to: '2025-06-21' },
      as: 'reviewer',
    });
    expect(run.status).toBe(201);
    expect(run.body.status).toBe('finished');
    // C-RF-0 (settled before the rules were active) and C-RF-1 trip HRB-SEX-1 after payment too.
    const findings = await call(`/v1/findings?runId=${run.body.id as string}`, { as: 'reviewer' });
    const claims = findings.body.items
      .map((f: Body) => [f.claimId, f.finding.rule.code, f.finding.stage])
      .sort();
    expect(claims).toEqual([
      ['C-RF-0', 'HRB-SEX-1', 'post_payment'],
      ['C-RF-1', 'HRB-SEX-1', 'post_payment'],
    ]);
    expect(run.body.findings).toBe(2);
    expect(run.body.skipped).toBe(0);
    expect(
      (await call(`/v1/review-runs/${run.body.id as string}`, { as: 'reviewer' })).body.claims,
    ).toBe(run.body.claims);
    expect((await call('/v1/review-runs/none', { as: 'reviewer' })).status).toBe(404);
  });
});
