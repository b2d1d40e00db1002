/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   request and response bodies are untyped JSON here. */
import type { Observation, OperationOutcome } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationOf, toJsonText } from '../__fixtures__/fuzz-hostile.ts';
import { type As, OWN_INSTITUTION, type TestApi, testApi } from '../__fixtures__/harness.ts';
import { validateFhir } from './definitions.ts';
import { CANCER_DISEASE_STATUS, LOINC, observationFromFhir } from './observation.ts';
import { FHIR_SYSTEMS } from './systems.ts';

/**
 * POST /v1/fhir/Observation: a RECIST 1.1 evaluation of a course of therapy sent as a FHIR R4
 * Observation is recorded as a `response` outcome event — the same event POST /v1/value/outcomes
 * records — and drives the course's pay-for-response payment.
 */

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let api: TestApi;
// Seeding the demo data takes seconds on a loaded machine.
beforeAll(async () => {
  api = await testApi();
}, 60_000);
afterAll(() => api.close());

const ITEM = 'XL01EBA999B001010100001';

interface ObservationOptions {
  readonly id: string;
  readonly course: string;
  readonly personId?: string;
  readonly response?: string;
  readonly date?: string;
  readonly status?: string;
  readonly performer?: string;
}

function observation(o: ObservationOptions): Body {
  return {
    resourceType: 'Observation',
    identifier: [{ system: FHIR_SYSTEMS.outcomeEventId, value: o.id }],
    status: o.status ?? 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'imaging',
          },
        ],
      },
    ],
    code: {
      coding: [
        { system: FHIR_SYSTEMS.outcome, code: 'response', display: 'Tumour response' },
        { system: LOINC, code: CANCER_DISEASE_STATUS, display: 'Cancer disease status' },
      ],
    },
    subject: {
      type: 'Patient',
      identifier: { system: FHIR_SYSTEMS.personId, value: o.personId ?? 'P-OBS-1' },
    },
    focus: [{ identifier: { system: FHIR_SYSTEMS.courseId, value: o.course } }],
    effectiveDateTime: o.date ?? '2025-04-10T09:30:00+08:00',
    ...(o.performer === undefined
      ? {}
      : {
          performer: [
            {
              type: 'Organization',
              identifier: { system: FHIR_SYSTEMS.institutionCode, value: o.performer },
            },
          ],
        }),
    valueCodeableConcept: {
      coding: [{ system: FHIR_SYSTEMS.recistResponse, code: o.response ?? 'SD' }],
    },
  };
}

