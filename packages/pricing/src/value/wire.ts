import {
  PERSON_CATEGORIES,
  TECHNIQUES,
  calendarDateSchema,
  decimalCodec,
  isCalendarDate,
  issueSchema,
  moneyCodec,
  ratioCodec,
  regionCodeSchema,
  unitPriceCodec,
  unitRatioCodec,
} from '@openpayer/domain';
import { z } from 'zod';
import { parameterKeySchema, policySchema } from '../policy/policy.ts';
import { text } from '../policy/fields.ts';
import { ICER_QUADRANTS, ICER_VERDICTS } from './icer.ts';
import { INSTALMENT_STATUSES } from './risk-sharing.ts';
import { indicatorIdSchema, signedRatioCodec } from './indicators.ts';
import { RESPONSE_KINDS, RESPONSE_PAYMENT_STATUSES } from './response.ts';
import { STANDARD_BASE_SOURCES, STANDARD_COEFFICIENT_KINDS } from './standards.ts';

/**
 * The value-based computations on the wire (PRODUCT.md §4.3): one schema per request the API
 * parses and per result it answers. `z.output` of a request schema is what the engine function
 * takes; `z.output` of a result schema is the engine's own type (Money, Ratio, Decimal), and
 * `schema.encode(result)` its JSON form — money as fixed-scale strings ("3000.00"), ratios and
 * decimals as strings, dates as YYYY-MM-DD.
 */

const itemCode = text(1, 300).meta({
  description: "The item's national code (or catalog id), as the policy's rules list it.",
});
const ruleId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/u)
  .meta({ description: 'The id of a rule of the policy.' });
const explanations = z.array(z.string()).readonly();

/**
 * A date the engine keeps as a plain string (a course outcome's date): checked as a calendar date
 * on the way in, typed `string` out (`calendarDateSchema` gives the branded `CalendarDate`).
 */
const plainDate = z
  .string()
  .refine((value): boolean => isCalendarDate(value), {
    error: 'must be a real calendar date as YYYY-MM-DD, e.g. "2025-03-01"',
  })
  .meta({ format: 'date', example: '2025-03-01' });

const personFacts = {
  region: regionCodeSchema.meta({
    description: 'GB/T 2260 code of the region of care (regional coefficients).',
  }),
  categories: z
    .array(z.enum(PERSON_CATEGORIES))
    .max(20)
    .default([])
    .meta({ description: "The person's categories (population coefficients), e.g. child." }),
  domesticDevice: z
    .boolean()
    .optional()
    .meta({ description: 'The item used a domestic device (国产设备).' }),
  fundRegion: regionCodeSchema.optional().meta({
    description:
      "The fund's region, whose policy in force applies (default: the region of care), e.g. a provincial policy priced by each city's coefficient.",
  }),
};

// ---------------------------------------------------------------------------------------------
// Item payment standards (standards.ts)

export const itemStandardRequestSchema = z
  .strictObject({
    item: itemCode,
    date: calendarDateSchema,
    ...personFacts,
  })
  .meta({
    id: 'ItemStandardRequest',
    description: "An item's payment standard asked for a date, a region of care and a person.",
  });

export const itemPaymentStandardSchema = z
  .strictObject({
    item: z.string(),
    date: calendarDateSchema,
    base: moneyCodec.meta({ description: 'The standard before coefficients.' }),
    baseSource: z.enum(STANDARD_BASE_SOURCES),
    baseRuleId: z.string(),
    coefficients: z
      .array(
        z.strictObject({
          ruleId: z.string(),
          kind: z.enum(STANDARD_COEFFICIENT_KINDS),
          ratio: ratioCodec,
        }),
      )
      .readonly()
      .meta({ description: 'Every coefficient applied, in policy order.' }),
    standard: moneyCodec.meta({
      description: "base × the coefficients, rounded once by the policy's rounding.",
    }),
    explanations,
  })
  .meta({
    id: 'ItemPaymentStandard',
    description:
      "An item's payment standard (医保支付标准): its base, the rule it came from, the coefficients applied and the standard.",
  });

export const dueReevaluationSchema = z
  .strictObject({
    ruleId: z.string(),
    name: z.string(),
    index: z.int().min(0).meta({ description: 'Index in `parameters.temporaryPrices`.' }),
    items: z.array(z.string()).readonly(),
    reevaluateBy: calendarDateSchema,
    expires: calendarDateSchema.meta({
      description: 'First day the temporary price is no longer in force.',
    }),
    expired: z.boolean(),
  })
  .meta({
    id: 'DueReevaluation',
    description: 'A temporary price (临时支付价格) whose re-evaluation is due.',
  });

