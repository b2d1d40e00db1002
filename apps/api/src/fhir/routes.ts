import {
  type Claim,
  type Issue,
  type IssuePath,
  errorBodySchema,
  may,
  validateClaim,
} from '@openpayer/domain';
import { encodeSettlement } from '@openpayer/pricing';
import { precheckClaim, recordOutcomeEvent, settleClaim } from '@openpayer/persistence';
import type {
  CapabilityStatement,
  ClaimResponse,
  Claim as FhirClaim,
  Observation,
  OperationOutcome,
  OperationOutcomeIssue,
  Resource,
} from '@medplum/fhirtypes';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { type ApiEnv, actsFor } from '../auth.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { idempotencyKeySchema } from '../claim-input.ts';
import type { ApiServices } from '../services.ts';
import { claimFromFhir } from './claim.ts';
import { claimResponseFrom } from './claim-response.ts';
import { outcomeRefusal } from '../value.ts';
import { validateFhir } from './definitions.ts';
import { observationFromFhir } from './observation.ts';
import { FHIR_SYSTEMS } from './systems.ts';

/**
 * The FHIR R4 adapter: `POST /v1/fhir/Claim` takes a Claim and answers a ClaimResponse with the
 * adjudication per item. `use: claim` settles (commits, with an Idempotency-Key), `use:
 * predetermination` pre-checks (commits nothing). Every refusal is an OperationOutcome whose
 * issues carry the FHIRPath of the element and OpenPayer's issue code.
 *
 * `POST /v1/fhir/Observation` takes a final tumour-response evaluation (RECIST 1.1) of a course of
 * therapy and records it as a `response` outcome event, once, like POST /v1/value/outcomes (the
 * mapping: observation.ts).
 */

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

type Status = 200 | 201 | 400 | 403 | 409 | 415 | 422;

function fhirJson(c: Context, resource: unknown, status: Status): Response {
  return c.body(JSON.stringify(resource), status, { 'content-type': FHIR_JSON });
}

function outcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

function problem(
  code: OperationOutcomeIssue['code'],
  issueCode: string,
  text: string,
  expression?: string,
): OperationOutcomeIssue {
  return {
    severity: 'error',
    code,
    details: { coding: [{ system: FHIR_SYSTEMS.issue, code: issueCode }], text },
    ...(expression === undefined ? {} : { expression: [expression] }),
  };
}

/** OpenPayer issues as OperationOutcome issues at the FHIR elements they came from. */
function fromIssues(
  issues: readonly Issue[],
  expression: (path: IssuePath) => string,
  code: OperationOutcomeIssue['code'],
): OperationOutcomeIssue[] {
  return issues
    .filter((i) => i.severity === 'error')
    .map((i) => problem(code, i.code, i.message, expression(i.path)));
}

const fhirResourceSchema = (name: string, description: string) =>
  z.looseObject({ resourceType: z.literal(name) }).meta({
    id: `Fhir${name}`,
    description,
    externalDocs: { url: `https://hl7.org/fhir/R4/${name.toLowerCase()}.html` },
  });

const fhirClaimSchema = fhirResourceSchema(
  'Claim',
  'A FHIR R4 Claim, validated against the R4 StructureDefinitions; patient, provider and coverage are contained resources. ' +
    'Codes: items in urn:openpayer:fhir:nhsa-drug | nhsa-service | nhsa-consumable, diagnoses in urn:openpayer:fhir:icd-10-nhsa, ' +
    'procedures in urn:openpayer:fhir:icd-9-cm-3-nhsa; Patient.identifier urn:openpayer:fhir:person-id; Organization.identifier ' +
    'urn:openpayer:fhir:institution-code and type urn:openpayer:fhir:institution-tier; Coverage.type urn:openpayer:fhir:insurance-type ' +
    'and a class of type plan holding the insured region; supportingInfo of category urn:openpayer:fhir:supporting-info ' +
    'emergency (valueBoolean) and tcm-syndrome (valueString, one per syndrome).',
);
const claimResponseSchema = fhirResourceSchema(
  'ClaimResponse',
  'A FHIR R4 ClaimResponse: per item and in total the submitted, eligible and benefit amounts (HL7 adjudication codes) ' +
    'and each payer’s share (urn:openpayer:fhir:payer); self-pay parts with their reason; the calculation as process notes.',
);
const fhirObservationSchema = fhirResourceSchema(
  'Observation',
  'A FHIR R4 Observation of a tumour-response evaluation, validated against the R4 StructureDefinitions. ' +
    'identifier in urn:openpayer:fhir:outcome-event-id (the event id, recorded once); status final or amended; ' +
    'code.coding urn:openpayer:fhir:outcome|response (LOINC 21976-6 may stand beside it); valueCodeableConcept in ' +
    'urn:openpayer:fhir:recist-response: CR, PR, SD or PD; subject.identifier in urn:openpayer:fhir:person-id (or a ' +
    'contained Patient); effectiveDateTime (its date part); focus[].identifier in urn:openpayer:fhir:course-id; ' +
    'optionally performer identifier in urn:openpayer:fhir:institution-code (or a contained Organization).',
);
const operationOutcomeSchema = fhirResourceSchema(
  'OperationOutcome',
  'Every problem, each with the FHIRPath of the element (expression) and OpenPayer’s issue code (details.coding).',
);

