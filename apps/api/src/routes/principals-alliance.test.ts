/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

/**
 * The medical alliance (医联体) over HTTP: an administrator marks a reviewer as the lead hospital
 * (牵头医院) of an alliance, a primary institution of that alliance requests a primary_care
 * approval for a drug outside the primary-care formulary, only that reviewer can decide it, and a
 * later claim at the primary institution draws it down.
 */

type Body = Record<string, any>;

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

const json = async (res: Response) => (await res.json()) as Body;

const ALLIANCE = 'HRB-ALLIANCE-1';
const COMMUNITY = {
  code: 'H23010300345',
  name: '道里区示范社区卫生服务中心',
  tier: 'primary',
  region: '230100',
  alliance: { id: ALLIANCE, isLead: false },
};
/**
 * Class B, outside the primary-care formulary (class A only); paid for children (the rule base's
 * age restriction), so the claim's patient is a child.
 */
const DRUG = {
  kind: 'drug',
  code: 'XA07FAK084N001010100041',
  catalogItemId: 'XA07F/枯草杆菌二联活菌/口服常释剂型',
  name: '枯草杆菌二联活菌',
};

/** A call with a key of a principal this test created. */
function withKey(
  key: string,
  path: string,
  init: { json?: unknown; headers?: Record<string, string> } = {},
) {
  const headers = new Headers({ ...init.headers, authorization: `Bearer ${key}` });
  if (init.json === undefined) return api.app.request(path, { headers });
  headers.set('content-type', 'application/json');
  return api.app.request(path, { method: 'POST', headers, body: JSON.stringify(init.json) });
}

async function created(principal: Record<string, unknown>): Promise<{ key: string; body: Body }> {
  const res = await api.request('/v1/principals', { json: principal });
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return { key: body['apiKey'] as string, body };
}

const primaryCareRequest = (id: string, allianceId = ALLIANCE) => ({
  id,
  kind: 'primary_care',
  item: DRUG,
  personId: 'P-300001',
  institution: { code: COMMUNITY.code, tier: 'primary', allianceId },
  requestedBy: { id: 'D-0301', title: 'attending' },
  reason: '慢性腹泻，基层目录内药品疗效不佳',
  alternativesConsidered: ['蒙脱石散'],
  informedConsent: true,
  requestedOn: '2025-06-30',
  requestedQuantity: '20',
  requestedDays: 60,
});

const decision = {
  comment: '牵头医院远程药师审核同意',
  validFrom: '2025-07-01',
  validTo: '2025-08-29',
  approvedQuantity: '20',
};

/** A claim at the community health centre, a member (not the lead) of the alliance. */
function communityClaim(id: string, quantity: string) {
  const claim = claimJson({
    id,
    personId: 'P-300001',
    date: '2025-07-10',
    lines: [{ code: DRUG.code, name: DRUG.name, quantity, unitPrice: '30.00' }],
  });
  const person = { ...(claim['person'] as Body), birthDate: '2019-03-02' };
  return { ...claim, person, institution: COMMUNITY };
}

