import { INSTITUTION_TIERS, PRESCRIBER_TITLES, SCHEMES } from '@openpayer/domain';
import { z } from 'zod';

/**
 * Restricted payment scope (限定支付范围) as computable data. The national list prints these as
 * Chinese text; importers turn the common patterns into restrictions and keep the text they
 * came from (`text`) so a reviewer can see why. A restriction never decides alone: the coverage
 * decision evaluates every one to met / not met / cannot tell.
 */

const base = {
  /** The fragment of the original text this restriction was read from. */
  text: z.string().max(2000),
  /** Where it came from: the national drug list remark, the smart-review rule base, or an administrator. */
  source: z.enum(['nrdl', 'rule_base', 'manual']),
};

export const RESTRICTION_KINDS = [
  'diagnosis',
  'evidence',
  'age',
  'sex',
  'institution_tier',
  'setting',
  'line_of_therapy',
  'course',
  'quantity',
  'prescriber_title',
  'scheme',
  'approval',
] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

export const restrictionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('diagnosis'),
    ...base,
    /** The conditions as printed, e.g. ["非小细胞肺癌"]. */
    conditions: z.array(z.string().min(1)).min(1),
    /** ICD-10 医保版 prefixes any of which satisfies the restriction, e.g. ["C34"]; empty = not yet mapped. */
    icdPrefixes: z.array(z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Za-z]{1,4})?$/u)),
  }),
  z.strictObject({
    kind: z.literal('evidence'),
    ...base,
    /** Test or biomarker, upper-case, e.g. "EGFR", "ALK", "HER2". */
    test: z.string().min(1).max(64),
    /** The result that satisfies the restriction (突变 / 阳性 → positive, 阴性 → negative). */
    result: z.enum(['positive', 'negative']),
  }),
  z.strictObject({
    kind: z.literal('age'),
    ...base,
    /** Inclusive lower bound in completed years (成人 → the import settings' adult age). */
    minYears: z.int().min(0).max(150).optional(),
    /** Inclusive upper bound in completed years (儿童 → under the children age, e.g. 17 for <18). */
    maxYears: z.int().min(0).max(150).optional(),
  }),
  z.strictObject({ kind: z.literal('sex'), ...base, sex: z.enum(['male', 'female']) }),
  z.strictObject({
    kind: z.literal('institution_tier'),
    ...base,
    /** 二级及以上 → secondary; 三级 → tertiary. */
    minTier: z.enum(INSTITUTION_TIERS),
  }),
  z.strictObject({
    kind: z.literal('setting'),
    ...base,
    /** 限住院 → ["inpatient"]; 限门诊 → ["outpatient"]. */
    settings: z.array(z.enum(['inpatient', 'outpatient'])).min(1),
  }),
  z.strictObject({
    kind: z.literal('line_of_therapy'),
    ...base,
    /** 一线 → 1, 二线及以上 → minLine 2. */
    minLine: z.int().min(1).max(10),
    maxLine: z.int().min(1).max(10).optional(),
  }),
  z.strictObject({ kind: z.literal('course'), ...base, maxDays: z.int().min(1).max(3650) }),
  z.strictObject({
    kind: z.literal('quantity'),
    ...base,
    maxQuantity: z.string().regex(/^\d+(\.\d+)?$/u),
    periodDays: z.int().min(1).max(3650),
  }),
  z.strictObject({
    kind: z.literal('prescriber_title'),
    ...base,
    minTitle: z.enum(PRESCRIBER_TITLES),
  }),
  z.strictObject({ kind: z.literal('scheme'), ...base, schemes: z.array(z.enum(SCHEMES)).min(1) }),
  z.strictObject({ kind: z.literal('approval'), ...base }),
]);
export type Restriction = z.output<typeof restrictionSchema>;
export type RestrictionOf<K extends RestrictionKind> = Extract<Restriction, { kind: K }>;
