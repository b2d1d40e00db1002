import type { EvidenceValue } from '@openpayer/domain';

/**
 * A finding's evidence within the domain's limits (`evidenceValueSchema`: text up to 2000
 * characters, lists up to 500 entries of up to 200), so a finding always encodes and stores. The
 * checks report what they read in full; the review clips once, here: a cut text ends in "…", a
 * list keeps its first entries. The explanations are held to the same text limit.
 */

export const EVIDENCE_LIMITS = { text: 2000, list: 500, entry: 200 } as const;

export function clipText(text: string, max: number = EVIDENCE_LIMITS.text): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function clipValue(value: EvidenceValue): EvidenceValue {
  if (typeof value === 'string') return clipText(value);
  if (!Array.isArray(value)) return value;
  if (
    value.length <= EVIDENCE_LIMITS.list &&
    value.every((v) => v.length <= EVIDENCE_LIMITS.entry)
  ) {
    return [...value];
  }
  return value.slice(0, EVIDENCE_LIMITS.list).map((v) => clipText(v, EVIDENCE_LIMITS.entry));
}

export function clipEvidence(
  evidence: Readonly<Record<string, EvidenceValue>>,
): Record<string, EvidenceValue> {
  return Object.fromEntries(Object.entries(evidence).map(([key, v]) => [key, clipValue(v)]));
}
