import { EngineError } from '../issue/index.ts';
import { type Currency, CURRENCIES, minorUnitScale } from './currency.ts';
import { Decimal, isDecimalLiteral } from './decimal.ts';
import { Ratio } from './ratio.ts';
import { type RoundingRule, roundDecimal } from './rounding.ts';

/**
 * An exact, immutable amount of money in a currency (dinero.js's habits, on decimal.js).
 *
 * Intermediate results may carry more decimals than the fen (a ratio applied to an amount); they
 * are brought back to the fen only by an explicit `round(rule)`, with the rule a policy value.
 * JS `number` is not accepted anywhere: amounts come in as decimal strings or Decimals.
 */
export class Money {
  private constructor(
    private readonly value: Decimal,
    readonly currency: Currency,
  ) {}

  /** From a decimal literal such as `'12.34'` or `'-0.5'`, or a Decimal. */
  static of(amount: string | Decimal, currency: Currency = 'CNY'): Money {
    assertCurrency(currency);
    if (typeof amount === 'string') {
      if (!isDecimalLiteral(amount)) {
        throw new EngineError(
          'invalid_argument',
          `money amount must be a decimal literal like "12.34", got "${amount}"`,
          { amount },
        );
      }
      return new Money(normalizeZero(new Decimal(amount)), currency);
    }
    if (!amount.isFinite()) {
      throw new EngineError(
        'invalid_argument',
        `money amount must be finite, got ${amount.toString()}`,
      );
    }
    return new Money(normalizeZero(amount), currency);
  }

  /** From an integer count of minor units: `Money.fromMinor(1234n)` is 12.34 yuan. */
  static fromMinor(minor: bigint, currency: Currency = 'CNY'): Money {
    assertCurrency(currency);
    // Place the decimal point in the digits instead of dividing: exact, and much cheaper.
    const scale = minorUnitScale(currency);
    const negative = minor < 0n;
    const digits = (negative ? -minor : minor).toString().padStart(scale + 1, '0');
    const text =
      scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(digits.length - scale)}`;
    return new Money(normalizeZero(new Decimal(negative ? `-${text}` : text)), currency);
  }

  static zero(currency: Currency = 'CNY'): Money {
    return new Money(new Decimal(0), currency);
  }

  /** Sum of amounts; an empty list sums to zero in `currency`. */
  static sum(amounts: readonly Money[], currency: Currency = 'CNY'): Money {
    let total = Money.zero(amounts[0]?.currency ?? currency);
    for (const amount of amounts) total = total.add(amount);
    return total;
  }

  static min(first: Money, ...rest: Money[]): Money {
    return rest.reduce((a, b) => (b.lessThan(a) ? b : a), first);
  }

  static max(first: Money, ...rest: Money[]): Money {
    return rest.reduce((a, b) => (b.greaterThan(a) ? b : a), first);
  }

  /** The exact amount as a Decimal (immutable, safe to hand out). */
  get amount(): Decimal {
    return this.value;
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(normalizeZero(this.value.plus(other.value)), this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(normalizeZero(this.value.minus(other.value)), this.currency);
  }

  /** Multiply by a ratio or an exact quantity. The result is not rounded: call `round`. */
  multiply(factor: Ratio | Decimal): Money {
    const by = factor instanceof Ratio ? factor.decimal : factor;
    return new Money(normalizeZero(this.value.times(by)), this.currency);
  }

  negate(): Money {
    return new Money(normalizeZero(this.value.negated()), this.currency);
  }

  abs(): Money {
    return new Money(this.value.abs(), this.currency);
  }

  /** Round with a rule passed as a value (a policy's rounding, e.g. fen half-up). */
  round(rule: RoundingRule): Money {
    return new Money(normalizeZero(roundDecimal(this.value, rule)), this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  equals(other: Money): boolean {
    // CNY is the only currency today; the check stays for when a second one is added.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    return this.currency === other.currency && this.value.equals(other.value);
  }

  lessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  lessThanOrEqual(other: Money): boolean {
    return this.compare(other) <= 0;
  }

  greaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  greaterThanOrEqual(other: Money): boolean {
    return this.compare(other) >= 0;
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  isPositive(): boolean {
    return this.value.isPositive() && !this.value.isZero();
  }

  /** True when the amount has no more decimals than the currency's minor unit (fen). */
  isAtMinorUnit(): boolean {
    return this.value.decimalPlaces() <= minorUnitScale(this.currency);
  }

  /** The amount in minor units (fen). Throws if it is not at the minor unit: round first. */
  toMinor(): bigint {
    this.assertAtMinorUnit('toMinor');
    return BigInt(this.value.times(scaleFactor(this.currency)).toFixed(0));
  }

  /**
   * Fixed-scale string at the currency's minor unit, e.g. `"12.30"`: the wire format.
   * Throws if the amount has more decimals: rounding is a policy decision, never implicit.
   */
  toFixedString(): string {
    this.assertAtMinorUnit('toFixedString');
    return this.value.toFixed(minorUnitScale(this.currency));
  }

  /** The exact amount with at least the minor unit's decimals, e.g. `"0.125"` or `"3.00"`. */
  toDecimalString(): string {
    const scale = Math.max(this.value.decimalPlaces(), minorUnitScale(this.currency));
    return this.value.toFixed(scale);
  }

  toString(): string {
    return `${this.toDecimalString()} ${this.currency}`;
  }

  toJSON(): string {
    return this.toDecimalString();
  }

  private assertSameCurrency(other: Money): void {
    const [left, right]: [string, string] = [this.currency, other.currency];
    if (left !== right) {
      throw new EngineError('currency_mismatch', `cannot combine ${left} with ${right}`, {
        left: this.currency,
        right: other.currency,
      });
    }
  }

  private assertAtMinorUnit(operation: string): void {
    if (!this.isAtMinorUnit()) {
      throw new EngineError(
        'not_at_minor_unit',
        `${operation}: ${this.value.toFixed()} ${this.currency} has more decimals than the ${CURRENCIES[this.currency].minorUnitName}; round it first`,
        { amount: this.value.toFixed(), currency: this.currency },
      );
    }
  }
}

function assertCurrency(currency: string): asserts currency is Currency {
  if (!Object.hasOwn(CURRENCIES, currency)) {
    throw new EngineError('invalid_argument', `unknown currency "${currency}"`, { currency });
  }
}

const scaleFactors = new Map<Currency, Decimal>();

/** 10^scale of the currency's minor unit, computed once per currency (it is on every hot path). */
function scaleFactor(currency: Currency): Decimal {
  let factor = scaleFactors.get(currency);
  if (factor === undefined) {
    factor = new Decimal(10).pow(minorUnitScale(currency));
    scaleFactors.set(currency, factor);
  }
  return factor;
}

/** -0 and 0 are the same amount; keep one so equal inputs serialise identically. */
function normalizeZero(value: Decimal): Decimal {
  return value.isZero() ? new Decimal(0) : value;
}
