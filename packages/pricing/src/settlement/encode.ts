import { Decimal, Money, Ratio } from '@openpayer/domain';

/**
 * A settlement (or any engine value) as plain JSON: Money as fixed-scale strings ("1582.50"),
 * ratios and decimals as strings, keys in the order the engine built them. The same settlement
 * always gives byte-identical text.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Money) return value.toFixedString();
  if (value instanceof Ratio) return value.toString();
  if (Decimal.isDecimal(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}
