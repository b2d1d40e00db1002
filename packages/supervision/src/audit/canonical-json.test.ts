import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

/** RFC 8785 written the plain way, member by member: what canonicalJson must equal. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((k) => `${JSON.stringify(k)}:${reference(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units and writes no whitespace', () => {
    // RFC 8785 §3.2.3's sorting example: names compared as UTF-16 code units.
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // (Read the values in text order: JS objects put integer-like names such as "1" first.)
    expect([...canonicalJson(value).matchAll(/:"([^"]*)"/gu)].map((m) => m[1])).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
    expect(canonicalJson({ b: [1, { d: true, c: null }], a: 'x' })).toBe(
      '{"a":"x","b":[1,{"c":null,"d":true}]}',
    );
  });

  it('writes any JSON value as the plain writer does, index-like and __proto__ names included', () => {
    expect(canonicalJson({ '10': 'a', '9': 'b', x: { '2': 1, '01': 2, b: 3 } })).toBe(
      '{"10":"a","9":"b","x":{"01":2,"2":1,"b":3}}',
    );
    const proto = JSON.parse('{"z":1,"__proto__":{"a":2},"b":[{"__proto__":null}]}') as unknown;
    expect(canonicalJson(proto)).toBe('{"__proto__":{"a":2},"b":[{"__proto__":null}],"z":1}');
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes numbers as ECMAScript does (RFC 8785 §3.2.2.3) and strings with JSON escapes', () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.3333333, 4.5])).toBe(
      '[1e+21,1e-7,0.000001,0,333333333.3333333,4.5]',
    );
    expect(canonicalJson('\u0000\n"\\é')).toBe('"\\u0000\\n\\"\\\\é"');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('refuses what has no canonical form, naming where it is', () => {
    const detailsOf = (value: unknown) => {
      try {
        canonicalJson(value);
      } catch (error) {
        return (error as { details: unknown }).details;
      }
      return undefined;
    };
    expect(detailsOf({ a: [1, Number.NaN] })).toEqual({
      code: 'audit.not_canonical_json',
      path: ['a', '1'],
    });
    expect(detailsOf({ s: 'x\ud800' })).toMatchObject({ path: ['s'] });
    expect(detailsOf([undefined])).toMatchObject({ path: ['0'] });
    expect(detailsOf({ f: () => 1 })).toMatchObject({ path: ['f'] });
    expect(detailsOf(10n)).toMatchObject({ code: 'audit.not_canonical_json' });
  });
});
