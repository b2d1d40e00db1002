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
