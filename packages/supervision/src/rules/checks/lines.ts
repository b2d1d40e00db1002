import type { Claim, ClaimLine, Evidence } from '@openpayer/domain';

/** What the checks of both modules read the same way: a claim's line, a biomarker result as text. */

/** The claim's line at `index` (a scope's line indexes are the claim's; anything else is a bug). */
export function lineAt(claim: Claim, index: number): ClaimLine {
  const line = claim.lines[index];
  if (line === undefined) throw new Error(`line ${index} is not in claim ${claim.id}`);
  return line;
}

/** A biomarker result as a finding shows it: `EGFR positive L858R 2025-03-01`. */
export function biomarkerText(evidence: Extract<Evidence, { kind: 'biomarker' }>): string {
  const variant = evidence.variant === undefined ? '' : ` ${evidence.variant}`;
  return `${evidence.test} ${evidence.result}${variant} ${evidence.date}`;
}
