import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../issue/index.ts';
import { allocate, allocateMinor } from './allocate.ts';
import { moneyCodec, quantityCodec, ratioCodec, unitPriceCodec, unitRatioCodec } from './codec.ts';
import { Decimal } from './decimal.ts';
import { Money } from './money.ts';
import { Ratio } from './ratio.ts';
import { FEN_HALF_UP, ROUNDING_MODES, type RoundingRule } from './rounding.ts';

/** Properties run at least 1,000 times each, in CI and locally alike. */
const RUNS = { numRuns: 1_000 } as const;

const fen = (min = -10_000_000_00n, max = 10_000_000_00n) =>
  fc.bigInt({ min, max }).map((minor) => Money.fromMinor(minor));
/** Amounts with up to 6 decimals, as intermediate results have. */
const fine = fc
  .bigInt({ min: -(10n ** 15n), max: 10n ** 15n })
  .map((micro) => Money.of(new Decimal(micro.toString()).dividedBy(1_000_000)));
const ratio = fc
  .integer({ min: 0, max: 1_000_000 })
  .map((ppm) => Ratio.of(new Decimal(ppm).dividedBy(1_000_000)));
const rule = fc.record({
  scale: fc.integer({ min: 0, max: 4 }),
  mode: fc.constantFrom(...ROUNDING_MODES),
}) as fc.Arbitrary<RoundingRule>;
const shares = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 1_000 }).map((n) => new Decimal(n)),
      fc.integer({ min: 0, max: 10_000 }).map((n) => Ratio.of(new Decimal(n).dividedBy(10_000))),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .filter((list) => list.some((s) => !(s instanceof Ratio ? s.decimal : s).isZero()));

