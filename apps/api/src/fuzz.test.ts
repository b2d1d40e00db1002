import { loadHarbinDrgParameters, loadNationalGrouper } from '@openpayer/pricing/node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FuzzSeed, seedFuzz, withFreshIds } from './__fixtures__/fuzz-examples.ts';
import {
  HOSTILE_SEGMENTS,
  HOSTILE_STRINGS,
  IDEMPOTENCY_KEYS,
  mutationOf,
  toJsonText,
} from './__fixtures__/fuzz-hostile.ts';
import { arbitraryFromSchema } from './__fixtures__/fuzz-schema.ts';
import { type TestApi, testApi } from './__fixtures__/harness.ts';
import { ROUTE_DOCS } from './app.ts';
import type { RouteDoc } from './openapi/document.ts';

/**
 * Fuzzing every POST endpoint: bodies generated from the route's zod schema (valid-looking and with
 * hostile leaves), mutations of valid examples (a node replaced by a hostile value: NUL, lone
 * surrogates, huge strings, 1e400, deep nesting, "__proto__" keys…), and non-JSON bodies, sent with
 * an administrator key and an institution integrator key, to real and hostile path ids. Whatever
 * comes in, the answer is never a 5xx: an input problem is a 4xx naming it.
 *
 * FUZZ_SEED and FUZZ_RUNS (runs per route, default 100) make a run reproducible or longer; a
 * failure prints the route, the body (first 2 KB) and the server's error.
 */

const SEED = Number(process.env['FUZZ_SEED'] ?? 20250701);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);
/**
 * Wall-clock budget for all the routes together (FUZZ_BUDGET_MS, default 45 s), shared evenly, so
 * the file stays bounded on a busy CI machine however many routes there are: a route that runs out
 * of time stops early (and passes, if it had no 5xx so far).
 */
const BUDGET_MS = Number(process.env['FUZZ_BUDGET_MS'] ?? 45_000);
/**
 * FUZZ_SURVEY=1: keep going after a 5xx, print every distinct one (route, server error, smallest
 * body) and the status counts per route, then fail if there was any. For hunting, with a large
 * FUZZ_RUNS and FUZZ_BUDGET_MS; CI runs the plain mode (stop and shrink at the first 5xx).
 */
const SURVEY = process.env['FUZZ_SURVEY'] === '1';

const ALL_DOCS: readonly RouteDoc[] = ROUTE_DOCS;
const POST_ROUTES = ALL_DOCS.filter((r) => r.method === 'post');
const ROUTE_MS = Math.floor(BUDGET_MS / POST_ROUTES.length);

const tables = loadNationalGrouper();
const parameters = loadHarbinDrgParameters();
if (!tables.ok || !parameters.ok) throw new Error('shipped DRG data failed to load');

const serverErrors: unknown[] = [];
let api: TestApi;
let seed: FuzzSeed;
beforeAll(async () => {
  api = await testApi({
    drg: { tables: () => tables.value, parameters: () => parameters.value },
    onUnexpectedError: (error) => serverErrors.push(error),
  });
  seed = await seedFuzz(api);
}, 60_000);
afterAll(() => api.close());

type Caller = 'admin' | 'hospital';

interface Body {
  readonly contentType: string;
  readonly data: string | Uint8Array<ArrayBuffer>;
}

interface Case {
  readonly as: Caller;
  readonly path: string;
  readonly body: Body;
  readonly idempotencyKey: string | undefined;
}

const MAX_SHOWN = 2048;
const truncate = (text: string, max = MAX_SHOWN) =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;

