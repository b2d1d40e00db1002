import { Money } from '@openpayer/domain';
import { type Band } from '../../policy/policy.ts';
import { ZERO } from './layer.ts';

/** Ratio bands (分段), shared by basic insurance and critical illness. */

/** Pay over bands for the amount range [from, to) measured above zero (edges are cumulative). */
export function bandsPay(bands: readonly Band[], from: Money, to: Money): Money {
  let pay = ZERO;
  let lower = ZERO;
  for (const b of bands) {
    const upper = b.upTo;
    const segFrom = Money.max(from, lower);
    const segTo = upper === null ? to : Money.min(to, upper);
    if (segTo.greaterThan(segFrom)) pay = pay.add(segTo.subtract(segFrom).multiply(b.ratio));
    if (upper === null) break;
    lower = upper;
  }
  return pay;
}

const bandsTexts = new WeakMap<readonly Band[], string>();

/** "50000.00:0.85 ∞:0.9" — computed once per policy entry. */
export function bandsText(bands: readonly Band[]): string {
  const cached = bandsTexts.get(bands);
  if (cached !== undefined) return cached;
  const text = bands
    .map((b) => `${b.upTo === null ? '∞' : b.upTo.toFixedString()}:${b.ratio.toString()}`)
    .join(' ');
  bandsTexts.set(bands, text);
  return text;
}
