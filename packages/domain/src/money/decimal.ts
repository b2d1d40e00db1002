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

/**
 * `a` compared with `b`: −1, 0 or 1, exactly as `a.cmp(b)`, but without the copy of `b` that
 * decimal.js makes for every comparison (a Decimal and its digits, per call). For comparisons on
 * a per-line path (smart review's quantity limits); elsewhere `cmp`, `gt` and the like read
 * better. NaN and infinities are left to `cmp`.
 */
export function compareDecimals(a: Decimal, b: Decimal): number {
  // decimal.js's own representation (typed in its declarations): sign `s`, the exponent `e` of
  // the leading digit, and the digits `d` in base-1e7 words without trailing zero words; `d` is
  // null for NaN and infinities.
  const ad = a.d as readonly number[] | null;
  const bd = b.d as readonly number[] | null;
  if (ad === null || bd === null) return a.cmp(b);
  const as = a.s;
  if (ad[0] === 0 || bd[0] === 0) return ad[0] !== 0 ? as : bd[0] !== 0 ? -b.s : 0;
  if (as !== b.s) return as;
  // Same sign: the larger magnitude is the larger number when positive, the smaller otherwise.
  const larger = as > 0 ? 1 : -1;
  if (a.e !== b.e) return a.e > b.e ? larger : -larger;
  const n = Math.min(ad.length, bd.length);
  for (let i = 0; i < n; i++) {
    const x = ad[i] as number;
    const y = bd[i] as number;
    if (x !== y) return x > y ? larger : -larger;
  }
  return ad.length === bd.length ? 0 : ad.length > bd.length ? larger : -larger;
}
