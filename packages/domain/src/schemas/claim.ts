import { z } from 'zod';
import { type CalendarDate, calendarDateSchema } from '../dates/calendar-date.ts';
import { decimalCodec, moneyCodec, quantityCodec, unitPriceCodec } from '../money/codec.ts';
import { institutionSchema } from './institution.ts';
import { insuredPersonSchema } from './person.ts';

/**
 * The claim / encounter (就诊 / 结算单) as integrators send it: self-contained (the person and the
 * institution travel with it) so that it can be validated, priced and reviewed without a lookup,
 * in the API, in a batch file or in the browser.
 */

export const CLAIM_TYPES = ['outpatient', 'inpatient', 'chronic_outpatient', 'pharmacy'] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

export const PRESCRIBER_TITLES = ['resident', 'attending', 'associate_chief', 'chief'] as const;
/** 住院医师 / 主治医师 / 副主任医师 / 主任医师. */
export type PrescriberTitle = (typeof PRESCRIBER_TITLES)[number];

/**
 * The fund a claim is settled against: basic medical insurance (基本医疗保险), work-injury
 * insurance (工伤保险) or maternity insurance (生育保险), which share the national drug list.
 */
export const SCHEMES = ['medical', 'work_injury', 'maternity'] as const;
export type Scheme = (typeof SCHEMES)[number];

/**
 * What a claim records of an earlier therapy (its `prior_therapy` evidence): received; failed
 * (progressed, refractory, resistant); intolerant; contraindicated; not_received (never given).
 */
export const PRIOR_THERAPY_OUTCOMES = [
  'received',
  'failed',
  'intolerant',
  'contraindicated',
  'not_received',
] as const;
export type PriorTherapyOutcome = (typeof PRIOR_THERAPY_OUTCOMES)[number];

export const ITEM_KINDS = ['drug', 'service', 'consumable'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const TECHNIQUES = [
  'open',
  'laparoscopic',
  'robotic',
  'endoscopic',
  'percutaneous',
  'other',
] as const;
export type Technique = (typeof TECHNIQUES)[number];

/** Claim, line and prescriber ids (1–64 characters). */
export const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

const id = (what: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(ID_PATTERN, { error: `${what} must be letters, digits and . _ : -` });

export const claimIdSchema = id('claim id').brand<'ClaimId'>().meta({ example: 'C-2025-000001' });
export type ClaimId = z.output<typeof claimIdSchema>;

export const prescriberSchema = z
  .strictObject({
    id: id('prescriber id'),
    title: z.enum(PRESCRIBER_TITLES),
  })
  .meta({ id: 'Prescriber' });
export type Prescriber = z.output<typeof prescriberSchema>;

export const diagnosisSchema = z
  .strictObject({
    code: z.string().meta({
      description: 'ICD-10 医保版 code, e.g. "C34.900" or "A01.001+K77.0*".',
      example: 'C34.900',
    }),
    name: z.string().max(200).optional(),
    role: z.enum(['principal', 'secondary']),
  })
  .meta({ id: 'Diagnosis' });
export type Diagnosis = z.output<typeof diagnosisSchema>;

export const procedureSchema = z
  .strictObject({
    code: z
      .string()
      .meta({ description: 'ICD-9-CM-3 医保版 code, e.g. "60.5x00".', example: '60.5x00' }),
    name: z.string().max(200).optional(),
    role: z.enum(['principal', 'secondary']),
    date: calendarDateSchema,
    technique: z.enum(TECHNIQUES).optional(),
  })
  .meta({ id: 'Procedure' });
export type Procedure = z.output<typeof procedureSchema>;

export const claimLineSchema = z
  .strictObject({
    id: id('line id'),
    kind: z.enum(ITEM_KINDS),
    code: z
      .string()
      .meta({ description: 'National code: drug (20/23), service (15) or consumable (20/27).' }),
    localCode: z
      .string()
      .max(64)
      .optional()
      .meta({ description: "The institution's own item code." }),
    name: z.string().min(1).max(200),
    quantity: quantityCodec,
    unitPrice: unitPriceCodec,
    amount: moneyCodec.meta({ description: 'quantity × unitPrice, rounded to the fen.' }),
    date: calendarDateSchema,
    prescriber: prescriberSchema.optional(),
    approvalRef: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({ description: 'Reference of a prior approval.' }),
    lineOfTherapy: z.int().min(1).max(10).optional().meta({
      description: 'Line of therapy (一线 = 1, 二线 = 2, …) for drugs restricted to a line.',
    }),
    daysSupply: z
      .int()
      .min(1)
      .max(366)
      .optional()
      .meta({ description: 'Days of therapy dispensed (course, long prescription).' }),
  })
  .meta({ id: 'ClaimLine' });
export type ClaimLine = z.output<typeof claimLineSchema>;

export const evidenceSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('biomarker'),
      test: z.string().min(1).max(64).meta({ example: 'EGFR' }),
      result: z.enum(['positive', 'negative', 'indeterminate']),
      variant: z.string().max(100).optional().meta({ example: 'exon 19 deletion' }),
      date: calendarDateSchema,
    }),
    z.strictObject({
      kind: z.literal('lab'),
      test: z.string().min(1).max(64).meta({ example: 'ALT' }),
      value: decimalCodec,
      unit: z.string().min(1).max(32).meta({ example: 'U/L' }),
      upperLimitOfNormal: decimalCodec.optional(),
      date: calendarDateSchema,
    }),
    z.strictObject({
      kind: z.literal('prior_therapy'),
      therapy: z.string().min(1).max(100).meta({
        example: 'EGFR-TKI',
        description:
          'An earlier therapy, named as the catalog restriction names it (含铂化疗, EGFR-TKI, 伊马替尼).',
      }),
      outcome: z.enum(PRIOR_THERAPY_OUTCOMES).meta({
        description:
          'received; failed (progressed, refractory, resistant); intolerant; contraindicated; not_received (never given).',
      }),
      date: calendarDateSchema,
    }),
    z.strictObject({
      kind: z.literal('score'),
      instrument: z.string().min(1).max(64).meta({ example: 'DAS28' }),
      value: decimalCodec,
      date: calendarDateSchema,
    }),
  ])
  .meta({
    id: 'Evidence',
    description:
      'Biomarker results, lab values, clinical scores and earlier therapies supporting coverage.',
  });
