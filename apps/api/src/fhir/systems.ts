/**
 * The code systems and identifier systems of OpenPayer's FHIR profile. National code sets that
 * have no published FHIR URI (the NHSA drug, service and consumable codes, ICD-10 and ICD-9-CM-3
 * 医保版) are named under `urn:openpayer:fhir:`; HL7's own code systems are used where they fit.
 */
export const FHIR_SYSTEMS = {
  personId: 'urn:openpayer:fhir:person-id',
  institutionCode: 'urn:openpayer:fhir:institution-code',
  institutionTier: 'urn:openpayer:fhir:institution-tier',
  insuranceType: 'urn:openpayer:fhir:insurance-type',
  claimType: 'urn:openpayer:fhir:claim-type',
  drug: 'urn:openpayer:fhir:nhsa-drug',
  service: 'urn:openpayer:fhir:nhsa-service',
  consumable: 'urn:openpayer:fhir:nhsa-consumable',
  diagnosis: 'urn:openpayer:fhir:icd-10-nhsa',
  procedure: 'urn:openpayer:fhir:icd-9-cm-3-nhsa',
  region: 'urn:openpayer:fhir:region',
  settlement: 'urn:openpayer:fhir:settlement-id',
  payer: 'urn:openpayer:fhir:payer',
  selfPay: 'urn:openpayer:fhir:self-pay-reason',
  lineOutcome: 'urn:openpayer:fhir:line-outcome',
  issue: 'urn:openpayer:fhir:issue',
  /** Observation.identifier: the caller's id of an outcome event (recorded once). */
  outcomeEventId: 'urn:openpayer:fhir:outcome-event-id',
  /** Observation.code: the kind of outcome observed (`response`: a tumour-response evaluation). */
  outcome: 'urn:openpayer:fhir:outcome',
  /** Observation.valueCodeableConcept: the RECIST 1.1 response, CR / PR / SD / PD. */
  recistResponse: 'urn:openpayer:fhir:recist-response',
  /** Observation.focus identifier: the course of therapy evaluated. */
  courseId: 'urn:openpayer:fhir:course-id',
  /** Claim.supportingInfo.category: `emergency` (valueBoolean), `tcm-syndrome` (valueString). */
  supportingInfo: 'urn:openpayer:fhir:supporting-info',
  /** Extension on Organization: the pooling region (统筹区) the institution belongs to. */
  poolingRegion: 'urn:openpayer:fhir:StructureDefinition/pooling-region',
} as const;

export const HL7 = {
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  diagnosisType: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  procedureType: 'http://terminology.hl7.org/CodeSystem/ex-procedure-type',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
} as const;
