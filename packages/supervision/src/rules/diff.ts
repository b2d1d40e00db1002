import { z } from 'zod';
import { canonicalJson } from '../audit/canonical-json.ts';
import { type RuleSet, type RuleWire, ruleSchema, ruleSetSchema } from './rule-set.ts';

/**
 * What changed between two rule sets, rule by rule (keyed by code and version): what an
 * administrator reads before activating a new set. Rules are compared in their wire form, field by
 * field; a rule whose version changed is a new rule beside the old one.
 */

export const RULE_FIELDS = Object.keys(ruleSchema.shape) as (keyof RuleWire)[];

export const ruleChangeSchema = z
  .discriminatedUnion('status', [
    z.strictObject({
      status: z.literal('added'),
      code: z.string(),
      version: z.int(),
      after: ruleSchema,
    }),
    z.strictObject({
      status: z.literal('removed'),
      code: z.string(),
      version: z.int(),
      before: ruleSchema,
    }),
    z.strictObject({
      status: z.literal('changed'),
      code: z.string(),
      version: z.int(),
      fields: z.array(z.string()).readonly(),
      before: ruleSchema,
      after: ruleSchema,
    }),
  ])
  .meta({ id: 'RuleChange' });

export const ruleSetDiffSchema = z
  .strictObject({
    from: z.string(),
    to: z.string(),
    fields: z
      .array(z.strictObject({ field: z.string(), before: z.unknown(), after: z.unknown() }))
      .readonly(),
    rules: z.array(ruleChangeSchema).readonly(),
    counts: z.strictObject({
      added: z.int(),
      removed: z.int(),
      changed: z.int(),
      unchanged: z.int(),
    }),
  })
  .meta({ id: 'RuleSetDiff', description: 'What changed between two rule sets, rule by rule.' });
export type RuleSetDiff = z.output<typeof ruleSetDiffSchema>;

const SET_FIELDS = ['title', 'region', 'publishedOn'] as const;

export function diffRuleSets(before: RuleSet, after: RuleSet): RuleSetDiff {
  const a = ruleSetSchema.encode(before);
  const b = ruleSetSchema.encode(after);
  const fields = SET_FIELDS.filter((f) => a[f] !== b[f]).map((field) => ({
    field,
    before: a[field],
    after: b[field],
  }));
  const key = (r: RuleWire) => `${r.code}\u0000${String(r.version ?? 1)}`;
  const old = new Map(a.rules.map((r) => [key(r), r]));
  const rules: RuleSetDiff['rules'][number][] = [];
  let unchanged = 0;
  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const r of b.rules) {
    const was = old.get(key(r));
    old.delete(key(r));
    const version = r.version ?? 1;
    if (was === undefined) {
      rules.push({ status: 'added', code: r.code, version, after: ruleSchema.parse(r) });
      counts.added++;
      continue;
    }
    const changedFields = RULE_FIELDS.filter(
      (f) => canonicalJson(was[f] ?? null) !== canonicalJson(r[f] ?? null),
    );
    if (changedFields.length === 0) {
      unchanged++;
      continue;
    }
    rules.push({
      status: 'changed',
      code: r.code,
      version,
      fields: changedFields,
      before: ruleSchema.parse(was),
      after: ruleSchema.parse(r),
    });
    counts.changed++;
  }
  for (const r of old.values()) {
    rules.push({
      status: 'removed',
      code: r.code,
      version: r.version ?? 1,
      before: ruleSchema.parse(r),
    });
    counts.removed++;
  }
  counts.unchanged = unchanged;
  return { from: before.id, to: after.id, fields, rules, counts };
}
