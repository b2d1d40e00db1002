import { type Claim, ageAt, daysBetween } from '@openpayer/domain';
import { z } from 'zod';
import type { DischargeRecord } from './group.ts';

/** A discharge record on the wire (NDJSON / API): strict, every problem named by its field. */
export const dischargeRecordSchema = z
  .strictObject({
    id: z.string().max(64).optional().meta({ description: 'Caller reference, echoed back.' }),
    sex: z.enum(['male', 'female', 'unknown']),
    ageYears: z.int().min(0).max(150),
    ageDays: z
      .int()
      .min(0)
      .max(151 * 366)
      .optional()
      .meta({ description: 'Age in days; checked against ageYears (years decide).' }),
    birthWeightGrams: z.int().min(100).max(9999).optional(),
    lengthOfStay: z.int().min(0).max(3650),
    dischargeDisposition: z.int().min(1).max(9).optional(),
    principalDiagnosis: z.string().trim().min(1).max(40),
    secondaryDiagnoses: z.array(z.string().min(1).max(40)).max(50).default([]),
    principalProcedure: z.string().min(1).max(40).optional(),
    otherProcedures: z.array(z.string().min(1).max(40)).max(50).default([]),
  })
  .meta({ id: 'DischargeRecord' });
export type DischargeRecordWire = z.input<typeof dischargeRecordSchema>;

/** CSV columns, in order; list columns separate codes with `|` or `;`. */
export const DISCHARGE_CSV_COLUMNS = [
  'id',
  'sex',
  'ageYears',
  'ageDays',
  'birthWeightGrams',
  'lengthOfStay',
  'dischargeDisposition',
  'principalDiagnosis',
  'secondaryDiagnoses',
  'principalProcedure',
  'otherProcedures',
] as const;

/** One CSV row (already split into fields) as a wire record, before validation. */
export function dischargeRecordFromCsv(fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  DISCHARGE_CSV_COLUMNS.forEach((column, i) => {
    const text = (fields[i] ?? '').trim();
    if (text === '') return;
    if (column === 'secondaryDiagnoses' || column === 'otherProcedures') {
      out[column] = text
        .split(/[|;]/u)
        .map((s) => s.trim())
        .filter((s) => s !== '');
    } else if (
      ['ageYears', 'ageDays', 'birthWeightGrams', 'lengthOfStay', 'dischargeDisposition'].includes(
        column,
      )
    ) {
      out[column] = /^-?\d+$/u.test(text) ? Number(text) : text;
    } else {
      out[column] = text;
    }
  });
  return out;
}

export function toDischargeRecord(wire: z.output<typeof dischargeRecordSchema>): DischargeRecord {
  const { id: _id, ...record } = wire;
  return record;
}

/**
 * The discharge record of an inpatient claim, for grouping: the person's sex, age at admission (in
 * days too under one year), the stay, the principal diagnosis and procedure (by role), the others in
 * order. A claim without a discharge date has no record (its field is named).
 */
export function dischargeRecordOfClaim(
  claim: Pick<Claim, 'person' | 'admissionDate' | 'dischargeDate' | 'diagnoses' | 'procedures'>,
):
  | { readonly ok: true; readonly record: DischargeRecord }
  | { readonly ok: false; readonly field: string } {
  if (claim.dischargeDate === undefined) return { ok: false, field: 'dischargeDate' };
  const admission = claim.admissionDate;
  const birth = claim.person.birthDate;
  if (admission < birth) return { ok: false, field: 'person.birthDate' };
  const ageYears = ageAt(birth, admission);
  const principal = claim.diagnoses.find((d) => d.role === 'principal');
  if (principal === undefined) return { ok: false, field: 'diagnoses' };
  const principalProcedure = claim.procedures.find((p) => p.role === 'principal');
  return {
    ok: true,
    record: {
      sex: claim.person.sex,
      ageYears,
      ...(ageYears < 1 ? { ageDays: daysBetween(birth, admission) } : {}),
      lengthOfStay: daysBetween(admission, claim.dischargeDate),
      principalDiagnosis: principal.code,
      secondaryDiagnoses: claim.diagnoses.filter((d) => d !== principal).map((d) => d.code),
      principalProcedure: principalProcedure?.code,
      otherProcedures: claim.procedures.filter((p) => p !== principalProcedure).map((p) => p.code),
    },
  };
}
