import fc from 'fast-check';

/** Hostile values for the fuzz test: the inputs that have broken parsers and validators before. */

export const HOSTILE_STRINGS: readonly string[] = [
  '__proto__',
  'constructor',
  'toString',
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\ufeff',
  '\u202e',
  '\r\n',
  '-1',
  '-0',
  '-5000.00',
  '0.001',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  '9'.repeat(40),
  '9'.repeat(40) + '.99',
  '2201-01-01',
  '0000-00-00',
  '2025-02-30',
  '9999-12-31',
  '2025-13-01',
  '%00',
  '../../etc/passwd',
  '${x}',
  '{{x}}',
  '<script>',
  "'; drop table x; --",
  '*',
  '!!js/function',
  '*alias',
  '你好',
  '😀',
  'x'.repeat(100_000),
];

/** A JSON value that is not representable as a JS value on the sending side (written raw). */
export class RawJson {
  constructor(readonly text: string) {}
}

export const RAW_NUMBERS: readonly RawJson[] = [
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('1e-400'),
  new RawJson('-0'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('0.1e1'),
];

/** Deep nesting as raw JSON text (JSON.stringify would overflow the sender's stack first). */
const nestedArrays = (depth: number) => new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
const nestedObjects = (depth: number) =>
  new RawJson(`${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`);

function withKeys(): unknown[] {
  return [
    JSON.parse('{"__proto__":{"polluted":true}}'),
    JSON.parse('{"toString":"x","valueOf":1,"hasOwnProperty":null}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
  ];
}

/** Every hostile value (strings, numbers, shapes). Built lazily: some are large. */
let values: readonly unknown[] | undefined;
export function hostileValues(): readonly unknown[] {
  values ??= [
    ...HOSTILE_STRINGS,
    ...RAW_NUMBERS,
    {},
    [],
    null,
    true,
    false,
    0,
    -1,
    0.1,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_VALUE,
    [null],
    [''],
    [{}],
    nestedArrays(5000),
    nestedArrays(50),
    nestedObjects(5000),
    Array.from({ length: 10_000 }, () => 0),
    ...withKeys(),
  ];
  return values;
}

export const hostileValue = (): fc.Arbitrary<unknown> => fc.constantFrom(...hostileValues());

/** Path segments for `{id}`-style parameters, sent as-is (some are deliberately malformed). */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '__proto__',
  'constructor',
  'toString',
  'x'.repeat(5000),
  '%00',
  'a%00b',
  '%ZZ',
  '%',
  '%F0',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '..',
  '%2e%2e',
  '%2F',
  '%20',
  '-1',
  '9'.repeat(40),
  'NaN',
  '%E4%BD%A0',
  'a%0D%0Ab',
];

/** Idempotency keys (header values must be printable in fetch, so no NUL or newlines). */
export const IDEMPOTENCY_KEYS: readonly string[] = [
  '',
  ' ',
  'k',
  'k k',
  'x'.repeat(201),
  'x'.repeat(5000),
  '__proto__',
  'é',
  '"quoted"',
  '../k',
];

/** A JSON text: RawJson nodes are written as their raw text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const token = (i: number) => `@@raw-fuzz-${i}@@`;
  const text = JSON.stringify(value, (_key, node: unknown) => {
    if (node instanceof RawJson) {
      raws.push(node.text);
      return token(raws.length - 1);
    }
    return node;
  }) as string | undefined;
  if (text === undefined) return 'null';
  return raws.reduce((out, raw, i) => out.replace(`"${token(i)}"`, raw), text);
}

type Path = readonly (string | number)[];

/** The paths of every node of a JSON value (root included), objects and arrays walked. */
export function nodePaths(value: unknown, limit = 5000): Path[] {
  const out: Path[] = [];
  const walk = (node: unknown, path: Path) => {
    if (out.length >= limit) return;
    out.push(path);
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        walk(v, [...path, i]);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  walk(value, []);
  return out;
}

/** A copy of `value` with the node at `path` replaced (own-key safe for "__proto__"). */
export function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy: unknown[] = [...(value as unknown[])];
    copy[head as number] = replaceAt(copy[head as number], rest, replacement);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) defineKey(copy, k, v);
  defineKey(copy, String(head), replaceAt(copy[String(head)], rest, replacement));
  return copy;
}

/** Adds `key` to the object at `path` (or the root), as an own property. */
export function addKeyAt(value: unknown, path: Path, key: string, added: unknown): unknown {
  if (path.length === 0) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) defineKey(copy, k, v);
    defineKey(copy, key, added);
    return copy;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy: unknown[] = [...(value as unknown[])];
    copy[head as number] = addKeyAt(copy[head as number], rest, key, added);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) defineKey(copy, k, v);
  defineKey(copy, String(head), addKeyAt(copy[String(head)], rest, key, added));
  return copy;
}

function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Mutations of a valid example: one to three nodes replaced by hostile values, or a hostile key
 * added to an object, or an array element duplicated or dropped.
 */
export function mutationOf(example: unknown): fc.Arbitrary<unknown> {
  const paths = nodePaths(example);
  const pathArb = fc.nat({ max: paths.length - 1 }).map((i) => paths[i]!);
  const replace = fc
    .array(fc.tuple(pathArb, hostileValue()), { minLength: 1, maxLength: 3 })
    .map((edits) =>
      edits.reduce<unknown>((body, [path, v]) => {
        try {
          return replaceAt(body, path, v);
        } catch {
          return body;
        }
      }, example),
    );
  const addKey = fc
    .tuple(
      pathArb,
      fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', '', 'x\u0000'),
      hostileValue(),
    )
    .map(([path, key, v]) => addKeyAt(example, path, key, v));
  return fc.oneof({ weight: 4, arbitrary: replace }, { weight: 1, arbitrary: addKey });
}
