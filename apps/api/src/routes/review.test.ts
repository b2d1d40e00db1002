/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import type { Finding } from '@openpayer/domain';
import { type FindingRecord, insertFindings } from '@openpayer/persistence';
import type { RuleWire } from '@openpayer/supervision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type As,
  OTHER_INSTITUTION,
  OWN_INSTITUTION,
  type TestApi,
  testApi,
} from '../__fixtures__/harness.ts';

/**
 * Smart review over real HTTP: a rule set uploaded, listed, read, diffed against its successor and
 * activated (each in the audit log); findings listed, filtered and paged, read and answered, an
 * integrator seeing and answering only its own institution's.
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

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;
const get = async (path: string, as: As = 'admin') => {
  const res = await api.request(path, { as });
  return { status: res.status, body: await json(res) };
};
const post = async (path: string, body: unknown, as: As = 'admin') => {
  const res = await api.request(path, { json: body, as });
  return { status: res.status, body: await json(res), headers: res.headers };
};

function rule(code: string, over: Partial<RuleWire> = {}): RuleWire {
  return {
    code,
    version: 1,
    name: '重复检查',
    category: 'medical',
    stages: ['settle', 'post_payment'],
    resultType: 'suspicious',
    window: { kind: 'days', days: 30 },
    severity: 'medium',
    action: 'warn',
    from: '2025-01-01',
    check: { kind: 'times_per_window', items: ['250101'], maxTimes: '2' },
    ...over,
  };
}

const ruleSet = (id: string, rules: RuleWire[], region: string | null = '230100') => ({
  id,
  title: `哈尔滨智能审核规则 ${id}`,
  region,
  publishedOn: '2025-01-01',
  rules,
});

/** The audit chain of an object, as an auditor reads it. */
async function chainOf(type: string, id: string): Promise<Body[]> {
  const { status, body } = await get(`/v1/audit/objects/${type}/${id}`, 'auditor');
  expect(status).toBe(200);
  return body['items'].map((i: Body) => i['entry']);
}

