import { ratioCodec } from '@openpayer/domain';
import { z } from 'zod';
import { APPROVAL_KINDS } from '../approvals/approval.ts';
import { COVERAGE_CLASSES, paymentPriceSchema } from '../item/item.ts';
import { MATCH_KINDS } from '../lookup/catalog-index.ts';
import { RESTRICTION_KINDS } from '../restrictions/restriction.ts';
import { COVERAGE_OUTCOMES, COVERAGE_REASON_CODES, type LineDecision } from './decide.ts';
import { RESTRICTION_REASON_CODES, RESTRICTION_RESULTS } from './evaluate.ts';

/**
 * The coverage decision on the wire, field by field: the one description of it. The API's
 * `/v1/catalog/coverage` answer and its OpenAPI document, and the admin simulator's types
 * (`z.input`, money and ratios as strings) come from this schema; `z.output` is the engine's
 * `LineDecision`.
 */

export const restrictionResultSchema = z
  .strictObject({
    kind: z.enum(RESTRICTION_KINDS),
    source: z.enum(['nrdl', 'rule_base', 'manual']),
    text: z.string(),
    result: z.enum(RESTRICTION_RESULTS),
    code: z.enum(RESTRICTION_REASON_CODES),
    indication: z.int().optional().meta({
      description: 'For an alternative of a numbered restriction text: its index.',
    }),
  })
  .meta({ id: 'RestrictionResult', description: 'How one restriction of the item was judged.' });

export const coverageReasonSchema = z
  .strictObject({
    code: z.enum(COVERAGE_REASON_CODES),
    severity: z.enum(['error', 'warning', 'info']),
    path: z.array(z.union([z.string(), z.int()])).readonly(),
    message: z.string(),
    data: z.record(z.string(), z.unknown()).readonly().optional(),
  })
  .meta({ id: 'CoverageReason', description: 'Why the decision came out as it did.' });

export const coverageDecisionSchema = z
  .strictObject({
    outcome: z.enum(COVERAGE_OUTCOMES),
    itemId: z.string().nullable(),
    coverageClass: z.enum(COVERAGE_CLASSES).nullable(),
    firstSelfPay: z.boolean().meta({
      description: "Class B: the policy's first self-pay ratio applies first.",
    }),
    matchedBy: z.enum(MATCH_KINDS).nullable(),
    paymentStandard: paymentPriceSchema.nullable().meta({
      description: 'The maximum payable unit price at this institution, when exactly one applies.',
    }),
    paymentStandardText: z.string().nullable(),
    restrictions: z.array(restrictionResultSchema).readonly(),
    review: z.boolean().meta({
      description:
        'A restriction could not be told from the claim, the item matched by name, or its restriction text was not read in full (see unparsed).',
    }),
    unparsed: z.array(z.string()).readonly().meta({
      description: "Fragments of the item's restriction text the decision could not read.",
    }),
    approval: z
      .strictObject({
        id: z.string(),
        kind: z.enum(APPROVAL_KINDS),
        reimbursementRatio: ratioCodec.nullable(),
      })
      .nullable(),
    alternatives: z
      .array(z.string())
      .readonly()
      .meta({ description: 'In-catalog alternatives (item ids) when not covered or self-paid.' }),
    reasons: z.array(coverageReasonSchema).readonly(),
    releaseId: z.string().nullable(),
  })
  .meta({ id: 'CoverageDecision' });

export const lineDecisionSchema = z
  .strictObject({ lineId: z.string(), decision: coverageDecisionSchema })
  .meta({ id: 'LineDecision', description: 'The coverage decision of one claim line.' });

/** A line's coverage decision as it travels: ratios and prices as decimal strings. */
export type LineDecisionWire = z.input<typeof lineDecisionSchema>;
export type CoverageDecisionWire = z.input<typeof coverageDecisionSchema>;

const lineDecisionsSchema = z.array(lineDecisionSchema).readonly();

/** Every line's coverage decision as JSON. */
export function encodeLineDecisions(decisions: readonly LineDecision[]): LineDecisionWire[] {
  return [...z.encode(lineDecisionsSchema, decisions)];
}
