/**
 * Currencies the engine knows, with their minor unit. Settlement is in CNY; the table exists so
 * that mixing currencies is a detected error rather than a silent sum.
 */
export const CURRENCIES = {
  CNY: { code: 'CNY', minorUnitScale: 2, minorUnitName: 'fen' },
} as const;

export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as Currency[];

export function minorUnitScale(currency: Currency): number {
  return CURRENCIES[currency].minorUnitScale;
}
