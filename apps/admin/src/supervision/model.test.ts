import { describe, expect, it } from 'vitest';
import {
  ACTION_LABELS,
  LIST_SHOWN,
  evidenceRows,
  labelOf,
  pageOf,
  parameterRows,
  ruleMatches,
  truncated,
  windowText,
} from './model.ts';

describe('parameterRows', () => {
  it('truncates a long code list with its count and keeps thresholds as text', () => {
    const items = Array.from({ length: 20 }, (_, i) => `XL01EB${String(i).padStart(2, '0')}`);
    const rows = parameterRows({ kind: 'plan_cost_threshold', items, threshold: '50000.00' });
    expect(rows.map((r) => r.name)).toEqual(['items', 'threshold']);
    const [list, threshold] = rows;
    expect(list?.count).toBe(20);
    expect(list?.text.startsWith(items.slice(0, LIST_SHOWN).join(', '))).toBe(true);
    expect(list?.text).toContain(`… and ${20 - LIST_SHOWN} more`);
    expect(list?.text).not.toContain(items[LIST_SHOWN]);
    expect(threshold).toEqual({ name: 'threshold', text: '50000.00', count: 0 });
  });

  it('shows nested objects as key: value pairs, and an empty list as a dash', () => {
    const rows = parameterRows({
      kind: 'exit_rule',
      items: ['XL04AA37'],
      scores: [{ instrument: 'DAS28', minDrop: '1.2', afterDays: 84 }],
      labs: [],
    });
    expect(rows.find((r) => r.name === 'scores')?.text).toBe(
      '(instrument: DAS28; minDrop: 1.2; afterDays: 84)',
    );
    expect(rows.find((r) => r.name === 'labs')).toEqual({ name: 'labs', text: '—', count: 0 });
  });

  it('lists a short list whole', () => {
    expect(truncated(['a', 'b'])).toBe('a, b');
  });
});

describe('ruleMatches', () => {
  const rule = {
    code: 'NHSA-DRUG-SEX-0001',
    name: '限女性使用',
    nameEn: 'Women only',
    check: { kind: 'item_sex' as const },
  };
  it('matches by code, name, English name, kind and its label, ignoring case', () => {
    for (const q of ['nhsa-drug-sex', '女性', 'women', 'item_sex', '限定性别', '  ']) {
      expect(ruleMatches(rule, q), q).toBe(true);
    }
    expect(ruleMatches(rule, 'DUP-')).toBe(false);
  });
});

describe('evidenceRows', () => {
  it('joins lists, shows null as a dash and flags as yes/no', () => {
    expect(
      evidenceRows({ sex: 'male', otherClaims: ['C1', 'C2'], approval: null, tested: false }),
    ).toEqual([
      { key: 'sex', value: 'male' },
      { key: 'otherClaims', value: 'C1, C2' },
      { key: 'approval', value: '—' },
      { key: 'tested', value: 'no' },
    ]);
  });
});

describe('labels and windows', () => {
  it('labels a known value in English and Chinese and shows an unknown one as its key', () => {
    expect(labelOf(ACTION_LABELS, 'deduct')).toBe(
      `${ACTION_LABELS.deduct.en} ${ACTION_LABELS.deduct.zh}`,
    );
    expect(labelOf(ACTION_LABELS, 'something_new')).toBe('something_new');
  });
  it('says a window of N days with its number', () => {
    expect(windowText({ kind: 'days', days: 30 })).toContain('30');
    const kinds = [
      { kind: 'visit' },
      { kind: 'admission' },
      { kind: 'natural_day' },
      { kind: 'days', days: 7 },
      { kind: 'year' },
    ] as const;
    expect(windowText(undefined)).toBe(windowText({ kind: 'visit' }));
    // Each window reads differently.
    expect(new Set(kinds.map(windowText)).size).toBe(kinds.length);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 60 }, (_, i) => i);
  it('gives the page at an offset, aligned to the page size and clamped to the list', () => {
    expect(pageOf(items, 25, 25)).toEqual({ offset: 25, page: items.slice(25, 50) });
    expect(pageOf(items, 999, 25).offset).toBe(50);
    expect(pageOf(items, -5, 25).offset).toBe(0);
    expect(pageOf([], 50, 25)).toEqual({ offset: 0, page: [] });
  });
});