describe('medical alliance lead hospital over HTTP', () => {
  it('lets only the alliance lead-hospital reviewer approve a primary institution’s request, which a later claim there draws down', async () => {
    const lead = await created({
      id: 'lead-reviewer-1',
      name: '市第一医院 远程药师',
      role: 'reviewer',
      allianceId: ALLIANCE,
      isLeadHospital: true,
    });
    expect(lead.body['principal']).toEqual({
      id: 'lead-reviewer-1',
      name: '市第一医院 远程药师',
      role: 'reviewer',
      institutionCode: null,
      allianceId: ALLIANCE,
      isLeadHospital: true,
    });
    const otherLead = await created({
      id: 'lead-reviewer-2',
      name: '另一医联体 牵头医院',
      role: 'reviewer',
      allianceId: 'HRB-ALLIANCE-2',
      isLeadHospital: true,
    });
    const community = await created({
      id: 'community-integrator',
      name: '道里区示范社区卫生服务中心 接口',
      role: 'institution_integrator',
      institutionCode: COMMUNITY.code,
      allianceId: ALLIANCE,
    });

    // Each key learns its alliance; the administrator sees them in the list.
    expect(await json(await withKey(lead.key, '/v1/me'))).toEqual({
      id: 'lead-reviewer-1',
      name: '市第一医院 远程药师',
      role: 'reviewer',
      institutionCode: null,
      allianceId: ALLIANCE,
      isLeadHospital: true,
    });
    expect(await json(await withKey(community.key, '/v1/me'))).toMatchObject({
      allianceId: ALLIANCE,
      isLeadHospital: false,
    });
    expect(await json(await api.request('/v1/me', { as: 'reviewer' }))).toMatchObject({
      allianceId: null,
      isLeadHospital: false,
    });
    const listed = (await json(await api.request('/v1/principals')))['items'] as Body[];
    expect(listed.find((p) => p['id'] === 'lead-reviewer-2')).toMatchObject({
      allianceId: 'HRB-ALLIANCE-2',
      isLeadHospital: true,
    });

    // The primary institution requests for its own alliance only.
    expect(
      (
        await withKey(community.key, '/v1/approvals', {
          json: primaryCareRequest('AP-PC-X', 'HRB-ALLIANCE-2'),
        })
      ).status,
    ).toBe(403);
    const requested = await withKey(community.key, '/v1/approvals', {
      json: primaryCareRequest('AP-PC-1'),
    });
    expect(requested.status, JSON.stringify(await requested.clone().json())).toBe(201);

    // Without the approval the drug is outside the primary-care formulary there.
    const before = await json(
      await withKey(community.key, '/v1/claims/precheck', { json: communityClaim('C-PC0', '5') }),
    );
    expect(before['lines'][0]).toMatchObject({ outcome: 'needs_approval', approvalId: null });

    // Another alliance's lead hospital and a reviewer of no alliance are refused.
    for (const key of [otherLead.key, api.keys.reviewer]) {
      const refused = await withKey(key, '/v1/approvals/AP-PC-1/approve', { json: decision });
      expect(refused.status).toBe(422);
      expect((await json(refused))['error']['issues']).toEqual([
        expect.objectContaining({
          code: 'approval.approver_not_lead_hospital',
          data: { allianceId: ALLIANCE },
        }),
      ]);
    }

    const approved = await withKey(lead.key, '/v1/approvals/AP-PC-1/approve', {
      json: decision,
    });
    const approvedBody = await json(approved);
    expect(approved.status, JSON.stringify(approvedBody)).toBe(200);
    expect(approvedBody['approval']).toMatchObject({
      status: 'approved',
      decision: {
        by: { id: 'lead-reviewer-1', role: 'reviewer', allianceId: ALLIANCE, isLeadHospital: true },
      },
    });

    const settled = await withKey(community.key, '/v1/claims/settle', {
      json: communityClaim('C-PC1', '5'),
      headers: { 'idempotency-key': 'pc-1' },
    });
    const settlement = await json(settled);
    expect(settled.status, JSON.stringify(settlement)).toBe(201);
    // The lead hospital's approval opens the drug outside the formulary: covered (class B), and
    // the line draws on the approval.
    expect(settlement['settlement']['lines'][0]).toMatchObject({
      outcome: 'covered_first_self_pay',
      itemId: DRUG.catalogItemId,
      approvalId: 'AP-PC-1',
      coverageReasons: ['coverage.covered_by_approval', 'coverage.first_self_pay'],
    });
    const drawn = await json(await withKey(community.key, '/v1/approvals/AP-PC-1', {}));
    expect(drawn['approval']['drawdowns']).toMatchObject([
      {
        claimId: 'C-PC1',
        quantity: '5',
        institutionCode: communityClaim('C-PC1', '5')['institution']['code'],
      },
    ]);
  });

  it('changes a principal’s alliance through an administrator, effective at once for its key', async () => {
    const reviewer = await created({
      id: 'member-reviewer',
      name: '成员医院 审核员',
      role: 'reviewer',
    });
    expect(reviewer.body['principal']).toMatchObject({ allianceId: null, isLeadHospital: false });

    const community = await created({
      id: 'community-integrator-2',
      name: '社区 接口',
      role: 'institution_integrator',
      institutionCode: COMMUNITY.code,
    });
    const requested = await withKey(community.key, '/v1/approvals', {
      json: primaryCareRequest('AP-PC-2'),
    });
    expect(requested.status).toBe(201);
    const refused = await withKey(reviewer.key, '/v1/approvals/AP-PC-2/reject', {
      json: { comment: '非牵头医院' },
    });
    expect(refused.status).toBe(422);

    // Not the administrator's business of another role: a reviewer cannot set it.
    expect(
      (
        await withKey(reviewer.key, '/v1/principals/member-reviewer/alliance', {
          json: { allianceId: ALLIANCE, isLeadHospital: true },
        })
      ).status,
    ).toBe(403);
    const set = await api.request('/v1/principals/member-reviewer/alliance', {
      json: { allianceId: ALLIANCE, isLeadHospital: true },
    });
    expect(set.status).toBe(200);
    expect(await json(set)).toEqual({
      principal: {
        id: 'member-reviewer',
        name: '成员医院 审核员',
        role: 'reviewer',
        institutionCode: null,
        allianceId: ALLIANCE,
        isLeadHospital: true,
      },
    });
    expect(await json(await withKey(reviewer.key, '/v1/me'))).toMatchObject({
      allianceId: ALLIANCE,
      isLeadHospital: true,
    });
    const rejected = await withKey(reviewer.key, '/v1/approvals/AP-PC-2/reject', {
      json: { comment: '建议转诊至牵头医院' },
    });
    expect(rejected.status).toBe(200);
    expect((await json(rejected))['approval']['status']).toBe('rejected');

    // Leaving the alliance: the key no longer decides for it.
    const left = await api.request('/v1/principals/member-reviewer/alliance', {
      json: { allianceId: null },
    });
    expect((await json(left))['principal']).toMatchObject({
      allianceId: null,
      isLeadHospital: false,
    });
    expect(await json(await withKey(reviewer.key, '/v1/me'))).toMatchObject({ allianceId: null });
  });

  it('refuses alliance data a role may not carry, a lead hospital without an alliance, and unknown fields', async () => {
    const refusals: [Record<string, unknown>, number, string][] = [
      [
        { id: 'x-1', name: 'x', role: 'reviewer', isLeadHospital: true },
        422,
        'principal.alliance_required',
      ],
      [
        { id: 'x-2', name: 'x', role: 'auditor', allianceId: ALLIANCE },
        422,
        'principal.alliance_not_allowed',
      ],
      [
        {
          id: 'x-3',
          name: 'x',
          role: 'institution_integrator',
          institutionCode: COMMUNITY.code,
          allianceId: ALLIANCE,
          isLeadHospital: true,
        },
        422,
        'principal.lead_hospital_not_allowed',
      ],
      [
        { id: 'x-4', name: 'x', role: 'reviewer', allianceId: ALLIANCE, lead: true },
        400,
        'validation.unrecognized_keys',
      ],
      [{ id: 'x-5', name: 'x', role: 'reviewer', allianceId: '' }, 400, ''],
    ];
    for (const [principal, status, code] of refusals) {
      const res = await api.request('/v1/principals', { json: principal });
      const body = await json(res);
      expect(res.status, JSON.stringify(principal)).toBe(status);
      if (status === 422) expect(body['error']['issues'][0]['code']).toBe(code);
    }
    const listed = (await json(await api.request('/v1/principals')))['items'] as Body[];
    expect(listed.map((p) => p['id'])).not.toContain('x-1');

    for (const [body, status] of [
      [{ isLeadHospital: true }, 400],
      [{ allianceId: null, isLeadHospital: true }, 422],
      [{ allianceId: ALLIANCE, colour: 'red' }, 400],
    ] as const) {
      const res = await api.request('/v1/principals/demo-reviewer/alliance', { json: body });
      expect(res.status, JSON.stringify(body)).toBe(status);
    }
    const admin = await api.request('/v1/principals/demo-admin/alliance', {
      json: { allianceId: ALLIANCE },
    });
    expect(admin.status).toBe(422);
    expect((await json(admin))['error']['issues'][0]['code']).toBe(
      'principal.alliance_not_allowed',
    );
    expect(
      (await api.request('/v1/principals/nobody/alliance', { json: { allianceId: ALLIANCE } }))
        .status,
    ).toBe(404);
    expect(await json(await api.request('/v1/me', { as: 'reviewer' }))).toMatchObject({
      allianceId: null,
      isLeadHospital: false,
    });
  });
});
