import type { Claim, Finding } from '@openpayer/domain';

/**
 * What smart-review findings do to a settlement: a line a finding deducts or switches to
 * self-pay leaves policy scope whole (the rule is the reason); a finding that holds the claim
 * marks the settlement held (persistence stores it without moving the accumulators until a
 * reviewer releases it). Warnings change nothing but travel with the settlement.
 */
export interface RuledLine {
  readonly action: 'deduct' | 'self_pay';
  /** The finding that decided it (a deduction wins over a switch to self-pay). */
  readonly finding: Finding;
}

export const NO_RULED_LINES: ReadonlyMap<number, RuledLine> = new Map();

/**
 * The claim's lines (by index) that findings deduct or switch to self-pay; a finding on the whole
 * claim (no lines named) rules every line.
 */
export function ruledLines(
  claim: Pick<Claim, 'lines'>,
  findings: readonly Finding[] | undefined,
): ReadonlyMap<number, RuledLine> {
  if (findings === undefined || findings.length === 0) return NO_RULED_LINES;
  const indexOf = new Map<string, number>();
  claim.lines.forEach((line, i) => indexOf.set(line.id, i));
  const ruled = new Map<number, RuledLine>();
  for (const finding of findings) {
    if (finding.action !== 'deduct' && finding.action !== 'self_pay') continue;
    const lineIds = finding.lineIds.length > 0 ? finding.lineIds : [...indexOf.keys()];
    for (const lineId of lineIds) {
      const i = indexOf.get(lineId);
      if (i === undefined) continue;
      const before = ruled.get(i);
      if (before === undefined || (before.action === 'self_pay' && finding.action === 'deduct')) {
        ruled.set(i, { action: finding.action, finding });
      }
    }
  }
  return ruled;
}

/** Whether a finding holds the claim for review. */
export function holdsClaim(findings: readonly Finding[] | undefined): boolean {
  return findings?.some((f) => f.action === 'hold') ?? false;
}