describe('rule sets over HTTP', () => {
  it('uploads, lists, reads, diffs and activates, each change in the audit log', async () => {
    const first = ruleSet('hrb-2025.1', [
      rule('REP-1'),
      rule('SEX-1', {
        name: '限女性',
        check: { kind: 'item_sex', items: ['XG03'], sex: 'female' },
      }),
    ]);
    const up = await post('/v1/rule-sets', first);
    expect(up.status).toBe(201);
    expect(up.headers.get('location')).toBe('/v1/rule-sets/hrb-2025.1');
    expect(up.body).toMatchObject({
      id: 'hrb-2025.1',
      region: '230100',
      publishedOn: '2025-01-01',
      activeFrom: null,
      activatedBy: null,
      rules: 2,
    });

    const list = await get('/v1/rule-sets', 'hospital');
    expect(list.status).toBe(200);
    expect(list.body['items'].map((s: Body) => s['id'])).toContain('hrb-2025.1');

    const read = await get('/v1/rule-sets/hrb-2025.1', 'auditor');
    expect(read.status).toBe(200);
    expect(read.body['summary']).toEqual(up.body);
    expect(read.body['ruleSet']).toMatchObject({ id: 'hrb-2025.1', region: '230100' });
    expect(read.body['ruleSet']['rules'][0]).toMatchObject({
      code: 'REP-1',
      window: { kind: 'days', days: 30 },
      check: { kind: 'times_per_window', items: ['250101'], maxTimes: '2' },
    });

    // The successor: REP-1's limit raised, SEX-1 dropped, AGE-1 added.
    const second = ruleSet('hrb-2025.2', [
      rule('REP-1', { check: { kind: 'times_per_window', items: ['250101'], maxTimes: '3' } }),
      rule('AGE-1', {
        name: '限儿童',
        check: { kind: 'item_age', items: ['XR05'], minAge: null, maxAge: 18 },
      }),
    ]);
    expect((await post('/v1/rule-sets', second)).status).toBe(201);
    const diff = await get('/v1/rule-sets/diff?from=hrb-2025.1&to=hrb-2025.2', 'reviewer');
    expect(diff.status).toBe(200);
    expect(diff.body['counts']).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 0 });
    const changed = diff.body['rules'].find((r: Body) => r['status'] === 'changed');
    expect(changed).toMatchObject({ code: 'REP-1', version: 1, fields: ['check'] });
    // Decimals on the wire as text, as the document writes them.
    expect(changed['before']['check']['maxTimes']).toBe('2');
    expect(changed['after']['check']['maxTimes']).toBe('3');
    expect(diff.body['rules'].map((r: Body) => [r['status'], r['code']]).sort()).toEqual([
      ['added', 'AGE-1'],
      ['changed', 'REP-1'],
      ['removed', 'SEX-1'],
    ]);

    const on = await post('/v1/rule-sets/hrb-2025.1/activate', { from: '2025-02-01' });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({
      id: 'hrb-2025.1',
      activeFrom: '2025-02-01',
      activatedBy: 'demo-admin',
    });
    const clash = await post('/v1/rule-sets/hrb-2025.2/activate', { from: '2025-02-01' });
    expect(clash.status).toBe(409);
    expect(clash.body['error']['issues']).toEqual([
      expect.objectContaining({
        code: 'rule_set.activation_conflict',
        path: ['from'],
        data: { ruleSetId: 'hrb-2025.1' },
      }),
    ]);

    const chain = await chainOf('rule_set', 'hrb-2025.1');
    expect(chain.map((e) => [e['kind'], e['actor']])).toEqual([
      ['rule_set.uploaded', 'demo-admin'],
      ['rule_set.activated', 'demo-admin'],
    ]);
    expect(chain[1]?.['event']).toMatchObject({ region: '230100', from: '2025-02-01' });
    expect(
      (await get('/v1/rule-sets', 'hospital')).body['items'].find(
        (s: Body) => s['id'] === 'hrb-2025.1',
      )['activeFrom'],
    ).toBe('2025-02-01');
  });

  it('refuses a second upload with the id, and answers 404 naming the unknown set', async () => {
    const set = ruleSet('hrb-dup', [rule('REP-1')]);
    expect((await post('/v1/rule-sets', set)).status).toBe(201);
    const again = await post('/v1/rule-sets', set);
    expect(again.status).toBe(409);
    expect(again.body['error']['issues'][0]).toMatchObject({
      code: 'rule_set.exists',
      path: ['id'],
    });

    const missing = await get('/v1/rule-sets/no-such-set');
    expect(missing.status).toBe(404);
    expect(missing.body['error']['issues'][0]).toMatchObject({
      code: 'rule_set.not_found',
      path: ['id'],
    });
    const diff = await get('/v1/rule-sets/diff?from=hrb-dup&to=no-such-set');
    expect(diff.status).toBe(404);
    expect(diff.body['error']['issues'][0]['path']).toEqual(['to']);
    const activate = await post('/v1/rule-sets/no-such-set/activate', { from: '2025-02-01' });
    expect(activate.status).toBe(404);
    expect(activate.body['error']['issues'][0]['code']).toBe('rule_set.not_found');
  });

  it('accepts a rule set the size of the national rule base, beyond the default body limit', async () => {
    const codes = (i: number) =>
      Array.from(
        { length: 40 },
        (_, k) => `XA${String(i).padStart(5, '0')}${String(k).padStart(3, '0')}A001010100001`,
      );
    const rules = Array.from({ length: 2700 }, (_, i) =>
      rule(`NAT-${String(i).padStart(4, '0')}`, {
        name: `国家规则库药品规则 ${i}（限定性别）`,
        check: { kind: 'item_sex', items: codes(i), sex: i % 2 === 0 ? 'female' : 'male' },
      }),
    );
    const text = JSON.stringify(ruleSet('national-2025', rules, null));
    // Above the 1 MiB every other JSON route takes.
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await api.request('/v1/rule-sets', { json: text });
    expect(res.status).toBe(201);
    expect((await json(res))['rules']).toBe(2700);
    const read = await get('/v1/rule-sets/national-2025');
    expect(read.body['ruleSet']['rules']).toHaveLength(2700);
  });

  it('lets only administrators upload and activate', async () => {
    const set = ruleSet('hrb-roles', [rule('REP-1')]);
    for (const as of ['reviewer', 'auditor', 'hospital'] as const) {
      expect((await post('/v1/rule-sets', set, as)).status).toBe(403);
      expect(
        (await post('/v1/rule-sets/hrb-2025.1/activate', { from: '2030-01-01' }, as)).status,
      ).toBe(403);
    }
    expect((await get('/v1/rule-sets/hrb-roles')).status).toBe(404);
  });
});

