import {
  CLAIM_TYPES,
  FINDING_ACTIONS,
  FINDING_SEVERITIES,
  INSTITUTION_TIERS,
  INSURANCE_TYPES,
  ITEM_KINDS,
  REVIEW_STAGES,
  RESULT_TYPES,
  RULE_CATEGORIES,
  SCHEMES,
  SEXES,
  calendarDateSchema,
  decimalCodec,
  moneyCodec,
  regionCodeSchema,
} from '@openpayer/domain';
import { z } from 'zod';

/**
 * Smart-review rules (智能审核规则) as versioned data, in the metadata of the national "two
 * libraries" framework: every rule has a code, a version, a category, the stages it runs at, a
 * result type, a time window, scenarios, insurance types, a severity, the action it asks for and
 * the dates it is in force; what it checks (`check`) is one of a closed set of kinds, each with its
 * parameters as data (lists, thresholds, limits), never code. A rule set is a document of rules
 * published for a region, activated like a policy; every finding names its rule's version.
 */

/** Free text: the database refuses NUL and an unpaired surrogate cannot survive UTF-8. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;
const text = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((v) => !v.includes('\u0000') && !UNPAIRED_SURROGATE.test(v), {
      error: 'must not contain NUL characters or unpaired UTF-16 surrogates',
    });

const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/u, { error: 'must be letters, digits and . _ : -' });

/**
 * An item code or a code prefix (`XL01` covers every drug of ATC L01, `003105` a chapter of
 * services); matched against the line's national code.
 */
const codePattern = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[A-Za-z0-9.*+-]+$/u, { error: 'must be an item code or a code prefix' });
const codes = z.array(codePattern).min(1).max(20_000);
/** ICD-10 code prefixes (`I10`, `E11`, `C34.9`). */
const diagnosisPrefixes = z
  .array(
    z
      .string()
      .min(1)
      .max(20)
      .regex(/^[A-Z][0-9A-Z.]*$/u),
  )
  .min(1)
  .max(2000);

/**
 * The window a rule looks at: this visit (the claim), this admission, the natural (calendar) day,
 * the N days up to and including the line's date, or the calendar year.
 */
export const ruleWindowSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('visit') }),
    z.strictObject({ kind: z.literal('admission') }),
    z.strictObject({ kind: z.literal('natural_day') }),
    z.strictObject({ kind: z.literal('days'), days: z.int().min(1).max(3660) }),
    z.strictObject({ kind: z.literal('year') }),
  ])
  .meta({ id: 'RuleWindow' });
export type RuleWindow = z.output<typeof ruleWindowSchema>;

/** 门诊 / 住院 / 药店购药 / 异地就医. */
export const RULE_SCENARIOS = ['outpatient', 'inpatient', 'pharmacy', 'cross_region'] as const;
export type RuleScenario = (typeof RULE_SCENARIOS)[number];

/**
 * What a rule checks, by kind. Rules over items name the items by national code or code prefix;
 * rules over a person's history use the rule's `window`.
 */
