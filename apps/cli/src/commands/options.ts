import { CliError } from '../exit-codes.ts';

/**
 * A whole-number option (--workers, --history-max, --claims, --seed): fallback when absent;
 * refused (usage) unless it is digits only, from min to max.
 */
export function wholeNumberOption(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/u.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const what = min === 0 ? 'a non-negative integer' : 'a positive integer';
    throw new CliError('usage', `${name} must be ${what}, got "${text}" (at most ${String(max)})`);
  }
  return value;
}

/**
 * How to read a claims file (--format auto|ndjson|csv): auto reads a name ending in .csv as CSV
 * (one row per claim line, see settle/csv-claims.ts) and anything else (standard input too) as
 * NDJSON.
 */
export function claimsFormatOption(text: string, input: string): 'ndjson' | 'csv' {
  if (!['auto', 'ndjson', 'csv'].includes(text)) {
    throw new CliError('usage', `--format must be auto, ndjson or csv, got "${text}"`);
  }
  return text === 'csv' || (text === 'auto' && /\.csv$/iu.test(input)) ? 'csv' : 'ndjson';
}
