import { type IssuePath, institutionCodeSchema } from '@openpayer/domain';
import { type OutcomeEvent, RESPONSE_KINDS, outcomeEventSchema } from '@openpayer/pricing';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FHIR_SYSTEMS } from './systems.ts';

/**
 * A FHIR R4 `Observation` recording the response evaluation of a course of therapy (RECIST 1.1)
 * read as an OpenPayer outcome event of kind `response` (PRODUCT.md §4.3, pay for response): the
 * same event `POST /v1/value/outcomes` records, recorded once under the caller's event id.
 *
 * | OpenPayer outcome event | FHIR R4 Observation                                                  |
 * |-------------------------|----------------------------------------------------------------------|
 * | id                      | identifier[system = urn:openpayer:fhir:outcome-event-id].value       |
 * |                         | (required: an event is recorded once)                                |
 * | kind = response         | code.coding contains urn:openpayer:fhir:outcome\|response (LOINC      |
 * |                         | 21976-6 "Cancer disease status" may stand beside it; other codings    |
 * |                         | are ignored); status final or amended                                |
 * | response                | valueCodeableConcept.coding[system = urn:openpayer:fhir:recist-response] |
 * |                         | .code: CR, PR, SD or PD (RECIST 1.1)                                 |
 * | personId                | subject.identifier[system = urn:openpayer:fhir:person-id].value, or  |
 * |                         | subject.reference "#id" to a contained Patient with that identifier  |
 * | date                    | effectiveDateTime: its date part (YYYY-MM-DD, as written, no time    |
 * |                         | zone conversion); a year or a month alone is refused                 |
 * | course                  | focus[].identifier[system = urn:openpayer:fhir:course-id].value      |
 * |                         | (required; one course per evaluation)                                |
 * | (who reports it)        | performer[].identifier[system = urn:openpayer:fhir:institution-code] |
 * |                         | or a performer "#id" to a contained Organization with it: optional,  |
 * |                         | not stored; an institution integrator may only name its own          |
 *
 * Every other element (note, method, bodySite, components, meta …) is accepted and not stored:
 * the event is what is recorded, so the same event sent again with another note is the same event.
 *
 * Problems: an element of the wrong JSON type, a missing or malformed element the mapping needs, a
 * code outside the RECIST set are 400 (`fhir.invalid`, `fhir.mapping`); a well-formed Observation
 * that is not a recordable response evaluation — status other than final / amended, a code that is
 * not urn:openpayer:fhir:outcome|response — is 422 (`fhir.not_recordable`). Each issue carries the
 * FHIRPath of its element.
 */

/** LOINC: the code system of "Cancer disease status", accepted beside OpenPayer's own code. */
export const LOINC = 'http://loinc.org';
export const CANCER_DISEASE_STATUS = '21976-6';
/** The code of a tumour-response evaluation in `FHIR_SYSTEMS.outcome`. */
export const RESPONSE_CODE = 'response';
/** Only a result that stands is recorded (not registered, preliminary, cancelled, in error …). */
export const RECORDABLE_STATUSES = ['final', 'amended'] as const;

export interface InstitutionAt {
  readonly code: string;
  readonly expression: string;
}

export interface MappedObservation {
  /** The outcome event, parsed (kind `response`). */
  readonly event: OutcomeEvent;
  /** The institutions the performers name, each with its FHIRPath. */
  readonly institutions: readonly InstitutionAt[];
  /** The FHIRPath of the element an event path came from. */
  readonly expression: (path: IssuePath) => string;
}

export type ObservationResult =
  | { readonly ok: true; readonly value: MappedObservation }
  | {
      readonly ok: false;
      /** 400: malformed or unmappable; 422: well-formed but not a recordable response evaluation. */
      readonly status: 400 | 422;
      readonly issues: OperationOutcomeIssue[];
    };

type Json = Readonly<Record<string, unknown>>;

interface At<T> {
  readonly value: T;
  readonly at: string;
}

/** What a stored string may not hold: control characters (but tab and newlines), lone surrogates. */
const UNSTORABLE = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

class Problems {
  readonly issues: OperationOutcomeIssue[] = [];
  /** Whether any problem makes the request malformed (400) rather than not recordable (422). */
  malformed = false;
  private readonly invalidAt: string[] = [];

  /** A missing or unmappable element. */
  add(expression: string, text: string, code: OperationOutcomeIssue['code'] = 'required'): void {
    if (this.covered(expression)) return;
    this.malformed = true;
    this.push(expression, text, code, 'fhir.mapping');
  }

  /** An element of the wrong JSON type, or a string that cannot be stored. */
  invalid(expression: string, text: string): void {
    if (this.covered(expression)) return;
    this.malformed = true;
    this.invalidAt.push(expression);
    this.push(expression, text, 'structure', 'fhir.invalid');
  }

