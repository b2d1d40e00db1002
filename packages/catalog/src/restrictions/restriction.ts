import {
  INSTITUTION_TIERS,
  PRESCRIBER_TITLES,
  PRIOR_THERAPY_OUTCOMES,
  SCHEMES,
} from '@openpayer/domain';
import { z } from 'zod';

/**
 * Restricted payment scope (限定支付范围) as computable data. The national list prints these as
 * Chinese text; importers turn the common patterns into restrictions and keep the text they
 * came from (`text`) so a reviewer can see why. A restriction never decides alone: the coverage
 * decision evaluates every one to met / not met / cannot tell.
 */

/** A morphology (histology) code prefix of ICD-10 医保版, e.g. "M8041" (small-cell carcinoma). */
const morphologySchema = z.string().regex(/^M\d{3,5}(\/\d)?$/u);

const base = {
  /** The fragment of the original text this restriction was read from. */
  text: z.string().max(2000),
  /**
   * Where `text` sits in the normalised remark (NFKC, whitespace removed): `[start, end)`, so a
   * reviewer's screen can highlight it. Absent for restrictions not read from a remark.
   */
  span: z.tuple([z.int().min(0), z.int().min(0)]).optional(),
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
  'lab',
  'combination',
  'cumulative_quantity',
  'month_limit',
  'first_prescription',
  'frequency',
  'prior_therapy',
  'emergency',
  'tcm_syndrome',
  'procedure',
] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

/**
 * An ICD-10 医保版 prefix: a category (`C34`), a subcategory (`C22.0`), a finer code (`M47.201`)
 * or an extension code (`D64.900x005`, `A35.x00x001`); a code written `=I10.x00`, which is that
 * code exactly and not its extension codes; or a whole morphology code (`M87200/3`, malignant
 * melanoma): a histology that names the condition whatever site code goes with it.
 */
export const icdPrefixSchema = z
  .string()
  .regex(/^(?:=?[A-Z]\d{2}(?:\.[0-9A-Za-z]{1,4}(?:x\d{3})?)?|M\d{5}\/\d)$/u);

/**
 * An ICD-9-CM-3 医保版 prefix: a category (`39.95`), a finer code (`57.32`, `54.9800`) or an
 * extension code (`39.9500x007`); written `=39.9500`, that code exactly and not its extensions.
 */
export const procedurePrefixSchema = z.string().regex(/^=?\d{2}(?:\.\d{1,4}(?:x\d{3})?)?$/u);

