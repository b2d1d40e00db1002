import { errorBodySchema, institutionCodeSchema, issue } from '@openpayer/domain';
import {
  SPECIAL_CASE_STATUSES,
  type SpecialCaseRequest,
  decideSpecialCase,
  listSpecialCases,
  newId,
  readSpecialCase,
  requestSpecialCase,
} from '@openpayer/persistence';
import { SPECIAL_CASE_DECISIONS } from '@openpayer/pricing';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, actsFor, allow } from '../auth.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { forbiddenInstitution, refused, validJson, validQuery } from '../request.ts';
import type { ApiServices } from '../services.ts';

/**
 * Special-case review (特病单议): a hospital asks that one of its settled inpatient cases not be
 * paid by its group; a reviewer approves or rejects it once; the period's reconciliation
 * (POST /v1/reconciliations) pays the approved cases by the policy's specialCaseReview rule.
 */

const requestSchema = z
  .strictObject({
    claimId: z.string().min(1).max(64),
    institution: institutionCodeSchema,
    reason: z
      .string()
      .min(1)
      .max(400)
      .meta({ description: 'Why, e.g. "extreme cost: ECMO 21 days", "new technology".' }),
  })
  .meta({ id: 'SpecialCaseRequestBody' });

const decisionSchema = z
  .strictObject({
    decision: z.enum(SPECIAL_CASE_DECISIONS),
    reason: z.string().min(1).max(90),
  })
  .meta({ id: 'SpecialCaseDecisionBody' });

const specialCaseSchema = z
  .strictObject({
    id: z.string(),
    claimId: z.string(),
    institution: z.string(),
    reason: z.string(),
    status: z.enum(SPECIAL_CASE_STATUSES),
    decisionReason: z.string().nullable(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'SpecialCaseRequest' });

const listQuery = z.strictObject({
  institution: z.string().min(1).max(40).optional(),
  status: z.enum(SPECIAL_CASE_STATUSES).optional(),
});

const errors = {
  400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role or the institution may not do this.', schema: errorBodySchema },
} as const;
const TAGS = ['case payment'];

export const specialCaseRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/special-cases',
    operationId: 'requestSpecialCase',
    summary: 'Ask that a settled inpatient case be reviewed as a special case (特病单议)',
    description:
      "The institution's own live inpatient settlement of `claimId`; once per claim (409 when asked before; 422 when the claim is no such settlement).",
    tags: TAGS,
    requestBody: requestSchema,
    responses: {
      201: { description: 'Requested.', schema: specialCaseSchema },
      ...errors,
      409: { description: 'The claim was asked for before.', schema: errorBodySchema },
      422: { description: 'No such settled inpatient claim.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/special-cases/{id}/decide',
    operationId: 'decideSpecialCase',
    summary: 'Approve or reject a special-case request (reviewers, administrators)',
    description:
      "Once: an approved case is paid by the policy's specialCaseReview rule when its period is reconciled (at most its share of the cases); 409 when decided before.",
    tags: TAGS,
    requestBody: decisionSchema,
    responses: {
      200: { description: 'Decided.', schema: specialCaseSchema },
      ...errors,
      404: { description: 'No such request.', schema: errorBodySchema },
      409: { description: 'Decided before.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/special-cases',
    operationId: 'listSpecialCases',
    summary: 'Special-case requests, newest first',
    description: "Filters: institution, status. An integrator sees its own institution's.",
    tags: TAGS,
    responses: {
      200: {
        description: 'Requests.',
        schema: z.strictObject({ items: z.array(specialCaseSchema) }),
      },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/special-cases/{id}',
    operationId: 'getSpecialCase',
    summary: 'A special-case request',
    tags: TAGS,
    responses: {
      200: { description: 'The request.', schema: specialCaseSchema },
      ...errors,
      404: { description: 'No such request.', schema: errorBodySchema },
    },
  },
];

const wire = (r: SpecialCaseRequest) => specialCaseSchema.parse(r);

export function specialCaseRoutes(services: ApiServices) {
  const notFound = (id: string) => [
    issue('special_case.not_found', `no special-case request ${id}`, { path: ['id'] }),
  ];
  return new Hono<ApiEnv>()
    .post(
      '/',
      allow('request_special_case'),
      validJson(requestSchema, 'the request'),
      async (c) => {
        const q = c.req.valid('json');
        const principal = c.get('principal');
        if (!actsFor(principal, q.institution)) return forbiddenInstitution(c, q.institution);
        const made = await requestSpecialCase(services.store, {
          id: newId('spc', services.now(), (n) => services.randomHex(n)),
          claimId: q.claimId,
          institution: q.institution,
          reason: q.reason,
          by: principal.id,
        });
        if (!made.ok) {
          return refused(
            c,
            made.issues.some((i) => i.code === 'special_case.exists') ? 409 : 422,
            made.issues,
          );
        }
        c.header('location', `/v1/special-cases/${made.value.id}`);
        return c.json(wire(made.value), 201);
      },
    )
    .post(
      '/:id/decide',
      allow('decide_special_case'),
      validJson(decisionSchema, 'the decision'),
      async (c) => {
        const q = c.req.valid('json');
        const decided = await decideSpecialCase(services.store, c.req.param('id'), {
          decision: q.decision,
          reason: q.reason,
          by: c.get('principal').id,
        });
        if (!decided.ok) {
          const missing = decided.issues.some((i) => i.code === 'special_case.not_found');
          return refused(c, missing ? 404 : 409, decided.issues);
        }
        return c.json(wire(decided.value), 200);
      },
    )
    .get('/', validQuery(listQuery), async (c) => {
      const principal = c.get('principal');
      const q = c.req.valid('query');
      const own = principal.role === 'institution_integrator' ? principal.institutionCode : null;
      if (own !== null && q.institution !== undefined && q.institution !== own) {
        return forbiddenInstitution(c, q.institution);
      }
      const items = await listSpecialCases(services.store, {
        institution: own ?? q.institution,
        status: q.status,
      });
      return c.json({ items: items.map(wire) }, 200);
    })
    .get('/:id', async (c) => {
      const id = c.req.param('id');
      const found = await readSpecialCase(services.store, id);
      if (found === undefined || !actsFor(c.get('principal'), found.institution)) {
        return refused(c, 404, notFound(id));
      }
      return c.json(wire(found), 200);
    });
}
