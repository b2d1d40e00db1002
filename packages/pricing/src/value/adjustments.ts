import {
  type CalendarDate,
  type Issue,
  type Money,
  Ratio,
  type Result,
  fail,
  issue,
  ok,
} from '@openpayer/domain';
import { z } from 'zod';
import { inForce, ruleFields, text } from '../policy/fields.ts';
import type { Policy, PolicyWire } from '../policy/policy.ts';
import {
  type Indicators,
  conditionHolds,
  describeCondition,
  indicatorConditionSchema,
  signedPercent,
  signedRatioCodec,
} from './indicators.ts';

/**
 * Dynamic adjustment rules (动态调整): measured facts about a technology move its payment standard
 * — a detection cost falling 15% a year lowers the standard 10%; a grade ≥ 3 adverse-event rate
 * above 10% lowers it 20%; a category's spend above 5% of the fund calls for a review. A rule never
 * edits a standard in force: it proposes a new dated policy version (the item's `itemStandards`
 * rule ended on the effective day and a new one from it) for an administrator to review and
 * activate. Measures are rates 0–1 per item (a decline as a positive rate: `cost_decline` 0.15).
 */

export const dynamicAdjustmentRuleSchema = z
  .strictObject({
    ...ruleFields,
    items: z.array(text(1, 300)).min(1).max(1000),
    when: indicatorConditionSchema,
    action: z
      .discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('adjust_standard'),
          change: signedRatioCodec.meta({ description: 'e.g. "-0.1" = standard −10%.' }),
        }),
        z.strictObject({ kind: z.literal('review') }),
      ])
      .meta({ description: 'Adjust the item standard by a share, or call for a review.' }),
    note: text(0, 500).optional(),
  })
  .meta({ id: 'DynamicAdjustmentRule' });
export type DynamicAdjustmentRule = z.output<typeof dynamicAdjustmentRuleSchema>;
export type DynamicAdjustmentRuleWire = z.input<typeof dynamicAdjustmentRuleSchema>;

export const ADJUSTMENT_ISSUE_CODES = [
  'adjustment.no_standard',
  'adjustment.nothing_to_propose',
  'adjustment.bad_version',
] as const;
export type AdjustmentIssueCode = (typeof ADJUSTMENT_ISSUE_CODES)[number];

/** What one rule proposes for one item. */
export interface AdjustmentProposal {
  readonly rule: string;
  readonly item: string;
  readonly measure: string;
  readonly value: Ratio;
  readonly kind: 'adjust_standard' | 'review';
  /** For an adjustment: the itemStandards rule in force, its standard, and the proposed one. */
  readonly standardRule?: string;
  readonly current?: Money;
  readonly proposed?: Money;
  readonly change?: Ratio;
  readonly explanation: string;
}

/**
 * The proposals the rules in force on `date` make for the measured items. An item measured by no
 * rule proposes nothing; a measure a rule needs that was not given is an issue at
 * ['measures', item, indicator]. Several adjustments of one item compound, in rule order.
 */
export function proposeAdjustments(
  policy: Policy,
  date: CalendarDate,
  measures: Readonly<Record<string, Indicators>>,
): Result<AdjustmentProposal[], AdjustmentIssueCode | 'value.indicator_missing'> {
  const issues: Issue<AdjustmentIssueCode | 'value.indicator_missing'>[] = [];
  const proposals: AdjustmentProposal[] = [];
  const running = new Map<string, Money>();
  policy.parameters.dynamicAdjustments.forEach((rule, index) => {
    if (!inForce(rule, date)) return;
    for (const item of rule.items) {
      const measured = measures[item];
      if (measured === undefined) continue;
      const held = conditionHolds(rule.when, measured);
      if (!held.ok) {
        issues.push(
          ...held.issues.map((i) => ({ ...i, path: ['measures', item, ...i.path.slice(1)] })),
        );
        continue;
      }
      if (!held.value.holds) continue;
      const value = measured[rule.when.indicator] ?? Ratio.ZERO;
      const because = `${describeCondition(rule.when)} (measured ${value.toPercentString()}) by parameters.dynamicAdjustments[${String(index)}] ${rule.id}`;
      if (rule.action.kind === 'review') {
        proposals.push({
          rule: rule.id,
          item,
          measure: rule.when.indicator,
          value,
          kind: 'review',
          explanation: `${item}: review — ${because}`,
        });
        continue;
      }
      const standard = standardRuleFor(policy, item, date);
      if (standard === undefined) {
        issues.push(
          issue(
            'adjustment.no_standard',
            `${item} has no itemStandards rule in force on ${date} to adjust`,
            { path: ['measures', item] },
          ),
        );
        continue;
      }
      const current = running.get(item) ?? standard.standard;
      const proposed = current.multiplyRound(Ratio.ONE.add(rule.action.change), policy.rounding);
      running.set(item, proposed);
      proposals.push({
        rule: rule.id,
        item,
        measure: rule.when.indicator,
        value,
        kind: 'adjust_standard',
        standardRule: standard.id,
        current,
        proposed,
        change: rule.action.change,
        explanation: `${item}: standard ${current.toFixedString()} ${signedPercent(rule.action.change)} → ${proposed.toFixedString()} — ${because}`,
      });
    }
  });
  if (issues.length > 0) return fail(issues);
  return ok(proposals);
}