export const restrictionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('diagnosis'),
    ...base,
    /** The conditions as printed, e.g. ["非小细胞肺癌"]. */
    conditions: z.array(z.string().min(1)).min(1),
    /** ICD-10 医保版 prefixes any of which satisfies the restriction, e.g. ["C34"]; empty = not yet mapped. */
    icdPrefixes: z.array(icdPrefixSchema),
    /**
     * Prefixes the ICD-10 code alone cannot tell apart (C34 is every lung cancer, small-cell and
     * non-small-cell alike): a code under one of them satisfies the restriction only with a
     * morphology (M) code among `confirm`, fails with one among `exclude`, else cannot tell.
     */
    histology: z
      .array(
        z.strictObject({
          prefix: icdPrefixSchema,
          confirm: z.array(morphologySchema),
          exclude: z.array(morphologySchema),
        }),
      )
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('evidence'),
    ...base,
    /** Test or biomarker, upper-case, e.g. "EGFR", "ALK", "HER2". */
    test: z.string().min(1).max(64),
    /** The result that satisfies the restriction (突变 / 阳性 → positive, 阴性 → negative). */
    result: z.enum(['positive', 'negative']),
    /**
     * Variants any one of which the claim's result must name (canonical, see `canonicalVariant`):
     * "EXON19DEL", "L858R", "T790M", "EXON20INS", "V600", "V600E", "EXON14SKIP", "FUSION" …
     * Absent = any positive result of the test.
     */
    variants: z
      .array(z.string().regex(/^[A-Z0-9]+$/u))
      .min(1)
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('age'),
    ...base,
    /** Inclusive lower bound in completed years (成人 → the import settings' adult age). */
    minYears: z.int().min(0).max(150).optional(),
    /** Inclusive upper bound in completed years (儿童 → under the children age, e.g. 17 for <18). */
    maxYears: z.int().min(0).max(150).optional(),
    /** Inclusive lower bound in completed months (3月龄及以上 → 3). */
    minMonths: z.int().min(0).max(1800).optional(),
    /** Inclusive upper bound in completed months (6月龄以下 → 6). */
    maxMonths: z.int().min(0).max(1800).optional(),
    /** Inclusive upper bound in completed days (新生儿 → the import settings' neonatal days). */
    maxDays: z.int().min(0).max(3650).optional(),
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
  z.strictObject({
    kind: z.literal('lab'),
    ...base,
    /** Lab tests or scores any one of which may satisfy it (AST或ALT → ["AST", "ALT"]). */
    tests: z.array(z.string().min(1).max(64)).min(1),
    comparator: z.enum(['gt', 'gte', 'lt', 'lte']),
    /** The threshold as printed (a decimal), e.g. "120"; with `unit` "×ULN" a multiple of the upper limit of normal. */
    value: z.string().regex(/^\d+(\.\d+)?$/u),
    /** Unit as printed ("U/L", "kg/m2", "ml/min/1.73m2", "×ULN"); null for a unitless score. */
    unit: z.string().min(1).max(32).nullable(),
  }),
  z.strictObject({
    kind: z.literal('combination'),
    ...base,
    /** Drugs (or drug classes) the item must be used with (与脂肪乳、氨基酸等…配合使用, 联合依托泊苷和铂类). */
    with: z.array(z.string().min(1).max(100)).min(1),
    /** any: one of them suffices (a list ending in 等…); all: a regimen (联合A和B). */
    require: z.enum(['any', 'all']),
  }),
  z.strictObject({
    kind: z.literal('cumulative_quantity'),
    ...base,
    maxQuantity: z.string().regex(/^\d+(\.\d+)?$/u),
    /** 每眼: the cap counts per eye, so a claim that does not say which eye may need a reviewer. */
    perEye: z.boolean(),
    /** lifetime = 累计; first_year = 第1年度 (the year from the first use); per_year = 每个年度 (any 365 days). */
    window: z.enum(['lifetime', 'first_year', 'per_year']),
  }),
  z.strictObject({
    kind: z.literal('month_limit'),
    ...base,
    /** 支付不超过12个月: months from the first paid use. */
    maxMonths: z.int().min(1).max(600),
  }),
  z.strictObject({
    kind: z.literal('first_prescription'),
    ...base,
    /**
     * 首次处方时需由二级及以上医疗机构(专科医师)开具: applies to the first prescription only; refills
     * elsewhere are not restricted by it.
     */
    minTier: z.enum(INSTITUTION_TIERS).optional(),
    minTitle: z.enum(PRESCRIBER_TITLES).optional(),
    /** 专科医师: the first prescriber must be a specialist of the condition. */
    specialist: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('frequency'),
    ...base,
    /**
     * 限定频次 (service items, e.g. 床位费 1/日, 心电监测 24 小时/日): at most this quantity per day
     * of the line's span — its days supplied, else the claim's stay, else one day.
     */
    maxPerDay: z.string().regex(/^\d+(\.\d+)?$/u),
  }),
  z.strictObject({
    kind: z.literal('prior_therapy'),
    ...base,
    /**
     * Earlier therapies as the import settings' therapy names write them (含铂化疗, EGFR-TKI,
     * 伊马替尼, TNF抑制剂): what the claim's `prior_therapy` evidence must name (compared without
     * case, width or spaces).
     */
    therapies: z.array(z.string().min(1).max(100)).min(1).max(20),
    /** any: one of them suffices (A或B); all: each of them (包括A和B). */
    require: z.enum(['any', 'all']),
    /**
     * What must be recorded of it, any one of these (治疗失败/进展/耐药 → failed, 不耐受 →
     * intolerant, 禁忌 → contraindicated, 接受过 → received, 未接受过/未经 → not_received). A
     * failed or intolerant therapy was received.
     */
    outcomes: z.array(z.enum(PRIOR_THERAPY_OUTCOMES)).min(1),
  }),
  /** 限急救抢救 / 急救、抢救时使用: paid only in emergency or rescue care (the claim's `emergency`). */
  z.strictObject({ kind: z.literal('emergency'), ...base }),
  /**
   * 中医辨证属气虚血瘀证 / 心脾两虚证患者: paid for a TCM syndrome (中医证候), told by the names the
   * claim records (`tcmSyndromes`). Any one of `syndromes` satisfies it; a compound one
   * ("气阴两虚、肾气不足证") needs each of its parts.
   */
  z.strictObject({
    kind: z.literal('tcm_syndrome'),
    ...base,
    /** The syndromes as printed, e.g. ["气虚血瘀证"]. */
    syndromes: z.array(z.string().min(1).max(64)).min(1).max(20),
  }),
  /**
   * 限膀胱镜检查使用, 接受血液透析的…患者, 器官移植的诱导治疗: paid with a procedure, told by the
   * claim's procedure codes (ICD-9-CM-3) — or, for a procedure a patient lives with (dialysis), by
   * a status diagnosis (Z49.1 体外透析, Z99.201 血液透析状态). Any one of `procedures` satisfies it.
   */
  z.strictObject({
    kind: z.literal('procedure'),
    ...base,
    /** The procedures as printed, e.g. ["血液透析"]. */
    procedures: z.array(z.string().min(1).max(100)).min(1).max(20),
    /** ICD-9-CM-3 医保版 prefixes, any of which shows the procedure. */
    procedureCodes: z.array(procedurePrefixSchema).min(1).max(200),
    /** ICD-10 医保版 prefixes of status diagnoses that show it as well (may be empty). */
    statusCodes: z.array(icdPrefixSchema).max(200),
  }),
]);
export type Restriction = z.output<typeof restrictionSchema>;
export type RestrictionOf<K extends RestrictionKind> = Extract<Restriction, { kind: K }>;

