/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import type { RuleWire } from '@openpayer/supervision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../__fixtures__/harness.ts';
import { RULE_SET_MAX_BYTES } from './review.ts';

/**
 * Rule sets and answers an adversarial client sends: each is a 4xx naming the field (the path of
 * the bad rule field in a rule set), never a 500, and nothing is stored.
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

const upload = async (body: string, contentType = 'application/json') => {
  const res = await api.request('/v1/rule-sets', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as Body };
};

function rule(code: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: RuleWire = {
    code,
    version: 1,
    name: '重复检查',
    category: 'medical',
    stages: ['settle'],
    resultType: 'suspicious',
    window: { kind: 'days', days: 30 },
    severity: 'medium',
    action: 'warn',
    from: '2025-01-01',
    check: { kind: 'times_per_window', items: ['250101'], maxTimes: '2' },
  };
  return { ...base, ...over };
}

const ruleSet = (rules: unknown[], over: Record<string, unknown> = {}) => ({
  id: 'hostile-1',
  title: '恶意规则集',
  region: '230100',
  publishedOn: '2025-01-01',
  rules,
  ...over,
});

/** The rule set is refused 422 with exactly the issues' codes and paths given. */
async function refusedWith(set: unknown, expected: { code?: string; path: (string | number)[] }[]) {
  const { status, body } = await upload(JSON.stringify(set));
  expect(status).toBe(422);
  expect(body['error']['code']).toBe('unprocessable');
  expect(body['error']['issues'].map((i: Body) => ({ code: i['code'], path: i['path'] }))).toEqual(
    expected.map((e) => ({ code: e.code ?? 'rule_set.invalid', path: e.path })),
  );
}

describe('POST /v1/rule-sets on bad rule sets', () => {
  it('refuses an unknown field in the set and in a rule, naming it', async () => {
    const { status, body } = await upload(JSON.stringify(ruleSet([rule('A')], { extra: 1 })));
    expect(status).toBe(422);
    expect(body['error']['issues'][0]).toMatchObject({ code: 'rule_set.invalid', path: [] });
    expect(JSON.stringify(body['error']['issues'][0])).toContain('extra');
    await refusedWith(ruleSet([rule('A'), rule('B', { threshold: '5' })]), [
      { path: ['rules', 1] },
    ]);
    await refusedWith(
      ruleSet([
        rule('A', {
          check: { kind: 'times_per_window', items: ['250101'], maxTimes: '2', every: 3 },
        }),
      ]),
      [{ path: ['rules', 0, 'check'] }],
    );
  });

  it('refuses a window of 0 days and an unknown window kind', async () => {
    await refusedWith(ruleSet([rule('A', { window: { kind: 'days', days: 0 } })]), [
      { path: ['rules', 0, 'window', 'days'] },
    ]);
    await refusedWith(ruleSet([rule('A', { window: { kind: 'fortnight' } })]), [
      { path: ['rules', 0, 'window', 'kind'] },
    ]);
  });

  it('refuses a rule that ends before it starts, and two versions in force at once', async () => {
    await refusedWith(ruleSet([rule('A', { from: '2025-06-01', to: '2025-03-01' })]), [
      { path: ['rules', 0, 'to'] },
    ]);
    await refusedWith(
      ruleSet([
        rule('A', { version: 1, from: '2025-01-01', to: '2025-07-01' }),
        rule('A', { version: 2, from: '2025-06-01' }),
      ]),
      [{ path: ['rules', 1, 'from'] }],
    );
    // Back to back is fine: the first version ends the day the second starts.
    const { status } = await upload(
      JSON.stringify(
        ruleSet(
          [
            rule('A', { version: 1, from: '2025-01-01', to: '2025-06-01' }),
            rule('A', { version: 2, from: '2025-06-01' }),
          ],
          { id: 'hostile-back-to-back' },
        ),
      ),
    );
    expect(status).toBe(201);
  });

  it('refuses bad values in a check with their path: a decimal as a number, a bad code, a bad date', async () => {
    await refusedWith(
      ruleSet([rule('A', { check: { kind: 'times_per_window', items: ['250101'], maxTimes: 2 } })]),
      [{ path: ['rules', 0, 'check', 'maxTimes'] }],
    );
    await refusedWith(
      ruleSet([
        rule('A', { check: { kind: 'times_per_window', items: ['25 01'], maxTimes: '2' } }),
      ]),
      [{ path: ['rules', 0, 'check', 'items', 0] }],
    );
    await refusedWith(ruleSet([rule('A', { from: '2025-02-30' })]), [
      { path: ['rules', 0, 'from'] },
    ]);
    await refusedWith(ruleSet([rule('A', { check: { kind: 'no_such_check' } })]), [
      { path: ['rules', 0, 'check', 'kind'] },
    ]);
    await refusedWith(ruleSet([rule('A')], { region: '999999' }), [{ path: ['region'] }]);
  });

  it('lists at most 50 issues, then counts the rest', async () => {
    const rules = Array.from({ length: 70 }, (_, i) =>
      rule(`R-${i}`, { window: { kind: 'days', days: 0 } }),
    );
    const { status, body } = await upload(JSON.stringify(ruleSet(rules)));
    expect(status).toBe(422);
    const issues = body['error']['issues'] as Body[];
    expect(issues).toHaveLength(51);
    expect(issues[50]).toMatchObject({ code: 'rule_set.more_issues', data: { count: 20 } });
  });

  it('answers the transport faults: not JSON, empty, wrong type, unstorable text, too large', async () => {
    expect((await upload('{"id": ')).status).toBe(400);
    expect((await upload('   ')).status).toBe(400);
    expect((await upload('id: x', 'application/yaml')).status).toBe(415);
    const nul = await upload(JSON.stringify(ruleSet([rule('A', { name: 'a\u0000b' })])));
    expect(nul.status).toBe(400);
    expect(nul.body['error']['issues'][0]['path']).toEqual(['rules', 0, 'name']);

    const huge = '{"id":"' + 'x'.repeat(RULE_SET_MAX_BYTES) + '"}';
    const { status, body } = await upload(huge);
    expect(status).toBe(413);
    expect(body['error']['code']).toBe('payload_too_large');
    // Other JSON routes keep the default limit.
    const res = await api.request('/v1/policies/none/activate', {
      json: '{"from":"' + 'x'.repeat(2 * 1024 * 1024) + '"}',
    });
    expect(res.status).toBe(413);

    // None of the refused sets was stored.
    const stored = (await (await api.request('/v1/rule-sets')).json()) as Body;
    expect(stored['items'].map((s: Body) => s['id'])).not.toContain('hostile-1');
    expect((await api.request('/v1/rule-sets/hostile-1')).status).toBe(404);
  });
});