export type Evidence = z.output<typeof evidenceSchema>;

export const outcomeSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('response'),
      value: z
        .enum(['CR', 'PR', 'SD', 'PD'])
        .meta({ description: 'RECIST response: complete, partial, stable, progressive.' }),
      date: calendarDateSchema,
    }),
    z.strictObject({
      kind: z.literal('complication'),
      code: z.string().meta({ description: 'ICD-10 医保版 code of the complication.' }),
      grade: z
        .int()
        .min(1)
        .max(5)
        .optional()
        .meta({ description: 'CTCAE grade of an adverse event.' }),
      date: calendarDateSchema,
    }),
    z.strictObject({
      kind: z.literal('survival'),
      status: z.enum(['alive', 'deceased']),
      date: calendarDateSchema,
    }),
  ])
  .meta({ id: 'Outcome' });
export type Outcome = z.output<typeof outcomeSchema>;

/**
 * The wire claim. `decodeWellFormedClaim` (validation/claim-fast-path.ts) decodes the common,
 * valid case of this schema by hand for speed: a change here must be made there too (its test
 * compares the two on generated and mutated claims).
 */
export const claimSchema = z
  .strictObject({
    id: claimIdSchema,
    type: z.enum(CLAIM_TYPES),
    scheme: z
      .enum(SCHEMES)
      .default('medical')
      .meta({ description: 'The fund: medical (default), work_injury or maternity.' }),
    person: insuredPersonSchema,
    institution: institutionSchema,
    admissionDate: calendarDateSchema.meta({
      description: 'Admission date, or the visit date for outpatient care.',
    }),
    dischargeDate: calendarDateSchema
      .optional()
      .meta({ description: 'Discharge date; required for inpatient claims.' }),
    department: z.string().min(1).max(64).optional(),
    attendingPrescriber: prescriberSchema.optional(),
    emergency: z.boolean().optional().meta({
      description:
        'Emergency or rescue care (急救/抢救), for items the catalog restricts to it; absent = not said (such a line is paid and flagged for review).',
    }),
    tcmSyndromes: z
      .array(z.string().min(1).max(64))
      .max(20)
      .optional()
      .meta({
        description:
          'Traditional Chinese medicine syndromes (中医证候) of the claim\'s TCM diagnosis, by name as recorded (e.g. "气虚血瘀证"), for items the catalog restricts to a syndrome; absent = not recorded.',
        example: ['气虚血瘀证'],
      }),
    diagnoses: z.array(diagnosisSchema).min(1).max(50),
    procedures: z.array(procedureSchema).max(50).default([]),
    lines: z.array(claimLineSchema).min(1).max(5000),
    evidence: z.array(evidenceSchema).max(200).default([]),
    outcomes: z.array(outcomeSchema).max(200).default([]),
    totalAmount: moneyCodec.meta({ description: 'Sum of the line amounts.' }),
  })
  .meta({ id: 'Claim' });

/** A claim as the engine uses it (Money, Decimal, branded ids). */
export type Claim = z.output<typeof claimSchema>;
/** A claim as it travels on the wire (strings). */
export type ClaimWire = z.input<typeof claimSchema>;

/**
 * A claim's service date: the discharge date, else the admission (or visit) date. The catalog
 * release and the policy in force on it decide the claim.
 */
export function serviceDateOf(
  claim:
    | Pick<Claim, 'admissionDate' | 'dischargeDate'>
    | Pick<ClaimWire, 'admissionDate' | 'dischargeDate'>,
): CalendarDate {
  return (claim.dischargeDate ?? claim.admissionDate) as CalendarDate;
}

/** A claim's accounting year: the year of its service date (accumulators are kept per year). */
export function accountingYearOf(
  claim:
    | Pick<Claim, 'admissionDate' | 'dischargeDate'>
    | Pick<ClaimWire, 'admissionDate' | 'dischargeDate'>,
): number {
  return Number(serviceDateOf(claim).slice(0, 4));
}
