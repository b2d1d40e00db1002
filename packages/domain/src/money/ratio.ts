import { EngineError } from '../issue/index.ts';
import { Decimal, isDecimalLiteral } from './decimal.ts';

/**
 * An exact ratio: a reimbursement ratio (报销比例 0.9), a first self-pay ratio (先行自付 0.1), a
 * share of a multi-party split, or a coefficient (1.5× for children). Never a JS number.
 * Ratios are not limited to 0–1 (coefficients exceed 1); `isUnitInterval` checks when it matters.
 */
export class Ratio {
  static readonly ZERO = new Ratio(new Decimal(0));
  static readonly ONE = new Ratio(new Decimal(1));

  private constructor(private readonly value: Decimal) {}

  /** From a decimal literal (`'0.9'`), a percentage literal (`'90%'`) or a Decimal. */
  static of(value: string | Decimal): Ratio {
    if (typeof value !== 'string') {
      if (!value.isFinite())
        throw new EngineError('invalid_argument', `ratio must be finite, got ${value.toString()}`);
      return new Ratio(value);
    }
    const percent = value.endsWith('%');
    const literal = percent ? value.slice(0, -1) : value;
    if (!isDecimalLiteral(literal)) {
      throw new EngineError(
        'invalid_argument',
        `ratio must be a decimal like "0.9" or a percentage like "90%", got "${value}"`,
        { value },
      );
    }
    const decimal = new Decimal(literal);
    return new Ratio(percent ? decimal.dividedBy(100) : decimal);
  }

  /** `Ratio.percent('90')` is 0.9. */
  static percent(value: string): Ratio {
    return Ratio.of(`${value}%`);
  }

  /** numerator ÷ denominator, exact to 34 significant digits. */
  static fraction(numerator: Decimal, denominator: Decimal): Ratio {
    if (denominator.isZero())
      throw new EngineError('division_by_zero', 'ratio denominator is zero');
    return new Ratio(numerator.dividedBy(denominator));
  }

  get decimal(): Decimal {
    return this.value;
  }

  /** 1 − r: the part not reimbursed when r is. */
  complement(): Ratio {
    return new Ratio(new Decimal(1).minus(this.value));
  }

  add(other: Ratio): Ratio {
    return new Ratio(this.value.plus(other.value));
  }

  subtract(other: Ratio): Ratio {
    return new Ratio(this.value.minus(other.value));
  }

  multiply(other: Ratio): Ratio {
    return new Ratio(this.value.times(other.value));
  }

  compare(other: Ratio): -1 | 0 | 1 {
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  equals(other: Ratio): boolean {
    return this.value.equals(other.value);
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  /** 0 ≤ r ≤ 1, as a reimbursement ratio must be. */
  isUnitInterval(): boolean {
    return this.value.greaterThanOrEqualTo(0) && this.value.lessThanOrEqualTo(1);
  }

  /** Canonical decimal string, e.g. `"0.9"`; the wire format. */
  toString(): string {
    return this.value.toFixed();
  }

  /** `"90%"`, for people. */
  toPercentString(): string {
    return `${this.value.times(100).toFixed()}%`;
  }

  toJSON(): string {
    return this.toString();
  }
}
