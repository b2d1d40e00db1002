import { z } from 'zod';
import { Decimal } from './decimal.ts';

/**
 * Rounding is policy data, passed as a value: a fund says "to the fen, half-up" (the default in
 * Chinese settlement) or, say, "to the jiao, down". Names follow the direction of the rounding.
 */
export const ROUNDING_MODES = [
  'half-up',
  'half-down',
  'half-even',
  'up',
  'down',
  'ceiling',
  'floor',
] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export interface RoundingRule {
  /** Digits after the decimal point: 2 = fen (分), 1 = jiao (角), 0 = yuan (元). */
  readonly scale: number;
  readonly mode: RoundingMode;
}

export const roundingRuleSchema = z
  .strictObject({
    scale: z.int().min(0).max(8),
    mode: z.enum(ROUNDING_MODES),
  })
  .meta({ id: 'RoundingRule', description: 'Digits after the decimal point and direction.' });

/** To the fen, half-up: the usual rule, and the default when a policy names none. */
export const FEN_HALF_UP: RoundingRule = Object.freeze({ scale: 2, mode: 'half-up' });

const DECIMAL_MODE: Record<RoundingMode, 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-down': Decimal.ROUND_HALF_DOWN,
  'half-even': Decimal.ROUND_HALF_EVEN,
  up: Decimal.ROUND_UP,
  down: Decimal.ROUND_DOWN,
  ceiling: Decimal.ROUND_CEIL,
  floor: Decimal.ROUND_FLOOR,
};

export function roundDecimal(value: Decimal, rule: RoundingRule): Decimal {
  return value.toDecimalPlaces(rule.scale, DECIMAL_MODE[rule.mode]);
}