function describeCase(c: Case): string {
  const data =
    typeof c.body.data === 'string'
      ? shortJson(c.body.data)
      : `bytes [${Array.from(c.body.data.slice(0, 64)).join(',')}${c.body.data.length > 64 ? ',…' : ''}]`;
  const key =
    c.idempotencyKey === undefined
      ? ''
      : ` idempotency-key=${JSON.stringify(truncate(c.idempotencyKey, 80))}`;
  return `POST ${truncate(c.path, 200)} as ${c.as} (${c.body.contentType})${key}\n  body: ${data}`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return truncate(String(error), 500);
  const message = truncate(`${error.name}: ${error.message.replace(/\s+/gu, ' ')}`, 800);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /u.test(line))
    .slice(0, 6)
    .map((line) => line.trim());
  return [message, ...frames].join('\n    ');
}

/** A JSON body with every long string cut, so the mutated node shows wherever it is. */
function shortJson(text: string): string {
  try {
    const shown = JSON.stringify(JSON.parse(text), (_key, value: unknown) =>
      typeof value === 'string' && value.length > 120
        ? `${value.slice(0, 60)}…(${value.length} chars)`
        : value,
    );
    return truncate(shown);
  } catch {
    // Not JSON: shown as a JSON string literal, so control characters are visible.
    return `(raw) ${JSON.stringify(truncate(text))}`;
  }
}

function requestSchema(route: RouteDoc): Record<string, unknown> {
  if (route.requestBody === undefined) return {};
  try {
    return z.toJSONSchema(route.requestBody, { io: 'input', unrepresentable: 'any' });
  } catch {
    return {};
  }
}

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/fhir+json',
  'application/yaml',
] as const;

const jsonBody = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
  fc
    .tuple(
      value,
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(JSON_TYPES[0]) },
        { weight: 1, arbitrary: fc.constantFrom(...JSON_TYPES) },
      ),
    )
    .map(([v, contentType]) => ({ contentType, data: toJsonText(v) }));

function rawBodies(s: FuzzSeed): fc.Arbitrary<Body> {
  const invalidJson = [
    '',
    ' ',
    '{',
    '{"a":',
    '[1,]',
    "{'a':1}",
    'undefined',
    'null',
    '"str"',
    '1e400',
    '{"a":1}{"b":2}',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '['.repeat(100_000) + ']'.repeat(100_000),
    '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
    `"${'x'.repeat(1_100_000)}"`,
  ];
  const bytes: Uint8Array<ArrayBuffer>[] = [
    new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
    new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
    new Uint8Array(0),
  ];
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...invalidJson), fc.constantFrom(...JSON_TYPES))
      .map(([data, contentType]) => ({ contentType, data })),
    fc.constantFrom(...s.texts).map((t) => ({ contentType: t.contentType, data: t.text })),
    fc
      .tuple(fc.constantFrom(...bytes), fc.constantFrom(...JSON_TYPES))
      .map(([data, contentType]) => ({ contentType, data })),
    fc
      .tuple(
        fc.constantFrom(...invalidJson.slice(0, 10), '{}'),
        fc.constantFrom(
          '',
          'text/plain',
          'application/xml',
          'multipart/form-data',
          'application/x-www-form-urlencoded',
          'application/jsonx',
          'APPLICATION/JSON',
        ),
      )
      .map(([data, contentType]) => ({ contentType, data })),
  );
}

function bodyArbitrary(route: RouteDoc, s: FuzzSeed): fc.Arbitrary<Body> {
  const schema = requestSchema(route);
  const examples = s.examples[route.path] ?? [];
  const parts: fc.WeightedArbitrary<Body>[] = [
    { weight: 3, arbitrary: jsonBody(arbitraryFromSchema(schema, { hostile: false })) },
    { weight: 3, arbitrary: jsonBody(arbitraryFromSchema(schema, { hostile: true })) },
    { weight: 1, arbitrary: rawBodies(s) },
  ];
  if (examples.length > 0) {
    const fresh = (body: fc.Arbitrary<unknown>) =>
      fc
        .tuple(body, fc.option(fc.nat({ max: 1_000_000 }), { freq: 2 }))
        .map(([b, n]) => (n === null ? b : withFreshIds(b, n)));
    parts.push(
      { weight: 1, arbitrary: jsonBody(fresh(fc.constantFrom(...examples))) },
      { weight: 6, arbitrary: jsonBody(fresh(fc.oneof(...examples.map(mutationOf)))) },
    );
  }
  return fc.oneof(...parts);
}