function postObservation(
  body: unknown,
  options: { as?: As; contentType?: string } = {},
): Promise<Response> {
  return api.request('/v1/fhir/Observation', {
    method: 'POST',
    as: options.as ?? 'hospital',
    headers: { 'content-type': options.contentType ?? 'application/fhir+json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function startCourse(course: string, personId = 'P-OBS-1'): Promise<void> {
  const res = await api.request('/v1/value/outcomes', {
    as: 'hospital',
    json: {
      id: `${course}-start`,
      kind: 'course_started',
      personId,
      date: '2025-01-10',
      course,
      item: ITEM,
      institution: OWN_INSTITUTION,
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** The status and each issue's FHIRPath of an OperationOutcome answer. */
async function refusal(res: Response): Promise<{ status: number; expressions: string[] }> {
  expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/u);
  const body = (await res.json()) as OperationOutcome;
  expect(body.resourceType).toBe('OperationOutcome');
  return {
    status: res.status,
    expressions: body.issue.flatMap((i) => i.expression ?? []),
  };
}

describe('FHIR R4 Observation → response outcome event', () => {
  it('is a valid R4 Observation as built here', () => {
    expect(validateFhir(observation({ id: 'E-V', course: 'C-V' }) as Observation)).toEqual([]);
  });

  it('records an SD evaluation that drives the course payment (SD → 80%)', async () => {
    await startCourse('OBS-COURSE-1');
    const sent = observation({
      id: 'OBS-EV-1',
      course: 'OBS-COURSE-1',
      performer: OWN_INSTITUTION,
    });
    const res = await postObservation(sent);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/u);
    const echoed = (await res.json()) as Body;
    expect(echoed).toEqual({ ...sent, id: 'OBS-EV-1' });

    const events = await api.request('/v1/value/outcomes?course=OBS-COURSE-1', { as: 'admin' });
    expect(((await events.json()) as { items: unknown[] }).items).toContainEqual({
      id: 'OBS-EV-1',
      kind: 'response',
      personId: 'P-OBS-1',
      date: '2025-04-10',
      course: 'OBS-COURSE-1',
      response: 'SD',
    });

    const paid = await api.request('/v1/value/courses/OBS-COURSE-1/payments', {
      as: 'hospital',
      json: {
        date: '2025-05-10',
        claimed: '20000.00',
        rule: 'egfr-tki-response',
        region: '230100',
      },
    });
    expect(paid.status, await paid.clone().text()).toBe(200);
    expect(((await paid.json()) as Body)['payment']).toMatchObject({ paid: '16000.00' });
  });

  it('answers 200 for the same event again, 409 for other content under its id', async () => {
    await startCourse('OBS-COURSE-2');
    const sent = observation({ id: 'OBS-EV-2', course: 'OBS-COURSE-2' });
    expect((await postObservation(sent)).status).toBe(201);

    const again = await postObservation({ ...sent, note: [{ text: 'sent twice' }] });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Body)['id']).toBe('OBS-EV-2');

    const changed = await postObservation(
      observation({ id: 'OBS-EV-2', course: 'OBS-COURSE-2', response: 'PR' }),
    );
    const conflict = await refusal(changed);
    expect(conflict).toEqual({ status: 409, expressions: ['Observation.identifier[0].value'] });
  });

  it('reads the person from a contained Patient and the performer from a contained Organization', () => {
    const body = observation({ id: 'OBS-EV-3', course: 'OBS-COURSE-3' });
    body['contained'] = [
      {
        resourceType: 'Patient',
        id: 'p',
        identifier: [
          { system: 'urn:other', value: 'x' },
          { system: FHIR_SYSTEMS.personId, value: 'P-OBS-3' },
        ],
      },
      {
        resourceType: 'Organization',
        id: 'h',
        identifier: [{ system: FHIR_SYSTEMS.institutionCode, value: OWN_INSTITUTION }],
      },
    ];
    body['subject'] = { reference: '#p' };
    body['performer'] = [{ reference: '#h' }];
    expect(validateFhir(body as Observation)).toEqual([]);
    const mapped = observationFromFhir(body);
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.issues));
    expect(mapped.value.event).toMatchObject({ personId: 'P-OBS-3', course: 'OBS-COURSE-3' });
    expect(mapped.value.institutions).toEqual([
      { code: OWN_INSTITUTION, expression: 'Observation.contained[1].identifier[0].value' },
    ]);
    expect(mapped.value.expression(['personId'])).toBe(
      'Observation.contained[0].identifier[1].value',
    );
  });

  it.each<[string, (b: Body) => void, number, string]>([
    ['no course', (b) => delete b['focus'], 400, 'Observation.focus'],
    [
      'a response outside RECIST',
      (b) => (b['valueCodeableConcept'].coding[0].code = 'NED'),
      400,
      'Observation.valueCodeableConcept.coding[0].code',
    ],
    [
      'no RECIST coding',
      (b) => (b['valueCodeableConcept'] = { text: 'stable' }),
      400,
      'Observation.valueCodeableConcept',
    ],
    [
      'a valueString',
      (b) => {
        delete b['valueCodeableConcept'];
        b['valueString'] = 'SD';
      },
      400,
      'Observation.valueCodeableConcept',
    ],
    [
      'an impossible date',
      (b) => (b['effectiveDateTime'] = '2025-02-30'),
      400,
      'Observation.effectiveDateTime',
    ],
    [
      'a month only',
      (b) => (b['effectiveDateTime'] = '2025-04'),
      400,
      'Observation.effectiveDateTime',
    ],
    ['no date', (b) => delete b['effectiveDateTime'], 400, 'Observation.effectiveDateTime'],
    [
      'no event id',
      (b) => (b['identifier'][0].system = 'urn:other'),
      400,
      'Observation.identifier',
    ],
    [
      'a malformed event id',
      (b) => (b['identifier'][0].value = 'a b'),
      400,
      'Observation.identifier[0].value',
    ],
    [
      'no person id',
      (b) => (b['subject'] = { reference: 'Patient/123' }),
      400,
      'Observation.subject',
    ],
    [
      'a malformed performer code',
      (b) =>
        (b['performer'] = [{ identifier: { system: FHIR_SYSTEMS.institutionCode, value: 'X1' } }]),
      400,
      'Observation.performer[0].identifier.value',
    ],
    [
      'an identifier object',
      (b) => (b['identifier'] = { value: 'x' }),
      400,
      'Observation.identifier',
    ],
    ['status preliminary', (b) => (b['status'] = 'preliminary'), 422, 'Observation.status'],
    [
      'status entered-in-error',
      (b) => (b['status'] = 'entered-in-error'),
      422,
      'Observation.status',
    ],
    [
      'another code',
      (b) => (b['code'] = { coding: [{ system: LOINC, code: CANCER_DISEASE_STATUS }] }),
      422,
      'Observation.code',
    ],
  ])('refuses %s with the FHIRPath', async (_name, change, status, expression) => {
    const body = observation({ id: 'OBS-BAD', course: 'OBS-COURSE-BAD' });
    change(body);
    const answer = await refusal(await postObservation(body));
    expect(answer.status).toBe(status);
    expect(answer.expressions).toContain(expression);
  });

  it("refuses another institution's integrator (403), a reviewer, a wrong content type, a Claim", async () => {
    await startCourse('OBS-COURSE-4');
    const ours = observation({
      id: 'OBS-EV-4',
      course: 'OBS-COURSE-4',
      performer: OWN_INSTITUTION,
    });
    expect(await refusal(await postObservation(ours, { as: 'otherHospital' }))).toEqual({
      status: 403,
      expressions: ['Observation.performer[0].identifier.value'],
    });
    expect((await refusal(await postObservation(ours, { as: 'reviewer' }))).status).toBe(403);
    expect((await refusal(await postObservation(ours, { contentType: 'text/plain' }))).status).toBe(
      415,
    );
    expect(
      await refusal(await postObservation({ resourceType: 'Claim', status: 'active' })),
    ).toEqual({ status: 400, expressions: ['resourceType'] });
    expect((await refusal(await postObservation('{"resourceType":'))).status).toBe(400);
    // Nothing was recorded by the refusals: the administrator records it, naming any institution.
    expect((await postObservation(ours, { as: 'admin' })).status).toBe(201);
  });

  it('refuses an element R4 does not know, naming it', async () => {
    const body = observation({ id: 'OBS-EV-5', course: 'OBS-COURSE-5' });
    body['responseCode'] = 'SD';
    const answer = await refusal(await postObservation(body));
    expect(answer.status).toBe(400);
    expect(answer.expressions.join(' ')).toContain('responseCode');
  });

  it('never answers 5xx to a valid Observation with hostile values in it', async () => {
    // The API's fuzz test has no valid Observation to mutate (its examples are shared fixtures):
    // these mutations reach the mapping and the store.
    await startCourse('OBS-COURSE-F');
    const valid = observation({
      id: 'OBS-EV-F',
      course: 'OBS-COURSE-F',
      performer: OWN_INSTITUTION,
    });
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        mutationOf(valid),
        fc.constantFrom<As>('hospital', 'admin'),
        fc.nat({ max: 1_000_000 }),
        async (body, as, n) => {
          // A fresh event id now and then, so that mutations are recorded and not only 409s.
          const text = toJsonText(body).replace(
            '"OBS-EV-F"',
            n % 2 === 0 ? `"OBS-EV-F${n}"` : '"OBS-EV-F"',
          );
          const res = await postObservation(text, { as });
          statuses.add(res.status);
          expect(res.status, text.slice(0, 500)).toBeLessThan(500);
        },
      ),
      { seed: 20250701, numRuns: 400 },
    );
    expect([...statuses].some((s) => s === 200 || s === 201)).toBe(true);
    expect([...statuses].some((s) => s === 400)).toBe(true);
  }, 120_000);

  it('never answers 5xx to a "__proto__" key the R4 check lets through, however deep', async () => {
    // The R4 validator does not look under "__proto__"; the answer echoes it, and serializing a
    // very deep one overflowed the stack (found by the property above with more runs).
    const valid = JSON.stringify(observation({ id: 'OBS-EV-P', course: 'OBS-COURSE-P' }));
    for (const depth of [10, 5000, 20_000]) {
      const deep = `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
      const res = await postObservation(`${valid.slice(0, -1)},"__proto__":${deep}}`);
      expect(res.status, `depth ${depth}`).toBeLessThan(500);
    }
  });

  it('lists Observation in the CapabilityStatement', async () => {
    const res = await api.request('/v1/fhir/metadata', { as: 'auditor' });
    const capabilities = (await res.json()) as Body;
    expect(capabilities['rest'][0].resource).toContainEqual({
      type: 'Observation',
      interaction: [{ code: 'create' }],
    });
  });
});
