import { EngineError } from '../issue/index.ts';
import { type Currency, CURRENCIES, minorUnitScale } from './currency.ts';
import { Decimal, isDecimalLiteral } from './decimal.ts';
import { Ratio } from './ratio.ts';
import { type RoundingMode, type RoundingRule, roundDecimal } from './rounding.ts';

/**
 * An exact, immutable amount of money in a currency (dinero.js's habits, on decimal.js).
 *
 * Intermediate results may carry more decimals than the fen (a ratio applied to an amount); they
 * are brought back to the fen only by an explicit `round(rule)`, with the rule a policy value.
 * JS `number` is not accepted anywhere: amounts come in as decimal strings or Decimals.
 */
export class Money {
  /**
   * Three representations of one immutable value: a count of minor units (fen) for amounts known
   * to be at the minor unit (parsed from the wire, built from minor units, or sums of such); an
   * exact fraction over a power of ten for finer amounts (a unit price such as "0.2631", an amount
   * times a ratio before it is rounded); or a Decimal. Sums, products by ratios, rounding,
   * comparisons and wire formatting stay in BigInt as long as the digits fit in what a Decimal
   * keeps (34 significant digits), so the results are the ones Decimal arithmetic gives; beyond
   * that, and for anything else, the Decimal is made (once) and used. Either way the value is exact.
   */
  private decimal: Decimal | undefined;
  private readonly minor: bigint | undefined;
  /** numerator / 10^k with k above the minor unit's scale; set when `minor` is not. */
  private fine: Fraction | undefined;

  private constructor(
    value: Decimal | undefined,
    readonly currency: Currency,
    minor?: bigint,
  ) {
    this.decimal = value;
    this.minor = minor;
  }

  private get value(): Decimal {
    if (this.decimal === undefined) {
      this.decimal =
        this.fine === undefined
          ? decimalFromMinor(this.minor ?? 0n, minorUnitScale(this.currency))
          : decimalFromMinor(this.fine.numerator, this.fine.places);
    }
    return this.decimal;
  }

  /** The exact fraction of a minor-unit or fine amount; undefined for a Decimal-only one. */
  private get exact(): Fraction | undefined {
    if (this.minor !== undefined) {
      const scale = minorUnitScale(this.currency);
      return { numerator: this.minor, places: scale };
    }
    return this.fine;
  }

