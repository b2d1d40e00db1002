/** A one-line inpatient claim of the demo region (lung cancer, a real 2024-list drug), as sent. */
export function claimText(id: string, amount = '2000.00', personId = 'P-000501'): string {
  return JSON.stringify({
    id,
    type: 'inpatient',
    person: {
      id: personId,
      birthDate: '1962-08-19',
      sex: 'male',
      insuranceType: 'employee',
      insuredRegion: '230100',
    },
    institution: {
      code: 'H23010300012',
      name: '哈尔滨示范三级医院',
      tier: 'tertiary',
      region: '230100',
    },
    admissionDate: '2025-06-09',
    dischargeDate: '2025-06-15',
    diagnoses: [{ code: 'C34.900', role: 'principal' }],
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
    totalAmount: amount,
  });
}
