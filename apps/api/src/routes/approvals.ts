import {
  APPROVAL_STATUSES,
  APPROVAL_KINDS,
  type Approval,
  type Reviewer,
  approvalRequestSchema,
  approvalSchema,
  approvalToWire,
  approve,
  approveDecisionSchema,
  reject,
  rejectDecisionSchema,
  requestApproval,
} from '@openpayer/catalog';
import { errorBodySchema, issue } from '@openpayer/domain';
import type { Principal } from '@openpayer/persistence';
import {
  insertApproval,
  listApprovals,
  readApproval,
  updateApproval,
} from '@openpayer/persistence';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, actsFor, allow, institutionScope } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { forbiddenInstitution, readBody, refused, validJson, validQuery } from '../request.ts';
import { type ApiServices, today } from '../services.ts';

/**
 * Out-of-catalog and restricted-use approvals: an institution requests (for its own
 * institution), a reviewer approves or rejects, and a later settlement draws the approval down
 * (inside the settlement's transaction).
 */

const listQuerySchema = z.strictObject({
  status: z.enum(APPROVAL_STATUSES).optional(),
  kind: z.enum(APPROVAL_KINDS).optional(),
  person: z.string().min(1).max(64).optional(),
  institution: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z
    .string()
    .regex(/^\d{1,18}$/u)
    .optional(),
});

const storedSchema = z
  .strictObject({ approval: approvalSchema, revision: z.int() })
  .meta({ id: 'StoredApproval' });

const errors = {
  400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role or institution may not do this.', schema: errorBodySchema },
} as const;
const missing = {
  404: { description: 'No such approval (or not visible to this key).', schema: errorBodySchema },
} as const;

