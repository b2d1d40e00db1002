/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions (toMatchObject / toEqual) check their shape. */
import { simulationReportSchema } from '@openpayer/pricing';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

/**
 * Simulation jobs over HTTP: the stored claims under the active demo policy and a draft whose
 * employee inpatient ratio below 50,000 is 0.95 instead of 0.85. By hand (class-A drug, demo
 * tertiary hospital): the fund pays (amount − deductible) × ratio, the deductible 1,000.00 for the
 * year's first admission, 500.00 for a later one.
 */

let api: TestApi;
type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

const DRAFT = 'demo-230100-2025.whatif';
const JUNE = { from: '2025-06-01', to: '2025-07-01' };

/** An inpatient stay with one drug line of `amount` (in yuan), admitted 4 days before `date`. */
function stay(
  id: string,
  personId: string,
  date: string,
  amount: string,
  admission: string,
): Record<string, unknown> {
  return {
    ...claimJson({
      id,
      personId,
      date,
      lines: [
        {
          code: 'XC04ABF039A001010100141',
          name: '酚妥拉明注射剂',
          quantity: '1',
          unitPrice: amount,
        },
      ],
    }),
    admissionDate: admission,
  };
}

beforeAll(async () => {
  api = await testApi();
  const claims = [
    // P-SIM-1's first stay of the year, in March: before the period.
    stay('C-SIMA-1', 'P-SIMA-1', '2025-03-05', '2000.00', '2025-03-01'),
    stay('C-SIMA-2', 'P-SIMA-1', '2025-06-15', '3000.00', '2025-06-09'),
    stay('C-SIMA-3', 'P-SIMA-2', '2025-06-15', '2000.00', '2025-06-09'),
  ];
  for (const claim of claims) {
    const res = await api.request('/v1/claims/settle', {
      json: claim,
      as: 'hospital',
      headers: { 'idempotency-key': `k-${String(claim['id'])}` },
    });
    if (res.status !== 201) throw new Error(await res.text());
  }
  const draft = readDemoPolicyText()
    .replace('id: demo-230100-2025.1', `id: ${DRAFT}`)
    .replace(
      "claimType: inpatient\n      value:\n        - upTo: '50000.00'\n          ratio: '0.85'",
      "claimType: inpatient\n      value:\n        - upTo: '50000.00'\n          ratio: '0.95'",
    );
  const uploaded = await api.request('/v1/policies', {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: draft,
  });
  if (uploaded.status !== 201) throw new Error(await uploaded.text());
});
afterAll(() => api.close());

