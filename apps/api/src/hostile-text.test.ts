import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, claimJson, testApi } from './__fixtures__/harness.ts';

/**
 * Text the database cannot keep — the NUL character or a lone UTF-16 surrogate — in any text field
 * of any JSON body is the request's fault: a 400 naming the field (each of these was a 500 when the
 * database refused it).
 */

let api: TestApi;
let settlementId = '';
beforeAll(async () => {
  api = await testApi();
  const res = await api.request('/v1/claims/settle', {
    json: claimJson({ id: 'C-TEXT', personId: 'P-460001' }),
    headers: { 'idempotency-key': 'text-1' },
    as: 'hospital',
  });
  settlementId = ((await res.json()) as { id: string }).id;
});
afterAll(() => api.close());

const HOSTILE = ['a\u0000b', 'x\ud800', '\udfffy'];

describe('unstorable text in a JSON body', () => {
  it.each(HOSTILE)('is refused with the path of the field (%j)', async (text) => {
    const cases: { path: string; body: unknown; field: (string | number)[] }[] = [
      {
        path: `/v1/settlements/${settlementId}/reverse`,
        body: { reason: text },
        field: ['reason'],
      },
      {
        path: '/v1/principals',
        body: { id: 'p-text', name: text, role: 'auditor' },
        field: ['name'],
      },
      {
        path: '/v1/approvals',
        body: {
          id: 'AP-TEXT',
          kind: 'out_of_catalog',
          item: { kind: 'drug', code: 'XL01XXZ999A001010100001', name: '药' },
          personId: 'P-460001',
          institution: { code: 'H23010300012', tier: 'tertiary' },
          requestedBy: { id: 'D-1', title: 'chief' },
          reason: 'r',
          alternativesConsidered: ['a', text],
          informedConsent: true,
          requestedOn: '2025-06-30',
          requestedQuantity: '5',
          requestedDays: 30,
        },
        field: ['alternativesConsidered', 1],
      },
      {
        path: '/v1/catalog/releases',
        body: {
          format: 'release',
          release: {
            id: 'local-text',
            title: text,
            region: '230100',
            effective: { start: '2030-01-01', end: null },
            publishedOn: '2029-12-01',
            source: 'test',
            items: [],
          },
        },
        field: ['release', 'title'],
      },
      {
        path: '/v1/claims/validate',
        body: { ...claimJson({ id: 'C-T2' }), department: text },
        field: ['department'],
      },
    ];
    for (const c of cases) {
      const res = await api.request(c.path, { json: c.body });
      expect(res.status, c.path).toBe(400);
      const body = (await res.json()) as {
        error: { issues: { code: string; path: (string | number)[] }[] };
      };
      expect(body.error.issues[0], c.path).toMatchObject({
        code: 'text.unstorable_character',
        path: c.field,
      });
    }
    // Nothing was changed: the settlement is still live.
    const stored = (await (await api.request(`/v1/settlements/${settlementId}`)).json()) as {
      status: string;
    };
    expect(stored.status).toBe('settled');
  });
});

describe('unstorable text in the URL', () => {
  it('is refused (400) in a path id and a query value, before any database read', async () => {
    for (const path of [
      '/v1/settlements/%00/reverse',
      '/v1/approvals/a%00b/approve',
      '/v1/policies/x%00/activate',
      '/v1/principals/%00/rotate',
    ]) {
      const res = await api.request(path, { json: { reason: 'x' } });
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { issues: { code: string }[] } };
      expect(body.error.issues[0]?.code).toBe('text.unstorable_character');
    }
    const listed = await api.request('/v1/settlements?claim=a%00b');
    expect(listed.status).toBe(400);
    expect((await api.request(`/v1/settlements/${settlementId}`)).status).toBe(200);
  });
});
