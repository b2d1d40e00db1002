/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   request and response bodies are untyped JSON here. */
import type { OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirClaimJson } from '../__fixtures__/fhir.ts';
import { type TestApi, testApi } from '../__fixtures__/harness.ts';
import { claimFromFhir } from './claim.ts';

/**
 * Hostile FHIR Claims: elements of the wrong JSON type that the R4 structural check lets through
 * (an object where an array belongs, an array or "" where a primitive belongs) and strings that
 * cannot be stored. Each is a 4xx OperationOutcome naming the element, never a 500.
 */

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
}, 60_000);
afterAll(() => api.close());

let keys = 0;
function postFhir(body: unknown): Promise<Response> {
  keys += 1;
  return api.request('/v1/fhir/Claim', {
    method: 'POST',
    as: 'hospital',
    headers: { 'content-type': 'application/fhir+json', 'idempotency-key': `hostile-${keys}` },
    body: JSON.stringify(body),
  });
}

const claim = (use: 'claim' | 'predetermination' = 'predetermination'): Body =>
  fhirClaimJson({ id: 'C-HOSTILE', use });

async function refusal(body: Body): Promise<{ status: number; issues: [string, string][] }> {
  const res = await postFhir(body);
  const outcome = (await res.json()) as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  return {
    status: res.status,
    issues: outcome.issue.map((i) => [i.expression?.[0] ?? '', i.details?.coding?.[0]?.code ?? '']),
  };
}

describe('FHIR Claim with wrongly typed elements', () => {
  const cases: [string, (c: Body) => void, string][] = [
    ['item is an object', (c) => (c['item'] = {}), 'Claim.item'],
    ['diagnosis is an object', (c) => (c['diagnosis'] = {}), 'Claim.diagnosis'],
    [
      'the coverage reference is an array',
      (c) => (c['insurance'][0]['coverage']['reference'] = []),
      'Claim.insurance[0].coverage.reference',
    ],
    ['a net value is ""', (c) => (c['item'][0]['net']['value'] = ''), 'Claim.item[0].net.value'],
    ['contained is an object', (c) => (c['contained'] = {}), 'Claim.contained'],
    [
      'an organization type is an object',
      (c) => (c['contained'][1]['type'] = {}),
      'Claim.contained[1].type',
    ],
    [
      'a diagnosis type is an object',
      (c) => (c['diagnosis'][0]['type'] = {}),
      'Claim.diagnosis[0].type',
    ],
    ['identifier is an object', (c) => (c['identifier'] = {}), 'Claim.identifier'],
    [
      'an institution name holds a lone surrogate',
      (c) => (c['contained'][1]['name'] = 'bad \ud800 name'),
      'Claim.contained[1].name',
    ],
    [
      'an item name holds a lone surrogate',
      (c) => (c['item'][0]['productOrService']['coding'][0]['display'] = '\udc00'),
      'Claim.item[0].productOrService.coding[0].display',
    ],
  ];
  for (const [name, mutate, expression] of cases) {
    it(`refuses a Claim whose ${name} with a 400 at ${expression}`, async () => {
      for (const use of ['predetermination', 'claim'] as const) {
        const body = claim(use);
        mutate(body);
        const { status, issues } = await refusal(body);
        expect(status).toBe(400);
        expect(issues).toContainEqual([expression, 'fhir.invalid']);
      }
    });
  }

  it('maps a Claim that is not even an object to problems, not a TypeError', () => {
    for (const value of [null, [], 'Claim', 0, { item: [null, 'x', 1] }]) {
      const mapped = claimFromFhir(value);
      expect(mapped.ok).toBe(false);
    }
  });
});

/** A small seeded PRNG (mulberry32): the same runs every time, and a failure names its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Path = (string | number)[];

/** Every element of a JSON value, as a path from its root (the root itself excluded). */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

function replaceAt(root: Body, path: Path, value: unknown): void {
  let parent: any = root; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const key of path.slice(0, -1)) parent = parent[key];
  parent[path[path.length - 1] as string | number] = value;
}

const HOSTILE: readonly unknown[] = [
  {},
  [],
  '',
  null,
  0,
  '\u0000',
  '\ud800',
  '1',
  [{}],
  'x'.repeat(10_000),
];

describe('FHIR Claim with a hostile value anywhere (seeded property)', () => {
  it('never answers 5xx, and every 400 names its elements', async () => {
    const random = prng(20_251_123);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const template = { claim: claim('claim'), predetermination: claim('predetermination') };
    const all = paths(template.claim);
    const refused = new Set<number>();
    for (let run = 0; run < 200; run += 1) {
      const use = random() < 0.5 ? 'claim' : 'predetermination';
      const body = structuredClone(template[use]);
      const path = pick(all);
      const value = pick(HOSTILE);
      replaceAt(body, path, structuredClone(value));
      const res = await postFhir(body);
      const what = `run ${run}: ${use}, ${path.join('.')} = ${JSON.stringify(value).slice(0, 20)}`;
      expect(res.status, what).toBeLessThan(500);
      refused.add(res.status);
      if (res.status === 400) {
        const outcome = (await res.json()) as OperationOutcome;
        expect(outcome.resourceType, what).toBe('OperationOutcome');
        for (const issue of outcome.issue)
          expect(issue.expression?.[0], what).toMatch(/^(Claim|resourceType)/u);
      }
    }
    expect(refused.has(400)).toBe(true);
  }, 60_000);
});
