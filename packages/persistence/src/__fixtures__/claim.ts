import { demoClaimWire } from '@openpayer/testing';

/** A one-line inpatient claim of the demo region (lung cancer, a real 2024-list drug), as sent. */
export function claimText(id: string, amount = '2000.00', personId = 'P-000501'): string {
  return JSON.stringify(
    demoClaimWire({
      id,
      person: { id: personId },
      lines: [
        {
          id: 'L1',
          kind: 'drug',
          code: 'XC04ABF039A001010100141',
          name: '酚妥拉明注射剂',
          quantity: '1',
          unitPrice: amount,
          amount,
          date: '2025-06-10',
        },
      ],
    }),
  );
}
