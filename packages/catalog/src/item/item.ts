import { INSTITUTION_TIERS, ITEM_KINDS, periodSchema, unitPriceCodec } from '@openpayer/domain';
import { z } from 'zod';
import { restrictionSchema } from '../restrictions/restriction.ts';

/**
 * A catalog entry (目录条目): one drug, medical service or consumable as a release lists it, with
 * its class, payment standard, agreement window and restricted payment scope — the original
 * text beside the structured restrictions read from it.
 */

/** 甲 (A), 乙 (B: the patient first pays the first self-pay ratio), 丙 (C: out of catalog). */
export const COVERAGE_CLASSES = ['A', 'B', 'C'] as const;
export type CoverageClass = (typeof COVERAGE_CLASSES)[number];

/**
 * How much of the restriction text became computable restrictions: `none_needed` (no text),
 * `complete`, `partial` (some fragments left for an administrator) or `unparsed` (nothing read).
 */
export const STRUCTURING_STATES = ['none_needed', 'complete', 'partial', 'unparsed'] as const;
export type Structuring = (typeof STRUCTURING_STATES)[number];

const itemIdSchema = z
  .string()
  .min(1)
  .max(300)
  .meta({ description: 'Stable id of the entry across releases, e.g. "XA02BC/注射用艾普拉唑钠".' });

/** One payable unit price: `63.00元(10mg/支)` → 63.00 per "10mg/支", optionally per institution tier. */
export const paymentPriceSchema = z.strictObject({
  amount: unitPriceCodec,
  unit: z.string().max(300).meta({ description: 'The unit the price is for, e.g. "10mg/支".' }),
  tier: z
    .enum(INSTITUTION_TIERS)
    .optional()
    .meta({ description: 'Only at institutions of this tier; absent = every tier.' }),
});
export type PaymentPrice = z.output<typeof paymentPriceSchema>;

export const paymentStandardSchema = z
  .strictObject({
    text: z.string().max(1000).meta({ description: 'The payment standard as published.' }),
    confidential: z
      .boolean()
      .meta({ description: 'Published as `*`: a negotiated price that is not disclosed.' }),
    prices: z.array(paymentPriceSchema).max(50),
    parsed: z
      .boolean()
      .meta({ description: 'False when the text could not be read into prices (kept verbatim).' }),
  })
  .meta({ id: 'PaymentStandard', description: '医保支付标准: the maximum payable unit price.' });
export type PaymentStandard = z.output<typeof paymentStandardSchema>;

/** One alternative of a multi-part restriction text (`限：1.…；2.…`): all its restrictions must hold. */
export const indicationSchema = z.strictObject({
  text: z.string().max(2000),
  restrictions: z.array(restrictionSchema).max(50),
});
export type Indication = z.output<typeof indicationSchema>;

export const catalogItemSchema = z
  .strictObject({
    id: itemIdSchema,
    kind: z.enum(ITEM_KINDS),
    name: z.string().min(1).max(300),
    categoryCode: z
      .string()
      .max(20)
      .nullable()
      .meta({ description: 'Drug classification code (药品分类代码), e.g. "XA02BC".' }),
    categoryName: z.string().max(200).nullable(),
    dosageForm: z.string().max(100).nullable(),
    coverageClass: z.enum(COVERAGE_CLASSES),
    section: z
      .string()
      .max(100)
      .meta({ description: 'Part of the list, e.g. 西药部分 / 协议西药 / 竞价药品部分.' }),
    negotiated: z.boolean().meta({
      description: 'A negotiated or bid drug (谈判药 / 竞价药) with an agreement window.',
    }),
    codes: z
      .array(z.string().min(1).max(40))
      .max(5000)
      .meta({ description: 'National codes known for this entry (all manufacturers / specs).' }),
    paymentStandard: paymentStandardSchema.nullable(),
    agreement: periodSchema
      .nullable()
      .meta({ description: 'Agreement validity window (协议有效期), half-open; null = none.' }),
    restrictionText: z
      .string()
      .max(5000)
      .nullable()
      .meta({ description: 'The restricted payment scope (限定支付范围) exactly as published.' }),
    restrictions: z
      .array(restrictionSchema)
      .max(50)
      .meta({ description: 'Restrictions that must all hold.' }),
    indications: z.array(indicationSchema).max(50).meta({
      description:
        'Alternatives (any one must hold) from a numbered restriction text; empty = none.',
    }),
    procedureGroup: z.string().min(1).max(100).optional().meta({
      description:
        "Service items: the rule base's procedure group (限定主次操作, e.g. 胃肠手术组) — a second or later procedure of the group through the same incision is charged at a discount.",
    }),
    structuring: z.enum(STRUCTURING_STATES),
    unparsed: z.array(z.string().max(2000)).max(50).meta({
      description:
        'Fragments of the restriction text not turned into restrictions, for an administrator to finish.',
    }),
  })
  .meta({ id: 'CatalogItem' });
export type CatalogItem = z.output<typeof catalogItemSchema>;
export type CatalogItemWire = z.input<typeof catalogItemSchema>;

/** Rule-base restrictions keyed by national code (国家智能审核规则库: sex, age, tier, setting, …). */
export const codeRestrictionSchema = z.strictObject({
  code: z.string().min(1).max(40),
  restrictions: z.array(restrictionSchema).min(1).max(20),
});
export type CodeRestriction = z.output<typeof codeRestrictionSchema>;

export const SUBSTITUTION_KINDS = ['generic', 'biosimilar', 'same_class'] as const;
export type SubstitutionKind = (typeof SUBSTITUTION_KINDS)[number];

/** Items a prescriber may switch between: consistency-evaluated generics, biosimilars, a drug class. */
export const substitutionGroupSchema = z.strictObject({
  id: z.string().min(1).max(100),
  kind: z.enum(SUBSTITUTION_KINDS),
  name: z.string().max(200),
  /** Classification prefix of national codes belonging to the group (also for items not listed). */
  codePrefix: z.string().max(20).nullable(),
  itemIds: z.array(itemIdSchema).min(1).max(1000),
});
export type SubstitutionGroup = z.output<typeof substitutionGroupSchema>;
