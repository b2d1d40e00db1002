import { describe, expect, it } from 'vitest';
import { validateClaim } from './validate-claim.ts';

/** A claim as `openpayer demo generate` writes them (seed 1, the first claim). */
function wireClaim(lineCount = 2, diagnosisCodes = ['K29.700', 'D64.900']) {
  const lines = Array.from({ length: lineCount }, (_, i) => ({
    id: `L${i + 1}`,
    kind: 'service',
    code: '003109020050000',
    name: '纤维胃十二指肠镜检查',
    quantity: '1',
    unitPrice: '130.00',
    amount: '130.00',
    date: '2025-08-14',
  }));
  return {
    id: 'DEMO-1-0000001',
    type: 'outpatient',
    person: {
      id: 'P-0331339',
      birthDate: '1971-06-01',
      sex: 'female',
      insuranceType: 'employee',
      insuredRegion: '230100',
    },
    institution: {
      code: 'H23011000012',
      name: '哈尔滨香坊区示范三级医院',
      tier: 'tertiary',
      region: '230100',
    },
    admissionDate: '2025-08-14',
    diagnoses: diagnosisCodes.map((code, i) => ({
      code,
      role: i === 0 ? 'principal' : 'secondary',
    })),
    lines,
    totalAmount: `${130 * lineCount}.00`,
  };
}

const codesOf = (input: unknown) => {
  const result = validateClaim(input);
  return (result.ok ? result.issues : result.issues).map((i) => `${i.code} ${i.path.join('.')}`);
};

describe('validateClaim: repeated diagnoses and line ids', () => {
  it('finds them in short lists (compared directly) and long ones (through a map) alike', () => {
    for (const count of [3, 40]) {
      const claim = wireClaim(count, ['K29.700', 'D64.900', 'K29.700', 'D64.900', 'D64.900']);
      claim.lines[1] = { ...claim.lines[1]!, id: 'L1' };
      if (count > 3) claim.lines[count - 1] = { ...claim.lines[count - 1]!, id: 'L3' };
      expect(codesOf(claim)).toEqual([
        'claim.duplicate_diagnosis diagnoses.2.code',
        'claim.duplicate_diagnosis diagnoses.3.code',
        'claim.duplicate_diagnosis diagnoses.4.code',
        'claim.duplicate_line_id lines.1.id',
        ...(count === 3 ? [] : [`claim.duplicate_line_id lines.${count - 1}.id`]),
      ]);
      const result = validateClaim(claim);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.issues.find((i) => i.path.join('.') === 'diagnoses.4.code')?.message).toBe(
        'diagnoses[4].code: D64.900 repeats diagnoses[1]',
      );
      expect(result.issues.find((i) => i.path.join('.') === 'lines.1.id')?.message).toBe(
        'lines[1].id: "L1" is already used by lines[0]',
      );
    }
  });

  it('accepts a claim with neither, and counts principal diagnoses', () => {
    expect(codesOf(wireClaim(40))).toEqual([]);
    const twoPrincipals = wireClaim();
    twoPrincipals.diagnoses[1] = { code: 'D64.900', role: 'principal' };
    expect(codesOf(twoPrincipals)).toEqual(['claim.principal_diagnosis_count diagnoses']);
  });
});

describe('validateClaim: refunds are reversals, not negative lines', () => {
  it('refuses a negative quantity and amount, naming each field', () => {
    const claim = wireClaim(1);
    Object.assign(claim.lines[0] as object, { quantity: '-1', amount: '-130.00' });
    claim.totalAmount = '-130.00';
    const result = validateClaim(claim);
    expect(result.ok).toBe(false);
    expect(codesOf(claim)).toEqual(
      expect.arrayContaining([
        'claim.negative_quantity lines.0.quantity',
        'claim.negative_amount lines.0.amount',
        'claim.negative_amount totalAmount',
      ]),
    );
  });

  it('refuses a negative amount even when quantity and price are positive (and the total agrees)', () => {
    const claim = wireClaim(2);
    Object.assign(claim.lines[1] as object, { amount: '-130.00' });
    claim.totalAmount = '0.00';
    expect(codesOf(claim)).toContain('claim.negative_amount lines.1.amount');
  });

  it('accepts a zero-priced line', () => {
    const claim = wireClaim(2);
    Object.assign(claim.lines[1] as object, { unitPrice: '0', amount: '0.00' });
    claim.totalAmount = '130.00';
    expect(validateClaim(claim).ok).toBe(true);
  });
});

describe('validateClaim: service dates within the years the ledger keeps', () => {
  it('refuses a service date after 2200 at the boundary, naming the field', () => {
    const claim = wireClaim(1);
    Object.assign(claim, { admissionDate: '2201-01-02' });
    Object.assign(claim.lines[0] as object, { date: '2201-01-02' });
    expect(codesOf(claim)).toContain('claim.date_out_of_range admissionDate');
  });

  it('refuses an inpatient discharge in 2201 and accepts 2200', () => {
    const claim = {
      ...wireClaim(1),
      type: 'inpatient',
      admissionDate: '2200-12-30',
      dischargeDate: '2201-01-01',
    };
    expect(codesOf(claim)).toContain('claim.date_out_of_range dischargeDate');
    const ok = { ...claim, dischargeDate: '2200-12-31' };
    Object.assign(ok.lines[0] as object, { date: '2200-12-31' });
    expect(codesOf(ok).filter((c) => c.startsWith('claim.date_out_of_range'))).toEqual([]);
  });
});