describe('Money', () => {
  it('adds exactly where binary floating point does not', () => {
    expect(Money.of('0.1').add(Money.of('0.2')).equals(Money.of('0.3'))).toBe(true);
    expect(Money.of('0.10').toFixedString()).toBe('0.10');
  });

  it('is immutable: operations return new values', () => {
    const a = Money.of('10.00');
    a.add(Money.of('5.00'));
    expect(a.toFixedString()).toBe('10.00');
  });

  it('refuses amounts that are not decimal literals', () => {
    for (const bad of ['', ' 1.00', '1e3', '1,000.00', 'NaN', 'Infinity', '1.', '.5', '¥5']) {
      expect(() => Money.of(bad), bad).toThrow(EngineError);
    }
  });

  it('refuses to mix currencies', () => {
    // @ts-expect-error USD is not a currency the engine settles in
    expect(() => Money.of('1.00', 'USD')).toThrow(/unknown currency/);
  });

  it('multiplies by a ratio without rounding until asked', () => {
    const eligible = Money.of('1234.57');
    const fund = eligible.multiply(Ratio.of('0.85'));
    expect(fund.toDecimalString()).toBe('1049.3845');
    expect(() => fund.toFixedString()).toThrow(/round it first/);
    expect(fund.round(FEN_HALF_UP).toFixedString()).toBe('1049.38');
    expect(fund.round({ scale: 2, mode: 'up' }).toFixedString()).toBe('1049.39');
  });

  it('rounds half-up, half-even and down as the rule says', () => {
    const amount = Money.of('2.345');
    expect(amount.round({ scale: 2, mode: 'half-up' }).toFixedString()).toBe('2.35');
    expect(amount.round({ scale: 2, mode: 'half-even' }).toFixedString()).toBe('2.34');
    expect(amount.round({ scale: 2, mode: 'down' }).toFixedString()).toBe('2.34');
    expect(Money.of('-2.345').round({ scale: 2, mode: 'half-up' }).toFixedString()).toBe('-2.35');
    expect(Money.of('-2.345').round({ scale: 2, mode: 'floor' }).toFixedString()).toBe('-2.35');
  });

  it('converts to and from minor units (fen)', () => {
    expect(Money.fromMinor(123_456n).toFixedString()).toBe('1234.56');
    expect(Money.of('-0.05').toMinor()).toBe(-5n);
  });

  it('never prints negative zero', () => {
    expect(Money.of('-0.00').toFixedString()).toBe('0.00');
    expect(Money.of('1.00').subtract(Money.of('1.00')).negate().toFixedString()).toBe('0.00');
  });

  it('orders amounts', () => {
    expect(Money.min(Money.of('3.00'), Money.of('1.00'), Money.of('2.00')).toFixedString()).toBe(
      '1.00',
    );
    expect(Money.max(Money.of('3.00'), Money.of('1.00')).toFixedString()).toBe('3.00');
    expect(Money.of('1.00').compare(Money.of('1.0'))).toBe(0);
  });

  it('adds commutatively', () => {
    fc.assert(
      fc.property(fine, fine, (a, b) => a.add(b).equals(b.add(a))),
      RUNS,
    );
  });

  it('adds associatively', () => {
    fc.assert(
      fc.property(fine, fine, fine, (a, b, c) =>
        a
          .add(b)
          .add(c)
          .equals(a.add(b.add(c))),
      ),
      RUNS,
    );
  });

  it('has zero as the identity and subtraction as the inverse of addition', () => {
    fc.assert(
      fc.property(
        fine,
        fine,
        (a, b) => a.add(Money.zero()).equals(a) && a.add(b).subtract(b).equals(a),
      ),
      RUNS,
    );
  });

  it('rounds idempotently under every rule', () => {
    fc.assert(
      fc.property(fine, rule, (a, r) => a.round(r).round(r).equals(a.round(r))),
      RUNS,
    );
  });

  it('rounds to a value within one unit of the scale', () => {
    fc.assert(
      fc.property(fine, rule, (a, r) =>
        a.round(r).subtract(a).abs().amount.lessThan(new Decimal(10).pow(-r.scale)),
      ),
      RUNS,
    );
  });

  it('distributes multiplication by a ratio over addition (before rounding)', () => {
    fc.assert(
      fc.property(fine, fine, ratio, (a, b, r) =>
        a
          .add(b)
          .multiply(r)
          .equals(a.multiply(r).add(b.multiply(r))),
      ),
      RUNS,
    );
  });
  it('multiplyRound equals multiply then round for every mode, by ratios and quantities', () => {
    const fenRule = fc.constantFrom(...ROUNDING_MODES).map((mode) => ({ scale: 2, mode }));
    const quantity = fc
      .integer({ min: 0, max: 10_000_000 })
      .map((milli) => new Decimal(milli).dividedBy(1_000));
    fc.assert(
      fc.property(fen(), fc.oneof(ratio, quantity), fenRule, (money, factor, r) => {
        const fused = money.multiplyRound(factor, r);
        const plain = money.multiply(factor).round(r);
        expect(fused.equals(plain)).toBe(true);
        expect(fused.toFixedString()).toBe(plain.toFixedString());
      }),
      RUNS,
    );
    // A Decimal-backed amount, and a rule not at the fen, take the plain path with the same result.
    const decimalBacked = Money.of(new Decimal('12.345'));
    expect(decimalBacked.multiplyRound(Ratio.of('0.5'), FEN_HALF_UP).toFixedString()).toBe('6.17');
    expect(
      Money.of('10.05')
        .multiplyRound(Ratio.of('0.5'), { scale: 1, mode: 'half-up' })
        .toDecimalString(),
    ).toBe('5.00');
  });

  it('multiplyRound equals multiply then round for unit prices finer than the fen, however long the factor', () => {
    const fenRule = fc.constantFrom(...ROUNDING_MODES).map((mode) => ({ scale: 2, mode }));
    // Unit prices with up to 6 decimals (Decimal-backed), as claim lines carry them.
    const unitPrice = fc
      .tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 3, max: 6 }))
      .map(([units, places]) => Money.of(new Decimal(`${units}e-${places}`)));
    // Quantities from short to far longer than Decimal's 34 digits (then the plain path is taken).
    const quantity = fc
      .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }))
      .map(([units, places]) => new Decimal(`${units}e-${places}`));
    fc.assert(
      fc.property(unitPrice, fc.oneof(quantity, ratio), fenRule, (price, factor, r) => {
        const fused = price.multiplyRound(factor, r);
        const plain = price.multiply(factor).round(r);
        expect(fused.toFixedString()).toBe(plain.toFixedString());
      }),
      RUNS,
    );
  });

  it('keeps amounts at the fen exact through sums, comparisons and formatting of both representations', () => {
    fc.assert(
      fc.property(fen(), fen(), (a, b) => {
        const viaDecimal = (m: Money) => Money.of(new Decimal(m.toFixedString()));
        expect(a.add(b).equals(viaDecimal(a).add(viaDecimal(b)))).toBe(true);
        expect(a.subtract(b).toFixedString()).toBe(
          viaDecimal(a).subtract(viaDecimal(b)).toFixedString(),
        );
        expect(a.compare(b)).toBe(viaDecimal(a).compare(viaDecimal(b)));
        expect(a.toMinor()).toBe(viaDecimal(a).toMinor());
        expect(a.isZero()).toBe(viaDecimal(a).isZero());
        expect(a.isNegative()).toBe(viaDecimal(a).isNegative());
      }),
      RUNS,
    );
    expect(Money.of('-0.00').toFixedString()).toBe('0.00');
    expect(Money.of('-0.05').toFixedString()).toBe('-0.05');
    expect(Money.fromMinor(-5n).toDecimalString()).toBe('-0.05');
    // Either side of 2^53, where formatting moves from numbers to BigInt.
    expect(Money.fromMinor(9007199254740991n).toFixedString()).toBe('90071992547409.91');
    expect(Money.fromMinor(-9007199254740993n).toFixedString()).toBe('-90071992547409.93');
    expect(Money.fromMinor(100n).toFixedString()).toBe('1.00');
    expect(Money.fromMinor(7n).toFixedString()).toBe('0.07');
  });

  it('gives exactly what Decimal arithmetic gives for amounts finer than the fen held as fractions', () => {
    // Literals finer than the fen with up to 36 digits: past Decimal's 34 digits the literal is
    // rounded by Decimal, and the fraction representation must step aside. (Literals at the fen
    // are minor units, exact at any length: that is not Decimal's behaviour and not tested here.)
    const literal = fc
      .tuple(fc.bigInt({ min: -(10n ** 36n), max: 10n ** 36n }), fc.integer({ min: 3, max: 8 }))
      .map(([units, places]) => {
        const digits = (units < 0n ? -units : units).toString().padStart(places + 1, '0');
        const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
        return units < 0n ? `-${text}` : text;
      });
    const small = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 8 }))
      .map(([units, places]) => new Decimal(`${units}e-${places}`).toFixed());
    const quantity = fc
      .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 }))
      .map(([units, places]) => new Decimal(`${units}e-${places}`));
    const exact = (m: Money) => m.toDecimalString();
    fc.assert(
      fc.property(
        fc.oneof(literal, small),
        fc.oneof(literal, small),
        fc.oneof(ratio, quantity),
        rule,
        (x, y, factor, r) => {
          const [a, b] = [Money.of(x), Money.of(y)];
          const [da, db] = [Money.of(new Decimal(x)), Money.of(new Decimal(y))];
          expect(exact(a)).toBe(exact(da));
          expect(exact(a.add(b))).toBe(exact(da.add(db)));
          expect(exact(a.subtract(b))).toBe(exact(da.subtract(db)));
          expect(exact(a.multiply(factor))).toBe(exact(da.multiply(factor)));
          expect(exact(a.multiply(factor).add(b))).toBe(exact(da.multiply(factor).add(db)));
          expect(exact(a.round(r))).toBe(exact(da.round(r)));
          expect(exact(a.multiply(factor).round(r))).toBe(exact(da.multiply(factor).round(r)));
          expect(exact(a.negate())).toBe(exact(da.negate()));
          expect(exact(a.abs())).toBe(exact(da.abs()));
          expect(a.compare(b)).toBe(da.compare(db));
          expect(a.equals(b)).toBe(da.equals(db));
          expect(a.equals(da)).toBe(true);
          expect([a.isZero(), a.isNegative(), a.isPositive(), a.isAtMinorUnit()]).toEqual([
            da.isZero(),
            da.isNegative(),
            da.isPositive(),
            da.isAtMinorUnit(),
          ]);
          if (a.isAtMinorUnit()) expect(a.toFixedString()).toBe(da.toFixedString());
        },
      ),
      RUNS,
    );
    expect(Money.of('1.230').toFixedString()).toBe('1.23');
    expect(Money.of('0.2631').multiply(Ratio.of('0.5')).toDecimalString()).toBe('0.13155');
    expect(Money.of('-0.000').isZero()).toBe(true);
  });
});

