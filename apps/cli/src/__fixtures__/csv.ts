import type { ClaimWire } from '@openpayer/domain';

/**
 * Claims as the CSV a batch reads (one row per claim line, header first; see
 * settle/csv-claims.ts), and the same claims as NDJSON objects without what the CSV has no columns
 * for (evidence, prescribers, …): settling or simulating either gives the same figures.
 */
export function claimsAsCsv(claims: readonly ClaimWire[]): {
  readonly rows: string[];
  readonly plain: object[];
} {
  const quote = (v: string) => (/[",]/u.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const header =
    'claim_id,claim_type,person_id,birth_date,sex,insurance_type,insured_region,person_categories,' +
    'institution_code,institution_name,institution_tier,institution_region,admission_date,discharge_date,' +
    'diagnoses,procedures,total_amount,line_id,item_kind,item_code,item_name,quantity,unit_price,amount,service_date';
  const rows = [header];
  for (const c of claims) {
    for (const l of c.lines) {
      rows.push(
        [
          c.id,
          c.type,
          c.person.id,
          c.person.birthDate,
          c.person.sex,
          c.person.insuranceType,
          c.person.insuredRegion,
          (c.person.categories ?? []).join(';'),
          c.institution.code,
          c.institution.name,
          c.institution.tier,
          c.institution.region,
          c.admissionDate,
          c.dischargeDate ?? '',
          c.diagnoses.map((d) => d.code).join(';'),
          (c.procedures ?? []).map((p) => `${p.code}@${p.date}`).join(';'),
          c.totalAmount,
          l.id,
          l.kind,
          l.code,
          l.name,
          String(l.quantity),
          l.unitPrice,
          l.amount,
          l.date,
        ]
          .map((v) => quote(v))
          .join(','),
      );
    }
  }
  // The same claims without what the CSV has no columns for (evidence, prescribers, …).
  const plain = claims.map((c) => ({
    id: c.id,
    type: c.type,
    person: c.person,
    institution: {
      code: c.institution.code,
      name: c.institution.name,
      tier: c.institution.tier,
      region: c.institution.region,
    },
    admissionDate: c.admissionDate,
    dischargeDate: c.dischargeDate,
    diagnoses: c.diagnoses.map((d, i) => ({
      code: d.code,
      role: i === 0 ? 'principal' : 'secondary',
    })),
    procedures: (c.procedures ?? []).map((p, i) => ({
      code: p.code,
      date: p.date,
      role: i === 0 ? 'principal' : 'secondary',
    })),
    lines: c.lines.map((l) => ({
      id: l.id,
      kind: l.kind,
      code: l.code,
      name: l.name,
      quantity: String(l.quantity),
      unitPrice: l.unitPrice,
      amount: l.amount,
      date: l.date,
    })),
    totalAmount: c.totalAmount,
  }));
  return { rows, plain };
}
