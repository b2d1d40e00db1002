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

function withinLimits(value: EvidenceValue): boolean {
  if (typeof value === 'string') return value.length <= EVIDENCE_LIMITS.text;
  if (!Array.isArray(value)) return true;
  if (value.length > EVIDENCE_LIMITS.list) return false;
  for (const v of value) if (v.length > EVIDENCE_LIMITS.entry) return false;
  return true;
}

/** `evidence` within the limits: a copy with the values clipped, or itself when all fit (the usual case). */
export function clipEvidence(
  evidence: Readonly<Record<string, EvidenceValue>>,
): Readonly<Record<string, EvidenceValue>> {
  let fits = true;
  for (const key in evidence) {
    if (!withinLimits(evidence[key] as EvidenceValue)) {
      fits = false;
      break;
    }
  }
  if (fits) return evidence;
  return Object.fromEntries(Object.entries(evidence).map(([key, v]) => [key, clipValue(v)]));
}