describe('allocate', () => {
  it('splits a CAR-T case 70 / 20 / 10 among fund, civil assistance and manufacturer', () => {
    const parts = allocate(Money.of('1200000.00'), [
      Ratio.of('0.7'),
      Ratio.of('0.2'),
      Ratio.of('0.1'),
    ]);
    expect(parts.map((p) => p.toFixedString())).toEqual(['840000.00', '240000.00', '120000.00']);
  });

  it('gives the leftover fen to the largest remainders, ties to the earlier share', () => {
    expect(
      allocate(Money.of('100.00'), [new Decimal(1), new Decimal(1), new Decimal(1)]).map((p) =>
        p.toFixedString(),
      ),
    ).toEqual(['33.34', '33.33', '33.33']);
    expect(
      allocate(Money.of('0.05'), [Ratio.of('0.3'), Ratio.of('0.7')]).map((p) => p.toFixedString()),
    ).toEqual(['0.02', '0.03']);
  });

  it('splits a negative total (a reversal) as the mirror of the positive one', () => {
    const positive = allocate(Money.of('10.01'), [new Decimal(1), new Decimal(2)]);
    const negative = allocate(Money.of('-10.01'), [new Decimal(1), new Decimal(2)]);
    expect(negative.map((p) => p.toFixedString())).toEqual(
      positive.map((p) => p.negate().toFixedString()),
    );
  });

  it('refuses totals finer than the fen, empty shares, negative shares and all-zero shares', () => {
    expect(() => allocate(Money.of('1.005'), [new Decimal(1)])).toThrow(/minor unit/);
    expect(() => allocate(Money.of('1.00'), [])).toThrow(/at least one share/);
    expect(() => allocate(Money.of('1.00'), [new Decimal(-1), new Decimal(2)])).toThrow(
      /non-negative/,
    );
    expect(() => allocate(Money.of('1.00'), [Ratio.ZERO])).toThrow(/positive share/);
  });

  it('always sums exactly to the total', () => {
    fc.assert(
      fc.property(fen(), shares, (total, s) => Money.sum(allocate(total, s)).equals(total)),
      RUNS,
    );
  });

  it('never gives a negative part of a non-negative total', () => {
    fc.assert(
      fc.property(fen(0n), shares, (total, s) =>
        allocate(total, s).every((part) => !part.isNegative()),
      ),
      RUNS,
    );
  });

  it('gives nothing to a zero share and each part within one fen of its exact share', () => {
    fc.assert(
      fc.property(fen(0n), shares, (total, s) => {
        const weights = s.map((x) => (x instanceof Ratio ? x.decimal : x));
        const sum = weights.reduce((a, b) => a.plus(b), new Decimal(0));
        return allocate(total, s).every((part, i) => {
          const exact = total.amount.times(weights[i]!).dividedBy(sum);
          return (
            (!weights[i]!.isZero() || part.isZero()) &&
            part.amount.minus(exact).abs().lessThan('0.01')
          );
        });
      }),
      RUNS,
    );
  });

  it('with caps, never fills a part past its cap and gives the uncapped parts where no cap binds', () => {
    // Unbound caps change nothing.
    expect(allocateMinor(10n, [1n, 1n, 1n], [10n, 10n, 10n])).toEqual(
      allocateMinor(10n, [1n, 1n, 1n]),
    );
    // The second part's leftover unit would exceed its cap of 0: it goes to the next remainder.
    expect(allocateMinor(2n, [3n, 3n, 3n], [1n, 0n, 1n])).toEqual([1n, 0n, 1n]);
    // A floor above its cap is cut, and the rest goes by the room left.
    expect(allocateMinor(100n, [90n, 10n], [50n, 60n])).toEqual([50n, 50n]);
    expect(() => allocateMinor(10n, [1n, 1n], [4n, 5n])).toThrow(EngineError);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10_000n })),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.bigInt({ min: 0n, max: 80_000n }),
        (rows, wanted) => {
          const weights = rows.map(([w]) => w);
          const caps = rows.map(([, c]) => c);
          const room = caps.reduce((a, c) => a + c, 0n);
          fc.pre(weights.some((w) => w > 0n));
          const total = wanted > room ? room : wanted;
          const parts = allocateMinor(total, weights, caps);
          expect(parts.reduce((a, p) => a + p, 0n)).toBe(total);
          parts.forEach((part, i) => {
            expect(part >= 0n && part <= (caps[i] ?? 0n)).toBe(true);
          });
          if (parts.every((part, i) => part < (caps[i] ?? 0n))) {
            expect(parts).toEqual(allocateMinor(total, weights));
          }
        },
      ),
      RUNS,
    );
  });

  it('is deterministic: the same input gives the same parts', () => {
    fc.assert(
      fc.property(fen(), shares, (total, s) => {
        const a = allocate(total, s).map((p) => p.toFixedString());
        const b = allocate(total, s).map((p) => p.toFixedString());
        return a.join() === b.join();
      }),
      RUNS,
    );
  });
});

