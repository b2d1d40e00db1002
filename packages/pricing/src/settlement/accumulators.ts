import { Money, moneyCodec, personIdSchema, serviceYearSchema } from '@openpayer/domain';
import { z } from 'zod';

/**
 * A person's year-to-date figures (年度累计), which every settlement reads and moves: the basic
 * fund's deductible and payments against the annual cap, admissions, the critical-illness base,
 * assistance and commercial payments, and the basic fund's shares of designated therapies paid
 * outside the cap.
 */
export const accumulatorsSchema = z
  .strictObject({
    personId: personIdSchema,
    year: serviceYearSchema,
    /** Outpatient deductible used this year (per-year deductibles). */
    deductibleUsed: moneyCodec,
    /** Inpatient admissions settled this year (a later admission may have a lower deductible). */
    admissions: z.int().min(0),
    /** Basic fund paid this year, against the annual cap. */
    fundPaid: moneyCodec,
    /** Eligible out-of-pocket after basic insurance this year: the critical-illness base. */
    criticalIllnessBase: moneyCodec,
    criticalIllnessPaid: moneyCodec,
    assistancePaid: moneyCodec,
    commercialDeductibleUsed: moneyCodec,
    commercialPaid: moneyCodec,
    /**
     * Basic fund paid this year as its share of multi-party sharing rules (多方共付) that do not
     * count against the annual cap: outside `fundPaid`, so `fundPaid + sharingFundPaid` is all the
     * fund paid the person. Absent in figures stored before it existed: zero.
     */
    sharingFundPaid: moneyCodec.prefault('0.00'),
  })
  .meta({ id: 'Accumulators' });
export type Accumulators = z.output<typeof accumulatorsSchema>;
export type AccumulatorsWire = z.input<typeof accumulatorsSchema>;

export const MONEY_ACCUMULATORS = [
  'deductibleUsed',
  'fundPaid',
  'criticalIllnessBase',
  'criticalIllnessPaid',
  'assistancePaid',
  'commercialDeductibleUsed',
  'commercialPaid',
  'sharingFundPaid',
] as const;
export type MoneyAccumulator = (typeof MONEY_ACCUMULATORS)[number];

/** Accumulators as JSON (money as fixed-scale strings): what the ledger stores and the API answers. */
export function encodeAccumulators(a: Accumulators): z.input<typeof accumulatorsSchema> {
  return z.encode(accumulatorsSchema, a);
}

export function emptyAccumulators(personId: Accumulators['personId'], year: number): Accumulators {
  const zero = Money.zero();
  return {
    personId,
    year,
    deductibleUsed: zero,
    admissions: 0,
    fundPaid: zero,
    criticalIllnessBase: zero,
    criticalIllnessPaid: zero,
    assistancePaid: zero,
    commercialDeductibleUsed: zero,
    commercialPaid: zero,
    sharingFundPaid: zero,
  };
}

/** What one settlement added: applying it and taking it back are exact inverses. */
export interface AccumulatorDelta {
  readonly money: Readonly<Record<MoneyAccumulator, Money>>;
  readonly admissions: number;
}

export function applyDelta(a: Accumulators, d: AccumulatorDelta, sign: 1 | -1): Accumulators {
  const out = { ...a, admissions: a.admissions + sign * d.admissions };
  for (const k of MONEY_ACCUMULATORS) {
    out[k] = sign === 1 ? a[k].add(d.money[k]) : a[k].subtract(d.money[k]);
  }
  return out;
}