// ---------------------------------------------------------------------------------------------
// Service units and case add-ons (service-units.ts)

const consumableSchema = z.strictObject({
  lineId: text(1, 64),
  code: text(1, 64).meta({ description: "The consumable's national code." }),
  quantity: decimalCodec.refine((quantity) => quantity.isFinite() && !quantity.isNegative(), {
    error: 'must not be negative',
  }),
  unitPrice: unitPriceCodec.meta({ description: 'The price charged per unit.' }),
  purchasePrice: unitPriceCodec
    .optional()
    .meta({ description: "The institution's purchase price (采购价) per unit." }),
});

export const serviceUnitRequestSchema = z
  .strictObject({
    item: itemCode.meta({ description: 'The service (procedure) code the rule lists.' }),
    date: calendarDateSchema,
    ...personFacts,
    charged: z
      .record(text(1, 100), moneyCodec)
      .refine((charged) => Object.keys(charged).length <= 50, { error: 'at most 50 units' })
      .meta({
        description: 'The charge of each unit, by unit name, e.g. { "equipment": "3000.00" }.',
      }),
    consumables: z.array(consumableSchema).max(500).default([]),
  })
  .meta({
    id: 'ServiceUnitRequest',
    description:
      'A service paid by its service units (按服务单元付费): the charges per unit and the consumables; the coefficient comes from the policy.',
  });

/** An issue whose path is the engine's (read-only) path. */
const warningSchema = issueSchema
  .extend({ path: z.array(z.union([z.string(), z.int()])).readonly() })
  .meta({ id: 'ServiceUnitWarning', description: 'A warning the payment went through with.' });

export const serviceUnitPaymentSchema = z
  .strictObject({
    ruleId: z.string(),
    units: z
      .array(
        z.strictObject({
          unit: z.string(),
          charged: moneyCodec,
          standard: moneyCodec.meta({ description: "The rule's standard before the coefficient." }),
          recognised: moneyCodec.meta({
            description: 'standard × coefficient, rounded, held within [floor, cap].',
          }),
          floor: moneyCodec.optional(),
          cap: moneyCodec.optional(),
          paid: moneyCodec,
          overStandard: moneyCodec.meta({
            description: 'The charge above the recognised standard.',
          }),
          overCap: z.boolean().meta({ description: "The charge exceeds the unit's cap." }),
        }),
      )
      .readonly(),
    consumables: z
      .array(
        z.strictObject({
          lineId: z.string(),
          code: z.string(),
          quantity: decimalCodec,
          charged: moneyCodec,
          paid: moneyCodec,
          markUp: moneyCodec.meta({ description: 'The charge above the purchase cost, not paid.' }),
        }),
      )
      .readonly(),
    totals: z
      .strictObject({
        charged: moneyCodec,
        paid: moneyCodec,
        overStandard: moneyCodec,
        markUp: moneyCodec,
      })
      .meta({ description: 'charged = paid + overStandard + markUp, exactly.' }),
    explanations,
    warnings: z.array(warningSchema).readonly().optional().meta({
      description:
        "The result's warnings (value.unit_over_cap: a charge above a unit's cap), when there are any.",
    }),
  })
  .meta({
    id: 'ServiceUnitPayment',
    description:
      'A service paid by its units: each unit paid within its standard, consumables at purchase cost, and the totals.',
  });

export const caseAddOnRequestSchema = z
  .strictObject({
    date: calendarDateSchema,
    region: regionCodeSchema.meta({ description: 'The region whose policy is applied.' }),
    procedures: z
      .array(
        z.strictObject({
          code: text(1, 20).meta({ description: 'ICD-9-CM-3 procedure code, e.g. "48.5000".' }),
          technique: z.enum(TECHNIQUES).optional(),
        }),
      )
      .max(100),
    technique: z
      .enum(TECHNIQUES)
      .optional()
      .meta({ description: 'The technique of the case as a whole.' }),
  })
  .meta({
    id: 'CaseAddOnRequest',
    description: "A case's procedures, asked for the per-case add-ons (病种附加支付) that apply.",
  });

export const caseAddOnPaymentSchema = z
  .strictObject({
    addOns: z
      .array(
        z.strictObject({
          ruleId: z.string(),
          name: z.string(),
          index: z.int().min(0).meta({ description: 'Index in `parameters.caseAddOns`.' }),
          procedure: z.string().meta({ description: 'The procedure code that made it apply.' }),
          amount: moneyCodec,
        }),
      )
      .readonly(),
    total: moneyCodec,
    explanations,
  })
  .meta({
    id: 'CaseAddOnPayment',
    description: 'The per-case add-ons that apply, and their total.',
  });

