import { z } from 'zod';
import { Decimal, isDecimalLiteral } from './decimal.ts';
import { Money } from './money.ts';
import { Ratio } from './ratio.ts';

/**
 * Wire formats, shared by the API, the CLI and the admin UI. On the wire money is a fixed-scale
 * decimal STRING (never a JSON number, which would pass through binary floating point):
 * amounts at the fen (`"12.30"`), unit prices with up to 6 decimals (`"0.1234"`).
 * `codec.decode(wire)` gives domain values; `codec.encode(value)` gives the wire form back.
 */

/** The wire forms of an amount and a unit price (also read by the claim decoder's fast path). */
export const AMOUNT_PATTERN = /^-?\d{1,15}\.\d{2}$/;
export const UNIT_PRICE_PATTERN = /^\d{1,12}(?:\.\d{1,6})?$/;
const RATIO_PATTERN = /^\d{1,6}(?:\.\d{1,12})?$/;

export const moneyWireSchema = z
  .string()
  .regex(AMOUNT_PATTERN, {
    error: 'must be an amount in yuan with exactly 2 decimals, as a string, e.g. "12.30"',
  })
  .meta({
    description: 'Amount in CNY as a fixed-scale decimal string (2 decimals, fen).',
    example: '128.50',
  });

/** Amount at the fen: `"12.30"` ⇄ `Money`. Encoding an amount with more decimals throws (round first). */
export const moneyCodec = z.codec(
  moneyWireSchema,
  z.custom<Money>((value) => value instanceof Money, { error: 'must be a Money value' }),
  {
    decode: (text) => Money.of(text),
    encode: (money) => money.toFixedString(),
  },
);

export const unitPriceWireSchema = z
  .string()
  .regex(UNIT_PRICE_PATTERN, {
    error:
      'must be a non-negative price in yuan with at most 6 decimals, as a string, e.g. "0.1234"',
  })
  .meta({
    description: 'Unit price in CNY as a decimal string (up to 6 decimals).',
    example: '3.2500',
  });

/** Unit price, possibly finer than the fen: `"0.1234"` ⇄ `Money`. */
export const unitPriceCodec = z.codec(
  unitPriceWireSchema,
  z.custom<Money>((value) => value instanceof Money, { error: 'must be a Money value' }),
  {
    decode: (text) => Money.of(text),
    encode: (money) => money.toDecimalString(),
  },
);

export const ratioWireSchema = z
  .string()
  .regex(RATIO_PATTERN, { error: 'must be a non-negative decimal ratio as a string, e.g. "0.9"' })
  .meta({ description: 'Exact ratio as a decimal string (0.9 = 90%).', example: '0.9' });

/** Ratio: `"0.9"` ⇄ `Ratio`. */
export const ratioCodec = z.codec(
  ratioWireSchema,
  z.custom<Ratio>((value) => value instanceof Ratio, { error: 'must be a Ratio value' }),
  {
    decode: (text) => Ratio.of(text),
    encode: (ratio) => ratio.toString(),
  },
);

/**
 * A ratio between 0 and 1 inclusive (reimbursement ratios, shares). The 0–1 check looks only at
 * text that is a decimal: zod runs a refinement even after the pattern failed (pattern issues do
 * not abort), and `Ratio.of("0,5")` throws — the pattern already reports such text, with its path.
 */
export const unitRatioCodec = z.codec(
  ratioWireSchema.refine((text) => !isDecimalLiteral(text) || Ratio.of(text).isUnitInterval(), {
    error: 'must be between 0 and 1',
  }),
  z.custom<Ratio>((value) => value instanceof Ratio, { error: 'must be a Ratio value' }),
  { decode: (text) => Ratio.of(text), encode: (ratio) => ratio.toString() },
);

export const quantityWireSchema = z
  .union([
    z.string().refine(isDecimalLiteral, { error: 'must be a decimal number, e.g. "2" or "0.5"' }),
    z.number().refine(Number.isFinite, { error: 'must be a finite number' }),
  ])
  .meta({
    description: 'Quantity (units of the item); a decimal string is preferred.',
    example: '2',
  });

/**
 * Quantity of an item (tablets, days, sessions): a decimal string or a JSON number, decoded to an
 * exact Decimal. A JSON number goes through its shortest decimal form (0.1 → "0.1").
 */
export const quantityCodec = z.codec(
  quantityWireSchema,
  z.custom<Decimal>((value) => value instanceof Decimal, { error: 'must be a Decimal value' }),
  {
    decode: (value) => new Decimal(typeof value === 'number' ? String(value) : value),
    encode: (decimal) => decimal.toFixed(),
  },
);

/** Any exact decimal value that is not money (a lab value, a score): `"3.25"` ⇄ `Decimal`. */
export const decimalCodec = z.codec(
  z
    .string()
    .refine(isDecimalLiteral, { error: 'must be a decimal number as a string, e.g. "42.5"' })
    .meta({ description: 'Exact decimal as a string.', example: '42.5' }),
  z.custom<Decimal>((value) => value instanceof Decimal, { error: 'must be a Decimal value' }),
  { decode: (text) => new Decimal(text), encode: (decimal) => decimal.toFixed() },
);
