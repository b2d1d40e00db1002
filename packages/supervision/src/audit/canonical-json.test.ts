import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

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
