import { Decimal, type IssuePath } from '@openpayer/domain';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
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
 * | emergency                    | supportingInfo of category urn:openpayer:fhir:supporting-info        |
 * |                              | `emergency`: valueBoolean (急救/抢救)                                  |
 * | tcmSyndromes                 | supportingInfo of category `tcm-syndrome`: valueString, one each      |
 * |                              | (other supportingInfo categories are not read)                        |
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

/** A JSON object as read from the request: nothing about its members is known yet. */
type Json = Readonly<Record<string, unknown>>;

/** An element read from the request, with the FHIRPath it was read at. */
interface At<T> {
  readonly value: T;
  readonly at: string;
  /** Its index in the array it was read from. */
  readonly index: number;
}

interface ReadCoding {
  readonly system: string | undefined;
  readonly code: string | undefined;
  readonly display: string | undefined;
}

/** What a stored string may not hold: control characters (but tab and newlines), lone surrogates. */
const UNSTORABLE = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

class Problems {
  readonly issues: OperationOutcomeIssue[] = [];
  /** Elements of the wrong type: what would be missing beneath them follows from that. */
  private readonly invalidAt: string[] = [];

  add(expression: string, text: string, code: OperationOutcomeIssue['code'] = 'required'): void {
    if (this.covered(expression)) return;
    this.push(expression, text, code, 'fhir.mapping');
  }

  /** An element of the wrong JSON type, or a string that cannot be stored. */
  invalid(expression: string, text: string): void {
    if (this.covered(expression)) return;
    this.invalidAt.push(expression);
    this.push(expression, text, 'structure', 'fhir.invalid');
  }

  private covered(expression: string): boolean {
    return this.invalidAt.some(
      (at) =>
        expression === at || expression.startsWith(`${at}.`) || expression.startsWith(`${at}[`),
    );
  }

  private push(
    expression: string,
    text: string,
    code: OperationOutcomeIssue['code'],
    issueCode: string,
  ): void {
    this.issues.push({
      severity: 'error',
      code,
      details: { coding: [{ system: FHIR_SYSTEMS.issue, code: issueCode }], text },
      expression: [expression],
    });
  }
}

/**
 * Reads elements of the request checking the JSON type of each: an absent element is
 * `undefined` (or no elements), one of the wrong type is a problem at its FHIRPath and then read
 * as absent. The R4 structural check does not catch every wrongly typed element (an object where
 * an array belongs, an array or "" where a primitive belongs), so the mapping never trusts it.
 */
class Reader {
  constructor(private readonly problems: Problems) {}