function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: { ruleSet: 'hrb-2025.1', code: 'REP-1', version: 1, name: '重复检查' },
    category: 'medical',
    stage: 'settle',
    severity: 'medium',
    resultType: 'suspicious',
    action: 'warn',
    lineIds: ['L1'],
    evidence: { item: '250101', times: '3', maxTimes: '2', otherClaims: ['C-R-0'] },
    explanation: {
      zh: '30天内检查250101共3次，超过2次',
      en: 'Test 250101 billed 3 times in 30 days, above 2',
    },
    ...over,
  };
}

function record(id: string, over: Partial<FindingRecord> = {}): FindingRecord {
  return {
    id,
    claimId: 'C-R-1',
    personId: 'P-000501',
    institutionCode: OWN_INSTITUTION,
    settlementId: 'stl_review_1',
    runId: null,
    finding: finding(),
    ...over,
  };
}

describe('findings over HTTP', () => {
  beforeAll(async () => {
    await api.services.store.transaction((tx) =>
      insertFindings(tx, [
        record('fnd_own_1'),
        record('fnd_own_2', {
          finding: finding({
            severity: 'high',
            action: 'deduct',
            rule: { ruleSet: 'hrb-2025.1', code: 'SEX-1', version: 1, name: '限女性' },
          }),
        }),
        record('fnd_own_3', {
          claimId: 'C-R-2',
          settlementId: null,
          runId: 'run_review_1',
          finding: finding({ stage: 'post_payment' }),
        }),
        record('fnd_own_4', { claimId: 'C-R-3', settlementId: 'stl_review_3' }),
        record('fnd_other_1', {
          claimId: 'C-O-1',
          personId: 'P-000777',
          institutionCode: OTHER_INSTITUTION,
          settlementId: 'stl_review_other',
        }),
      ]),
    );
  });

  const ids = async (query: string, as: As = 'admin') => {
    const { status, body } = await get(`/v1/findings${query}`, as);
    expect(status).toBe(200);
    return body['items'].map((f: Body) => f['id']);
  };

  it('lists newest first and filters by each field', async () => {
    expect(await ids('')).toEqual([
      'fnd_other_1',
      'fnd_own_4',
      'fnd_own_3',
      'fnd_own_2',
      'fnd_own_1',
    ]);
    expect(await ids(`?institution=${OTHER_INSTITUTION}`)).toEqual(['fnd_other_1']);
    expect(await ids('?settlementId=stl_review_1')).toEqual(['fnd_own_2', 'fnd_own_1']);
    expect(await ids('?runId=run_review_1')).toEqual(['fnd_own_3']);
    expect(await ids('?claimId=C-R-3')).toEqual(['fnd_own_4']);
    expect(await ids('?rule=SEX-1')).toEqual(['fnd_own_2']);
    expect(await ids('?severity=high')).toEqual(['fnd_own_2']);
    expect(await ids('?stage=post_payment')).toEqual(['fnd_own_3']);
    expect(await ids('?stage=settle&severity=medium&claimId=C-R-1')).toEqual(['fnd_own_1']);

    const one = await get('/v1/findings/fnd_own_2', 'reviewer');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: 'fnd_own_2',
      claimId: 'C-R-1',
      institutionCode: OWN_INSTITUTION,
      settlementId: 'stl_review_1',
      runId: null,
      response: null,
    });
    expect(one.body['finding']).toEqual(
      finding({
        severity: 'high',
        action: 'deduct',
        rule: { ruleSet: 'hrb-2025.1', code: 'SEX-1', version: 1, name: '限女性' },
      }),
    );
  });

  it('pages with a cursor, never repeating or skipping a finding', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${next === null ? '' : `&after=${next}`}`;
      const { status, body } = await get(`/v1/findings${query}`);
      expect(status).toBe(200);
      seen.push(...body['items'].map((f: Body) => f['id']));
      next = body['next'];
      pages++;
    } while (next !== null && pages < 50);
    expect(pages).toBe(3);
    expect(seen).toEqual(await ids('?limit=200'));
  });

  it("shows an integrator only its own institution's findings", async () => {
    expect(await ids('', 'hospital')).toEqual(['fnd_own_4', 'fnd_own_3', 'fnd_own_2', 'fnd_own_1']);
    expect(await ids('', 'otherHospital')).toEqual(['fnd_other_1']);
    const asked = await get(`/v1/findings?institution=${OTHER_INSTITUTION}`, 'hospital');
    expect(asked.status).toBe(403);
    expect((await get('/v1/findings/fnd_other_1', 'hospital')).status).toBe(404);
    const missing = await get('/v1/findings/fnd_none', 'hospital');
    expect(missing.status).toBe(404);
    expect(missing.body['error']['issues'][0]).toMatchObject({
      code: 'finding.not_found',
      path: ['id'],
    });
    expect((await get('/v1/findings/fnd_other_1', 'otherHospital')).status).toBe(200);
  });

  it('records the answer once, audits it, and refuses a second one', async () => {
    const noReason = await post(
      '/v1/findings/fnd_own_1/respond',
      { answer: 'continue' },
      'hospital',
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body['error']['issues'][0]['path']).toEqual(['reason']);

    // Another institution's integrator cannot see it, so cannot answer it.
    const foreign = await post(
      '/v1/findings/fnd_own_1/respond',
      { answer: 'self_pay' },
      'otherHospital',
    );
    expect(foreign.status).toBe(404);

    const answered = await post(
      '/v1/findings/fnd_own_1/respond',
      { answer: 'continue', reason: '病情需要复查，已记录于病程' },
      'hospital',
    );
    expect(answered.status).toBe(200);
    expect(answered.body['response']).toMatchObject({
      answer: 'continue',
      reason: '病情需要复查，已记录于病程',
      by: 'demo-hospital',
    });
    expect((await get('/v1/findings/fnd_own_1', 'hospital')).body['response']).toEqual(
      answered.body['response'],
    );
    expect(await ids('?answered=true')).toEqual(['fnd_own_1']);
    expect(await ids('?answered=false&institution=' + OWN_INSTITUTION)).toEqual([
      'fnd_own_4',
      'fnd_own_3',
      'fnd_own_2',
    ]);

    const chain = await chainOf('finding', 'fnd_own_1');
    expect(chain.map((e) => [e['kind'], e['actor'], e['event']['answer']])).toEqual([
      ['finding.responded', 'demo-hospital', 'continue'],
    ]);
    expect(chain[0]?.['event']['person']).toMatch(/^psn_/u);

    const again = await post('/v1/findings/fnd_own_1/respond', { answer: 'remove_line' }, 'admin');
    expect(again.status).toBe(409);
    expect(again.body['error']['issues'][0]).toMatchObject({
      code: 'finding.already_answered',
      data: { answer: 'continue' },
    });

    const selfPay = await post(
      '/v1/findings/fnd_other_1/respond',
      { answer: 'self_pay' },
      'otherHospital',
    );
    expect(selfPay.status).toBe(200);
    expect(selfPay.body['response']).toMatchObject({ answer: 'self_pay', reason: '' });

    // Roles that do not settle cannot answer.
    expect(
      (await post('/v1/findings/fnd_own_2/respond', { answer: 'self_pay' }, 'auditor')).status,
    ).toBe(403);
  });
});

describe('the OpenAPI document', () => {
  it('documents every smart-review route with the shared schemas', async () => {
    const { body } = await get('/openapi.json', 'anonymous');
    for (const [path, methods] of Object.entries({
      '/v1/rule-sets': ['get', 'post'],
      '/v1/rule-sets/diff': ['get'],
      '/v1/rule-sets/{id}': ['get'],
      '/v1/rule-sets/{id}/activate': ['post'],
      '/v1/findings': ['get'],
      '/v1/findings/{id}': ['get'],
      '/v1/findings/{id}/respond': ['post'],
    })) {
      expect(Object.keys(body['paths'][path] ?? {}).sort()).toEqual(methods.sort());
    }
    for (const id of ['RuleSet', 'RuleSetDiff', 'Finding', 'StoredFinding', 'RuleSetSummary']) {
      expect(body['components']['schemas'][id], id).toBeDefined();
    }
    expect(
      body['paths']['/v1/rule-sets']['post']['requestBody']['content']['application/json'][
        'schema'
      ],
    ).toEqual({ $ref: '#/components/schemas/RuleSet' });
  });
});