function standardRuleFor(policy: Policy, item: string, date: CalendarDate) {
  return policy.parameters.itemStandards.find((r) => r.items.includes(item) && inForce(r, date));
}

/**
 * The proposed policy version: the wire document with its id and publication date replaced, and,
 * for each adjusted item, its itemStandards rule ended on `effectiveFrom` and new rules from that
 * day — the adjusted item at its proposed standard, the rule's other items unchanged. Entries in
 * force before `effectiveFrom` keep their dates: the past is never edited. The caller validates the
 * result with `loadPolicy` and stores it as a draft for an administrator to activate.
 */
export function proposedPolicyVersion(
  wire: PolicyWire,
  proposals: readonly AdjustmentProposal[],
  version: {
    readonly id: string;
    readonly publishedOn: CalendarDate;
    readonly effectiveFrom: CalendarDate;
  },
): Result<PolicyWire, AdjustmentIssueCode> {
  const adjusted = new Map<string, AdjustmentProposal>();
  for (const p of proposals) if (p.kind === 'adjust_standard') adjusted.set(p.item, p); // last wins: compounded
  if (adjusted.size === 0) {
    return fail([
      issue('adjustment.nothing_to_propose', 'no rule proposes a standard change', {
        path: ['measures'],
      }),
    ]);
  }
  if (version.effectiveFrom < version.publishedOn) {
    return fail([
      issue('adjustment.bad_version', 'a proposal takes effect on or after its publication', {
        path: ['effectiveFrom'],
      }),
    ]);
  }
  const rules = [...(wire.parameters.itemStandards ?? [])];
  const out: typeof rules = [];
  for (const rule of rules) {
    const to = rule.to ?? null;
    const live = rule.from <= version.effectiveFrom && (to === null || version.effectiveFrom < to);
    const touched = rule.items.filter((i) => adjusted.has(i));
    if (!live || touched.length === 0) {
      out.push(rule);
      continue;
    }
    if (rule.from === version.effectiveFrom) {
      // Starts that very day: nothing before it to keep; replaced by the rules below.
    } else {
      out.push({ ...rule, to: version.effectiveFrom });
    }
    const rest = rule.items.filter((i) => !adjusted.has(i));
    if (rest.length > 0) {
      out.push({
        ...rule,
        id: `${rule.id}.${version.effectiveFrom}`,
        items: rest,
        from: version.effectiveFrom,
        to,
      });
    }
    for (const item of touched) {
      const p = adjusted.get(item);
      if (p?.proposed === undefined) continue;
      out.push({
        ...rule,
        id: `${rule.id}.${version.effectiveFrom}.${item}`.slice(0, 100),
        name: `${rule.name ?? ''} (动态调整 ${p.rule})`.trim(),
        items: [item],
        standard: p.proposed.toFixedString(),
        from: version.effectiveFrom,
        to,
      });
    }
  }
  return ok({
    ...wire,
    id: version.id,
    publishedOn: version.publishedOn,
    parameters: { ...wire.parameters, itemStandards: out },
  });
}
