import { describe, expect, it } from 'vitest';
import { byChange, changeClass, progressPercent, requestOf, shortLabel, yearOf } from './model.ts';

const form = {
  baseline: 'demo-230100-2025.1',
  baselineCatalog: '',
  candidate: 'demo-230100-2025.whatif',
  candidateCatalog: 'nrdl-2024',
  baselineRules: [],
  candidateRules: [],
  from: '2025-06-01',
  to: '2025-07-01',
  budget: '',
};

describe('requestOf', () => {
  it('builds the request, leaving out what is not chosen', () => {
    expect(requestOf(form)).toEqual({
      ok: true,
      value: {
        from: '2025-06-01',
        to: '2025-07-01',
        baseline: { policy: 'demo-230100-2025.1' },
        candidate: { policy: 'demo-230100-2025.whatif', catalog: 'nrdl-2024' },
      },
    });
    const withRules = requestOf({ ...form, candidateRules: ['demo-rules-230100'] });
    expect(withRules.ok && withRules.value.candidate).toEqual({
      policy: 'demo-230100-2025.whatif',
      catalog: 'nrdl-2024',
      ruleSets: ['demo-rules-230100'],
    });
    const withBudget = requestOf({ ...form, budget: ' 10000.00 ' });
    expect(withBudget.ok && withBudget.value.budget).toBe('10000.00');
  });

  it('names each field that is wrong', () => {
    const checked = requestOf({ ...form, from: '2025-6-1', candidate: '', budget: '12' });
    expect(checked.ok ? [] : Object.keys(checked.errors).sort()).toEqual([
      'budget',
      'candidate',
      'from',
    ]);
    const reversed = requestOf({ ...form, from: '2025-07-01', to: '2025-06-01' });
    expect(reversed.ok ? null : reversed.errors.to).toEqual(['Must be after from.']);
    const twoYears = requestOf({ ...form, to: '2026-02-01' });
    expect(twoYears.ok ? null : twoYears.errors.to).toEqual([
      'The period must lie within one accounting year (to may be the next 1 January).',
    ]);
    // The API's rules, read from its schema: a budget of zero or less is refused at its field.
    for (const budget of ['0.00', '-5.00']) {
      const notPositive = requestOf({ ...form, budget });
      expect(notPositive.ok ? null : notPositive.errors.budget).toEqual([
        'Must be a positive amount in yuan, e.g. "1250000000.00".',
      ]);
    }
    expect(requestOf({ ...form, from: '2025-01-01', to: '2026-01-01' }).ok).toBe(true);
  });
});

describe('helpers', () => {
  it('reads the year, the progress and the sign of a change', () => {
    expect(yearOf('2026-12-04')).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(progressPercent({ processed: 1, total: 3 })).toBe(33);
    expect(progressPercent({ processed: 0, total: 0 })).toBe(0);
    expect(['-1.00', '0.00', '350.00'].map(changeClass)).toEqual([
      'change-less',
      'change-same',
      'change-more',
    ]);
  });

  it('orders groups by the size of their change', () => {
    const group = (fund: string, total = '0.00') => ({
      total: { change: total },
      payers: {
        basic_fund: { change: fund },
        patient: { change: fund.startsWith('-') ? fund.slice(1) : `-${fund}` },
      },
    });
    expect(
      byChange({
        a: group('10.00'),
        b: group('-20.00'),
        c: group('0.00'),
        d: group('0.00', '5.00'),
      }).map(([k]) => k),
    ).toEqual(['b', 'a', 'd', 'c']);
    // Exact to the fen where a JS number is not: these two are the same double.
    expect(
      byChange({ e: group('900719925474099.92'), f: group('900719925474099.93') }).map(([k]) => k),
    ).toEqual(['f', 'e']);
  });

  it('shortens histogram labels for the axis', () => {
    expect(
      ['≤ -10000', '-10000 … -1000', '-10 … 0', '0', '100 … 1000', '≥ 10000'].map(shortLabel),
    ).toEqual(['≤-10k', '-10k…-1k', '-10…0', '0', '100…1k', '≥10k']);
  });
});