describe('bad activations, queries and answers', () => {
  it('refuses a bad activation date naming `from`', async () => {
    for (const body of [{}, { from: '2025-13-01' }, { from: '2025-01-01', to: '2025-02-01' }]) {
      const res = await api.request('/v1/rule-sets/hostile-back-to-back/activate', { json: body });
      expect(res.status).toBe(400);
      const issues = ((await res.json()) as Body)['error']['issues'] as Body[];
      expect(issues.length).toBeGreaterThan(0);
    }
    const res = await api.request('/v1/rule-sets/hostile-back-to-back/activate', {
      json: { from: '2025-13-01' },
    });
    expect(((await res.json()) as Body)['error']['issues'][0]['path']).toEqual(['from']);
  });

  it.each([
    ['severity=urgent', 'severity'],
    ['stage=later', 'stage'],
    ['answered=yes', 'answered'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['after=abc', 'after'],
    ['colour=red', ''],
  ])('refuses the findings query %s naming the parameter', async (query, parameter) => {
    const res = await api.request(`/v1/findings?${query}`, { as: 'hospital' });
    expect(res.status).toBe(400);
    const issue = ((await res.json()) as Body)['error']['issues'][0] as Body;
    if (parameter !== '') expect(issue['path']).toEqual([parameter]);
    else expect(JSON.stringify(issue)).toContain('colour');
  });

  it.each([
    [{ answer: 'approve' }, 'answer'],
    [{ answer: 'continue', reason: '   ' }, 'reason'],
    [{ answer: 'self_pay', reason: 'x'.repeat(2001) }, 'reason'],
    [{ answer: 'self_pay', by: 'someone-else' }, ''],
  ])('refuses the answer %j naming the field', async (body, field) => {
    const res = await api.request('/v1/findings/fnd_none/respond', { json: body, as: 'hospital' });
    expect(res.status).toBe(400);
    const issue = ((await res.json()) as Body)['error']['issues'][0] as Body;
    if (field !== '') expect(issue['path']).toEqual([field]);
    else expect(JSON.stringify(issue)).toContain('by');
  });

  it('answers 404 for an answer to a finding that does not exist', async () => {
    const res = await api.request('/v1/findings/fnd_none/respond', {
      json: { answer: 'self_pay' },
      as: 'hospital',
    });
    expect(res.status).toBe(404);
  });
});