export const fhirRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/fhir/Claim',
    operationId: 'fhirClaim',
    summary: 'FHIR R4: adjudicate a Claim, answer a ClaimResponse',
    description:
      '`use: claim` settles and commits, like POST /v1/claims/settle, and needs an `Idempotency-Key` header ' +
      '(a retry with the same key and body answers the original ClaimResponse with `Idempotent-Replayed: true`). ' +
      '`use: predetermination` pre-checks and commits nothing. Send `application/fhir+json` (or `application/json`).',
    tags: ['fhir'],
    requestBody: fhirClaimSchema,
    responses: {
      201: { description: 'Settled: the ClaimResponse.', schema: claimResponseSchema },
      200: {
        description: 'A pre-check, or a replay of a settlement: the ClaimResponse.',
        schema: claimResponseSchema,
      },
      400: {
        description: 'Not a valid R4 Claim, or not one OpenPayer can read.',
        schema: operationOutcomeSchema,
      },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      403: {
        description: 'The role or the institution may not do this.',
        schema: operationOutcomeSchema,
      },
      409: {
        description: 'The Idempotency-Key was used for another request.',
        schema: operationOutcomeSchema,
      },
      415: { description: 'Not JSON.', schema: operationOutcomeSchema },
      422: {
        description:
          'No policy or catalog in force, `use: preauthorization`, or the engine refused.',
        schema: operationOutcomeSchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/fhir/Observation',
    operationId: 'fhirObservation',
    summary: 'FHIR R4: record a tumour-response evaluation (Observation) as an outcome event',
    description:
      'A final (or amended) RECIST 1.1 evaluation of a course of therapy becomes a `response` outcome event ' +
      '(id, personId, date, course, response), recorded once like POST /v1/value/outcomes, so it drives ' +
      'POST /v1/value/courses/{course}/payments. Only the event is stored; other elements are accepted and ignored. ' +
      'The answer echoes the Observation with `id` set to the event id (FHIR create, return=representation). ' +
      'An institution integrator may only name its own institution as performer. Send `application/fhir+json` ' +
      '(or `application/json`).',
    tags: ['fhir'],
    requestBody: fhirObservationSchema,
    responses: {
      201: {
        description: 'Recorded: the Observation, id = the event id.',
        schema: fhirObservationSchema,
      },
      200: {
        description: 'The same event was recorded before: the Observation, id = the event id.',
        schema: fhirObservationSchema,
      },
      400: {
        description:
          'Not a valid R4 Observation, or one that does not map to an outcome event (a missing event id, course, ' +
          'person or date, a response outside CR/PR/SD/PD).',
        schema: operationOutcomeSchema,
      },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      403: {
        description: 'The role may not record outcomes, or the performer is another institution.',
        schema: operationOutcomeSchema,
      },
      409: {
        description: 'The event id holds another event (events are never edited).',
        schema: operationOutcomeSchema,
      },
      415: { description: 'Not JSON.', schema: operationOutcomeSchema },
      422: {
        description:
          'A well-formed Observation that is not a recordable response evaluation: status other than final or ' +
          'amended, or a code other than urn:openpayer:fhir:outcome|response.',
        schema: operationOutcomeSchema,
      },
    },
  },
  {
    method: 'get',
    path: '/v1/fhir/metadata',
    operationId: 'fhirCapabilities',
    summary: 'FHIR R4 CapabilityStatement of the adapter',
    tags: ['fhir'],
    responses: {
      200: {
        description: 'What the adapter supports.',
        schema: fhirResourceSchema('CapabilityStatement', 'A FHIR R4 CapabilityStatement.'),
      },
    },
  },
];

