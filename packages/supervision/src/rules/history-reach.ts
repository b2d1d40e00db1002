import { CodeIndex } from './code-index.ts';
import { type CompiledRuleSet, thisClaimOnly, windowDays } from './review.ts';
import type { Rule } from './rule-set.ts';

/**
 * What the review of a later claim may read of the person's earlier claims, and how far back:
 * a batch that keeps history (`openpayer supervise`, `simulate`) keeps an earlier claim's line
 * only if some rule reads lines of its code in earlier claims, its evidence only if some rule
 * reads earlier evidence, and the claim as long as the longest of those rules' windows.
 *
 * What each kind of check reads of earlier claims (see checks/items.ts and checks/listed.ts):
 * - duplicate_charge: the lines of its pairs' main items (never the secondaries), within its
 *   window; nothing for a `visit` / `admission` window;
 * - times_per_window, item_course: the lines of its items within its window; nothing for a
 *   `visit` / `admission` window;
 * - item_frequency: the lines of its items on the same day, whatever its window;
 * - exit_rule: the lines of its items (the therapy's start) and the evidence, within its window;
 * - biomarker_required: the evidence, within its window;
 * - the others: nothing.
 */
export interface HistoryReach {
  /**
   * The days before a later claim's first day within which it may read an earlier claim's line
   * of `code` (the claim's last day on or after that day − days); null: no rule reads such a line.
   */
  lineDays(code: string): number | null;
  /** As `lineDays`, for an earlier claim's evidence (biomarkers, labs, scores, prior therapies). */
  readonly evidenceDays: number | null;
  /** The most of them: how long an earlier claim may be read at all (0 when nothing ever is). */
  readonly lookbackDays: number;
}

/** What one rule reads of earlier claims: the item codes (or prefixes) of the lines, the evidence. */
function readsOf(
  rule: Rule,
): { readonly codes: readonly string[]; readonly evidence: boolean; readonly days: number } | null {
  const { check, window } = rule;
  const onlyThisClaim = thisClaimOnly(window.kind);
  switch (check.kind) {
    case 'duplicate_charge':
      return onlyThisClaim
        ? null
        : { codes: check.pairs.map((p) => p.main), evidence: false, days: windowDays(window) };
    case 'times_per_window':
    case 'item_course':
      return onlyThisClaim
        ? null
        : { codes: check.items, evidence: false, days: windowDays(window) };
    case 'item_frequency':
      return { codes: check.items, evidence: false, days: 0 };
    case 'exit_rule':
      return { codes: check.items, evidence: true, days: windowDays(window) };
    case 'biomarker_required':
      return { codes: [], evidence: true, days: windowDays(window) };
    default:
      return null;
  }
}

/** Codes whose answer `lineDays` remembers (then it starts again): the codes of a batch repeat. */
const REMEMBERED_CODES = 100_000;

export function historyReachOf(ruleSets: readonly CompiledRuleSet[]): HistoryReach {
  const byCode = new CodeIndex<number>();
  let evidenceDays: number | null = null;
  let lookbackDays = 0;
  for (const set of ruleSets) {
    for (const { rule } of set.rules) {
      const reads = readsOf(rule);
      if (reads === null) continue;
      for (const code of reads.codes) byCode.add(code, reads.days);
      if (reads.evidence) evidenceDays = Math.max(evidenceDays ?? 0, reads.days);
      lookbackDays = Math.max(lookbackDays, reads.days);
    }
  }
  const known = new Map<string, number | null>();
  return {
    evidenceDays,
    lookbackDays,
    lineDays(code) {
      let days = known.get(code);
      if (days === undefined) {
        let most: number | null = null;
        byCode.forEach(code, (values) => {
          for (const d of values) most = Math.max(most ?? 0, d);
        });
        days = most;
        if (known.size >= REMEMBERED_CODES) known.clear();
        known.set(code, days);
      }
      return days;
    },
  };
}