  /** An amount from an exact fraction: minor units when it is at the minor unit. */
  private static fromFraction(f: Fraction, currency: Currency): Money {
    const scale = minorUnitScale(currency);
    if (f.numerator === 0n) return new Money(undefined, currency, 0n);
    if (f.places <= scale) {
      return new Money(undefined, currency, f.numerator * powerOfTen(scale - f.places));
    }
    const excess = powerOfTen(f.places - scale);
    if (f.numerator % excess === 0n) return new Money(undefined, currency, f.numerator / excess);
    const money = new Money(undefined, currency);
    money.fine = f;
    return money;
  }

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
      const minor = minorFromLiteral(amount, minorUnitScale(currency));
      if (minor !== undefined) return new Money(undefined, currency, minor);
      const fine = fractionFromLiteral(amount);
      if (fine !== undefined) return Money.fromFraction(fine, currency);
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
    return new Money(undefined, currency, minor);
  }

  static zero(currency: Currency = 'CNY'): Money {
    return new Money(undefined, currency, 0n);
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
    if (this.minor !== undefined && other.minor !== undefined) {
      // Adding a minor-unit zero changes nothing, not even the representation: no new object.
      if (other.minor === 0n) return this;
      if (this.minor === 0n) return other;
      return new Money(undefined, this.currency, this.minor + other.minor);
    }
    const sum = addFractions(this.exact, other.exact, 1n);
    if (sum !== undefined) return Money.fromFraction(sum, this.currency);
    return new Money(normalizeZero(this.value.plus(other.value)), this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    if (this.minor !== undefined && other.minor !== undefined) {
      if (other.minor === 0n) return this;
      return new Money(undefined, this.currency, this.minor - other.minor);
    }
    const difference = addFractions(this.exact, other.exact, -1n);
    if (difference !== undefined) return Money.fromFraction(difference, this.currency);
    return new Money(normalizeZero(this.value.minus(other.value)), this.currency);
  }

  /** Multiply by a ratio or an exact quantity. The result is not rounded: call `round`. */
  multiply(factor: Ratio | Decimal): Money {
    const isRatio = factor instanceof Ratio;
    const by = isRatio ? factor.decimal : factor;
    const a = this.exact;
    if (a !== undefined) {
      const b = fractionOf(by, isRatio);
      const numerator = a.numerator * b.numerator;
      if (numerator < DECIMAL_LIMIT && numerator > -DECIMAL_LIMIT) {
        return Money.fromFraction({ numerator, places: a.places + b.places }, this.currency);
      }
    }
    return new Money(normalizeZero(this.value.times(by)), this.currency);
  }

  /**
   * `this × factor`, rounded by `rule`, in one exact step. When the rule rounds to the minor unit,
   * the work is BigInt (amount and factor as exact fractions); otherwise it is
   * `multiply(factor).round(rule)`. Both give the same result.
   */
  multiplyRound(factor: Ratio | Decimal, rule: RoundingRule): Money {
    const scale = minorUnitScale(this.currency);
    if (rule.scale !== scale) return this.multiply(factor).round(rule);
    const isRatio = factor instanceof Ratio;
    // A ratio is a long-lived policy value: its fraction is remembered. A quantity is a claim's
    // own value, seen once: remembering it would fill the table with garbage to collect.
    const b = fractionOf(isRatio ? factor.decimal : factor, isRatio);
    const a = this.exact ?? fractionOf(this.value, false);
    const product = a.numerator * b.numerator;
    // An amount finer than the minor unit whose product has more digits than a Decimal keeps:
    // multiply() rounds it to 34 digits, and multiplyRound must give what multiply().round() does.
    if (this.minor === undefined && (product >= DECIMAL_LIMIT || product <= -DECIMAL_LIMIT)) {
      return this.multiply(factor).round(rule);
    }
    return new Money(
      undefined,
      this.currency,
      divideRounded(product * powerOfTen(scale), powerOfTen(a.places + b.places), rule.mode),
    );
  }

  negate(): Money {
    if (this.minor !== undefined) return new Money(undefined, this.currency, -this.minor);
    if (this.fine !== undefined) {
      return Money.fromFraction({ ...this.fine, numerator: -this.fine.numerator }, this.currency);
    }
    return new Money(normalizeZero(this.value.negated()), this.currency);
  }

  abs(): Money {
    return this.isNegative() ? this.negate() : this;
  }

  /** Round with a rule passed as a value (a policy's rounding, e.g. fen half-up). */
  round(rule: RoundingRule): Money {
    const scale = minorUnitScale(this.currency);
    if (this.minor !== undefined && rule.scale >= scale) return this;
    if (this.minor === undefined && rule.scale === scale) {
      // To the minor unit: the exact fraction, rounded in BigInt; the result stays in minor units.
      const { numerator, places } = this.fine ?? fractionOf(this.value, false);
      const minor = divideRounded(numerator * powerOfTen(scale), powerOfTen(places), rule.mode);
      return new Money(undefined, this.currency, minor);
    }
    return new Money(normalizeZero(roundDecimal(this.value, rule)), this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    if (this.minor !== undefined && other.minor !== undefined) {
      return this.minor < other.minor ? -1 : this.minor > other.minor ? 1 : 0;
    }
    const difference = addFractions(this.exact, other.exact, -1n);
    if (difference !== undefined) {
      return difference.numerator < 0n ? -1 : difference.numerator > 0n ? 1 : 0;
    }
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  equals(other: Money): boolean {
    // CNY is the only currency today; the check stays for when a second one is added.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (this.currency !== other.currency) return false;
    if (this.minor !== undefined && other.minor !== undefined) return this.minor === other.minor;
    return this.compare(other) === 0;
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
    if (this.minor !== undefined) return this.minor === 0n;
    if (this.fine !== undefined) return false; // a fraction finer than the fen is never zero
    return this.value.isZero();
  }

  isNegative(): boolean {
    if (this.minor !== undefined) return this.minor < 0n;
    if (this.fine !== undefined) return this.fine.numerator < 0n;
    return this.value.isNegative() && !this.value.isZero();
  }

  isPositive(): boolean {
    if (this.minor !== undefined) return this.minor > 0n;
    if (this.fine !== undefined) return this.fine.numerator > 0n;
    return this.value.isPositive() && !this.value.isZero();
  }

  /** True when the amount has no more decimals than the currency's minor unit (fen). */
  isAtMinorUnit(): boolean {
    if (this.minor !== undefined) return true;
    if (this.fine !== undefined) return false; // fromFraction keeps minor-unit amounts in minor units
    return this.value.decimalPlaces() <= minorUnitScale(this.currency);
  }

  /** The amount in minor units (fen). Throws if it is not at the minor unit: round first. */
  toMinor(): bigint {
    if (this.minor !== undefined) return this.minor;
    this.assertAtMinorUnit('toMinor');
    return BigInt(this.value.times(scaleFactor(this.currency)).toFixed(0));
  }

  /**
   * Fixed-scale string at the currency's minor unit, e.g. `"12.30"`: the wire format.
   * Throws if the amount has more decimals: rounding is a policy decision, never implicit.
   */
  toFixedString(): string {
    if (this.minor !== undefined) return formatMinor(this.minor, minorUnitScale(this.currency));
    this.assertAtMinorUnit('toFixedString');
    return this.value.toFixed(minorUnitScale(this.currency));
  }

  /** The exact amount with at least the minor unit's decimals, e.g. `"0.125"` or `"3.00"`. */
  toDecimalString(): string {
    if (this.minor !== undefined) return formatMinor(this.minor, minorUnitScale(this.currency));
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

/** numerator / 10^places. */
interface Fraction {
  readonly numerator: bigint;
  readonly places: number;
}

const SCALE_POWERS: readonly bigint[] = Array.from({ length: 9 }, (_, i) => 10n ** BigInt(i));

const powerOfTen = (places: number): bigint => SCALE_POWERS[places] ?? 10n ** BigInt(places);

/**
 * a + sign × b over the finer of the two denominators; undefined when either is not an exact
 * fraction or the digits would exceed what a Decimal keeps (then Decimal arithmetic decides).
 */
function addFractions(
  a: Fraction | undefined,
  b: Fraction | undefined,
  sign: 1n | -1n,
): Fraction | undefined {
  if (a === undefined || b === undefined) return undefined;
  const places = Math.max(a.places, b.places);
  const numerator =
    a.numerator * powerOfTen(places - a.places) +
    sign * b.numerator * powerOfTen(places - b.places);
  if (numerator >= DECIMAL_LIMIT || numerator <= -DECIMAL_LIMIT) return undefined;
  return { numerator, places };
}

const fractions = new WeakMap<Decimal, Fraction>();

/** 10^34: integers below it have at most Decimal's 34 significant digits (decimal.ts). */
const DECIMAL_LIMIT = 10n ** 34n;

/**
 * A finite Decimal as numerator / 10^k, exact. A ratio's is remembered per immutable Decimal
 * (`remember`); quantities and one-off intermediate results are not.
 */
function fractionOf(value: Decimal, remember: boolean): Fraction {
  let fraction = remember ? fractions.get(value) : undefined;
  if (fraction === undefined) {
    // toFixed() is the exact value in plain notation ("-12.345"): its digits are the numerator.
    fraction = fractionFromPlain(value.toFixed());
    if (remember) fractions.set(value, fraction);
  }
  return fraction;
}

/** "-12.345" → -12345 / 1000 (a plain decimal: no exponent). */
function fractionFromPlain(text: string): Fraction {
  const dot = text.indexOf('.');
  const places = dot === -1 ? 0 : text.length - dot - 1;
  return {
    numerator: BigInt(dot === -1 ? text : text.slice(0, dot) + text.slice(dot + 1)),
    places,
  };
}

/**
 * A decimal literal's exact fraction (the literal already checked by isDecimalLiteral), when it has
 * no "+" sign and its digits fit in a Decimal (34 significant digits): `new Decimal(literal)`
 * would round a longer one, and that rounded value is the amount.
 */
function fractionFromLiteral(literal: string): Fraction | undefined {
  if (literal.startsWith('+')) return undefined;
  const fraction = fractionFromPlain(literal);
  return fraction.numerator < DECIMAL_LIMIT && fraction.numerator > -DECIMAL_LIMIT
    ? fraction
    : undefined;
}

/** n / d rounded to an integer by `mode` (d > 0), exactly as decimal.js rounds. */
function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const away = n < 0n ? q - 1n : q + 1n;
  const twice = (r < 0n ? -r : r) * 2n;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'ceiling':
      return n > 0n ? q + 1n : q;
    case 'floor':
      return n < 0n ? q - 1n : q;
    case 'half-up':
      return twice >= d ? away : q;
    case 'half-down':
      return twice > d ? away : q;
    case 'half-even':
      return twice > d || (twice === d && q % 2n !== 0n) ? away : q;
  }
}

/**
 * "12.34" → 1234n when the literal (already a decimal literal) has at most `scale` decimals and no
 * "+" sign; undefined otherwise (those stay Decimals).
 */
function minorFromLiteral(literal: string, scale: number): bigint | undefined {
  if (literal.startsWith('+')) return undefined;
  const dot = literal.indexOf('.');
  const places = dot === -1 ? 0 : literal.length - dot - 1;
  if (places > scale) return undefined;
  const digits = dot === -1 ? literal : literal.slice(0, dot) + literal.slice(dot + 1);
  return BigInt(digits) * powerOfTen(scale - places);
}

/** 1234n → "12.34" (scale 2); -5n → "-0.05". */
function formatMinor(minor: bigint, scale: number): string {
  const negative = minor < 0n;
  const magnitude = negative ? -minor : minor;
  if (scale === 2 && magnitude <= MAX_EXACT_FEN) {
    // Exact as a double (an integer below 2^53): number formatting is much cheaper than BigInt's.
    const fen = Number(magnitude);
    const cents = fen % 100;
    const text = `${(fen - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
    return negative ? `-${text}` : text;
  }
  const digits = magnitude.toString().padStart(scale + 1, '0');
  const text =
    scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** Integers up to this are exact as JS numbers (2^53 − 1). */
const MAX_EXACT_FEN = BigInt(Number.MAX_SAFE_INTEGER);

function decimalFromMinor(minor: bigint, scale: number): Decimal {
  return normalizeZero(new Decimal(formatMinor(minor, scale)));
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
