import type { Claim as FhirClaim } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { type ClaimResponseSettlement, claimResponseFrom } from './claim-response.ts';

const settlement: ClaimResponseSettlement = {
  total: '100.00',
  eligible: '100.00',
  payers: {
    basic_fund: '80.00',
    critical_illness: '0.00',
    medical_assistance: '0.00',
    commercial: '0.00',
    hospital: '0.00',
    manufacturer: '0.00',
    civil_assistance: '0.00',
    charity: '0.00',
    provincial_fund: '0.00',
    local_fund: '0.00',
    patient: '20.00',
  },
  versions: { policy: 'p.1', catalog: 'c' },
  lines: [],
  explanations: [
    {
      layer: 'basic',
      what: 'reimbursement ratio',
      parameter: 'parameters.reimbursement[0]',
      value: '0.8',
      amount: '80.00',
    },
    {
      layer: 'basic',
      what: 'institution region 230103 within the pooling area of 230100',
      parameter: null,
      value: '230100',
      amount: '100.00',
    },
    { layer: 'line', what: 'line 1 self-pay', parameter: null, value: null, amount: '0.00' },
    {
      layer: 'basic',
      what: 'cap',
      parameter: 'parameters.annualCap[0]',
      value: null,
      amount: '0.00',
    },
  ],
};

describe('claimResponseFrom', () => {
  it('writes "(parameter = value)" only for what an explanation has, never "null"', () => {
    const response = claimResponseFrom({ resourceType: 'Claim' } as FhirClaim, settlement, {
      created: '2025-03-01T00:00:00Z',
      personId: 'P-1',
      institutionCode: 'H23010300001',
      insuredRegion: '230100',
      disposition: 'settled',
    });
    expect(response.processNote?.map((n) => n.text)).toEqual([
      'policy p.1, catalog c',
      'basic: reimbursement ratio (parameters.reimbursement[0] = 0.8) → 80.00',
      'basic: institution region 230103 within the pooling area of 230100 (230100) → 100.00',
      'line: line 1 self-pay → 0.00',
      'basic: cap (parameters.annualCap[0]) → 0.00',
    ]);
  });
});