describe('Ratio', () => {
  it('reads decimals and percentages exactly', () => {
    expect(Ratio.of('90%').equals(Ratio.of('0.9'))).toBe(true);
    expect(Ratio.percent('12.5').toString()).toBe('0.125');
    expect(Ratio.of('0.1').complement().toString()).toBe('0.9');
    expect(Ratio.of('0.6').toPercentString()).toBe('60%');
    expect(Ratio.of('1.5').isUnitInterval()).toBe(false);
  });

  it('refuses text that is not a ratio', () => {
    for (const bad of ['', 'ninety', '0.9.1', '%', '1e-1'])
      expect(() => Ratio.of(bad), bad).toThrow(EngineError);
  });
});

describe('wire codecs', () => {
  it('round-trips any amount at the fen through its fixed-scale string', () => {
    fc.assert(
      fc.property(fen(-(10n ** 17n) + 1n, 10n ** 17n - 1n), (money) => {
        const wire = moneyCodec.encode(money);
        return (
          /^-?\d+\.\d{2}$/.test(wire) &&
          moneyCodec.decode(wire).equals(money) &&
          moneyCodec.encode(moneyCodec.decode(wire)) === wire
        );
      }),
      RUNS,
    );
  });

  it('round-trips unit prices at up to 6 decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }),
        fc.integer({ min: 0, max: 6 }),
        (units, scale) => {
          const price = unitPriceCodec.decode(
            new Decimal(units.toString()).dividedBy(new Decimal(10).pow(scale)).toFixed(scale),
          );
          return unitPriceCodec.decode(unitPriceCodec.encode(price)).equals(price);
        },
      ),
      RUNS,
    );
  });

  it('round-trips ratios', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (units) => {
        const r = ratioCodec.decode(
          new Decimal(units.toString()).dividedBy(new Decimal(10).pow(12)).toFixed(),
        );
        return ratioCodec.decode(ratioCodec.encode(r)).equals(r);
      }),
      RUNS,
    );
  });

  it('reads quantities from decimal strings or JSON numbers and writes them as strings', () => {
    expect(quantityCodec.decode(0.1).toFixed()).toBe('0.1');
    expect(quantityCodec.encode(quantityCodec.decode('2.50'))).toBe('2.5');
    expect(quantityCodec.safeDecode('two').success).toBe(false);
  });

  it('rejects amounts that are JSON numbers or have the wrong scale', () => {
    for (const bad of [12.3, '12.3', '12.300', '12', '1e2', ' 12.30']) {
      expect(moneyCodec.safeDecode(bad as string).success, String(bad)).toBe(false);
    }
  });

  it('refuses a malformed unit ratio as an issue (never a throw), and one outside 0–1', () => {
    for (const bad of ['0,5', 'half', '', '1.5']) {
      const r = unitRatioCodec.safeDecode(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues.length, bad).toBeGreaterThan(0);
    }
    expect(unitRatioCodec.decode('0.5').toString()).toBe('0.5');
  });
});
