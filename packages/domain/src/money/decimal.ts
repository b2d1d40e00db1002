import DecimalJs from 'decimal.js';

/**
 * The one Decimal constructor of OpenPayer: a clone, so no other library's `Decimal.set` can change
 * our precision or rounding, and we never touch the global one. 34 significant digits (decimal128)
 * is far beyond any amount a fund pays; rounding to the fen is always explicit (see `round`).
 */
export const Decimal = DecimalJs.clone({
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = DecimalJs;

/** A plain decimal literal: optional sign, digits, optional fraction. No exponent, no spaces. */
const DECIMAL_LITERAL = /^[+-]?\d+(?:\.\d+)?$/;

export function isDecimalLiteral(text: string): boolean {
  return DECIMAL_LITERAL.test(text);
}
