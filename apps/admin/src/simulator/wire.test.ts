import { describe, expect, it } from 'vitest';
import { compareJson, lineAmount, parameterEntry, scaled, sumMoney, unscaled } from './wire.ts';

describe('exact decimal strings', () => {
  it('scales a plain decimal to an integer and back', () => {
    expect(scaled('12.5', 4)).toBe(125000n);
    expect(scaled('-0.01', 2)).toBe(-1n);
    expect(unscaled(125000n, 4)).toBe('12.5000');
    expect(unscaled(-1n, 2)).toBe('-0.01');
    expect(unscaled(7n, 0)).toBe('7');
  });

  it('refuses what is not a plain decimal, or has more decimals than the scale', () => {
    expect(scaled('1e3', 2)).toBeUndefined();
    expect(scaled('0.001', 2)).toBeUndefined();
    expect(scaled('', 2)).toBeUndefined();
  });

  it('rounds quantity × unit price half-up to the fen, as the validator does', () => {
    expect(lineAmount('3', '0.125')).toBe('0.38');
    expect(lineAmount('30', '150.00')).toBe('4500.00');
    expect(lineAmount('0.5', '0.01')).toBe('0.01');
    expect(lineAmount('2', 'abc')).toBeUndefined();
  });

  it('sums money without a JS number, past 2^53 fen', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney(['90071992547409.93', '0.01'])).toBe('90071992547409.94');
    expect(sumMoney([])).toBe('0.00');
    expect(sumMoney(['1.00', '1.001'])).toBeUndefined();
  });
});

describe('compareJson', () => {
  it('lists each differing leaf by path and counts the leaves compared, ignoring key order', () => {
    const { differences, compared } = compareJson(
      { total: '10.00', lines: [{ payers: { patient: '1.00', basic_fund: '9.00' } }] },
      { lines: [{ payers: { basic_fund: '9.00', patient: '2.00' } }], total: '10.00' },
    );
    expect(differences).toEqual([
      { path: 'lines[0].payers.patient', preview: '1.00', api: '2.00' },
    ]);
    expect(compared).toBe(3);
  });

  it('names a leaf present on one side only', () => {
    expect(compareJson({ a: [1, 2] }, { a: [1] }).differences).toEqual([
      { path: 'a[1]', preview: '2', api: '(absent)' },
    ]);
  });
});

describe('parameterEntry', () => {
  const policy = {
    id: 'p',
    title: 'P',
    parameters: {
      reimbursement: [
        { activeFrom: '2025-01-01', value: 'a' },
        { activeFrom: '2026-01-01', value: 'b' },
      ],
    },
  } as unknown as Parameters<typeof parameterEntry>[0];

  it('finds the policy entry an explanation names', () => {
    expect(parameterEntry(policy, 'parameters.reimbursement[1]')).toMatchObject({ value: 'b' });
  });

  it('finds nothing for no parameter, an unknown one, or no policy', () => {
    expect(parameterEntry(policy, null)).toBeUndefined();
    expect(parameterEntry(policy, 'catalog.price')).toBeUndefined();
    expect(parameterEntry(policy, 'parameters.deductible[0]')).toBeUndefined();
    expect(parameterEntry(undefined, 'parameters.reimbursement[0]')).toBeUndefined();
  });
});
