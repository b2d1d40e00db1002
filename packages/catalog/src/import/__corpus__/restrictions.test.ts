import { describe, expect, it } from 'vitest';
import { loadConditionDictionary, loadImportSettings } from '../../../node/load.ts';
import { type Restriction, restrictionSchema } from '../../restrictions/restriction.ts';
import { conditionMatcher } from '../condition-dictionary.ts';
import { normalizeRemark, remarkParser } from '../remark-parser.ts';
import { CORPUS, type Expected } from './restrictions.ts';

const parser = remarkParser(loadImportSettings(), conditionMatcher(loadConditionDictionary()));

/** Whether `actual` has every field `expected` names, equal (an `undefined` field: absent). */
function fits(actual: Restriction, expected: Expected): boolean {
  const record = actual as unknown as Record<string, unknown>;
  return Object.entries(expected).every(
    ([key, value]) => JSON.stringify(record[key]) === JSON.stringify(value),
  );
}

/** Pairs expected with actual restrictions, order aside; returns what did not pair. */
function unmatched(actual: readonly Restriction[], expected: readonly Expected[]) {
  const left = [...actual];
  const missing: Expected[] = [];
  for (const e of expected) {
    const at = left.findIndex((a) => fits(a, e));
    if (at < 0) missing.push(e);
    else left.splice(at, 1);
  }
  return { missing, extra: left.map(({ source: _s, span: _p, ...rest }) => rest) };
}

describe('the restriction corpus (hand-written text → structure)', () => {
  it('has at least 150 cases covering every restriction kind', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    const kinds = new Set(
      CORPUS.flatMap((c) => [...(c.all ?? []), ...(c.any ?? []).flat()].map((e) => e.kind)),
    );
    expect([...kinds].sort()).toEqual(
      [
        'age',
        'approval',
        'combination',
        'course',
        'cumulative_quantity',
        'diagnosis',
        'emergency',
        'evidence',
        'first_prescription',
        'institution_tier',
        'lab',
        'line_of_therapy',
        'month_limit',
        'prior_therapy',
        'procedure',
        'scheme',
        'setting',
        'sex',
        'tcm_syndrome',
      ].sort(),
    );
  });

  it.each(CORPUS.map((c, i) => [i + 1, c.text, c] as const))('#%i %s', (_n, text, c) => {
    const parsed = parser.parse(text);
    const normalized = normalizeRemark(text);
    const all = unmatched(parsed.restrictions, c.all ?? []);
    expect({ structuring: parsed.structuring, ...all }).toEqual({
      structuring: c.structuring,
      missing: [],
      extra: [],
    });
    expect(parsed.indications).toHaveLength(c.any?.length ?? 0);
    parsed.indications.forEach((indication, k) => {
      expect(unmatched(indication.restrictions, c.any?.[k] ?? [])).toEqual({
        missing: [],
        extra: [],
      });
    });
    // Every restriction is valid and keeps the exact fragment it was read from.
    for (const r of [
      ...parsed.restrictions,
      ...parsed.indications.flatMap((i) => i.restrictions),
    ]) {
      expect(restrictionSchema.safeParse(r).success).toBe(true);
      expect(r.span).toBeDefined();
      const [from, to] = r.span ?? [0, 0];
      expect(normalized.slice(from, to)).toBe(r.text);
    }
    // Not fully read: the text is handed on, never dropped.
    if (c.structuring === 'partial' || c.structuring === 'unparsed')
      expect(parsed.unparsed.length).toBeGreaterThan(0);
    else expect(parsed.unparsed).toEqual([]);
  });
});
