import { claimWith, demoClaimWire, lineAmount } from '@openpayer/testing';

/**
 * A batch of real claims (radical prostatectomy, real codes) for `people` people, each with
 * several admissions through the year, so the accumulators matter: the later claims of a person
 * meet a lower deductible and a fund that has already paid.
 */
export function claimsFile(count: number, people: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const person = `P-${String(i % people).padStart(5, '0')}`;
    const month = String(1 + Math.floor((i / count) * 12)).padStart(2, '0');
    lines.push(
      JSON.stringify(
        claimWith((c) => {
          c.id = `C-${String(i).padStart(7, '0')}`;
          c.person.id = person;
          c.person.insuranceType = i % 3 === 0 ? 'resident' : 'employee';
          c.admissionDate = `2025-${month}-03`;
          c.dischargeDate = `2025-${month}-12`;
          for (const line of c.lines) line.date = `2025-${month}-1${line.id === 'L3' ? 0 : 1}`;
          const procedure = c.procedures?.[0];
          if (procedure) procedure.date = `2025-${month}-05`;
          for (const e of c.evidence ?? []) e.date = `2025-${month}-04`;
        }),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One 5,000.00 drug line (in catalog) at the demo hospital, stayed in August 2025. */
export const drugClaim = (id: string, personId: string) =>
  demoClaimWire({
    id,
    person: { id: personId },
    admissionDate: '2025-08-04',
    dischargeDate: '2025-08-08',
    lines: [
      {
        id: 'L1',
        kind: 'drug',
        code: 'XC04ABF039A001010100141',
        name: '酚妥拉明注射剂',
        quantity: '1',
        unitPrice: '5000.00',
        amount: lineAmount('1', '5000.00'),
        date: '2025-08-05',
      },
    ],
  });
