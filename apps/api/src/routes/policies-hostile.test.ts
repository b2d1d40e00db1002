/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pricingPackageDir, readDemoPolicyText } from '@openpayer/pricing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../__fixtures__/harness.ts';

/** Policy uploads an adversarial probe sent: each must be a 4xx naming the field, never a 500. */

let api: TestApi;
const unexpected: unknown[] = [];
// Seeding the embedded database with the real drug list takes seconds on a busy machine.
beforeAll(async () => {
  api = await testApi({ onUnexpectedError: (error) => unexpected.push(error) });
}, 60_000);
afterAll(() => api.close());

type Body = Record<string, any>;
const upload = async (body: string, type: 'application/json' | 'application/yaml') => {
  const res = await api.request('/v1/policies', {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Body };
};

const demoYaml = readDemoPolicyText().replace('id: demo-230100-2025.1', 'id: demo-hostile');
/** The demo's JSON twin, parsed, to edit and send as application/json. */
const demoJson = (): Body => {
  const file = path.join(pricingPackageDir(), 'data', 'policies', 'demo-230100-2025.json');
  const policy = JSON.parse(readFileSync(file, 'utf8')) as Body;
  policy['id'] = 'demo-hostile';
  return policy;
};

/** The demo with one exact piece of text replaced (failing loudly if it is not there). */
function demoWith(find: string, replace: string): string {
  expect(demoYaml).toContain(find);
  return demoYaml.replace(find, replace);
}

const lineOf = (text: string, needle: string) =>
  text.slice(0, text.indexOf(needle)).split('\n').length;

describe('POST /v1/policies on hostile input', () => {
  it.each(["'0'", "'abc'", "'99999999999999999999.99'"])(
    'answers 422 naming the path and line of a band edge written %s (YAML)',
    async (edge) => {
      // The second band's edge: the check that edges rise compared it with the first and threw.
      const text = demoWith(
        "upTo: null\n          ratio: '0.9'",
        `upTo: ${edge}\n          ratio: '0.9'`,
      );
      const { status, body } = await upload(text, 'application/yaml');
      expect(status).toBe(422);
      expect(body['error']['code']).toBe('unprocessable');
      expect(body['error']['issues']).toEqual([
        expect.objectContaining({
          code: 'policy.invalid',
          path: ['parameters', 'reimbursement', 0, 'value', 1, 'upTo'],
          data: expect.objectContaining({ line: lineOf(text, `upTo: ${edge}`) }),
        }),
      ]);
    },
  );

  it.each(['"0"', '"abc"', '"99999999999999999999.99"'])(
    'answers 422 naming the path of a band edge written %s (JSON)',
    async (edge) => {
      const policy = demoJson();
      policy['parameters']['reimbursement'][0]['value'][1]['upTo'] = JSON.parse(edge);
      const { status, body } = await upload(JSON.stringify(policy, null, 2), 'application/json');
      expect(status).toBe(422);
      expect(body['error']['issues']).toEqual([
        expect.objectContaining({
          code: 'policy.invalid',
          path: ['parameters', 'reimbursement', 0, 'value', 1, 'upTo'],
          data: expect.objectContaining({ line: expect.any(Number) }),
        }),
      ]);
    },
  );

  it.each(["'0,85'", "'abc'"])(
    'answers 422 naming the path of a ratio written %s, not an engine error without one',
    async (ratio) => {
      const text = demoWith("ratio: '0.85'", `ratio: ${ratio}`);
      const { status, body } = await upload(text, 'application/yaml');
      expect(status).toBe(422);
      expect(body['error']['code']).toBe('unprocessable');
      expect(body['error']['issues']).toEqual([
        expect.objectContaining({
          code: 'policy.invalid',
          path: ['parameters', 'reimbursement', 0, 'value', 0, 'ratio'],
          data: expect.objectContaining({ line: lineOf(text, `ratio: ${ratio}`) }),
        }),
      ]);
    },
  );

  it('answers 3,000 copies of one entry with at most 100 issues and a count of the rest', async () => {
    const policy = demoJson();
    const entry = policy['parameters']['annualCap'][0];
    policy['parameters']['annualCap'] = Array.from({ length: 3000 }, () => entry);
    const { status, body, text } = await upload(JSON.stringify(policy), 'application/json');
    expect(status).toBe(422);
    const issues = body['error']['issues'] as Body[];
    expect(issues).toHaveLength(101);
    expect(issues[0]).toMatchObject({
      code: 'policy.overlapping_entries',
      path: ['parameters', 'annualCap', 1, 'from'],
    });
    // 2,999 entries overlap the first; the resident cap the copies replaced is missing; 100 listed.
    expect(issues[100]).toMatchObject({ code: 'policy.more_issues', data: { count: 2900 } });
    expect(text.length).toBeLessThan(100_000);
  });

  it('answers 400 for YAML nested deeper than it may be, however often it is sent', async () => {
    const text = `id: x\ntitle: ${'['.repeat(3000)}${']'.repeat(3000)}\n`;
    for (let i = 0; i < 3; i++) {
      const { status, body } = await upload(text, 'application/yaml');
      expect(status).toBe(400);
      expect(body['error']['issues'][0]).toMatchObject({
        code: 'policy.syntax',
        data: { line: 2, maxNesting: 64 },
      });
    }
  });

  it('answers a 4xx with issues, never a 500, for wrong types, huge numbers and NUL characters', async () => {
    const policy = demoJson();
    const cases: [string, (p: Body) => void][] = [
      ['parameters as an array', (p) => (p['parameters'] = [])],
      [
        'bands as an object',
        (p) => (p['parameters']['reimbursement'][0]['value'] = { upTo: '1.00' }),
      ],
      ['an entry as a string', (p) => (p['parameters']['annualCap'][0] = 'x')],
      ['a huge number', (p) => (p['parameters']['annualCap'][0]['value'] = 1e308)],
      [
        'a huge amount',
        (p) => (p['parameters']['annualCap'][0]['value'] = `${'9'.repeat(5000)}.00`),
      ],
      ['a NUL character', (p) => (p['title'] = 'a\u0000b')],
      ['an unpaired surrogate', (p) => (p['parameters']['annualCap'][0]['note'] = 'a\ud800b')],
      [
        'a NUL in a key',
        (p) => (p['parameters']['annualCap'][0]['key'] = { 'tier\u0000': 'primary' }),
      ],
      ['a deep value', (p) => (p['title'] = JSON.parse(`${'['.repeat(3000)}${']'.repeat(3000)}`))],
      [
        'shares that are not a list',
        (p) => (p['parameters']['sharing'] = [{ id: 'x', shares: 'all' }]),
      ],
    ];
    for (const [what, mutate] of cases) {
      const copy = structuredClone(policy);
      mutate(copy);
      const { status, body } = await upload(JSON.stringify(copy), 'application/json');
      expect([400, 422], what).toContain(status);
      expect((body['error']['issues'] as Body[]).length, what).toBeGreaterThan(0);
    }
    expect(unexpected).toEqual([]);
  });
});