export const ruleCheckSchema = z
  .discriminatedUnion('kind', [
    // — The rules PRODUCT.md §5 lists —
    /** An item out of the catalog billed without an approval (目录外项目未经审批). */
    z.strictObject({
      kind: z.literal('out_of_catalog'),
      itemKinds: z
        .array(z.enum(ITEM_KINDS))
        .min(1)
        .default([...ITEM_KINDS]),
    }),
    /** The catalog's restriction (indication, sex, age, tier, setting, course, quantity) not met. */
    z.strictObject({ kind: z.literal('restriction_not_met') }),
    /** A targeted drug without the biomarker result its indication needs (靶向药无基因检测). */
    z.strictObject({
      kind: z.literal('biomarker_required'),
      drugs: z
        .array(
          z.strictObject({
            codes,
            test: text(1, 64),
            result: z.enum(['positive', 'negative']).default('positive'),
            variants: z.array(text(1, 100)).max(50).optional(),
          }),
        )
        .min(1)
        .max(2000),
    }),
    /** A secondary item billed with its main item within the window (重复收费). */
    z.strictObject({
      kind: z.literal('duplicate_charge'),
      pairs: z
        .array(z.strictObject({ main: codePattern, secondary: codePattern }))
        .min(1)
        .max(20_000),
    }),
    /** An item (a test) billed more than `maxTimes` within the window (重复检查 / 限定周期). */
    z.strictObject({
      kind: z.literal('times_per_window'),
      items: codes,
      maxTimes: decimalCodec,
    }),
    /** A primary institution prescribing outside the primary-care formulary (基层用药目录). */
    z.strictObject({
      kind: z.literal('primary_formulary'),
      tiers: z.array(z.enum(INSTITUTION_TIERS)).min(1).default(['primary']),
      itemKinds: z.array(z.enum(ITEM_KINDS)).min(1).default(['drug']),
    }),
    /**
     * A prescription longer than the long-prescription limit (长处方): `maxDays` in general, longer
     * for the named stable chronic conditions.
     */
    z.strictObject({
      kind: z.literal('long_prescription'),
      maxDays: z.int().min(1).max(366),
      conditions: z
        .array(z.strictObject({ diagnoses: diagnosisPrefixes, maxDays: z.int().min(1).max(366) }))
        .max(200)
        .default([]),
    }),
    /** A combination plan's cost over a threshold without an approval (联合用药方案超阈值). */
    z.strictObject({
      kind: z.literal('plan_cost_threshold'),
      items: codes,
      threshold: moneyCodec,
    }),
    /** The daily drug cost over the group's standard (日均药费超标准). */
    z.strictObject({
      kind: z.literal('daily_drug_cost'),
      groups: z
        .array(
          z.strictObject({
            id: identifier,
            name: text(1, 200),
            diagnoses: diagnosisPrefixes,
            dailyStandard: moneyCodec,
          }),
        )
        .min(1)
        .max(2000),
    }),
    /**
     * A therapy continued after its exit rule fired (退出规则): a score fell by less than
     * `minDrop` since the therapy started, measured at least `afterDays` after it started; or a
     * lab value above `maxTimesUpperLimit` × its upper limit of normal.
     */
    z.strictObject({
      kind: z.literal('exit_rule'),
      items: codes,
      scores: z
        .array(
          z.strictObject({
            instrument: text(1, 64),
            minDrop: decimalCodec,
            afterDays: z.int().min(1).max(3660),
          }),
        )
        .max(20)
        .default([]),
      labs: z
        .array(z.strictObject({ test: text(1, 64), maxTimesUpperLimit: decimalCodec }))
        .max(20)
        .default([]),
    }),
    /** Prescriptions by a doctor whose insurance prescribing rights are suspended. */
    z.strictObject({
      kind: z.literal('suspended_prescriber'),
      suspensions: z
        .array(
          z.strictObject({
            prescriberId: text(1, 64),
            from: calendarDateSchema,
            to: calendarDateSchema.nullable().default(null),
            reason: text(0, 500).optional(),
          }),
        )
        .max(100_000),
    }),
    // — The rule base's item rules (药品规则库 / 项目规则库) —
    /** 限定性别: the items are for one sex only. */
    z.strictObject({ kind: z.literal('item_sex'), items: codes, sex: z.enum(SEXES) }),
    /**
     * 限定年龄: the items are for people of this age (years, `minAge` ≤ age < `maxAge`; and, for
     * the newborn, completed days of life < `maxAgeDays`).
     */
    z.strictObject({
      kind: z.literal('item_age'),
      items: codes,
      minAge: z.int().min(0).max(150).nullable().default(null),
      maxAge: z.int().min(0).max(150).nullable().default(null),
      maxAgeDays: z.int().min(1).max(36_500).nullable().default(null),
    }),
    /** 限定机构等级: the items only at these tiers. */
    z.strictObject({
      kind: z.literal('item_tier'),
      items: codes,
      tiers: z.array(z.enum(INSTITUTION_TIERS)).min(1),
    }),
    /** 限定就医方式: the items only in these settings. */
    z.strictObject({
      kind: z.literal('item_setting'),
      items: codes,
      claimTypes: z.array(z.enum(CLAIM_TYPES)).min(1),
    }),
    /** 限定支付疗程 / 限定疗程: at most `maxDays` days of the items in the window. */
    z.strictObject({ kind: z.literal('item_course'), items: codes, maxDays: z.int().min(1) }),
    /** 限定保险类型: the items only for these schemes (工伤 / 生育). */
    z.strictObject({
      kind: z.literal('item_scheme'),
      items: codes,
      schemes: z.array(z.enum(SCHEMES)).min(1),
    }),
    /** 限定频次: at most `maxPerDay` of the items a day. */
    z.strictObject({ kind: z.literal('item_frequency'), items: codes, maxPerDay: decimalCodec }),
    /**
     * 限定主次操作: second and later procedures of a group through the same incision are billed at
     * a discount; more than one full-price item of the group on one day is a finding.
     */
    z.strictObject({ kind: z.literal('secondary_procedure'), group: text(1, 100), items: codes }),
  ])
  .meta({ id: 'RuleCheck' });
