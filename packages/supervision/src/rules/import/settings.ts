import { importSettingsSchema, serviceImportSettingsSchema } from '@openpayer/catalog';
import {
  CLAIM_TYPES,
  FINDING_ACTIONS,
  FINDING_SEVERITIES,
  INSTITUTION_TIERS,
  RESULT_TYPES,
  REVIEW_STAGES,
  RULE_CATEGORIES,
  SCHEMES,
  SEXES,
  calendarDateSchema,
  regionCodeSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import { ruleWindowSchema } from '../rule-set.ts';

/**
 * What the rule-base importer needs that is policy or vocabulary, not code: the rule set's
 * identity and dates, the metadata each kind of imported rule gets (category, result type,
 * severity, action, stages, window), and how the rule base's words map onto the model (男 → male,
 * 二级 → secondary and tertiary, 单日 → the natural day). The shipped defaults live in
 * `packages/supervision/data/nhsa-rule-base/import-settings.json`; the ages and the item-rule
 * vocabulary (age groups, per-day frequency units) are NOT repeated there: they are the catalog's
 * own import settings (`ImportSettings.ages`, `ServiceImportSettings.ageGroups/frequencyUnits`),
 * passed in so the rule set and the catalog read "儿童" the same way.
 */

/** The age groups a drug rule's 限定年龄对象 value may name (the bounds are the catalog's `ages`). */
export const DRUG_AGE_GROUPS = ['children', 'adults'] as const;

/** The kinds of rule the importer makes, one per (file, restriction type). */
export const RULE_BASE_TYPES = [
  'drug_sex',
  'drug_age',
  'drug_tier',
  'drug_setting',
  'drug_course',
  'drug_scheme',
  'item_sex',
  'item_age',
  'item_frequency',
  'item_period',
  'item_course',
  'item_procedure',
  'duplicate',
] as const;
export type RuleBaseType = (typeof RULE_BASE_TYPES)[number];

/** The metadata every rule of one type gets. */
export const ruleDefaultsSchema = z.strictObject({
  category: z.enum(RULE_CATEGORIES),
  resultType: z.enum(RESULT_TYPES),
  severity: z.enum(FINDING_SEVERITIES),
  action: z.enum(FINDING_ACTIONS),
  stages: z.array(z.enum(REVIEW_STAGES)).min(1),
  /**
   * The window of the rules of this type when the rule base does not give one (courses). Ignored
   * where the data or the kind fixes it: 限定周期 (its period), 限定频次 (the natural day),
   * 重复收费 (the pair's frequency).
   */
  window: ruleWindowSchema.optional(),
});
export type RuleDefaults = z.output<typeof ruleDefaultsSchema>;

const word = z.string().min(1).max(50);
const codeSuffix = z
  .string()
  .min(1)
  .max(20)
  .regex(/^[A-Z0-9]+$/u, { error: 'must be upper-case letters and digits' });

/** The shipped defaults: everything but the catalog's own vocabulary. */
export const ruleBaseDefaultsSchema = z.strictObject({
  ruleSet: z.strictObject({
    id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:-]+$/u),
    title: z.string().min(1).max(300),
    region: regionCodeSchema.nullable(),
    publishedOn: calendarDateSchema,
  }),
  /** The first day the imported rules are in force (`Rule.from`). */
  effectiveFrom: calendarDateSchema,
  /** Metadata per type of imported rule (exhaustive: every type must be given). */
  types: z.record(z.enum(RULE_BASE_TYPES), ruleDefaultsSchema),
  vocabulary: z.strictObject({
    /** 限定性别对象 values. */
    sexes: z.record(word, z.enum(SEXES)),
    /**
     * 限定年龄对象 values of the drug rules → the age group they name: `children` (under the
     * catalog's `ages.childrenMaxYears` + 1) or `adults` (from `ages.adultMinYears`).
     */
    ages: z.record(word, z.enum(DRUG_AGE_GROUPS)),
    /** 限定机构等级 values → the tiers the item is paid at (二级 → secondary and tertiary). */
    tiers: z.record(word, z.array(z.enum(INSTITUTION_TIERS)).min(1)),
    /** 限定就医方式 values → the claim types the item is paid in. */
    settings: z.record(word, z.array(z.enum(CLAIM_TYPES)).min(1)),
    /** 限定保险类型 values → the schemes the item is paid under. */
    schemes: z.record(word, z.array(z.enum(SCHEMES)).min(1)),
    /**
     * 限定频次 units that name a period longer than a day (周 → 7): the limit becomes
     * times-per-window over that many days. Per-day units are the catalog's `frequencyUnits`.
     */
    frequencyPeriods: z.record(word, z.int().min(2).max(3660)),
    /**
     * 重复收费 frequencies → the rule window and the code suffix of their rules. A frequency not
     * listed (6小时, 同一小时: claim lines carry dates, not times) is skipped with a reason.
     */
    duplicateWindows: z.record(
      word,
      z.strictObject({ code: codeSuffix, window: ruleWindowSchema }),
    ),
  }),
});
export type RuleBaseDefaults = z.output<typeof ruleBaseDefaultsSchema>;
export type RuleBaseDefaultsWire = z.input<typeof ruleBaseDefaultsSchema>;

/** Everything the importer reads: the defaults plus the catalog's own vocabulary. */
export const ruleBaseImportSettingsSchema = ruleBaseDefaultsSchema.extend({
  /** The catalog's `ImportSettings.ages` (儿童 / 成人 of the drug rules). */
  ages: importSettingsSchema.shape.ages,
  /** The catalog's service-item vocabulary (限定年龄对象 groups, per-day 限定频次 units). */
  itemVocabulary: serviceImportSettingsSchema.pick({ ageGroups: true, frequencyUnits: true }),
});
export type RuleBaseImportSettings = z.output<typeof ruleBaseImportSettingsSchema>;
export type RuleBaseImportSettingsWire = z.input<typeof ruleBaseImportSettingsSchema>;