export const approvalRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/approvals',
    operationId: 'requestApproval',
    summary: 'Request an approval (institution integrators, administrators)',
    description:
      "Checked against the fund's approval policy (informed consent, requester title, alternatives). An integrator requests only for its own institution, " +
      'and an integrator whose principal carries a medical alliance names no other alliance (403). A primary_care request is decided by a reviewer ' +
      'marked as the lead hospital of the alliance it names (see POST /v1/principals/{id}/alliance).',
    tags: ['approvals'],
    requestBody: approvalRequestSchema,
    responses: {
      201: { description: 'Requested.', schema: storedSchema },
      ...errors,
      409: { description: 'An approval with this id exists.', schema: errorBodySchema },
      422: { description: 'The policy refuses the request.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/approvals',
    operationId: 'listApprovals',
    summary: 'List approvals (newest first, cursor pagination)',
    tags: ['approvals'],
    responses: {
      200: {
        description: 'A page.',
        schema: z.strictObject({ items: z.array(storedSchema), next: z.string().nullable() }),
      },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/approvals/{id}',
    operationId: 'getApproval',
    summary: 'Get an approval with its history and drawdowns',
    tags: ['approvals'],
    responses: {
      200: { description: 'The approval.', schema: storedSchema },
      ...errors,
      ...missing,
    },
  },
  {
    method: 'post',
    path: '/v1/approvals/{id}/approve',
    operationId: 'approveApproval',
    summary: 'Approve (reviewers, administrators)',
    description:
      'A primary_care request only by a reviewer whose principal is the lead hospital of the alliance the request names (422 `approval.approver_not_lead_hospital` otherwise).',
    tags: ['approvals'],
    requestBody: approveDecisionSchema,
    responses: {
      200: { description: 'Approved.', schema: storedSchema },
      ...errors,
      ...missing,
      409: { description: 'Decided meanwhile by someone else.', schema: errorBodySchema },
      422: {
        description: 'Not a valid decision (window, quantity, ratio, state).',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/approvals/{id}/reject',
    operationId: 'rejectApproval',
    summary: 'Reject with a reason (reviewers, administrators)',
    description:
      'A primary_care request only by the lead-hospital reviewer of the alliance it names, as for approving.',
    tags: ['approvals'],
    requestBody: rejectDecisionSchema,
    responses: {
      200: { description: 'Rejected.', schema: storedSchema },
      ...errors,
      ...missing,
      409: { description: 'Decided meanwhile by someone else.', schema: errorBodySchema },
      422: { description: 'Not a valid decision.', schema: errorBodySchema },
    },
  },
];

const stored = (approval: Approval, revision: number) => ({
  approval: approvalToWire(approval),
  revision,
});

/**
 * The deciding reviewer as the engine judges it: with the principal's medical alliance and
 * lead-hospital mark, which an administrator sets (POST /v1/principals/{id}/alliance), so that the
 * lead hospital can decide a primary institution's primary_care request.
 */
const reviewerOf = (p: Principal): Reviewer => ({
  id: p.id,
  role: p.role,
  ...(p.institutionCode === null ? {} : { institutionCode: p.institutionCode }),
  ...(p.allianceId === null || p.allianceId === undefined ? {} : { allianceId: p.allianceId }),
  ...(p.isLeadHospital === true ? { isLeadHospital: true } : {}),
});

export function approvalRoutes(services: ApiServices) {
  const notFound = (c: Context, id: string) =>
    c.json(
      errorBody('not_found', `no approval ${id}`, [
        issue('approval.not_found', `no approval ${id}`, { path: ['id'] }),
      ]),
      404,
    );

  const visible = async (c: Context<ApiEnv>, id: string) => {
    const found = await readApproval(services.store, id);
    if (found === undefined || !actsFor(c.get('principal'), found.approval.institution.code))
      return undefined;
    return found;
  };

  return new Hono<ApiEnv>()
    .post('/', allow('request_approval'), async (c) => {
      const body = await readBody(c, approvalRequestSchema, 'the approval request');
      if (!body.ok) return body.response;
      const request = body.value;
      if (!actsFor(c.get('principal'), request.institution.code)) {
        return forbiddenInstitution(c, request.institution.code);
      }
      // An integrator's alliance is set by an administrator: it cannot send its requests to another
      // alliance's lead hospital.
      const ownAlliance = c.get('principal').allianceId ?? null;
      const named = request.institution.allianceId;
      if (ownAlliance !== null && named !== undefined && named !== ownAlliance) {
        return c.json(
          errorBody(
            'forbidden',
            `this API key acts for medical alliance ${ownAlliance}, not ${named}`,
          ),
          403,
        );
      }
      const opened = requestApproval(request, services.approvalPolicy);
      if (!opened.ok) return refused(c, 422, opened.issues);
      const saved = await insertApproval(services.store, opened.value, c.get('principal').id);
      if (!saved.ok) return refused(c, 409, saved.issues);
      c.header('location', `/v1/approvals/${request.id}`);
      return c.json(stored(saved.value.approval, saved.value.revision), 201);
    })
    .get('/', validQuery(listQuerySchema), async (c) => {
      const q = c.req.valid('query');
      const principal = c.get('principal');
      const scope = institutionScope(principal, q.institution);
      if (!scope.ok) return forbiddenInstitution(c, scope.forbidden);
      const page = await listApprovals(
        services.store,
        { institutionCode: scope.institution, personId: q.person, status: q.status, kind: q.kind },
        { limit: q.limit, after: q.after === undefined ? undefined : Number(q.after) },
      );
      return c.json(
        {
          items: page.items.map((a) => stored(a.approval, a.revision)),
          next: page.next === null ? null : String(page.next),
        },
        200,
      );
    })
    .get('/:id', async (c) => {
      const found = await visible(c, c.req.param('id'));
      if (found === undefined) return notFound(c, c.req.param('id'));
      return c.json(stored(found.approval, found.revision), 200);
    })
    .post(
      '/:id/approve',
      allow('decide_approval'),
      validJson(approveDecisionSchema, 'the decision'),
      async (c) => {
        const found = await visible(c, c.req.param('id'));
        if (found === undefined) return notFound(c, c.req.param('id'));
        const d = c.req.valid('json');
        const decided = approve(
          found.approval,
          {
            by: reviewerOf(c.get('principal')),
            on: d.on ?? today(services),
            comment: d.comment,
            validFrom: d.validFrom,
            validTo: d.validTo,
            approvedQuantity: d.approvedQuantity,
            reimbursementRatio: d.reimbursementRatio,
          },
          services.approvalPolicy,
        );
        if (!decided.ok) return refused(c, 422, decided.issues);
        const saved = await updateApproval(
          services.store,
          decided.value,
          found.revision,
          c.get('principal').id,
        );
        if (!saved.ok) return refused(c, 409, saved.issues);
        return c.json(stored(saved.value.approval, saved.value.revision), 200);
      },
    )
    .post(
      '/:id/reject',
      allow('decide_approval'),
      validJson(rejectDecisionSchema, 'the decision'),
      async (c) => {
        const body = c.req.valid('json');
        const found = await visible(c, c.req.param('id'));
        if (found === undefined) return notFound(c, c.req.param('id'));
        const decided = reject(found.approval, {
          by: reviewerOf(c.get('principal')),
          on: body.on ?? today(services),
          comment: body.comment,
        });
        if (!decided.ok) return refused(c, 422, decided.issues);
        const saved = await updateApproval(
          services.store,
          decided.value,
          found.revision,
          c.get('principal').id,
        );
        if (!saved.ok) return refused(c, 409, saved.issues);
        return c.json(stored(saved.value.approval, saved.value.revision), 200);
      },
    );
}
