import { calendarDateSchema, periodSchema, regionCodeSchema } from '@openpayer/domain';
import { z } from 'zod';
import { COVERAGE_CLASSES } from '../item/item.ts';
import { icdPrefixSchema, procedurePrefixSchema } from '../restrictions/restriction.ts';
import { UNPARSED_RESTRICTION_OUTCOMES, releaseIdSchema } from '../version/release.ts';

/**
 * What the national-list importer needs to know that is policy or vocabulary, not code: the
 * release's dates and region, what "children" and "adults" mean in years, which sections are
 * negotiated, the tests and phrases that count as evidence, and the words a restriction text may
 * carry without changing what it restricts. Shipped as `data/nrdl-2024/import-settings.json`;
 * an administrator edits that file, never the parser.
 */
/** The names the list writes for one test, score or therapy (at least one). */
const aliases = z.array(z.string().min(1)).min(1);

export const importSettingsSchema = z.strictObject({
  release: z.strictObject({
    id: releaseIdSchema,
    title: z.string().min(1).max(300),
    region: regionCodeSchema.nullable(),
    effective: periodSchema,
    publishedOn: calendarDateSchema,
    source: z.string().max(1000),
    /** What a line whose item has unparsed restriction text gets (see the release's field). */
    unparsedRestrictions: z.enum(UNPARSED_RESTRICTION_OUTCOMES).default('flag'),
  }),
  ages: z.strictObject({
    /** 儿童: completed years at most this (17 = under 18). */
    childrenMaxYears: z.int().min(0).max(30),
    /** 成人 / 成年: completed years at least this. */
    adultMinYears: z.int().min(0).max(30),
    /** 老年 (elderly): completed years at least this (60 under the 老年人权益保障法). */
    elderlyMinYears: z.int().min(0).max(150),
    /** 新生儿 (newborn): completed days at most this (27: the first 28 days of life). */
    neonateMaxDays: z.int().min(0).max(365),
  }),
  /** Printed class → coverage class, e.g. {"甲": "A", "乙": "B"}. */
  classes: z.record(z.string().min(1), z.enum(COVERAGE_CLASSES)),
  /** Sections whose entries are negotiated / bid drugs with an agreement window. */
  sections: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        kind: z.enum(['western', 'chinese_patent']),
        negotiated: z.boolean(),
      }),
    )
    .min(1),
  /** Biomarkers a restriction may require, with the names the list uses for them. */
  evidenceTests: z
    .array(
      z.strictObject({
        test: z.string().min(1).max(64),
        aliases,
        /**
         * Names that say their own positive result (Ph+, MSI-H, dMMR, 错配修复缺陷): a restriction
         * naming one requires the test positive without a result word after it.
         */
        positiveNames: z.array(z.string().min(1)).default([]),
        /** Names that say their own negative result (MSS, pMMR: not MSI-H), likewise. */
        negativeNames: z.array(z.string().min(1)).default([]),
        /**
         * Words that name, for this test, another alteration than the result a claim records
         * (HER2突变 is no HER2阳性, MET扩增 no MET exon-14 skipping, RET突变 no RET fusion): a
         * phrase that holds one is left for a reviewer, not read as the test positive.
         */
        unreadResults: z.array(z.string().min(1)).default([]),
        /** Words that stand for a set of variants (EGFR敏感突变: exon-19 deletions, L858R, …). */
        variantWords: z
          .array(
            z.strictObject({
              word: z.string().min(1),
              variants: z.array(z.string().regex(/^[A-Z0-9]+$/u)).min(1),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  /** Words after a test that say which result is required. */
  evidenceResults: z.strictObject({
    positive: z.array(z.string().min(1)).min(1),
    negative: z.array(z.string().min(1)).min(1),
  }),
  /** Whole phrases that require documented evidence, e.g. 营养风险筛查 → NRS2002 positive. */
  evidencePhrases: z
    .array(
      z.strictObject({
        phrase: z.string().min(1),
        test: z.string().min(1).max(64),
        result: z.enum(['positive', 'negative']),
      }),
    )
    .default([]),
  /**
   * Earlier therapies a restriction may require (既往接受过含铂化疗失败, 对TNF抑制剂应答不佳或不耐受,
   * 未经ALK抑制剂治疗), with the names the list writes for each; `therapy` is the name kept, the
   * one a claim's prior_therapy evidence gives.
   */
  priorTherapies: z
    .array(
      z.strictObject({
        therapy: z.string().min(1).max(100),
        /** The list's names for it; none for a therapy the reader names itself (化疗). */
        aliases: z.array(z.string().min(1)).default([]),
        /**
         * The therapies that are kinds of this one (化疗: 含铂化疗, 蒽环类 …): a restriction that
         * asks for this therapy received or failed is met by a record of any of them too.
         */
        includes: z.array(z.string().min(1).max(100)).default([]),
        /**
         * Aliases that name the therapy only where the clause names one of `when` (口服药 is the
         * oral antidiabetics beside 糖尿病 / 血糖, not the oral drugs of an epilepsy).
         */
        contextual: z
          .array(
            z.strictObject({
              alias: z.string().min(1).max(100),
              when: z.array(z.string().min(1).max(20)).min(1),
            }),
          )
          .default([]),
      }),
    )
    .default([])
    // A kind names a therapy of the list, so that a claim can record it.
    .superRefine((therapies, ctx) => {
      const known = new Set(therapies.map((t) => t.therapy));
      therapies.forEach((t, i) => {
        t.includes.forEach((kind, k) => {
          if (!known.has(kind))
            ctx.addIssue({
              code: 'custom',
              path: [i, 'includes', k],
              message: `"${kind}" is no therapy of priorTherapies`,
            });
        });
      });
    }),
  /** Words after a therapy that say what became of it: 治疗失败 → failed, 不耐受 → intolerant, 禁忌. */
  priorTherapyOutcomes: z
    .strictObject({
      failed: z.array(z.string().min(1)).default([]),
      intolerant: z.array(z.string().min(1)).default([]),
      contraindicated: z.array(z.string().min(1)).default([]),
    })
    .default({ failed: [], intolerant: [], contraindicated: [] }),
  /**
   * Procedures a restriction may require (膀胱镜检查, 血液透析, 器官移植), with the names the list
   * writes for each, the ICD-9-CM-3 医保版 codes that show one on a claim, and the ICD-10 status
   * codes that show a procedure the patient lives with (依赖肾透析) — checked against both lists.
   */
  procedures: z
    .array(
      z.strictObject({
        procedure: z.string().min(1).max(100),
        aliases,
        procedureCodes: z.array(procedurePrefixSchema).min(1),
        statusCodes: z.array(icdPrefixSchema).default([]),
        /**
         * A term of the condition dictionary whose codes show the procedure too (器官移植: the
         * transplant status and the organ's failure or rejection, kept once, in the dictionary).
         */
        statusTerm: z.string().min(1).max(100).optional(),
      }),
    )
    .default([]),
  /**
   * Lab tests and scores a restriction may set a threshold on (AST或ALT大于120U/L, BMI≥25), with
   * the names the list uses; the threshold itself is read from the text, never kept here.
   */
  labTests: z
    .array(
      z.strictObject({
        test: z.string().min(1).max(64),
        aliases,
      }),
    )
    .default([]),
  /**
   * Sentences that describe or advise rather than restrict (尚未确定本品在0-6岁儿童中的安全性和有效性,
   * 按说明书用药): regular expressions; a sentence matching one is kept in the item's text and
   * read as no requirement (nothing in it is read: not the 肾功能不全 of 肾功能不全时慎用). A
   * pattern with a group named `d` sets aside only that group (限…患者每日剂量不超过100mg: the
   * dose, not the patients before it).
   */
  descriptivePatterns: z.array(z.string().min(1)).default([]),
  /**
   * Words that open a description running to the end of the sentence (症见发热,恶风,咳嗽…: the
   * symptoms a Chinese patent medicine's syndrome shows), read as no requirement.
   */
  descriptiveTails: z.array(z.string().min(1)).default([]),
  /**
   * Words that carry no computable condition of their own (患者, 使用, 晚期, 转移性 …): a clause
   * whose remaining text is only these is fully structured. Clinical qualifiers such as stage
   * stay in the item's original text for the reviewer.
   */
  fillerWords: z.array(z.string().min(1)).default([]),
  /**
   * Qualifiers the ICD-10 codes may tell apart (急性 / 慢性 hepatitis, 原发性 / 继发性, a stroke's
   * 恢复期), written right before (`before`) or after (`after`) a condition term that does not
   * include them: the term alone would take the other form's codes too, so the clause is read
   * and flagged for a reviewer. A qualified term of its own in the condition dictionary
   * (慢性乙型肝炎) is read whole and never reaches this.
   */
  codedQualifiers: z
    .strictObject({
      before: z.array(z.string().min(1)).default([]),
      after: z.array(z.string().min(1)).default([]),
    })
    .default({ before: [], after: [] }),
  /** Which entries form the primary-care formulary (基层版目录); null = no formulary. */
  primaryCareFormulary: z
    .strictObject({
      classes: z.array(z.enum(COVERAGE_CLASSES)).min(1),
      sections: z.array(z.string().min(1)).min(1),
    })
    .nullable(),
  /** Drug categories whose entries form same-class substitution groups (by code length). */
  substitution: z.strictObject({
    sameClassCategoryLength: z.int().min(2).max(10),
    minGroupSize: z.int().min(2).max(100),
  }),
});
export type ImportSettings = z.output<typeof importSettingsSchema>;
export type ImportSettingsWire = z.input<typeof importSettingsSchema>;
