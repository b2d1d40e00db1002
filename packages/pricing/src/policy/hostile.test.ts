import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { demoPolicyWire } from '../__fixtures__/harness.ts';
import { MAX_POLICY_ISSUES, POLICY_ISSUE_CODES, loadPolicy } from './policy.ts';
import { parsePolicyText } from './text.ts';

/**
 * Whatever an uploader sends, validation answers issues — never a throw (which the API turns
 * into a 500 or an engine error without a path). The demo policy is mutated at random places
 * with values a hostile or careless author might write.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const demo = demoPolicyWire() as unknown as Json;

/** Every place in the document: objects' keys and arrays' items, containers included. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((item, i) => pathsOf(item, [...prefix, i]))
    : Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]));
  return [prefix, ...children];
}
const PATHS = pathsOf(demo).filter((p) => p.length > 0);

const nested = (depth: number, leaf: Json): Json => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

const hostileArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    0,
    -1,
    1e308,
    -0.5,
    '',
    '\u0000',
    'a\u0000b',
    '0',
    'abc',
    '0,85',
    '90%',
    '-0.1',
    '1e999',
    '99999999999999999999.99',
    '９０.００',
    '2025-02-30',
    '__proto__',
    'constructor',
    '9'.repeat(5000),
    'x'.repeat(20_000),
    {},
    [],
    { __proto__: null, toString: 'x' },
    { constructor: { prototype: 1 } },
  ),
  fc.integer({ min: 1, max: 300 }).map((depth) => nested(depth, '0.85')),
  fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>,
  fc.string({ unit: 'binary', maxLength: 40 }),
  // A well-formed value of the wrong kind somewhere else: an amount, a ratio, a date, a key.
  fc.constantFrom<Json>('400000.00', '0.9', '2025-01-01', { insuranceType: 'employee' }),
);

const mutationArb = fc.record({
  path: fc.constantFrom(...PATHS),
  kind: fc.constantFrom('replace', 'delete', 'repeat', 'add-key'),
  value: hostileArb,
  times: fc.integer({ min: 2, max: 200 }),
});
type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(document: Json, mutations: readonly Mutation[]): Json {
  const copy = structuredClone(document);
  for (const { path, kind, value, times } of mutations) {
    let parent: Json = copy;
    for (const segment of path.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') break;
      parent = (parent as Record<string | number, Json>)[segment] ?? null;
    }
    if (parent === null || typeof parent !== 'object') continue;
    const last = path.at(-1) as string | number;
    const holder = parent as Record<string | number, Json>;
    if (kind === 'replace') holder[last] = value;
    else if (kind === 'delete') {
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else Reflect.deleteProperty(holder, last);
    } else if (kind === 'repeat' && Array.isArray(parent) && typeof last === 'number') {
      parent.push(...Array.from({ length: times }, () => structuredClone(parent[last] ?? null)));
    } else if (!Array.isArray(parent)) holder[`x${String(last)}`] = value;
    else holder[last] = value;
  }
  return copy;
}

function expectIssuesNotThrow(result: { ok: boolean; issues: readonly unknown[] }) {
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  expect(result.issues.length).toBeLessThanOrEqual(MAX_POLICY_ISSUES + 1);
  for (const found of result.issues as { code: string; path: unknown[] }[]) {
    expect([...POLICY_ISSUE_CODES, 'policy.syntax']).toContain(found.code);
    expect(found.path.every((s) => typeof s === 'string' || typeof s === 'number')).toBe(true);
  }
}

describe('policy validation on hostile input', () => {
  it('answers issues, never a throw, for the demo policy mutated at random places', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
        const document = mutate(demo, mutations);
        expectIssuesNotThrow(loadPolicy(document));
        expectIssuesNotThrow(parsePolicyText(JSON.stringify(document), 'json'));
        expectIssuesNotThrow(parsePolicyText(toYaml(document), 'yaml'));
      }),
      { numRuns: 150 },
    );
  });

  it('answers issues for values that are not JSON at all', () => {
    const wire = demoPolicyWire() as unknown as Record<string, unknown>;
    for (const value of [undefined, Number.NaN, Infinity, 10n, Symbol('x'), () => 1, new Date()]) {
      expectIssuesNotThrow(loadPolicy({ ...wire, title: value }));
      expectIssuesNotThrow(loadPolicy({ ...wire, parameters: value }));
    }
    for (const value of [undefined, null, 0, 'policy', [], [wire], 10n])
      expectIssuesNotThrow(loadPolicy(value));
  });

  it('answers issues for nesting deeper than the yaml package can compose, however often', () => {
    // Without the depth check the second of these killed the process (a fatal V8 error).
    const depth = 3000;
    const flow = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const texts = [
      `title: ${flow}\n`,
      `title:\n  ${'- '.repeat(depth)}x\n`,
      `title:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} x\n`,
    ];
    for (const text of [...texts, ...texts]) {
      const result = parsePolicyText(text, 'yaml');
      expect(result.issues).toMatchObject([
        { code: 'policy.syntax', data: { line: expect.any(Number) as number, maxNesting: 64 } },
      ]);
    }
    for (let i = 0; i < 3; i++) {
      const result = parsePolicyText(`{"title": ${flow}}`, 'json');
      const title = result.issues.find((found) => found.path.join('.') === 'title');
      expect(title?.code).toBe('policy.invalid');
      expect(title?.data?.['line']).toBeUndefined(); // not located: too deep to compose
    }
  });
});