/**
 * Read the request body as a FHIR resource of `type` valid against R4; an OperationOutcome response
 * if not (`notTheType`: the issue code when the body is another resource or none).
 */
async function readFhirResource<T extends Resource>(
  c: Context,
  type: T['resourceType'],
  notTheType: string,
): Promise<{ ok: true; resource: T; text: string } | { ok: false; response: Response }> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/(?:fhir\+)?json\b/iu.test(contentType)) {
    return {
      ok: false,
      response: fhirJson(
        c,
        outcome([
          problem(
            'not-supported',
            'unsupported_media_type',
            `Content-Type must be application/fhir+json, got "${contentType || '(none)'}"`,
          ),
        ]),
        415,
      ),
    };
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unparseable';
    return {
      ok: false,
      response: fhirJson(
        c,
        outcome([problem('structure', 'malformed_json', `the body is not valid JSON: ${detail}`)]),
        400,
      ),
    };
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    (value as { resourceType?: unknown }).resourceType !== type
  ) {
    return {
      ok: false,
      response: fhirJson(
        c,
        outcome([
          problem('invalid', notTheType, `the body must be a ${type} resource`, 'resourceType'),
        ]),
        400,
      ),
    };
  }
  const resource = value as T;
  const structural = validateFhir(resource);
  if (structural.length > 0) {
    return {
      ok: false,
      response: fhirJson(
        c,
        outcome(
          structural.map((i) => ({
            ...i,
            // Some problems (an unknown contained resource type) come without an element.
            expression: i.expression ?? [type],
            details: {
              coding: [{ system: FHIR_SYSTEMS.issue, code: 'fhir.invalid' }],
              text: i.details?.text ?? 'invalid',
            },
          })),
        ),
        400,
      ),
    };
  }
  return { ok: true, resource, text };
}

