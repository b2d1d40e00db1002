import { Decimal } from '@openpayer/domain';
import type { Claim as FhirClaim, ClaimItem } from '@medplum/fhirtypes';
import { FHIR_SYSTEMS, HL7 } from '../fhir/systems.ts';
import { OWN_INSTITUTION } from './harness.ts';

export interface FhirClaimOptions {
  readonly id: string;
  readonly use?: FhirClaim['use'];
  readonly personId?: string;
  readonly institutionCode?: string;
  readonly items?: readonly ClaimItem[];
}

/**
 * The harness's inpatient claim (a Harbin employee with lung cancer, C34.900) as a FHIR R4 Claim,
 * with its patient, hospital and coverage contained.
 */
export function fhirClaimJson(options: FhirClaimOptions): FhirClaim {
  const items = options.items ?? [
    {
      sequence: 1,
      productOrService: {
        coding: [
          { system: FHIR_SYSTEMS.drug, code: 'XC04ABF039A001010100141', display: '酚妥拉明注射剂' },
        ],
      },
      servicedDate: '2025-06-15',
      quantity: { value: 1 },
      unitPrice: { value: 5000, currency: 'CNY' },
      net: { value: 5000, currency: 'CNY' },
    },
  ];
  return {
    resourceType: 'Claim',
    contained: [
      {
        resourceType: 'Patient',
        id: 'patient',
        identifier: [{ system: FHIR_SYSTEMS.personId, value: options.personId ?? 'P-000501' }],
        gender: 'male',
        birthDate: '1962-08-19',
      },
      {
        resourceType: 'Organization',
        id: 'hospital',
        identifier: [
          {
            system: FHIR_SYSTEMS.institutionCode,
            value: options.institutionCode ?? OWN_INSTITUTION,
          },
        ],
        type: [{ coding: [{ system: FHIR_SYSTEMS.institutionTier, code: 'tertiary' }] }],
        name: '哈尔滨示范三级医院',
      },
      {
        resourceType: 'Coverage',
        id: 'coverage',
        status: 'active',
        type: { coding: [{ system: FHIR_SYSTEMS.insuranceType, code: 'employee' }] },
        beneficiary: { reference: '#patient' },
        payor: [{ display: '哈尔滨市医疗保障局' }],
        class: [
          {
            type: { coding: [{ system: HL7.coverageClass, code: 'plan' }] },
            value: '230100',
          },
        ],
      },
    ],
    identifier: [{ system: 'urn:example:his-claim', value: options.id }],
    status: 'active',
    type: { coding: [{ system: HL7.claimType, code: 'institutional' }] },
    use: options.use ?? 'claim',
    patient: { reference: '#patient' },
    billablePeriod: { start: '2025-06-09', end: '2025-06-15' },
    created: '2025-06-15T10:00:00+08:00',
    provider: { reference: '#hospital' },
    priority: { coding: [{ code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { reference: '#coverage' } }],
    diagnosis: [
      {
        sequence: 1,
        diagnosisCodeableConcept: {
          coding: [{ system: FHIR_SYSTEMS.diagnosis, code: 'C34.900', display: '肺恶性肿瘤' }],
        },
        type: [{ coding: [{ system: HL7.diagnosisType, code: 'principal' }] }],
      },
    ],
    item: [...items],
    total: {
      value: Number(
        items.reduce((sum, i) => sum.plus(String(i.net?.value ?? 0)), new Decimal(0)).toFixed(2),
      ),
      currency: 'CNY',
    },
  };
}