  object(value: unknown, at: string): Json | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    this.problems.invalid(at, `${at} must be an object, got ${jsonType(value)}`);
    return undefined;
  }

  /** The elements of an array, each an object; an absent array has none. */
  objects(value: unknown, at: string): At<Json>[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problems.invalid(at, `${at} must be an array, got ${jsonType(value)}`);
      return [];
    }
    const read: At<Json>[] = [];
    (value as unknown[]).forEach((element, index) => {
      const elementAt = `${at}[${index}]`;
      const object = this.object(element, elementAt);
      if (object !== undefined) read.push({ value: object, at: elementAt, index });
    });
    return read;
  }

  string(value: unknown, at: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.problems.invalid(at, `${at} must be a string, got ${jsonType(value)}`);
      return undefined;
    }
    if (UNSTORABLE.test(value)) {
      this.problems.invalid(
        at,
        `${at} holds a control character or an unpaired surrogate, which cannot be stored`,
      );
      return undefined;
    }
    return value;
  }

  number(value: unknown, at: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problems.invalid(at, `${at} must be a number, got ${jsonType(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, at: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.problems.invalid(at, `${at} must be true or false, got ${jsonType(value)}`);
      return undefined;
    }
    return value;
  }

  /** The codings of a CodeableConcept. */
  codings(concept: unknown, at: string): ReadCoding[] {
    const object = this.object(concept, at);
    if (object === undefined) return [];
    return this.objects(object['coding'], `${at}.coding`).map((coding) => ({
      system: this.string(coding.value['system'], `${coding.at}.system`),
      code: this.string(coding.value['code'], `${coding.at}.code`),
      display: this.string(coding.value['display'], `${coding.at}.display`),
    }));
  }

  /** The first coding of a CodeableConcept in a system, with a code. */
  codingIn(concept: unknown, at: string, system: string): ReadCoding | undefined {
    return this.codings(concept, at).find((c) => c.system === system && c.code !== undefined);
  }

  /** Whether any of a list of CodeableConcepts has a code. */
  hasCode(concepts: unknown, at: string, code: string): boolean {
    return this.objects(concepts, at).some((concept) =>
      this.codings(concept.value, concept.at).some((c) => c.code === code),
    );
  }

  /** The date part of a date or dateTime. */
  date(value: unknown, at: string): string | undefined {
    return this.string(value, at)?.slice(0, 10);
  }
}

/** A FHIR decimal (a JSON number) as the literal it was sent as. */
function decimalText(value: number): string | undefined {
  const text = String(value);
  return /e/iu.test(text) ? undefined : text;
}

interface Contained {
  readonly resource: Json;
  readonly index: number;
}

/**
 * Read a FHIR Claim (already checked against the R4 definitions, but read as untrusted JSON) as
 * an OpenPayer claim.
 */
export function claimFromFhir(resource: unknown): MapResult {
  const problems = new Problems();
  const read = new Reader(problems);
  const fhir = read.object(resource, 'Claim') ?? {};

  const money = (value: unknown, expression: string): string | undefined => {
    const object = read.object(value, expression);
    if (object === undefined) return undefined;
    const currency = read.string(object['currency'], `${expression}.currency`);
    if (currency !== undefined && currency !== 'CNY') {
      problems.add(`${expression}.currency`, `amounts are in CNY, got ${currency}`, 'value');
    }
    const amount = read.number(object['value'], `${expression}.value`);
    if (amount === undefined) {
      problems.add(`${expression}.value`, 'the amount has no value');
      return undefined;
    }
    const text = decimalText(amount);
    if (text === undefined || new Decimal(text).decimalPlaces() > 2) {
      problems.add(
        `${expression}.value`,
        `an amount is in yuan at the fen (at most 2 decimals), got ${String(amount)}`,
        'value',
      );
      return undefined;
    }
    return new Decimal(text).toFixed(2);
  };

  const containedResources = read.objects(fhir['contained'], 'Claim.contained');
  const contained = (holder: unknown, at: string, type: string): Contained | undefined => {
    const reference = read.string(read.object(holder, at)?.['reference'], `${at}.reference`);
    if (reference === undefined || !reference.startsWith('#')) return undefined;
    const id = reference.slice(1);
    const found = containedResources.find(
      (r) => r.value['resourceType'] === type && r.value['id'] === id,
    );
    if (found === undefined) return undefined;
    return { resource: found.value, index: found.index };
  };

  // The claim's own identity and type.
  const identifier = read.objects(fhir['identifier'], 'Claim.identifier')[0];
  const id =
    (identifier === undefined
      ? undefined
      : read.string(identifier.value['value'], `${identifier.at}.value`)) ??
    read.string(fhir['id'], 'Claim.id');
  if (id === undefined) problems.add('Claim.identifier', "give the claim's id in identifier");
  const ownType = read.codingIn(fhir['subType'], 'Claim.subType', FHIR_SYSTEMS.claimType)?.code;
  const hl7Type = read.codingIn(fhir['type'], 'Claim.type', HL7.claimType)?.code;
  const type = ownType ?? (hl7Type === undefined ? undefined : own(CLAIM_TYPES, hl7Type));
  if (type === undefined) {
    problems.add(
      'Claim.type',
      `type must be institutional (inpatient), professional (outpatient) or pharmacy in ${HL7.claimType}, ` +
        `or subType a code of ${FHIR_SYSTEMS.claimType}`,
      'code-invalid',
    );
  }

  // The patient, the provider, the coverage.
  const patient = contained(fhir['patient'], 'Claim.patient', 'Patient');
  if (patient === undefined) {
    problems.add('Claim.patient', 'patient must reference a contained Patient ("#id")');
  }
  const provider = contained(fhir['provider'], 'Claim.provider', 'Organization');
  if (provider === undefined) {
    problems.add('Claim.provider', 'provider must reference a contained Organization ("#id")');
  }
  const insurances = read.objects(fhir['insurance'], 'Claim.insurance');
  const insurance =
    insurances.find((i) => read.boolean(i.value['focal'], `${i.at}.focal`) === true) ??
    insurances[0];
  const coverage =
    insurance === undefined
      ? undefined
      : contained(insurance.value['coverage'], `${insurance.at}.coverage`, 'Coverage');
  if (coverage === undefined) {
    problems.add(
      'Claim.insurance',
      'the focal insurance must reference a contained Coverage ("#id")',
    );
  }
  const person = patient === undefined ? undefined : personFrom(patient, coverage, read, problems);
  const institution =
    provider === undefined ? undefined : institutionFrom(provider, read, problems);

  // Dates, diagnoses, procedures.
  const billablePeriod = read.object(fhir['billablePeriod'], 'Claim.billablePeriod');
  const admissionDate = read.date(billablePeriod?.['start'], 'Claim.billablePeriod.start');
  const dischargeDate = read.date(billablePeriod?.['end'], 'Claim.billablePeriod.end');
  if (admissionDate === undefined) {
    problems.add('Claim.billablePeriod.start', 'give the admission (or visit) date');
  }
  const sequenceOf = (element: Json, at: string): number => {
    const sequence = read.number(element['sequence'], `${at}.sequence`);
    if (sequence === undefined) problems.add(`${at}.sequence`, 'give the sequence');
    return sequence ?? Number.NaN;
  };
  const diagnoses = read.objects(fhir['diagnosis'], 'Claim.diagnosis').map((d) => {
    const concept = `${d.at}.diagnosisCodeableConcept`;
    const coding = read.codingIn(
      d.value['diagnosisCodeableConcept'],
      concept,
      FHIR_SYSTEMS.diagnosis,
    );
    if (coding === undefined) {
      problems.add(
        concept,
        `code the diagnosis in ${FHIR_SYSTEMS.diagnosis} (ICD-10 医保版)`,
        'code-invalid',
      );
    }
    return {
      sequence: sequenceOf(d.value, d.at),
      principal: read.hasCode(d.value['type'], `${d.at}.type`, 'principal'),
      coding,
    };
  });
  const firstDiagnosis = Math.min(...diagnoses.map((d) => d.sequence));
  const anyPrincipalDiagnosis = diagnoses.some((d) => d.principal);
  const procedures = read.objects(fhir['procedure'], 'Claim.procedure').map((p) => {
    const concept = `${p.at}.procedureCodeableConcept`;
    const coding = read.codingIn(
      p.value['procedureCodeableConcept'],
      concept,
      FHIR_SYSTEMS.procedure,
    );
    if (coding === undefined) {
      problems.add(
        concept,
        `code the procedure in ${FHIR_SYSTEMS.procedure} (ICD-9-CM-3 医保版)`,
        'code-invalid',
      );
    }
    return {
      sequence: sequenceOf(p.value, p.at),
      principal: read.hasCode(p.value['type'], `${p.at}.type`, 'primary'),
      date: read.date(p.value['date'], `${p.at}.date`) ?? admissionDate,
      coding,
    };
  });
  const firstProcedure = Math.min(...procedures.map((p) => p.sequence));
  const anyPrincipalProcedure = procedures.some((p) => p.principal);

  // Lines.
  const items = read.objects(fhir['item'], 'Claim.item');
  if (items.length === 0) problems.add('Claim.item', 'a claim has at least one item');
  const lines = items.map((item) => lineFrom(item.value, item.at));

  function lineFrom(item: Json, at: string): Record<string, unknown> {
    const productOrService = read.object(item['productOrService'], `${at}.productOrService`);
    const coding = read
      .codings(productOrService, `${at}.productOrService`)
      .find(
        (c) =>
          c.system !== undefined && own(ITEM_KINDS, c.system) !== undefined && c.code !== undefined,
      );
    if (coding === undefined) {
      problems.add(
        `${at}.productOrService`,
        `code the item in ${FHIR_SYSTEMS.drug}, ${FHIR_SYSTEMS.service} or ${FHIR_SYSTEMS.consumable}`,
        'code-invalid',
      );
    }
    const name =
      coding?.display ?? read.string(productOrService?.['text'], `${at}.productOrService.text`);
    if (name === undefined) {
      problems.add(
        `${at}.productOrService`,
        "give the item's name in coding.display or productOrService.text",
      );
    }
    const quantityValue = read.number(
      read.object(item['quantity'], `${at}.quantity`)?.['value'],
      `${at}.quantity.value`,
    );
    const quantity = quantityValue === undefined ? undefined : decimalText(quantityValue);
    if (quantity === undefined) problems.add(`${at}.quantity.value`, 'give the quantity');
    const unitPrice = read.object(item['unitPrice'], `${at}.unitPrice`);
    const priceValue = read.number(unitPrice?.['value'], `${at}.unitPrice.value`);
    const currency = read.string(unitPrice?.['currency'], `${at}.unitPrice.currency`);
    if (priceValue === undefined) problems.add(`${at}.unitPrice.value`, 'give the unit price');
    else if (currency !== undefined && currency !== 'CNY') {
      problems.add(`${at}.unitPrice.currency`, `amounts are in CNY, got ${currency}`);
    }
    const priceText = priceValue === undefined ? undefined : decimalText(priceValue);
    let amount = money(item['net'], `${at}.net`);
    if (item['net'] === undefined && quantity !== undefined && priceText !== undefined) {
      amount = new Decimal(quantity)
        .times(priceText)
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        .toFixed(2);
    }
    const servicedPeriod = read.object(item['servicedPeriod'], `${at}.servicedPeriod`);
    const date =
      read.string(item['servicedDate'], `${at}.servicedDate`) ??
      read.date(servicedPeriod?.['end'], `${at}.servicedPeriod.end`) ??
      dischargeDate ??
      admissionDate;
    const sequence = sequenceOf(item, at);
    return {
      id: String(sequence),
      kind: coding?.system === undefined ? undefined : own(ITEM_KINDS, coding.system),
      code: coding?.code,
      name,
      quantity,
      unitPrice: priceText,
      amount,
      date,
    };
  }

  // Supporting information: the emergency flag and the TCM syndromes (中医证候). Entries of
  // other systems are the sender's own and are not read; an unknown code of ours is a typo.
  let emergency: { value: boolean; at: string } | undefined;
  const syndromes: { name: string; at: string }[] = [];
  for (const info of read.objects(fhir['supportingInfo'], 'Claim.supportingInfo')) {
    const category = read.codingIn(
      info.value['category'],
      `${info.at}.category`,
      FHIR_SYSTEMS.supportingInfo,
    )?.code;
    if (category === undefined) continue;
    if (category === 'emergency') {
      const at = `${info.at}.valueBoolean`;
      const value = read.boolean(info.value['valueBoolean'], at);
      if (value === undefined) problems.add(at, 'an emergency entry says true or false');
      else if (emergency !== undefined && emergency.value !== value) {
        problems.add(
          at,
          `the emergency entries disagree (${emergency.at} says the other)`,
          'value',
        );
      } else emergency = { value, at };
    } else if (category === 'tcm-syndrome') {
      const at = `${info.at}.valueString`;
      const name = read.string(info.value['valueString'], at);
      if (name === undefined) problems.add(at, 'a tcm-syndrome entry names the syndrome');
      else syndromes.push({ name, at });
    } else {
      problems.add(
        `${info.at}.category`,
        `a category of ${FHIR_SYSTEMS.supportingInfo} is emergency or tcm-syndrome, got ${category}`,
        'code-invalid',
      );
    }
  }

  let totalAmount = money(fhir['total'], 'Claim.total');
  if (fhir['total'] === undefined && lines.every((l) => typeof l['amount'] === 'string')) {
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
    ...(emergency === undefined ? {} : { emergency: emergency.value }),
    ...(syndromes.length === 0 ? {} : { tcmSyndromes: syndromes.map((s) => s.name) }),
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
        if (head === 'emergency' && emergency !== undefined) return emergency.at;
        if (head === 'tcmSyndromes') {
          const entry = typeof second === 'number' ? syndromes[second] : undefined;
          return entry?.at ?? 'Claim.supportingInfo';
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
  patient: Contained,
  coverage: Contained | undefined,
  read: Reader,
  problems: Problems,
): Record<string, unknown> {
  const at = `Claim.contained[${patient.index}]`;
  const identifier = read
    .objects(patient.resource['identifier'], `${at}.identifier`)
    .find((i) => read.string(i.value['system'], `${i.at}.system`) === FHIR_SYSTEMS.personId);
  const id =
    identifier === undefined
      ? undefined
      : read.string(identifier.value['value'], `${identifier.at}.value`);
  if (id === undefined) {
    problems.add(
      `${at}.identifier`,
      `give the pseudonymous person id as an identifier in ${FHIR_SYSTEMS.personId}`,
    );
  }
  const birthDate = read.string(patient.resource['birthDate'], `${at}.birthDate`);
  if (birthDate === undefined) problems.add(`${at}.birthDate`, 'give the birth date');
  const gender = read.string(patient.resource['gender'], `${at}.gender`);
  const person: Record<string, unknown> = {
    id,
    birthDate,
    sex: gender === 'male' || gender === 'female' ? gender : 'unknown',
  };
  if (coverage !== undefined) {
    const cov = coverage.resource;
    const covAt = `Claim.contained[${coverage.index}]`;
    const insuranceType = read.codingIn(
      cov['type'],
      `${covAt}.type`,
      FHIR_SYSTEMS.insuranceType,
    )?.code;
    if (insuranceType === undefined) {
      problems.add(
        `${covAt}.type`,
        `give the insurance type (employee / resident) in ${FHIR_SYSTEMS.insuranceType}`,
      );
    }
    const classes = read.objects(cov['class'], `${covAt}.class`).map((c) => ({
      codes: read.codings(c.value['type'], `${c.at}.type`).map((t) => t.code),
      value: read.string(c.value['value'], `${c.at}.value`),
    }));
    const ofType = (code: string) => classes.filter((c) => c.codes.includes(code));
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
  provider: Contained,
  read: Reader,
  problems: Problems,
): Record<string, unknown> {
  const at = `Claim.contained[${provider.index}]`;
  const org = provider.resource;
  const identifier = read
    .objects(org['identifier'], `${at}.identifier`)
    .find((i) => read.string(i.value['system'], `${i.at}.system`) === FHIR_SYSTEMS.institutionCode);
  const code =
    identifier === undefined
      ? undefined
      : read.string(identifier.value['value'], `${identifier.at}.value`);
  if (code === undefined) {
    problems.add(
      `${at}.identifier`,
      `give the national institution code as an identifier in ${FHIR_SYSTEMS.institutionCode}`,
    );
  }
  const tier = read
    .objects(org['type'], `${at}.type`)
    .map((t) => read.codingIn(t.value, t.at, FHIR_SYSTEMS.institutionTier)?.code)
    .find((t) => t !== undefined);
  if (tier === undefined) {
    problems.add(
      `${at}.type`,
      `give the tier (primary / secondary / tertiary) in ${FHIR_SYSTEMS.institutionTier}`,
    );
  }
  const name = read.string(org['name'], `${at}.name`);
  if (name === undefined) problems.add(`${at}.name`, "give the institution's name");
  // The pooling region (统筹区) is usually the prefecture: H230103… is a hospital in district
  // 230103 of Harbin, pooled in 230100. An explicit extension wins.
  const extension = read
    .objects(org['extension'], `${at}.extension`)
    .find((e) => read.string(e.value['url'], `${e.at}.url`) === FHIR_SYSTEMS.poolingRegion);
  const region =
    (extension === undefined
      ? undefined
      : read.string(extension.value['valueCode'], `${extension.at}.valueCode`)) ??
    (code === undefined ? undefined : `${code.slice(1, 5)}00`);
  return { code, name, tier, region };
}
