import { Decimal, type IssuePath } from '@openpayer/domain';
import type {
  CodeableConcept,
  Coding,
  Coverage,
  Claim as FhirClaim,
  ClaimItem,
  Money as FhirMoney,
  OperationOutcomeIssue,
  Organization,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { FHIR_SYSTEMS, HL7 } from './systems.ts';

/**
 * A FHIR R4 `Claim` read as an OpenPayer claim. The Claim is self-contained, like OpenPayer's own:
 * the patient, the provider and the coverage are `contained` resources it references by `#id`.
 *
 * | OpenPayer                    | FHIR R4 Claim                                                         |
 * |------------------------------|-----------------------------------------------------------------------|
 * | id                           | identifier[0].value (else id)                                         |
 * | type                         | subType coding urn:openpayer:fhir:claim-type, else type               |
 * |                              | (institutional → inpatient, professional → outpatient, pharmacy)      |
 * | person.id / birthDate / sex  | Patient.identifier (urn:openpayer:fhir:person-id) / birthDate / gender |
 * | person.insuranceType         | Coverage.type coding urn:openpayer:fhir:insurance-type                |
 * | person.insuredRegion         | Coverage.class of type `plan`: the pooling region (统筹区) code        |
 * | person.categories            | Coverage.class of type `subgroup`, one per category                   |
 * | institution.code / name      | Organization.identifier (urn:openpayer:fhir:institution-code) / name  |
 * | institution.tier             | Organization.type coding urn:openpayer:fhir:institution-tier          |
 * | institution.region           | extension urn:openpayer:fhir:StructureDefinition/pooling-region       |
 * |                              | (valueCode), else the prefecture of the code (digits 2–5 + "00")      |
 * | admissionDate / dischargeDate| billablePeriod.start / end                                            |
 * | diagnoses                    | diagnosis[].diagnosisCodeableConcept (urn:openpayer:fhir:icd-10-nhsa); |
 * |                              | type `principal`, else the lowest sequence is the principal one       |
 * | procedures                   | procedure[].procedureCodeableConcept (…:icd-9-cm-3-nhsa), date, type   |
 * | lines[]                      | item[]: sequence → line id, productOrService coded in the national     |
 * |                              | drug / service / consumable code system (its system gives the kind,   |
 * |                              | its display the name), quantity, unitPrice, net (else q × price),     |
 * |                              | servicedDate (else the billable period)                               |
 * | totalAmount                  | total (else the sum of the lines)                                     |
 *
 * FHIR money and quantities are JSON numbers; they are read through their shortest decimal text,
 * which is the literal sent for any value of up to 15 significant digits, and amounts must be at
 * the fen (2 decimals). Currency, when given, must be CNY.
 */

export interface MappedClaim {
  /** The OpenPayer claim in its wire form, for `validateClaim`. */
  readonly claim: Record<string, unknown>;
  /** The FHIRPath of the element an OpenPayer claim path came from. */
  readonly expression: (path: IssuePath) => string;
}

export type MapResult =
  | { readonly ok: true; readonly value: MappedClaim }
  | { readonly ok: false; readonly issues: OperationOutcomeIssue[] };

const LINE_FIELDS: Record<string, string> = {
  id: 'sequence',
  kind: 'productOrService',
  code: 'productOrService',
  name: 'productOrService',
  quantity: 'quantity.value',
  unitPrice: 'unitPrice.value',
  amount: 'net.value',
  date: 'servicedDate',
};

const CODED_FIELDS: Record<string, string> = { role: 'type', date: 'date' };

const PERSON_FIELDS: Record<string, 'patient' | 'coverage'> = {
  id: 'patient',
  birthDate: 'patient',
  sex: 'patient',
  insuranceType: 'coverage',
  insuredRegion: 'coverage',
  categories: 'coverage',
  outOfRegionRegistrations: 'coverage',
};

const PATIENT_FIELDS: Record<string, string> = {
  id: 'identifier',
  birthDate: 'birthDate',
  sex: 'gender',
};
const COVERAGE_FIELDS: Record<string, string> = {
  insuranceType: 'type',
  insuredRegion: 'class',
  categories: 'class',
};
const ORGANIZATION_FIELDS: Record<string, string> = {
  code: 'identifier',
  name: 'name',
  tier: 'type',
  region: 'extension',
};
const CLAIM_FIELDS: Record<string, string> = {
  id: 'identifier',
  type: 'type',
  admissionDate: 'billablePeriod.start',
  dischargeDate: 'billablePeriod.end',
  totalAmount: 'total.value',
  diagnoses: 'diagnosis',
  procedures: 'procedure',
  lines: 'item',
};

const CLAIM_TYPES: Record<string, string> = {
  institutional: 'inpatient',
  professional: 'outpatient',
  pharmacy: 'pharmacy',
};

const ITEM_KINDS: Record<string, 'drug' | 'service' | 'consumable'> = {
  [FHIR_SYSTEMS.drug]: 'drug',
  [FHIR_SYSTEMS.service]: 'service',
  [FHIR_SYSTEMS.consumable]: 'consumable',
};

class Problems {
  readonly issues: OperationOutcomeIssue[] = [];

  add(expression: string, text: string, code: OperationOutcomeIssue['code'] = 'required'): void {
    this.issues.push({
      severity: 'error',
      code,
      details: { coding: [{ system: FHIR_SYSTEMS.issue, code: 'fhir.mapping' }], text },
      expression: [expression],
    });
  }
}

const codingIn = (concept: CodeableConcept | undefined, system: string): Coding | undefined =>
  concept?.coding?.find((c) => c.system === system && c.code !== undefined);

const hasCode = (concepts: readonly CodeableConcept[] | undefined, code: string): boolean =>
  (concepts ?? []).some((c) => (c.coding ?? []).some((coding) => coding.code === code));

/** A FHIR decimal (a JSON number) as the literal it was sent as. */
function decimalText(value: number): string | undefined {
  const text = String(value);
  return /e/iu.test(text) ? undefined : text;
}

function contained<T extends Resource['resourceType']>(
  claim: FhirClaim,
  reference: string | undefined,
  type: T,
): { resource: Extract<Resource, { resourceType: T }>; index: number } | undefined {
  if (reference === undefined || !reference.startsWith('#')) return undefined;
  const id = reference.slice(1);
  const index = (claim.contained ?? []).findIndex((r) => r.resourceType === type && r.id === id);
  if (index < 0) return undefined;
  return {
    resource: (claim.contained ?? [])[index] as Extract<Resource, { resourceType: T }>,
    index,
  };
}

/** Read a FHIR Claim (already valid against the R4 definitions) as an OpenPayer claim. */
export function claimFromFhir(fhir: FhirClaim): MapResult {
  const problems = new Problems();

  const money = (value: FhirMoney | undefined, expression: string): string | undefined => {
    if (value === undefined) return undefined;
    if (value.currency !== undefined && value.currency !== 'CNY') {
      problems.add(`${expression}.currency`, `amounts are in CNY, got ${value.currency}`, 'value');
    }
    if (value.value === undefined) {
      problems.add(`${expression}.value`, 'the amount has no value');
      return undefined;
    }
    const text = decimalText(value.value);
    if (text === undefined || new Decimal(text).decimalPlaces() > 2) {
      problems.add(
        `${expression}.value`,
        `an amount is in yuan at the fen (at most 2 decimals), got ${String(value.value)}`,
        'value',
      );
      return undefined;
    }
    return new Decimal(text).toFixed(2);
  };

  // The claim's own identity and type.
  const id = fhir.identifier?.[0]?.value ?? fhir.id;
  if (id === undefined) problems.add('Claim.identifier', "give the claim's id in identifier");
  const ownType = codingIn(fhir.subType, FHIR_SYSTEMS.claimType)?.code;
  const hl7Type = codingIn(fhir.type, HL7.claimType)?.code;
  const type = ownType ?? (hl7Type === undefined ? undefined : CLAIM_TYPES[hl7Type]);
  if (type === undefined) {
    problems.add(
      'Claim.type',
      `type must be institutional (inpatient), professional (outpatient) or pharmacy in ${HL7.claimType}, ` +
        `or subType a code of ${FHIR_SYSTEMS.claimType}`,
      'code-invalid',
    );
  }

  // The patient, the provider, the coverage.
  const patient = contained(fhir, fhir.patient.reference, 'Patient');
  if (patient === undefined) {
    problems.add('Claim.patient', 'patient must reference a contained Patient ("#id")');
  }
  const provider = contained(fhir, fhir.provider.reference, 'Organization');
  if (provider === undefined) {
    problems.add('Claim.provider', 'provider must reference a contained Organization ("#id")');
  }
  const insurance = fhir.insurance.find((i) => i.focal) ?? fhir.insurance[0];
  const coverage = contained(fhir, insurance?.coverage.reference, 'Coverage');
  if (coverage === undefined) {
    problems.add(
      'Claim.insurance',
      'the focal insurance must reference a contained Coverage ("#id")',
    );
  }
  const person = patient === undefined ? undefined : personFrom(patient, coverage, problems);
  const institution = provider === undefined ? undefined : institutionFrom(provider, problems);

  // Dates, diagnoses, procedures.
  const admissionDate = fhir.billablePeriod?.start?.slice(0, 10);
  const dischargeDate = fhir.billablePeriod?.end?.slice(0, 10);
  if (admissionDate === undefined) {
    problems.add('Claim.billablePeriod.start', 'give the admission (or visit) date');
  }
  const diagnoses = (fhir.diagnosis ?? []).map((d, index) => {
    const coding = codingIn(d.diagnosisCodeableConcept, FHIR_SYSTEMS.diagnosis);
    if (coding === undefined) {
      problems.add(
        `Claim.diagnosis[${index}].diagnosisCodeableConcept`,
        `code the diagnosis in ${FHIR_SYSTEMS.diagnosis} (ICD-10 医保版)`,
        'code-invalid',
      );
    }
    return { sequence: d.sequence, principal: hasCode(d.type, 'principal'), coding };
  });
  const firstDiagnosis = Math.min(...diagnoses.map((d) => d.sequence));
  const anyPrincipalDiagnosis = diagnoses.some((d) => d.principal);
  const procedures = (fhir.procedure ?? []).map((p, index) => {
    const coding = codingIn(p.procedureCodeableConcept, FHIR_SYSTEMS.procedure);
    if (coding === undefined) {
      problems.add(
        `Claim.procedure[${index}].procedureCodeableConcept`,
        `code the procedure in ${FHIR_SYSTEMS.procedure} (ICD-9-CM-3 医保版)`,
        'code-invalid',
      );
    }
    return {
      sequence: p.sequence,
      principal: hasCode(p.type, 'primary'),
      date: p.date?.slice(0, 10) ?? admissionDate,
      coding,
    };
  });
  const firstProcedure = Math.min(...procedures.map((p) => p.sequence));
  const anyPrincipalProcedure = procedures.some((p) => p.principal);

  // Lines.
  const items = fhir.item ?? [];
  if (items.length === 0) problems.add('Claim.item', 'a claim has at least one item');
  const lines = items.map((item, index) => lineFrom(item, index));

  function lineFrom(item: ClaimItem, index: number): Record<string, unknown> {
    const at = `Claim.item[${index}]`;
    const coding = item.productOrService.coding?.find(
      (c) => c.system !== undefined && c.system in ITEM_KINDS && c.code !== undefined,
    );
    if (coding === undefined) {
      problems.add(
        `${at}.productOrService`,
        `code the item in ${FHIR_SYSTEMS.drug}, ${FHIR_SYSTEMS.service} or ${FHIR_SYSTEMS.consumable}`,
        'code-invalid',
      );
    }
    const name = coding?.display ?? item.productOrService.text;
    if (name === undefined) {
      problems.add(
        `${at}.productOrService`,
        "give the item's name in coding.display or productOrService.text",
      );
    }
    const quantity =
      item.quantity?.value === undefined ? undefined : decimalText(item.quantity.value);
    if (quantity === undefined) problems.add(`${at}.quantity.value`, 'give the quantity');
    const unitPrice = item.unitPrice?.value === undefined ? undefined : item.unitPrice;
    if (unitPrice === undefined) problems.add(`${at}.unitPrice.value`, 'give the unit price');
    else if (unitPrice.currency !== undefined && unitPrice.currency !== 'CNY') {
      problems.add(`${at}.unitPrice.currency`, `amounts are in CNY, got ${unitPrice.currency}`);
    }
    const priceText = unitPrice?.value === undefined ? undefined : decimalText(unitPrice.value);
    let amount = money(item.net, `${at}.net`);
    if (item.net === undefined && quantity !== undefined && priceText !== undefined) {
      amount = new Decimal(quantity)
        .times(priceText)
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        .toFixed(2);
    }
    const date =
      item.servicedDate ?? item.servicedPeriod?.end?.slice(0, 10) ?? dischargeDate ?? admissionDate;
    return {
      id: String(item.sequence),
      kind: coding?.system === undefined ? undefined : ITEM_KINDS[coding.system],
      code: coding?.code,
      name,
      quantity,
      unitPrice: priceText,
      amount,
      date,
    };
  }

  let totalAmount = money(fhir.total, 'Claim.total');
  if (fhir.total === undefined && lines.every((l) => typeof l['amount'] === 'string')) {
    totalAmount = lines
      .reduce((sum, l) => sum.plus(l['amount'] as string), new Decimal(0))
      .toFixed(2);
  }

  if (problems.issues.length > 0) return { ok: false, issues: problems.issues };

  const claim: Record<string, unknown> = {
    id,
    type,
    person,
    institution,
    admissionDate,
    ...(dischargeDate === undefined ? {} : { dischargeDate }),
    diagnoses: diagnoses.map((d) => ({
      code: d.coding?.code,
      ...(d.coding?.display === undefined ? {} : { name: d.coding.display }),
      role:
        d.principal || (!anyPrincipalDiagnosis && d.sequence === firstDiagnosis)
          ? 'principal'
          : 'secondary',
    })),
    procedures: procedures.map((p) => ({
      code: p.coding?.code,
      ...(p.coding?.display === undefined ? {} : { name: p.coding.display }),
      role:
        p.principal || (!anyPrincipalProcedure && p.sequence === firstProcedure)
          ? 'principal'
          : 'secondary',
      date: p.date,
    })),
    lines,
    totalAmount,
  };

  const patientAt = `Claim.contained[${patient?.index ?? 0}]`;
  const coverageAt = `Claim.contained[${coverage?.index ?? 0}]`;
  const providerAt = `Claim.contained[${provider?.index ?? 0}]`;
  return {
    ok: true,
    value: {
      claim,
      expression(path) {
        const [head, second, third] = path;
        if (head === 'lines' && typeof second === 'number') {
          const field = typeof third === 'string' ? LINE_FIELDS[third] : undefined;
          return `Claim.item[${second}]${field === undefined ? '' : `.${field}`}`;
        }
        if ((head === 'diagnoses' || head === 'procedures') && typeof second === 'number') {
          const element = head === 'diagnoses' ? 'diagnosis' : 'procedure';
          const concept = `${element}CodeableConcept`;
          const field =
            third === 'code' || third === 'name'
              ? concept
              : typeof third === 'string'
                ? CODED_FIELDS[third]
                : undefined;
          return `Claim.${element}[${second}]${field === undefined ? '' : `.${field}`}`;
        }
        if (head === 'person') {
          const owner = typeof second === 'string' ? PERSON_FIELDS[second] : undefined;
          if (owner === 'coverage') {
            return `${coverageAt}.${COVERAGE_FIELDS[second as string] ?? 'class'}`;
          }
          const field = typeof second === 'string' ? PATIENT_FIELDS[second] : undefined;
          return field === undefined ? patientAt : `${patientAt}.${field}`;
        }
        if (head === 'institution') {
          const field = typeof second === 'string' ? ORGANIZATION_FIELDS[second] : undefined;
          return field === undefined ? providerAt : `${providerAt}.${field}`;
        }
        const field = typeof head === 'string' ? CLAIM_FIELDS[head] : undefined;
        return field === undefined ? 'Claim' : `Claim.${field}`;
      },
    },
  };
}

function personFrom(
  patient: { resource: Patient; index: number },
  coverage: { resource: Coverage; index: number } | undefined,
  problems: Problems,
): Record<string, unknown> {
  const at = `Claim.contained[${patient.index}]`;
  const id = patient.resource.identifier?.find((i) => i.system === FHIR_SYSTEMS.personId)?.value;
  if (id === undefined) {
    problems.add(
      `${at}.identifier`,
      `give the pseudonymous person id as an identifier in ${FHIR_SYSTEMS.personId}`,
    );
  }
  if (patient.resource.birthDate === undefined) {
    problems.add(`${at}.birthDate`, 'give the birth date');
  }
  const gender = patient.resource.gender;
  const person: Record<string, unknown> = {
    id,
    birthDate: patient.resource.birthDate,
    sex: gender === 'male' || gender === 'female' ? gender : 'unknown',
  };
  if (coverage !== undefined) {
    const cov = coverage.resource;
    const covAt = `Claim.contained[${coverage.index}]`;
    const insuranceType = codingIn(cov.type, FHIR_SYSTEMS.insuranceType)?.code;
    if (insuranceType === undefined) {
      problems.add(
        `${covAt}.type`,
        `give the insurance type (employee / resident) in ${FHIR_SYSTEMS.insuranceType}`,
      );
    }
    const classes = cov.class ?? [];
    const ofType = (code: string) =>
      classes.filter((c) => (c.type.coding ?? []).some((t) => t.code === code));
    const plan = ofType('plan')[0]?.value;
    if (plan === undefined) {
      problems.add(
        `${covAt}.class`,
        'give the insured (pooling) region code as a class of type "plan"',
      );
    }
    person['insuranceType'] = insuranceType;
    person['insuredRegion'] = plan;
    const categories = ofType('subgroup').map((c) => c.value);
    if (categories.length > 0) person['categories'] = categories;
  }
  return person;
}

function institutionFrom(
  provider: { resource: Organization; index: number },
  problems: Problems,
): Record<string, unknown> {
  const at = `Claim.contained[${provider.index}]`;
  const org = provider.resource;
  const code = org.identifier?.find((i) => i.system === FHIR_SYSTEMS.institutionCode)?.value;
  if (code === undefined) {
    problems.add(
      `${at}.identifier`,
      `give the national institution code as an identifier in ${FHIR_SYSTEMS.institutionCode}`,
    );
  }
  const tier = (org.type ?? [])
    .map((t) => codingIn(t, FHIR_SYSTEMS.institutionTier)?.code)
    .find((t) => t !== undefined);
  if (tier === undefined) {
    problems.add(
      `${at}.type`,
      `give the tier (primary / secondary / tertiary) in ${FHIR_SYSTEMS.institutionTier}`,
    );
  }
  if (org.name === undefined) problems.add(`${at}.name`, "give the institution's name");
  // The pooling region (统筹区) is usually the prefecture: H230103… is a hospital in district
  // 230103 of Harbin, pooled in 230100. An explicit extension wins.
  const region =
    org.extension?.find((e) => e.url === FHIR_SYSTEMS.poolingRegion)?.valueCode ??
    (code === undefined ? undefined : `${code.slice(1, 5)}00`);
  return { code, name: org.name, tier, region };
}