export type RuleCheck = z.output<typeof ruleCheckSchema>;
export type RuleCheckKind = RuleCheck['kind'];

export const ruleSchema = z
  .strictObject({
    code: identifier,
    version: z.int().min(1).default(1),
    name: text(1, 300),
    nameEn: text(1, 300).optional(),
    category: z.enum(RULE_CATEGORIES),
    stages: z.array(z.enum(REVIEW_STAGES)).min(1),
    resultType: z.enum(RESULT_TYPES),
    window: ruleWindowSchema.default({ kind: 'visit' }),
    scenarios: z
      .array(z.enum(RULE_SCENARIOS))
      .min(1)
      .default([...RULE_SCENARIOS]),
    insuranceTypes: z
      .array(z.enum(INSURANCE_TYPES))
      .min(1)
      .default([...INSURANCE_TYPES]),
    severity: z.enum(FINDING_SEVERITIES),
    action: z.enum(FINDING_ACTIONS),
    from: calendarDateSchema,
    to: calendarDateSchema
      .nullable()
      .default(null)
      .meta({ description: 'First day no longer in force.' }),
    region: regionCodeSchema
      .optional()
      .meta({ description: 'Only for claims of persons insured in this region.' }),
    source: text(0, 500).optional().meta({ description: 'Where the rule came from.' }),
    check: ruleCheckSchema,
  })
  .meta({ id: 'Rule' });
export type Rule = z.output<typeof ruleSchema>;
export type RuleWire = z.input<typeof ruleSchema>;

export const ruleSetSchema = z
  .strictObject({
    id: identifier,
    title: text(1, 300),
    region: regionCodeSchema.nullable().meta({
      description:
        'The region whose persons it reviews (within it, too); null for the national set.',
    }),
    publishedOn: calendarDateSchema,
    rules: z.array(ruleSchema).max(50_000),
  })
  .superRefine((set, ctx) => {
    // Two versions of one rule in force on the same day would make a finding's rule ambiguous.
    const byCode = new Map<string, { i: number; from: string; to: string | null }[]>();
    set.rules.forEach((rule, i) => {
      if (rule.to !== null && rule.to <= rule.from) {
        ctx.addIssue({
          code: 'custom',
          message: `ends (${rule.to}) on or before it starts (${rule.from})`,
          path: ['rules', i, 'to'],
        });
      }
      const seen = byCode.get(rule.code) ?? [];
      for (const other of seen) {
        const overlap =
          (other.to === null || rule.from < other.to) && (rule.to === null || other.from < rule.to);
        if (overlap) {
          ctx.addIssue({
            code: 'custom',
            message: `rule ${rule.code} overlaps its version at rules[${other.i}] (both in force at once)`,
            path: ['rules', i, 'from'],
          });
        }
      }
      seen.push({ i, from: rule.from, to: rule.to });
      byCode.set(rule.code, seen);
    });
  })
  .meta({ id: 'RuleSet', description: 'A versioned set of smart-review rules for a region.' });
export type RuleSet = z.output<typeof ruleSetSchema>;
export type RuleSetWire = z.input<typeof ruleSetSchema>;