// ---------------------------------------------------------------------------------------------
// ICER (icer.ts)

export const icerRequestSchema = z
  .strictObject({
    date: calendarDateSchema,
    region: regionCodeSchema.meta({ description: 'The region whose threshold is applied.' }),
    incrementalCost: moneyCodec.meta({
      description: 'Δcost against the comparator; may be negative.',
    }),
    incrementalQaly: decimalCodec.meta({
      description: 'ΔQALY against the comparator, e.g. "0.2"; may be negative.',
    }),
  })
  .meta({
    id: 'IcerRequest',
    description: 'A technology against its comparator, for its ICER at the policy threshold.',
  });

export const icerResultSchema = z
  .strictObject({
    icer: moneyCodec
      .nullable()
      .meta({ description: 'Δcost / ΔQALY, rounded; null when dominant or dominated.' }),
    threshold: moneyCodec.meta({ description: 'The willingness-to-pay threshold per QALY.' }),
    verdict: z.enum(ICER_VERDICTS),
    quadrant: z.enum(ICER_QUADRANTS),
    netMonetaryBenefit: moneyCodec.meta({
      description: 'threshold × ΔQALY − Δcost, rounded: ≥ 0 when acceptable.',
    }),
    // Not strict: `icer()` keeps the input object it was given, and a caller that passes its
    // decoded request (with `date` and `region`) gets only the two figures back on the wire.
    inputs: z.object({ incrementalCost: moneyCodec, incrementalQaly: decimalCodec }),
    explanation: z.string(),
  })
  .meta({ id: 'IcerResult', description: 'The ICER of a technology and its verdict.' });

export const icerAnswerSchema = z
  .strictObject({
    result: icerResultSchema,
    threshold: z
      .strictObject({
        value: moneyCodec,
        index: z.int().min(0),
        key: parameterKeySchema,
        source: z.string().meta({ description: 'e.g. `parameters.icerThreshold[1]`.' }),
      })
      .meta({ description: 'The threshold entry of the policy that applied.' }),
  })
  .meta({ id: 'IcerAnswer', description: 'The ICER verdict and the threshold entry it used.' });

// ---------------------------------------------------------------------------------------------
// Pay for response (response.ts, run.ts coursePayment)

export const responsePaymentRequestSchema = z
  .strictObject({
    date: calendarDateSchema.meta({ description: "The month's service date." }),
    claimed: moneyCodec.refine((claimed) => !claimed.isNegative(), {
      error: 'must not be negative',
    }),
    rule: ruleId
      .optional()
      .meta({ description: 'The payForResponse rule, when more than one pays the therapy.' }),
  })
  .meta({
    id: 'ResponsePaymentRequest',
    description: "One month's claim of a course paid by response (按疗效付费).",
  });

export const responsePaymentSchema = z
  .strictObject({
    ruleId: z.string(),
    status: z.enum(RESPONSE_PAYMENT_STATUSES),
    share: unitRatioCodec.meta({ description: 'The share of the claim paid.' }),
    paid: moneyCodec,
    withheld: moneyCodec.meta({ description: 'claimed − paid.' }),
    evaluationDate: calendarDateSchema.meta({
      description: 'The first day a response is needed.',
    }),
    outcome: z
      .strictObject({
        date: plainDate,
        response: z.enum(RESPONSE_KINDS),
        index: z.int().min(0),
      })
      .nullable()
      .meta({ description: 'The outcome the payment went by, or null.' }),
    explanations,
  })
  .meta({
    id: 'ResponsePayment',
    description: "What the fund pays of one month's claim of a course paid by response.",
  });

// ---------------------------------------------------------------------------------------------
// Dynamic adjustments (adjustments.ts)

export const adjustmentRequestSchema = z
  .strictObject({
    region: regionCodeSchema.meta({ description: 'The region whose policy is adjusted.' }),
    effectiveFrom: calendarDateSchema.meta({
      description: 'The day the proposed version takes effect; the rules in force on it apply.',
    }),
    publishedOn: calendarDateSchema.optional(),
    id: policySchema.shape.id
      .optional()
      .meta({ description: 'The id of the proposed policy version.' }),
    measures: z.record(itemCode, z.record(indicatorIdSchema, unitRatioCodec)).meta({
      description:
        'Measured rates 0–1 per item and indicator, e.g. { "270800001000000": { "cost_decline": "0.15" } }.',
    }),
  })
  .meta({
    id: 'AdjustmentRequest',
    description: 'Measured facts about items, for the dynamic adjustments (动态调整) they propose.',
  });

