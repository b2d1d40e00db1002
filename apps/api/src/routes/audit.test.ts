/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/restrict-plus-operands, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import {
  fromBase64,
  verifyConsistency,
  verifyExport,
  verifyInclusion,
} from '@openpayer/supervision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;
const bytes = (b64: string) => fromBase64(b64) ?? new Uint8Array();

async function settle(id: string, person: string): Promise<string> {
  const res = await api.request('/v1/claims/settle', {
    as: 'hospital',
    json: claimJson({ id, personId: person }),
    headers: { 'idempotency-key': `audit-${id}` },
  });
  expect(res.status).toBe(201);
  return (await json(res))['id'] as string;
}

describe('the audit log over HTTP', () => {
  it('logs settlements and reversals, signs heads, proves inclusion and consistency, exports a verifiable log', async () => {
    const first = await settle('C-AUD-1', 'P-300001');
    const firstHead = await json(await api.request('/v1/audit/head', { as: 'auditor' }));
    expect(firstHead['head']['treeSize']).toBeGreaterThanOrEqual(1);

    await settle('C-AUD-2', 'P-300002');
    const reversed = await api.request(`/v1/settlements/${first}/reverse`, {
      as: 'hospital',
      json: { reason: 'duplicate admission' },
    });
    expect(reversed.status).toBe(200);

    const latest = await json(await api.request('/v1/audit/head', { as: 'reviewer' }));
    const { head, publicKey } = latest;
    expect(head['treeSize']).toBe(firstHead['head']['treeSize'] + 2);

    // The first settlement's chain: settled, then reversed, by whom, the person pseudonymised.
    const chain = await json(
      await api.request(`/v1/audit/objects/settlement/${first}`, { as: 'admin' }),
    );
    expect(
      chain['items'].map((i: Body) => [i['entry'].kind, i['entry'].event.reason ?? null]),
    ).toEqual([
      ['settlement.settled', null],
      ['settlement.reversed', 'duplicate admission'],
    ]);
    expect(JSON.stringify(chain)).not.toContain('P-300001');
    expect(chain['items'][0].entry.actor).toBe('demo-hospital');

    // Inclusion of both entries against the signed head.
    const proofs = await json(
      await api.request(`/v1/audit/settlements/${first}/proof`, { as: 'auditor' }),
    );
    expect(proofs['proofs']).toHaveLength(2);
    for (const p of proofs['proofs'] as Body[]) {
      expect(
        verifyInclusion(
          bytes(p['leafHash']),
          p['index'],
          p['treeSize'],
          (p['auditPath'] as string[]).map(bytes),
          bytes(proofs['head']['rootHash']),
        ),
      ).toBe(true);
    }
    const one = await json(
      await api.request(`/v1/audit/entries/${proofs['proofs'][1].index}/proof`, { as: 'auditor' }),
    );
    expect(one['auditPath']).toEqual(proofs['proofs'][1].auditPath);

    // The earlier head is a prefix of the later one.
    const consistency = await json(
      await api.request(
        `/v1/audit/consistency?first=${firstHead['head']['treeSize']}&second=${head['treeSize']}`,
        { as: 'auditor' },
      ),
    );
    expect(
      verifyConsistency(
        firstHead['head']['treeSize'],
        head['treeSize'],
        bytes(firstHead['head']['rootHash']),
        bytes(head['rootHash']),
        (consistency['consistency'] as string[]).map(bytes),
      ),
    ).toBe(true);

    // The export verifies with the public key alone, and still holds the earlier head.
    const exported = await api.request('/v1/audit/export', { as: 'auditor' });
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const report = verifyExport(await exported.text(), bytes(publicKey), {
      known: [firstHead['head']],
    });
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.entries).toBe(head['treeSize']);

    const page = await json(
      await api.request('/v1/audit/entries?from=0&limit=2', { as: 'auditor' }),
    );
    expect(page['items']).toHaveLength(2);
    expect(page['items'][0].index).toBe(0);
  });

  it('answers requests beyond the tree, bad parameters and other roles with clear errors', async () => {
    const size = (await json(await api.request('/v1/audit/head', { as: 'auditor' })))['head'][
      'treeSize'
    ];
    const beyond = await api.request(`/v1/audit/entries/${size + 5}/proof`, { as: 'auditor' });
    expect(beyond.status).toBe(404);
    expect((await json(beyond))['error']['issues'][0]).toMatchObject({
      code: 'audit.beyond_tree',
      path: ['index'],
    });
    const tooBig = await api.request(`/v1/audit/consistency?first=1&second=${size + 1}`, {
      as: 'auditor',
    });
    expect(tooBig.status).toBe(404);
    expect((await json(tooBig))['error']['issues'][0]['path']).toEqual(['second']);
    const backwards = await api.request(`/v1/audit/consistency?first=${size}&second=1`, {
      as: 'auditor',
    });
    expect(backwards.status).toBe(404);
    expect((await json(backwards))['error']['issues'][0]['path']).toEqual(['first']);
    const bad = await api.request('/v1/audit/entries?from=-1', { as: 'auditor' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await json(bad))).toContain('from');
    expect((await api.request('/v1/audit/entries/abc/proof', { as: 'auditor' })).status).toBe(404);
    expect(
      (await api.request('/v1/audit/settlements/stl_nothing/proof', { as: 'auditor' })).status,
    ).toBe(404);
    expect((await api.request('/v1/audit/head', { as: 'hospital' })).status).toBe(403);
    expect((await api.request('/v1/audit/head', { as: 'anonymous' })).status).toBe(401);
  });
});