/**
 * A biomarker variant in one canonical spelling, so a restriction read from Chinese text and a
 * claim's free-text `variant` compare: "19号外显子缺失" / "19外显子缺失" / "exon 19 deletion" / "19del" → EXON19DEL,
 * "外显子21(L858R)置换" → L858R, "exon 20 insertion" → EXON20INS, "14号外显子跳跃" → EXON14SKIP,
 * "融合" / "fusion" / "rearrangement" → FUSION; a protein change (T790M, V600E, G12C, D842V) is
 * itself. Returns every variant named, in order; empty when none is recognised.
 */
export function canonicalVariants(text: string): string[] {
  const t = text.normalize('NFKC').toUpperCase().replace(/\s+/gu, '');
  const found: { at: number; v: string }[] = [];
  const taken = new Uint8Array(t.length + 8);
  const add = (re: RegExp, v: string | ((m: RegExpExecArray) => string)) => {
    const g = new RegExp(re.source, 'gu');
    for (let m = g.exec(t); m !== null; m = g.exec(t)) {
      if (taken.subarray(m.index, m.index + m[0].length).includes(1)) continue;
      // An exon's own words (EXON19DEL, EX14SKIPPING) are not protein changes.
      const own = /^EX/u.test(m[0])
        ? (/^(?:DEL(?:ETION)?|INS(?:ERTION)?|SKIP(?:PING)?)/u.exec(
            t.slice(m.index + m[0].length),
          )?.[0].length ?? 0)
        : 0;
      const end = m.index + m[0].length + own;
      taken.fill(1, m.index, end);
      found.push({ at: m.index, v: typeof v === 'string' ? v : v(m) });
    }
  };
  // "19号外显子", "exon19", "ex19del"; a bare "19外显子" where the number stands alone or right
  // after a gene whose name ends in a letter ("EGFR19外显子"), not the digit of HER2 / ERBB2.
  add(
    /(\d{1,2})号外显子|(?:(?<![A-Z0-9])|(?<=EGFR|KIT|MET|PDGFRA|BRAF|KRAS|RET|ALK))(\d{1,2})外显子|EXON(\d{1,2})|EX(\d{1,2})(?=DEL|INS|SKIP|跳)/u,
    (m) => `EXON${m[1] ?? m[2] ?? m[3] ?? m[4] ?? ''}`,
  );
  add(/(?<!号)外显子(\d{1,2})/u, (m) => `EXON${m[1] ?? ''}`);
  // "19del", "del19": an exon deletion written short (the deletion is read below).
  add(
    /(?:(?<![A-Z0-9])|(?<=EGFR|KIT|MET|PDGFRA))(\d{1,2})DEL(?![A-Z])|(?<![A-Z])DEL(\d{1,2})(?!\d)/u,
    (m) => `EXON${m[1] ?? m[2] ?? ''}`,
  );
  // "V600E/K": V600E and V600K.
  for (const m of t.matchAll(/([A-Z]\d{2,4})[A-Z]((?:\/[A-Z](?![A-Z0-9]))+)/gu)) {
    for (const other of (m[2] ?? '').split('/').filter((x) => x.length > 0)) {
      found.push({ at: m.index + 1, v: `${m[1] ?? ''}${other}` });
    }
  }
  add(/[A-Z]\d{2,4}[A-Z](?![A-Z])|V600(?![A-Z])/u, (m) => m[0]);
  add(/融合|重排|FUSION|REARRANGE/u, 'FUSION');
  // FLT3's internal tandem duplication and tyrosine-kinase-domain mutations.
  add(/(?<![A-Z])ITD(?![A-Z])/u, 'ITD');
  add(/(?<![A-Z])TKD(?![A-Z])/u, 'TKD');
  found.sort((a, b) => a.at - b.at);
  const out: string[] = [];
  for (let i = 0; i < found.length; i++) {
    const f = found[i];
    if (f === undefined) continue;
    let v = f.v;
    if (v.startsWith('EXON')) {
      // What happens to the exon: deletion, insertion, skipping — or a protein change named right
      // after it ("21号外显子L858R置换", "21号外显子点突变(L858R)"), which is then the variant.
      const after = t.slice(f.at, f.at + 24);
      const next = found[i + 1];
      if (
        next !== undefined &&
        !next.v.startsWith('EXON') &&
        next.v !== 'FUSION' &&
        next.at - f.at <= 12 &&
        // Not one named as an example ("外显子18突变(包括D842V突变)", "(含D842V突变)": any exon-18
        // mutation; not a bare 含: "21号外显子含L858R突变" is L858R).
        !/[/、或和,;]|包括|\((?:包含|含)|如|例如|尤其|特别是|等/u.test(t.slice(f.at, next.at))
      )
        continue;
      if (/^[^;,。或和]*?(?:缺失|DEL)/u.test(after)) v += 'DEL';
      else if (/^[^;,。或和]*?(?:插入|INS)/u.test(after)) v += 'INS';
      else if (/^[^;,。或和]*?(?:跳跃|跳变|SKIP)/u.test(after)) v += 'SKIP';
    }
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** Whether a claim's variant satisfies a restriction's: V600 is met by V600E or V600K. */
export function variantSatisfies(claimVariant: string, required: string): boolean {
  return claimVariant === required || (/\d$/u.test(required) && claimVariant.startsWith(required));
}