export const adjustmentProposalSchema = z
  .strictObject({
    rule: z.string(),
    item: z.string(),
    measure: z.string(),
    value: ratioCodec.meta({ description: 'The measured value of the indicator.' }),
    kind: z.enum(['adjust_standard', 'review']),
    standardRule: z.string().optional().meta({ description: 'The itemStandards rule adjusted.' }),
    current: moneyCodec.optional(),
    proposed: moneyCodec.optional(),
    change: signedRatioCodec.optional(),
    explanation: z.string(),
  })
  .meta({
    id: 'AdjustmentProposal',
    description:
      'What one dynamic-adjustment rule proposes for one item: a new standard or a review.',
  });

/** A risk-sharing contract's cohort as of a date: who was evaluated, who is due, the refund owed. */
export const cohortEvaluationSchema = z
  .strictObject({
    contractId: z.string(),
    manufacturer: z.string(),
    indicator: z.string(),
    asOf: calendarDateSchema,
    evaluated: z
      .array(
        z.strictObject({
          personId: z.string(),
          index: z.int(),
          evaluationDate: calendarDateSchema,
          alive: z.boolean(),
          paid: moneyCodec,
        }),
      )
      .readonly(),
    excluded: z
      .array(
        z.strictObject({
          personId: z.string(),
          index: z.int(),
          evaluationDate: calendarDateSchema,
          lostToFollowUpOn: z.string(),
        }),
      )
      .readonly(),
    dueEvaluations: z
      .array(z.strictObject({ personId: z.string(), index: z.int(), dueOn: calendarDateSchema }))
      .readonly(),
    survivors: z.int(),
    evaluable: z.int(),
    rate: ratioCodec.nullable().meta({ description: 'survivors / evaluable (null: none yet).' }),
    tier: z
      .strictObject({ atLeast: unitRatioCodec, refund: unitRatioCodec, index: z.int() })
      .nullable(),
    paidBase: moneyCodec,
    refundOwed: moneyCodec,
    explanations: z.array(z.string()).readonly(),
  })
  .meta({ id: 'CohortEvaluation' });

// ---------------------------------------------------------------------------------------------
// Admission assessments (the ICER recorded on an admission decision)

export const ADMISSION_DECISIONS = ['admit', 'negotiate', 'reject', 'defer'] as const;
export type AdmissionDecision = (typeof ADMISSION_DECISIONS)[number];

/**
 * An administrator's admission decision on a technology (准入评估) with the health-economics
 * evidence it rests on: the ICER request's inputs, the decision and its reason. The API computes
 * the verdict at the policy's threshold and records both, so the decision keeps its evidence.
 */
export const admissionAssessmentRequestSchema = icerRequestSchema
  .extend({
    technology: text(1, 300).meta({
      description: 'The technology assessed: an item code or a name, e.g. a CAR-T therapy.',
    }),
    comparator: text(0, 300).default('').meta({ description: 'What it was compared with.' }),
    decision: z.enum(ADMISSION_DECISIONS),
    reason: text(0, 2000).default(''),
  })
  .meta({ id: 'AdmissionAssessmentRequest' });

export const admissionAssessmentSchema = z
  .strictObject({
    id: z.string(),
    technology: z.string(),
    comparator: z.string(),
    date: calendarDateSchema,
    region: z.string(),
    policy: z.string().meta({ description: 'The policy version whose threshold applied.' }),
    decision: z.enum(ADMISSION_DECISIONS),
    reason: z.string(),
    icer: icerAnswerSchema,
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'AdmissionAssessment' });
export type AdmissionAssessment = z.output<typeof admissionAssessmentSchema>;

/** A patient's instalments under a risk-sharing contract as of a date (paid when due, forfeited). */
export const instalmentScheduleSchema = z
  .strictObject({
    contractId: z.string(),
    personId: z.string(),
    instalments: z
      .array(
        z.strictObject({
          index: z.int(),
          date: calendarDateSchema,
          share: unitRatioCodec,
          amount: moneyCodec,
          requiresAlive: z.boolean(),
          status: z.enum(INSTALMENT_STATUSES),
          explanation: z.string(),
        }),
      )
      .readonly(),
    due: moneyCodec,
    forfeited: moneyCodec,
    explanations: z.array(z.string()).readonly(),
  })
  .meta({ id: 'InstalmentSchedule' });