export function fhirRoutes(services: ApiServices) {
  const now = () => services.now();
  const capabilities: CapabilityStatement = {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-23',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    software: { name: 'OpenPayer' },
    implementation: {
      description:
        'OpenPayer FHIR R4 adapter: Claim → ClaimResponse; Observation (tumour response) → outcome event',
    },
    rest: [
      {
        mode: 'server',
        resource: [
          { type: 'Claim', interaction: [{ code: 'create' }] },
          { type: 'ClaimResponse' },
          { type: 'Observation', interaction: [{ code: 'create' }] },
        ],
      },
    ],
  };

  return new Hono<ApiEnv>()
    .get('/metadata', (c) => fhirJson(c, capabilities, 200))
    .post('/Claim', async (c) => {
      const principal = c.get('principal');
      const read = await readFhirResource<FhirClaim>(c, 'Claim', 'fhir.not_a_claim');
      if (!read.ok) return read.response;
      const fhir = read.resource;
      // Read as untrusted JSON: the structural check does not catch every wrongly typed element.
      const use: unknown = (fhir as { use?: unknown }).use;
      if (use !== 'claim' && use !== 'predetermination' && use !== 'preauthorization') {
        return fhirJson(
          c,
          outcome([
            problem(
              'structure',
              'fhir.invalid',
              'use must be "claim" (settle), "predetermination" (pre-check) or "preauthorization"',
              'Claim.use',
            ),
          ]),
          400,
        );
      }
      if (use === 'preauthorization') {
        return fhirJson(
          c,
          outcome([
            problem(
              'not-supported',
              'fhir.preauthorization_not_supported',
              'request prior approval with POST /v1/approvals; this endpoint settles (use: claim) or pre-checks (use: predetermination)',
              'Claim.use',
            ),
          ]),
          422,
        );
      }
      const settle = use === 'claim';
      if (settle && !may(principal.role, 'settle')) {
        return fhirJson(
          c,
          outcome([
            problem(
              'forbidden',
              'forbidden',
              `a ${principal.role} cannot settle claims`,
              'Claim.use',
            ),
          ]),
          403,
        );
      }
      let key: string | undefined;
      if (settle) {
        const parsed = idempotencyKeySchema.safeParse(c.req.header('idempotency-key'));
        if (!parsed.success) {
          return fhirJson(
            c,
            outcome([
              problem(
                'required',
                'settlement.idempotency_key_required',
                'a Claim with use "claim" settles: send an Idempotency-Key header (1–200 printable characters)',
              ),
            ]),
            400,
          );
        }
        key = parsed.data;
      }

      const mapped = claimFromFhir(fhir);
      if (!mapped.ok) return fhirJson(c, outcome(mapped.issues), 400);
      const { expression } = mapped.value;
      const validated = validateClaim(mapped.value.claim);
      if (!validated.ok) {
        return fhirJson(c, outcome(fromIssues(validated.issues, expression, 'invalid')), 400);
      }
      const claim: Claim = validated.value;
      if (!actsFor(principal, claim.institution.code)) {
        return fhirJson(
          c,
          outcome([
            problem(
              'forbidden',
              'forbidden',
              `this API key does not act for institution ${claim.institution.code}`,
              expression(['institution', 'code']),
            ),
          ]),
          403,
        );
      }
      const context = {
        personId: claim.person.id,
        institutionCode: claim.institution.code,
        insuredRegion: claim.person.insuredRegion,
      };

      if (!settle) {
        const result = await precheckClaim(services, claim);
        if (!result.ok) {
          return fhirJson(c, outcome(fromIssues(result.issues, expression, 'business-rule')), 422);
        }
        const response: ClaimResponse = claimResponseFrom(fhir, encodeSettlement(result.value), {
          ...context,
          created: now().toISOString(),
          disposition: 'pre-check: what the claim would pay; nothing was committed',
        });
        return fhirJson(c, response, 200);
      }

      const result = await settleClaim(services, {
        claim,
        principal: principal.id,
        idempotencyKey: key,
        requestText: read.text,
      });
      if (!result.ok) {
        const code = result.status === 409 ? 'conflict' : 'business-rule';
        return fhirJson(c, outcome(fromIssues(result.issues, expression, code)), result.status);
      }
      const stored = result.value;
      const response = claimResponseFrom(fhir, stored.body, {
        ...context,
        settlementId: stored.id,
        created: stored.createdAt ?? now().toISOString(),
        disposition: `settled as ${stored.id}`,
      });
      c.header('location', `/v1/settlements/${stored.id}`);
      if (stored.replayed) {
        c.header('idempotent-replayed', 'true');
        return fhirJson(c, response, 200);
      }
      return fhirJson(c, response, 201);
    })
    .post('/Observation', async (c) => {
      const principal = c.get('principal');
      if (!may(principal.role, 'record_outcome')) {
        return fhirJson(
          c,
          outcome([
            problem('forbidden', 'forbidden', `a ${principal.role} cannot record outcome events`),
          ]),
          403,
        );
      }
      const read = await readFhirResource<Observation>(c, 'Observation', 'fhir.not_an_observation');
      if (!read.ok) return read.response;
      const mapped = observationFromFhir(read.resource);
      if (!mapped.ok) return fhirJson(c, outcome(mapped.issues), mapped.status);
      const { event, institutions, expression } = mapped.value;
      const foreign = institutions.find((i) => !actsFor(principal, i.code));
      if (foreign !== undefined) {
        return fhirJson(
          c,
          outcome([
            problem(
              'forbidden',
              'forbidden',
              `this API key does not act for institution ${foreign.code}`,
              foreign.expression,
            ),
          ]),
          403,
        );
      }
      const refusal = await outcomeRefusal(services, principal, event);
      if (refusal !== null) {
        return fhirJson(
          c,
          outcome([problem('forbidden', 'forbidden', refusal, 'Observation.focus')]),
          403,
        );
      }
      // The answer echoes the request, whose elements the R4 check does not all reach (a
      // "__proto__" key): serialized before anything is recorded, so that an Observation nested too
      // deeply to echo is refused and not half-answered.
      let answer: string;
      try {
        answer = JSON.stringify({ ...read.resource, id: event.id } satisfies Observation);
      } catch {
        return fhirJson(
          c,
          outcome([
            problem(
              'structure',
              'fhir.invalid',
              'the Observation is nested too deeply',
              'Observation',
            ),
          ]),
          400,
        );
      }
      const recorded = await recordOutcomeEvent(services.store, event, principal.id);
      if (!recorded.ok) {
        return fhirJson(c, outcome(fromIssues(recorded.issues, expression, 'conflict')), 409);
      }
      return c.body(answer, recorded.value.created ? 201 : 200, { 'content-type': FHIR_JSON });
    });
}
