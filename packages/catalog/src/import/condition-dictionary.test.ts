import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConditionDictionary, readShipped } from '../../node/load.ts';
import { conditionMatcher } from './condition-dictionary.ts';
import { parseCsv } from './csv.ts';
import { normalizeRemark } from './remark-parser.ts';

const dictionary = loadConditionDictionary();
const matcher = conditionMatcher(dictionary);

/** Every ICD-10 医保版 code, dagger / asterisk pairs split, so a prefix can be checked. */
const icd10 = readFileSync(
  new URL('../../../domain/data/codes/icd10_yb_v1.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line !== '')
  .flatMap((code) => code.split('+').map((part) => part.replace(/[*+]$/u, '')));

const remarks = parseCsv(readShipped('nrdlCsv'))
  .records.map((r) => normalizeRemark(r.fields[9] ?? ''))
  .filter((r) => r !== '');

describe('the condition → ICD-10 dictionary', () => {
  it('maps every term to prefixes that exist in the ICD-10 医保版 list', () => {
    const missing: string[] = [];
    for (const entry of dictionary.entries) {
      for (const prefix of entry.icd10) {
        if (!icd10.some((code) => code.startsWith(prefix)))
          missing.push(`${entry.term} → ${prefix}`);
      }
    }
    expect(missing).toEqual([]);
    expect(dictionary.entries.length).toBeGreaterThan(150);
  });

  it('only lists terms that occur in the 2024 list’s restriction texts', () => {
    const unused = dictionary.entries.filter((e) => !remarks.some((r) => r.includes(e.term)));
    expect(unused.map((e) => e.term)).toEqual([]);
  });

  it('finds a condition in most restriction texts that start with 限', () => {
    const limited = remarks.filter((r) => r.startsWith('限'));
    const covered = limited.filter((r) => matcher.match(r).terms.length > 0).length;
    console.log(
      `condition dictionary: ${dictionary.entries.length} terms; ${covered} of ${limited.length} 限… texts name at least one`,
    );
    expect(covered / limited.length).toBeGreaterThan(0.6);
  });

  it('prefers the longest term and keeps both conditions joined by 或', () => {
    expect(matcher.match('晚期非小细胞肺癌')).toEqual({
      terms: ['非小细胞肺癌'],
      icdPrefixes: ['C34'],
    });
    expect(matcher.match('活动性十二指肠溃疡或胃食管反流病')).toEqual({
      terms: ['十二指肠溃疡', '胃食管反流病'],
      icdPrefixes: ['K26', 'K21'],
    });
    expect(matcher.match('放化疗且吞咽困难')).toEqual({ terms: [], icdPrefixes: [] });
  });
});
