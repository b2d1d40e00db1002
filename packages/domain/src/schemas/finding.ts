import { z } from 'zod';

/**
 * A smart-review finding (审核结果): what a supervision rule found on a claim, with the evidence
 * it read and the action it asks for. The rules live in `@openpayer/supervision`; the finding is
 * vocabulary here because the settlement carries its findings (`@openpayer/pricing` applies their
 * actions) and the API, the admin UI and the CLI show them.
 */

/** 事前 (while the doctor prescribes), 事中 (when the claim is settled), 事后 (after payment). */
export const REVIEW_STAGES = ['prescribe', 'settle', 'post_payment'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

/** The national framework's rule categories: 政策类 / 管理类 / 医疗类. */
export const RULE_CATEGORIES = ['policy', 'management', 'medical'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/** 可疑 (a reviewer decides) or 明确违规 (a definite violation). */
export const RESULT_TYPES = ['suspicious', 'violation'] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

export const FINDING_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/**
 * What a finding asks of the settlement: deduct the line (the fund does not pay it; it becomes
 * self-pay with the rule as the reason), hold the claim for review (stored as held, its
 * accumulators untouched until released), switch the line to self-pay (the patient pays, having
 * been told), or only warn.
 */
export const FINDING_ACTIONS = ['deduct', 'hold', 'self_pay', 'warn'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

/** A value a rule read, as evidence: text, a number as text, a flag, or a list of codes/ids. */
export const evidenceValueSchema = z.union([
  z.string().max(2000),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(500),
]);
export type EvidenceValue = z.output<typeof evidenceValueSchema>;

export const findingSchema = z
  .strictObject({
    rule: z
      .strictObject({
        ruleSet: z.string().meta({ description: 'The rule set (version) the rule came from.' }),
        code: z.string().meta({ example: 'DUP-0001' }),
        version: z.int().min(1),
        name: z.string(),
      })
      .meta({ description: 'The rule and the version of it that fired.' }),
    category: z.enum(RULE_CATEGORIES),
    stage: z.enum(REVIEW_STAGES),
    severity: z.enum(FINDING_SEVERITIES),
    resultType: z.enum(RESULT_TYPES),
    action: z.enum(FINDING_ACTIONS),
    lineIds: z
      .array(z.string())
      .readonly()
      .meta({ description: 'The claim lines it concerns; empty for a finding on the claim.' }),
    evidence: z.record(z.string(), evidenceValueSchema).meta({
      description:
        'What the rule read: values, limits, windows, the other claims (`otherClaims`), each as text.',
    }),
    explanation: z
      .strictObject({ zh: z.string(), en: z.string() })
      .meta({ description: 'Why, in Chinese and English.' }),
  })
  .meta({ id: 'Finding', description: 'What a smart-review rule found on a claim.' });

export type Finding = z.output<typeof findingSchema>;
export type FindingWire = z.input<typeof findingSchema>;

/**
 * How the hospital answers a finding, as the national 3101/3102/3103 interfaces do: continue with a
 * reason (the reviewer decides), remove the line, or switch it to self-pay.
 */
export const FINDING_RESPONSES = ['continue', 'remove_line', 'self_pay'] as const;
export type FindingResponse = (typeof FINDING_RESPONSES)[number];
