/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { fromBase64, verifyExport } from '@openpayer/supervision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, OWN_INSTITUTION, testApi } from '../__fixtures__/harness.ts';

/**
 * Approvals and principals over HTTP leave their changes in the audit log: who made each one,
 * the patient only as a pseudonym, never an API key or its hash, and the export still verifies.
 */

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

const PATIENT = 'P-470001';

const approvalRequest = (id: string) => ({
  id,
  kind: 'out_of_catalog',
  item: { kind: 'drug', code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药' },
  personId: PATIENT,
  institution: { code: OWN_INSTITUTION, tier: 'tertiary' },
  requestedBy: { id: 'D-0101', title: 'associate_chief' },
  reason: '一线靶向治疗耐药，目录内替代药品均已使用',
  alternativesConsidered: ['吉非替尼片'],
  informedConsent: true,
  requestedOn: '2025-06-30',
  requestedQuantity: '10',
  requestedDays: 90,
});

/** The entries of one object, oldest first. */
async function chain(type: string, id: string): Promise<Body[]> {
  const res = await api.request(`/v1/audit/objects/${type}/${id}`, { as: 'auditor' });
  expect(res.status).toBe(200);
  return ((await json(res))['items'] as Body[]).map((i) => i['entry'] as Body);
}

const kindsAndActors = (entries: Body[]) => entries.map((e) => [e['kind'], e['actor']]);

describe('approvals and principals in the audit log', () => {
  it('records requests and decisions with their actor, the patient only pseudonymised', async () => {
    const sizeBefore = (await json(await api.request('/v1/audit/head', { as: 'auditor' })))['head'][
      'treeSize'
    ] as number;
    for (const id of ['AUD-AP-1', 'AUD-AP-2']) {
      const created = await api.request('/v1/approvals', {
        json: approvalRequest(id),
        as: 'hospital',
      });
      expect(created.status).toBe(201);
    }
    // A refused request (a duplicate) writes nothing to the log.
    expect(
      (await api.request('/v1/approvals', { json: approvalRequest('AUD-AP-1'), as: 'hospital' }))
        .status,
    ).toBe(409);
    const approved = await api.request('/v1/approvals/AUD-AP-1/approve', {
      json: {
        comment: '同意',
        validFrom: '2025-07-01',
        validTo: '2025-09-28',
        approvedQuantity: '10',
      },
      as: 'reviewer',
    });
    expect(approved.status).toBe(200);
    const rejected = await api.request('/v1/approvals/AUD-AP-2/reject', {
      json: { comment: '有目录内替代药品' },
      as: 'reviewer',
    });
    expect(rejected.status).toBe(200);

    const first = await chain('approval', 'AUD-AP-1');
    expect(kindsAndActors(first)).toEqual([
      ['approval.requested', 'demo-hospital'],
      ['approval.decided', 'demo-reviewer'],
    ]);
    expect(first[1]?.['event']).toMatchObject({ decision: 'approved', by: 'demo-reviewer' });
    const second = await chain('approval', 'AUD-AP-2');
    expect(kindsAndActors(second)).toEqual([
      ['approval.requested', 'demo-hospital'],
      ['approval.decided', 'demo-reviewer'],
    ]);
    expect(second[1]?.['event']).toMatchObject({ decision: 'rejected', by: 'demo-reviewer' });

    // One patient, one pseudonym; the id itself appears nowhere.
    const pseudonyms = [...first, ...second].map((e) => e['event']['person']);
    expect(new Set(pseudonyms).size).toBe(1);
    expect(typeof pseudonyms[0]).toBe('string');
    expect(pseudonyms[0]).not.toBe(PATIENT);
    expect(JSON.stringify([first, second])).not.toContain(PATIENT);

    const sizeAfter = (await json(await api.request('/v1/audit/head', { as: 'auditor' })))['head'][
      'treeSize'
    ] as number;
    expect(sizeAfter - sizeBefore).toBe(4);
  });

  it('records principals created, given an alliance, rotated and revoked, never a key', async () => {
    // The seeded principals were created by the product itself.
    expect(kindsAndActors(await chain('principal', 'demo-reviewer'))).toEqual([
      ['principal.created', 'system'],
    ]);

    const created = await api.request('/v1/principals', {
      json: { id: 'aud-reviewer', name: 'audit reviewer', role: 'reviewer', institutionCode: null },
    });
    expect(created.status).toBe(201);
    const firstKey = (await json(created))['apiKey'] as string;
    const alliance = await api.request('/v1/principals/aud-reviewer/alliance', {
      json: { allianceId: 'HRB-ALLIANCE-AUD', isLeadHospital: true },
    });
    expect(alliance.status).toBe(200);
    const rotated = await api.request('/v1/principals/aud-reviewer/rotate', { json: {} });
    expect(rotated.status).toBe(200);
    const secondKey = (await json(rotated))['apiKey'] as string;
    const revoked = await api.request('/v1/principals/aud-reviewer/revoke', { json: {} });
    expect(revoked.status).toBe(200);
    // Revoking again changes nothing, so records nothing.
    expect((await api.request('/v1/principals/aud-reviewer/revoke', { json: {} })).status).toBe(
      200,
    );

    const entries = await chain('principal', 'aud-reviewer');
    expect(kindsAndActors(entries)).toEqual([
      ['principal.created', 'demo-admin'],
      ['principal.alliance_set', 'demo-admin'],
      ['principal.rotated', 'demo-admin'],
      ['principal.revoked', 'demo-admin'],
    ]);
    expect(entries[1]?.['event']).toMatchObject({
      allianceId: 'HRB-ALLIANCE-AUD',
      isLeadHospital: true,
    });
    // The state is the public record: a new key leaves it as it was, the other changes do not.
    const states = entries.map((e) => e['stateHash'] as string);
    expect(states[2]).toBe(states[1]);
    expect(new Set([states[0], states[1], states[3]]).size).toBe(3);
    const text = JSON.stringify(entries);
    expect(firstKey.length).toBeGreaterThan(0);
    for (const key of [firstKey, secondKey]) expect(text).not.toContain(key);
    expect(text).not.toMatch(/opk_|key_?hash|apiKey/iu);
  });

  it('exports a log that verifies with the public key alone', async () => {
    const { head, publicKey } = await json(await api.request('/v1/audit/head', { as: 'auditor' }));
    const exported = await api.request('/v1/audit/export', { as: 'auditor' });
    expect(exported.status).toBe(200);
    const text = await exported.text();
    const report = verifyExport(text, fromBase64(publicKey as string) ?? new Uint8Array());
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.entries).toBeGreaterThanOrEqual(head['treeSize'] as number);
    expect(text).not.toContain(PATIENT);
    expect(text).not.toContain('opk_');
  });
});
