import fc from 'fast-check';
import { HOSTILE_STRINGS, hostileValue } from './fuzz-hostile.ts';

/**
 * A small JSON Schema (draft 2020-12, as `z.toJSONSchema` writes it) to fast-check generator, for
 * the fuzz test: objects with required and optional properties, arrays with min/max items, strings
 * from enum / const / pattern / date format / examples, bounded numbers and integers, anyOf / oneOf
 * (discriminated unions included), records (additionalProperties), `$ref` into `$defs`.
 *
 * With `hostile`, every leaf is sometimes replaced by a hostile value, so both the valid-looking and
 * the hostile shapes of each field reach the server.
 */

type Schema = Readonly<Record<string, unknown>>;

export interface SchemaArbitraryOptions {
  /** Replace leaves by hostile values now and then. */
  readonly hostile: boolean;
}

const MAX_DEPTH = 12;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export function arbitraryFromSchema(
  root: Schema,
  options: SchemaArbitraryOptions,
): fc.Arbitrary<unknown> {
  const defs = isSchema(root['$defs']) ? root['$defs'] : {};

  const resolve = (schema: Schema): Schema => {
    let current = schema;
    for (let hops = 0; hops < 20; hops++) {
      const ref = current['$ref'];
      if (typeof ref !== 'string') return current;
      const target = defs[ref.replace(/^#\/\$defs\//u, '')];
      if (!isSchema(target)) return {};
      // Sibling keywords of a $ref (description, default) do not change the value space.
      current = target;
    }
    return current;
  };

  const leaf = (arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    options.hostile
      ? fc.oneof({ weight: 6, arbitrary }, { weight: 1, arbitrary: hostileValue() })
      : arbitrary;

  const build = (input: Schema, depth: number): fc.Arbitrary<unknown> => {
    const schema = resolve(input);
    if (depth > MAX_DEPTH) return fc.constant(null);
    if ('const' in schema) return leaf(fc.constant(schema['const']));
    if (Array.isArray(schema['enum']) && schema['enum'].length > 0) {
      return leaf(fc.constantFrom(...(schema['enum'] as unknown[])));
    }
    const union = schema['anyOf'] ?? schema['oneOf'];
    if (Array.isArray(union) && union.length > 0) {
      return fc.oneof(
        { depthSize: 'small' },
        ...union.filter(isSchema).map((s) => build(s, depth + 1)),
      );
    }
    if (Array.isArray(schema['allOf']) && isSchema(schema['allOf'][0])) {
      return build(schema['allOf'][0], depth + 1);
    }
    const type = Array.isArray(schema['type'])
      ? (schema['type'] as unknown[]).filter((t): t is string => typeof t === 'string')
      : typeof schema['type'] === 'string'
        ? [schema['type']]
        : [];
    if (type.length > 1) {
      return fc.oneof(...type.map((t) => build({ ...schema, type: t }, depth)));
    }
    switch (type[0]) {
      case 'object':
        return objectArbitrary(schema, depth);
      case 'array':
        return arrayArbitrary(schema, depth);
      case 'string':
        return leaf(stringArbitrary(schema));
      case 'integer':
      case 'number':
        return leaf(numberArbitrary(schema, type[0] === 'integer'));
      case 'boolean':
        return leaf(fc.boolean());
      case 'null':
        return leaf(fc.constant(null));
      default:
        // `{}`: anything (unrepresentable zod types come out as this too).
        return leaf(fc.jsonValue({ maxDepth: 2 }));
    }
  };

  const objectArbitrary = (schema: Schema, depth: number): fc.Arbitrary<unknown> => {
    const properties = isSchema(schema['properties']) ? schema['properties'] : {};
    const required = new Set(
      Array.isArray(schema['required'])
        ? (schema['required'] as unknown[]).filter((k): k is string => typeof k === 'string')
        : [],
    );
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, value] of Object.entries(properties)) {
      if (isSchema(value)) model[key] = build(value, depth + 1);
    }
    const requiredKeys = Object.keys(model).filter((k) => required.has(k));
    const record = fc.record(model, { requiredKeys });
    const extra = schema['additionalProperties'];
    const extraArbitrary: fc.Arbitrary<Record<string, unknown>> | undefined =
      isSchema(extra) && Object.keys(model).length === 0
        ? fc.dictionary(
            fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 6))),
            build(extra, depth + 1),
            { maxKeys: 3 },
          )
        : options.hostile
          ? fc.oneof(
              { weight: 5, arbitrary: fc.constant({}) },
              {
                weight: 1,
                arbitrary: fc.dictionary(
                  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'x'),
                  hostileValue(),
                  { maxKeys: 2 },
                ),
              },
            )
          : undefined;
    if (extraArbitrary === undefined) return record;
    return fc.tuple(record, extraArbitrary).map(([known, more]) => {
      const out: Record<string, unknown> = {};
      // defineProperty: an own "__proto__" key must stay a key, not become the prototype.
      for (const [k, v] of [...Object.entries(more), ...Object.entries(known)]) define(out, k, v);
      return out;
    });
  };

  const arrayArbitrary = (schema: Schema, depth: number): fc.Arbitrary<unknown> => {
    const items = isSchema(schema['items']) ? schema['items'] : {};
    const minLength = num(schema['minItems']) ?? 0;
    const maxLength = Math.min(num(schema['maxItems']) ?? minLength + 3, minLength + 3);
    return fc.array(build(items, depth + 1), { minLength, maxLength });
  };

  return build(root, 0);
}

export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const isoDate = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = num(schema['minLength']) ?? 0;
  const maxLength = num(schema['maxLength']) ?? minLength + 40;
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  const choices: fc.Arbitrary<string>[] = [];
  const examples = [
    ...(typeof schema['example'] === 'string' ? [schema['example']] : []),
    ...(Array.isArray(schema['examples'])
      ? (schema['examples'] as unknown[]).filter((e): e is string => typeof e === 'string')
      : []),
  ];
  if (examples.length > 0) choices.push(fc.constantFrom(...examples));
  if (schema['format'] === 'date') choices.push(isoDate);
  if (typeof schema['pattern'] === 'string') {
    let regex: RegExp | undefined;
    try {
      regex = new RegExp(schema['pattern'], 'u');
    } catch {
      regex = undefined;
    }
    if (regex !== undefined) {
      choices.push(fc.stringMatching(regex, { size: 'xsmall' }).filter(fits));
    }
  }
  if (choices.length === 0) {
    const max = Math.min(maxLength, minLength + 40);
    choices.push(
      fc.string({ minLength, maxLength: max }),
      fc.string({ minLength, maxLength: max, unit: 'grapheme' }),
    );
  }
  return fc.oneof(...choices);
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const minimum = num(schema['minimum']) ?? num(schema['exclusiveMinimum']);
  const maximum = num(schema['maximum']) ?? num(schema['exclusiveMaximum']);
  if (integer) {
    const min = Math.max(minimum ?? -1_000_000, Number.MIN_SAFE_INTEGER);
    const max = Math.min(maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER);
    return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
  }
  return fc.double({
    min: minimum ?? -1e9,
    max: maximum ?? 1e9,
    noNaN: true,
    noDefaultInfinity: true,
  });
}
