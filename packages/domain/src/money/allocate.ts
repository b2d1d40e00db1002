import { EngineError } from '../issue/index.ts';
import { Decimal } from './decimal.ts';
import { Money } from './money.ts';
import { Ratio } from './ratio.ts';

/**
 * Split `total` into parts proportional to `shares`, at the currency's minor unit (fen), so that the
 * parts sum EXACTLY to the total: each part gets the floor of its exact share, and the fen left
 * over go one each to the largest remainders, ties to the earlier share (deterministic).
 *
 * Exact: shares are scaled to integers and the arithmetic is BigInt, so no remainder is ever
 * misjudged through rounding. A negative total (a reversal) is split like its absolute value and
 * negated. Parts of a non-negative total are never negative; a zero share always gets zero.
 *
 * `shares` may be ratios (0.7, 0.2, 0.1) or any non-negative weights (3, 1); they need not sum to 1.
 */
export function allocate(total: Money, shares: readonly (Ratio | Decimal)[]): Money[] {
  if (shares.length === 0) {
    throw new EngineError('invalid_allocation', 'allocate needs at least one share');
  }
  if (!total.isAtMinorUnit()) {
    throw new EngineError(
      'not_at_minor_unit',
      `allocate: total ${total.toDecimalString()} is not at the minor unit; round it first`,
      {
        total: total.toDecimalString(),
      },
    );
  }
  const parts = allocateMinor(total.toMinor(), toIntegerWeights(shares));
  return parts.map((part) => Money.fromMinor(part, total.currency));
}

/** The cap of part `index` (a negative cap is none), or undefined when uncapped. */
function capAt(caps: readonly bigint[] | undefined, index: number): bigint | undefined {
  const cap = caps?.[index];
  return cap === undefined ? undefined : cap > 0n ? cap : 0n;
}

/**
 * `allocate` on integers: split `total` minor units (fen) by non-negative integer `weights` so the
 * parts sum exactly to `total` — floors first, the leftover units one each to the largest
 * remainders, ties to the earlier weight. For hot paths that already hold minor units.
 *
 * With `caps`, no part's magnitude exceeds its cap: a floor above its cap is cut to it, a capped
 * part gets no leftover unit, and whatever is still left is split by the room each part has left
 * (by the same rule, so it never overfills one). Where no cap binds, the parts are exactly those
 * without caps. The caps must leave room for the whole total.
 */
export function allocateMinor(
  total: bigint,
  weights: readonly bigint[],
  caps?: readonly bigint[],
): bigint[] {
  if (weights.length === 0) {
    throw new EngineError('invalid_allocation', 'allocate needs at least one share');
  }
  let sumOfWeights = 0n;
  for (const weight of weights) {
    if (weight < 0n) {
      throw new EngineError('invalid_allocation', 'weights must be non-negative', {
        weight: weight.toString(),
      });
    }
    sumOfWeights += weight;
  }
  if (sumOfWeights === 0n) {
    throw new EngineError('invalid_allocation', 'allocate needs at least one positive share');
  }
  const negative = total < 0n;
  const units = negative ? -total : total;
  if (caps !== undefined) {
    let room = 0n;
    for (const cap of caps) room += cap > 0n ? cap : 0n;
    if (caps.length !== weights.length || room < units) {
      throw new EngineError('invalid_allocation', 'the caps leave no room for the whole total', {
        total: total.toString(),
        room: room.toString(),
      });
    }
  }

  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  let given = 0n;
  weights.forEach((weight, index) => {
    const product = units * weight;
    const floor = product / sumOfWeights;
    const cap = capAt(caps, index);
    const part = cap !== undefined && floor > cap ? cap : floor;
    parts.push(part);
    remainders.push(product % sumOfWeights);
    given += part;
  });

  let leftover = units - given;
  if (leftover > 0n) {
    const order = remainders
      .map((remainder, index) => ({ remainder, index }))
      .sort((a, b) =>
        a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
      );
    for (const { index } of order) {
      if (leftover === 0n) break;
      const part = parts[index] ?? 0n;
      const cap = capAt(caps, index);
      if (cap !== undefined && part >= cap) continue;
      parts[index] = part + 1n;
      leftover -= 1n;
    }
  }
  if (leftover > 0n) {
    // Caps cut some floors: the rest goes by the room left, which no part can overfill.
    const room = parts.map((part, index) => (capAt(caps, index) ?? part) - part);
    allocateMinor(leftover, room).forEach((extra, index) => {
      parts[index] = (parts[index] ?? 0n) + extra;
    });
  }
  return negative ? parts.map((part) => -part) : parts;
}

function toIntegerWeights(shares: readonly (Ratio | Decimal)[]): bigint[] {
  const decimals = shares.map((share, index) => {
    const value = share instanceof Ratio ? share.decimal : share;
    if (!value.isFinite() || (value.isNegative() && !value.isZero())) {
      throw new EngineError(
        'invalid_allocation',
        `share ${index} is ${value.toString()}; shares must be finite and non-negative`,
        {
          index,
          share: value.toString(),
        },
      );
    }
    return value.abs();
  });
  const scale = Math.max(0, ...decimals.map((d) => d.decimalPlaces()));
  const factor = new Decimal(10).pow(scale);
  return decimals.map((d) => BigInt(d.times(factor).toFixed(0)));
}