  /** A well-formed element that makes the Observation one OpenPayer does not record. */
  unrecordable(expression: string, text: string, code: OperationOutcomeIssue['code']): void {
    if (this.covered(expression)) return;
    this.push(expression, text, code, 'fhir.not_recordable');
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

/** Reads untrusted JSON checking each element's type: a wrongly typed one is a problem, then absent. */
class Reader {
  constructor(private readonly problems: Problems) {}

  object(value: unknown, at: string): Json | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    this.problems.invalid(at, `${at} must be an object, got ${jsonType(value)}`);
    return undefined;
  }

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
      if (object !== undefined) read.push({ value: object, at: elementAt });
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

  /** The codings of a CodeableConcept, each with its FHIRPath. */
  codings(
    concept: unknown,
    at: string,
  ): At<{ system: string | undefined; code: string | undefined }>[] {
    const object = this.object(concept, at);
    if (object === undefined) return [];
    return this.objects(object['coding'], `${at}.coding`).map((coding) => ({
      at: coding.at,
      value: {
        system: this.string(coding.value['system'], `${coding.at}.system`),
        code: this.string(coding.value['code'], `${coding.at}.code`),
      },
    }));
  }

  /** The value of an Identifier in `system`, with its FHIRPath; undefined if in another system. */
  identifierIn(identifier: Json, at: string, system: string): At<string | undefined> | undefined {
    if (this.string(identifier['system'], `${at}.system`) !== system) return undefined;
    return { value: this.string(identifier['value'], `${at}.value`), at: `${at}.value` };
  }
}

/**
 * Read a FHIR Observation (already checked against the R4 definitions, but read as untrusted
 * JSON) as an OpenPayer `response` outcome event.
 */
export function observationFromFhir(resource: unknown): ObservationResult {
  const problems = new Problems();
  const read = new Reader(problems);
  const fhir = read.object(resource, 'Observation') ?? {};
  const contained = read.objects(fhir['contained'], 'Observation.contained');

  /** The identifier in `system` of a Reference: its own, or that of the contained resource. */
  const referenced = (
    reference: Json,
    at: string,
    type: string,
    system: string,
  ): At<string | undefined> | undefined => {
    const own = read.object(reference['identifier'], `${at}.identifier`);
    const direct =
      own === undefined ? undefined : read.identifierIn(own, `${at}.identifier`, system);
    if (direct !== undefined) return direct;
    const ref = read.string(reference['reference'], `${at}.reference`);
    if (ref === undefined || !ref.startsWith('#')) return undefined;
    const target = contained.find(
      (r) => r.value['resourceType'] === type && r.value['id'] === ref.slice(1),
    );
    if (target === undefined) return undefined;
    for (const identifier of read.objects(target.value['identifier'], `${target.at}.identifier`)) {
      const found = read.identifierIn(identifier.value, identifier.at, system);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  // The event id.
  let idAt = 'Observation.identifier';
  let id: string | undefined;
  for (const identifier of read.objects(fhir['identifier'], 'Observation.identifier')) {
    const found = read.identifierIn(identifier.value, identifier.at, FHIR_SYSTEMS.outcomeEventId);
    if (found !== undefined && id === undefined) {
      idAt = found.at;
      id = found.value;
    }
  }
  if (id === undefined) {
    problems.add(
      idAt,
      `give the outcome event's id as an identifier in ${FHIR_SYSTEMS.outcomeEventId}: an event is recorded once`,
    );
  }

  // Only a final (or amended) tumour-response evaluation is an outcome event.
  const status = read.string(fhir['status'], 'Observation.status');
  if (status === undefined) {
    problems.add('Observation.status', 'give the status (final or amended)');
  } else if (!(RECORDABLE_STATUSES as readonly string[]).includes(status)) {
    problems.unrecordable(
      'Observation.status',
      `only a final or amended evaluation is recorded as an outcome event, got status "${status}"`,
      'business-rule',
    );
  }
  const codings = read.codings(fhir['code'], 'Observation.code');
  if (
    !codings.some((c) => c.value.system === FHIR_SYSTEMS.outcome && c.value.code === RESPONSE_CODE)
  ) {
    problems.unrecordable(
      'Observation.code',
      `only a tumour-response evaluation is recorded: code.coding must contain ${FHIR_SYSTEMS.outcome}|${RESPONSE_CODE}` +
        ` (${LOINC}|${CANCER_DISEASE_STATUS} may stand beside it)`,
      'not-supported',
    );
  }

  // The response (RECIST 1.1).
  let responseAt = 'Observation.valueCodeableConcept';
  let response: string | undefined;
  if (fhir['valueCodeableConcept'] === undefined) {
    const other = Object.keys(fhir).find((k) => k.startsWith('value'));
    problems.add(
      responseAt,
      `give the RECIST 1.1 response (CR, PR, SD or PD) as valueCodeableConcept in ${FHIR_SYSTEMS.recistResponse}` +
        (other === undefined ? '' : `, not ${other}`),
    );
  } else {
    const recist = read
      .codings(fhir['valueCodeableConcept'], responseAt)
      .filter((c) => c.value.system === FHIR_SYSTEMS.recistResponse);
    const codes = new Set(recist.map((c) => c.value.code));
    const [first] = recist;
    if (first === undefined) {
      problems.add(
        responseAt,
        `code the response (CR, PR, SD or PD) in ${FHIR_SYSTEMS.recistResponse}`,
        'code-invalid',
      );
    } else if (codes.size > 1) {
      problems.add(responseAt, 'one response per evaluation: the RECIST codings differ', 'value');
    } else {
      responseAt = `${first.at}.code`;
      response = first.value.code;
      if (response === undefined || !(RESPONSE_KINDS as readonly string[]).includes(response)) {
        problems.add(
          responseAt,
          `the response is CR, PR, SD or PD (RECIST 1.1), got ${response === undefined ? 'no code' : `"${response}"`}`,
          'code-invalid',
        );
      }
    }
  }

  // The patient.
  let personAt = 'Observation.subject';
  let personId: string | undefined;
  const subject = read.object(fhir['subject'], 'Observation.subject');
  const person =
    subject === undefined
      ? undefined
      : referenced(subject, 'Observation.subject', 'Patient', FHIR_SYSTEMS.personId);
  if (person !== undefined) {
    personAt = person.at;
    personId = person.value;
  }
  if (personId === undefined) {
    problems.add(
      personAt,
      `subject must carry the pseudonymous person id as an identifier in ${FHIR_SYSTEMS.personId}` +
        ' (or reference a contained Patient that does)',
    );
  }

  // The evaluation date.
  const dateAt = 'Observation.effectiveDateTime';
  const effective = read.string(fhir['effectiveDateTime'], dateAt);
  let date: string | undefined;
  if (effective === undefined) {
    const other = ['effectivePeriod', 'effectiveInstant', 'effectiveTiming'].find(
      (k) => fhir[k] !== undefined,
    );
    problems.add(
      dateAt,
      'give the date of the evaluation as effectiveDateTime' +
        (other === undefined ? '' : `, not ${other}`),
    );
  } else if (!/^\d{4}-\d{2}-\d{2}(?:T|$)/u.test(effective)) {
    problems.add(
      dateAt,
      `the evaluation date must be a full date (YYYY-MM-DD), got "${effective}"`,
      'value',
    );
  } else {
    date = effective.slice(0, 10);
  }

  // The course evaluated.
  const courses = read
    .objects(fhir['focus'], 'Observation.focus')
    .map((f) => {
      const identifier = read.object(f.value['identifier'], `${f.at}.identifier`);
      return identifier === undefined
        ? undefined
        : read.identifierIn(identifier, `${f.at}.identifier`, FHIR_SYSTEMS.courseId);
    })
    .filter((c) => c !== undefined);
  let courseAt = 'Observation.focus';
  let course: string | undefined;
  if (courses.length === 0) {
    problems.add(
      courseAt,
      `focus must name the course of therapy evaluated by an identifier in ${FHIR_SYSTEMS.courseId}`,
    );
  } else if (new Set(courses.map((c) => c.value)).size > 1) {
    problems.add(courseAt, 'one course per evaluation: the focus names several', 'value');
  } else {
    const [first] = courses;
    courseAt = first?.at ?? courseAt;
    course = first?.value;
    if (course === undefined) problems.add(courseAt, 'give the course id');
  }

  // The reporting institution(s), when named.
  const institutions: InstitutionAt[] = [];
  for (const performer of read.objects(fhir['performer'], 'Observation.performer')) {
    const found = referenced(
      performer.value,
      performer.at,
      'Organization',
      FHIR_SYSTEMS.institutionCode,
    );
    if (found === undefined) continue;
    if (found.value === undefined || !institutionCodeSchema.safeParse(found.value).success) {
      problems.add(
        found.at,
        `an institution code is H or P followed by 11 digits, got ${found.value === undefined ? 'none' : `"${found.value}"`}`,
        'value',
      );
      continue;
    }
    institutions.push({ code: found.value, expression: found.at });
  }

  if (problems.issues.length > 0) {
    return { ok: false, status: problems.malformed ? 400 : 422, issues: problems.issues };
  }

  const paths: Record<string, string> = {
    id: idAt,
    personId: personAt,
    date: dateAt,
    kind: 'Observation.code',
    course: courseAt,
    response: responseAt,
  };
  const expression = (path: IssuePath): string => {
    const [head] = path;
    return (typeof head === 'string' ? paths[head] : undefined) ?? 'Observation';
  };
  const parsed = outcomeEventSchema.safeParse({
    id,
    personId,
    date,
    kind: 'response',
    course,
    response,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = expression(issue.path as IssuePath);
      problems.add(at, `${at}: ${issue.message}`, 'value');
    }
    return { ok: false, status: 400, issues: problems.issues };
  }
  return { ok: true, value: { event: parsed.data, institutions, expression } };
}