/** Polls the job until it leaves `running` (bounded: the job has three claims). */
async function ended(id: string): Promise<Body> {
  for (let i = 0; i < 600; i++) {
    const job = await json(await api.request(`/v1/simulations/${id}`));
    if (job['status'] !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`simulation ${id} still running`);
}

describe('/v1/simulations', () => {
  it('runs a draft policy over the stored claims: the hand-calculated change', async () => {
    const res = await api.request('/v1/simulations', {
      json: {
        ...JUNE,
        baseline: { policy: 'demo-230100-2025.1' },
        candidate: { policy: DRAFT },
        budget: '10000.00',
      },
    });
    expect(res.status).toBe(202);
    const job = await json(res);
    expect(job).toMatchObject({ status: 'running', region: '230100', requestedBy: 'demo-admin' });
    expect(res.headers.get('location')).toBe(`/v1/simulations/${String(job['id'])}`);
    expect(await ended(job['id'])).toMatchObject({
      status: 'finished',
      total: 2,
      processed: 2,
    });

    const report = await api.request(`/v1/simulations/${String(job['id'])}/report`);
    expect(report.status).toBe(200);
    const text = await report.text();
    const parsed = simulationReportSchema.parse(JSON.parse(text));
    // (3000 − 500) × 0.85 + (2000 − 1000) × 0.85 = 2975.00; at 0.95: 2375.00 + 950.00 = 3325.00.
    expect(parsed.payers.basic_fund).toEqual({
      baseline: '2975.00',
      candidate: '3325.00',
      change: '350.00',
    });
    expect(parsed.outOfPocket.largest.map((p) => [p.personId, p.change])).toEqual([
      ['P-SIMA-1', '-250.00'],
      ['P-SIMA-2', '-100.00'],
    ]);
    expect(parsed.budget).toMatchObject({ change: '350.00', changePercent: '3.50' });
    expect(parsed.versions?.candidate.policy).toBe(DRAFT);
    // Byte for byte the same on every read.
    const again = await api.request(`/v1/simulations/${String(job['id'])}/report`);
    expect(await again.text()).toBe(text);
    const listed = await json(await api.request('/v1/simulations'));
    expect(listed['items'].map((j: Body) => j['id'])).toContain(job['id']);
  });

  it('the same policy on both sides changes nothing', async () => {
    const res = await api.request('/v1/simulations', {
      json: { ...JUNE, baseline: { policy: DRAFT }, candidate: { policy: DRAFT } },
    });
    const job = await json(res);
    expect((await ended(job['id']))['status']).toBe('finished');
    const parsed = simulationReportSchema.parse(
      await json(await api.request(`/v1/simulations/${String(job['id'])}/report`)),
    );
    expect(parsed.total.change).toBe('0.00');
    expect(parsed.outOfPocket).toMatchObject({ people: 2, same: 2, more: 0, less: 0 });
  });

  it('a cancelled job keeps no report', async () => {
    const res = await api.request('/v1/simulations', {
      json: { ...JUNE, baseline: { policy: 'demo-230100-2025.1' }, candidate: { policy: DRAFT } },
    });
    const id = String((await json(res))['id']);
    const cancel = await api.request(`/v1/simulations/${id}/cancel`, { method: 'POST' });
    const job = await ended(id);
    if (cancel.status === 200) {
      // Cancelled before it finished: it stops and keeps nothing.
      expect(job['status']).toBe('cancelled');
      const report = await api.request(`/v1/simulations/${id}/report`);
      expect(report.status).toBe(409);
      expect((await json(report))['error']['issues'][0]).toMatchObject({
        code: 'simulation.not_finished',
        path: ['id'],
      });
    } else {
      // Three claims can be done before the cancel arrives: then it is refused, the report kept.
      expect([cancel.status, job['status']]).toEqual([409, 'finished']);
    }
    const late = await api.request(`/v1/simulations/${id}/cancel`, { method: 'POST' });
    expect(late.status).toBe(409);
    expect((await json(late))['error']['issues'][0]['code']).toBe('simulation.not_running');
  });

  it('names the field of a bad request; stores nothing; admins only', async () => {
    const noTo = await api.request('/v1/simulations', {
      json: { from: '2025-06-01', baseline: { policy: DRAFT }, candidate: { policy: DRAFT } },
    });
    expect(noTo.status).toBe(400);
    expect((await json(noTo))['error']['issues'].map((i: Body) => i['path'])).toContainEqual([
      'to',
    ]);
    const badBudget = await api.request('/v1/simulations', {
      json: { ...JUNE, baseline: { policy: DRAFT }, candidate: { policy: DRAFT }, budget: 12 },
    });
    expect(badBudget.status).toBe(400);
    for (const budget of ['-100.00', '0.00']) {
      const notPositive = await api.request('/v1/simulations', {
        json: { ...JUNE, baseline: { policy: DRAFT }, candidate: { policy: DRAFT }, budget },
      });
      expect(notPositive.status).toBe(400);
      expect((await json(notPositive))['error']['issues'][0]).toMatchObject({
        path: ['budget'],
        message: expect.stringContaining('positive'),
      });
    }
    // A stored rule set today's loader refuses is named at its place, not a 500.
    await api.services.store.query(
      `INSERT INTO rule_sets (id, title, region, published_on, body)
       VALUES ('broken-rs', 'broken', '230100', '2025-01-01', '{"format":"nope"}'::jsonb)`,
    );
    const broken = await api.request('/v1/simulations', {
      json: {
        ...JUNE,
        baseline: { policy: DRAFT },
        candidate: { policy: DRAFT, ruleSets: ['broken-rs'] },
      },
    });
    expect(broken.status).toBe(422);
    expect((await json(broken))['error']['issues'][0]).toMatchObject({
      code: 'simulation.rule_set_unloadable',
      path: ['candidate', 'ruleSets', 0],
    });
    const unknown = await api.request('/v1/simulations', {
      json: { ...JUNE, baseline: { policy: DRAFT }, candidate: { policy: 'nope', catalog: 'x' } },
    });
    expect(unknown.status).toBe(422);
    const noRules = await api.request('/v1/simulations', {
      json: {
        ...JUNE,
        baseline: { policy: DRAFT },
        candidate: { policy: DRAFT, ruleSets: ['none'] },
      },
    });
    expect(noRules.status).toBe(422);
    expect((await json(noRules))['error']['issues'][0]).toMatchObject({
      code: 'simulation.unknown_rule_set',
      path: ['candidate', 'ruleSets', 0],
    });
    expect(
      (await json(unknown))['error']['issues'].map((i: Body) => [i['code'], i['path']]),
    ).toEqual([
      ['simulation.unknown_policy', ['candidate', 'policy']],
      ['simulation.unknown_catalog', ['candidate', 'catalog']],
    ]);
    const before = (await json(await api.request('/v1/simulations')))['items'].length;
    expect(before).toBeGreaterThan(0);
    const reviewer = await api.request('/v1/simulations', {
      as: 'reviewer',
      json: { ...JUNE, baseline: { policy: DRAFT }, candidate: { policy: DRAFT } },
    });
    expect(reviewer.status).toBe(403);
    expect((await json(await api.request('/v1/simulations')))['items'].length).toBe(before);
    expect((await api.request('/v1/simulations/sim_none')).status).toBe(404);
    expect((await api.request('/v1/simulations/sim_none/report')).status).toBe(404);
  });
});