/** encodeURIComponent, with a lone surrogate written as its (malformed) UTF-8 escape. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function pathArbitrary(route: RouteDoc, s: FuzzSeed): fc.Arbitrary<string> {
  const params = route.path.match(/\{[^}]+\}/gu) ?? [];
  if (params.length === 0) return fc.constant(route.path);
  const real = s.ids.find((p) => route.path.startsWith(p.prefix))?.ids ?? ['unknown-id'];
  const segment = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom(...HOSTILE_STRINGS))
        .filter((x) => x !== '')
        .map(encodeSegment),
    },
  );
  return fc.array(segment, { minLength: params.length, maxLength: params.length }).map((values) => {
    let path = route.path;
    for (const value of values) path = path.replace(/\{[^}]+\}/u, value);
    return path;
  });
}

const idempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom(...IDEMPOTENCY_KEYS) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 30,
    }),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

function caseArbitrary(route: RouteDoc, s: FuzzSeed): fc.Arbitrary<Case> {
  return fc
    .record({
      as: fc.constantFrom<Caller>('admin', 'hospital'),
      path: pathArbitrary(route, s),
      body: bodyArbitrary(route, s),
      idempotencyKey,
    })
    .map((c) => Object.assign(c, { [fc.toStringMethod]: () => describeCase(c) }));
}

async function send(c: Case): Promise<Response> {
  const headers = new Headers({
    authorization: `Bearer ${api.keys[c.as]}`,
  });
  if (c.body.contentType !== '') headers.set('content-type', c.body.contentType);
  if (c.idempotencyKey !== undefined) headers.set('idempotency-key', c.idempotencyKey);
  return api.app.request(c.path, { method: 'POST', headers, body: c.body.data });
}

describe('fuzz: every POST endpoint, no 5xx', () => {
  it('fuzzes every POST route the served OpenAPI document lists', async () => {
    const res = await api.app.request('/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(doc.paths)
      .filter(([, methods]) => 'post' in methods)
      .map(([path]) => path)
      .sort();
    // A route module added to app.ts but not to ALL_DOCS above would not be fuzzed.
    expect(POST_ROUTES.map((r) => r.path).sort()).toEqual(served);
    expect(POST_ROUTES.length).toBeGreaterThan(10);
  });

  it.each(POST_ROUTES.map((route, index) => ({ route, index, name: route.path })))(
    'POST $name',
    async ({ route, index }) => {
      const statuses = new Map<number, number>();
      const found = new Map<string, string>();
      await fc.assert(
        fc.asyncProperty(fc.limitShrink(caseArbitrary(route, seed), 60), async (c) => {
          serverErrors.length = 0;
          const res = await send(c);
          const status = res.status;
          const text = await res.text();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status < 500) return;
          const errors = serverErrors.map(describeError).join('\n  ') || '(none logged)';
          const report = `${status} from ${describeCase(c)}\n  response: ${truncate(text, 300)}\n  server error: ${errors}`;
          if (!SURVEY) throw new Error(report);
          const key = `${status} ${errors.split('\n')[0] ?? ''}`;
          const before = found.get(key);
          if (before === undefined || report.length < before.length) found.set(key, report);
        }),
        {
          seed: SEED + index,
          numRuns: RUNS,
          plugins: [fc.interruptAfterTimeLimit(ROUTE_MS)],
        },
      );
      if (SURVEY) {
        const counts = [...statuses].sort(([a], [b]) => a - b).map(([k, v]) => `${k}×${v}`);
        console.log(`POST ${route.path}: ${counts.join(' ')}\n${[...found.values()].join('\n')}`);
        expect([...found.keys()]).toEqual([]);
      }
    },
    SURVEY ? 600_000 : 60_000,
  );
});
