import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, compareDecimals } from './decimal.ts';

/** Decimal literals of every shape the comparison meets: signs, zeros, long and tiny fractions. */
const literal = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.oneof(fc.constant('0'), fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String)),
    fc.oneof(
      fc.constant(''),
      fc.stringMatching(/^[0-9]{1,20}$/).map((f) => `.${f}`),
      fc.constantFrom('.0000000', '.00000001', '.9999999', '.10000000'),
    ),
  )
  .map(([sign, whole, fraction]) => `${sign}${whole}${fraction}`);

describe('compareDecimals', () => {
  it('answers as decimal.js cmp does, for any two decimals', () => {
    fc.assert(
      fc.property(literal, literal, (x, y) => {
        const a = new Decimal(x);
        const b = new Decimal(y);
        expect(compareDecimals(a, b)).toBe(a.cmp(b));
        expect(compareDecimals(b, a)).toBe(b.cmp(a));
        expect(compareDecimals(a, a)).toBe(0);
      }),
      { numRuns: 5000 },
    );
  });

  it('answers as cmp for a decimal and the same with more digits after it', () => {
    fc.assert(
      fc.property(literal, fc.stringMatching(/^[0-9]{1,16}[1-9]$/), (x, more) => {
        const a = new Decimal(x);
        const b = new Decimal(x.includes('.') ? `${x}${more}` : `${x}.${more}`);
        expect(compareDecimals(a, b)).toBe(a.cmp(b));
        expect(compareDecimals(b, a)).toBe(b.cmp(a));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells values equal however they were written', () => {
    expect(compareDecimals(new Decimal('1.50'), new Decimal('1.5'))).toBe(0);
    expect(compareDecimals(new Decimal('-0'), new Decimal('0'))).toBe(0);
    expect(compareDecimals(new Decimal('10000000'), new Decimal('1e7'))).toBe(0);
    expect(compareDecimals(new Decimal('2'), new Decimal('1.9999999999'))).toBe(1);
    expect(compareDecimals(new Decimal('-2'), new Decimal('-1.9999999999'))).toBe(-1);
  });

  it('leaves NaN and infinities to cmp', () => {
    const nan = new Decimal(Number.NaN);
    const inf = new Decimal(Number.POSITIVE_INFINITY);
    expect(compareDecimals(nan, new Decimal(1))).toBeNaN();
    expect(compareDecimals(inf, new Decimal('1e30'))).toBe(1);
    expect(compareDecimals(new Decimal(Number.NEGATIVE_INFINITY), new Decimal(-5))).toBe(-1);
  });
});
