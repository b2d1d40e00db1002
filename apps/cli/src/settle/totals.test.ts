import { describe, expect, it } from 'vitest';
import { CliError } from '../exit-codes.ts';
import { addPayerTotals } from './totals.ts';

describe('addPayerTotals', () => {
  it('adds amounts exactly in fen, with carries, negatives (reversals) and new payers', () => {
    const into: Record<string, string> = { patient: '0.99', basic_fund: '-0.05' };
    addPayerTotals(into, {
      patient: '0.01',
      basic_fund: '0.02',
      commercial: '12345678901234567.89',
    });
    addPayerTotals(into, { commercial: '0.11', basic_fund: '-1.00' });
    expect(into).toEqual({
      patient: '1.00',
      basic_fund: '-1.03',
      commercial: '12345678901234568.00',
    });
  });

  it('refuses an amount that is not yuan with two decimals (a damaged output being resumed)', () => {
    for (const bad of ['1.5', '1e3', '', ' 1.00', '1.000', 'NaN']) {
      expect(() => {
        addPayerTotals({}, { patient: bad });
      }).toThrow(
        new CliError(
          'malformed_input',
          `payers.patient: "${bad}" is not an amount such as "12.30"`,
        ),
      );
    }
  });
});
