import { errorBodySchema, institutionCodeSchema, issue } from '@openpayer/domain';
import {
  PRINCIPAL_ROLES,
  createPrincipal,
  listPrincipals,
  revokePrincipal,
  rotateKey,
  setPrincipalAlliance,
} from '@openpayer/persistence';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, allow } from '../auth.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { readBody, refused } from '../request.ts';
import type { ApiServices } from '../services.ts';

/**
 * API keys (administrators): who may call the API, in which role, for which institution, and in
 * which medical alliance (医联体) — the lead-hospital reviewer who decides a primary institution's
 * out-of-formulary requests is a principal an administrator marked so.
 */

/** As approval requests name it (`institution.allianceId`). */
const allianceIdSchema = z
  .string()
  .min(1)
  .max(64)
  .meta({ description: 'Medical alliance (医联体) id, as approval requests name it.' });

const isLeadHospitalSchema = z.boolean().meta({
  description:
    'A reviewer at the lead hospital (牵头医院) of `allianceId`: it approves or rejects the alliance’s primary institutions’ primary_care requests. Needs allianceId.',
});

const principalSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._:-]+$/u),
    name: z.string().trim().min(1).max(200),
    role: z.enum(PRINCIPAL_ROLES),
    institutionCode: institutionCodeSchema.nullable().default(null),
    allianceId: allianceIdSchema.nullable().default(null),
    isLeadHospital: isLeadHospitalSchema.default(false),
  })
  .meta({ id: 'Principal' });

const allianceMembershipSchema = z
  .strictObject({
    allianceId: allianceIdSchema.nullable(),
    isLeadHospital: isLeadHospitalSchema.default(false),
  })
  .meta({ id: 'AllianceMembership' });

const whoAmISchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    role: z.enum(PRINCIPAL_ROLES),
    institutionCode: z.string().nullable(),
    allianceId: z.string().nullable(),
    isLeadHospital: z.boolean(),
  })
  .meta({ id: 'WhoAmI' });

const membershipRefusal =
  'alliance data the role may not carry (only reviewers and integrators have an alliance, only a reviewer a lead hospital), or isLeadHospital without allianceId.';

export const principalRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/me',
    operationId: 'whoAmI',
    summary: 'The principal this API key belongs to (any role)',
    description:
      'For a client to check a key and learn its role, institution and medical alliance, e.g. the admin UI on sign-in.',
    tags: ['access'],
    responses: {
      200: { description: 'The principal (never its key).', schema: whoAmISchema },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/principals',
    operationId: 'listPrincipals',
    summary: 'List API principals (administrators)',
    tags: ['access'],
    responses: {
      200: {
        description: 'Principals (never their keys).',
        schema: z.strictObject({ items: z.array(principalSchema) }),
      },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      403: { description: 'Not an administrator.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/principals',
    operationId: 'createPrincipal',
    summary: 'Create an API principal and its key (administrators)',
    description:
      'The key is in the answer once; only its SHA-256 is stored. A reviewer may carry `allianceId` and `isLeadHospital` ' +
      '(the lead-hospital reviewer of that medical alliance decides its primary institutions’ primary_care approvals); ' +
      'an institution integrator may carry its institution’s `allianceId`.',
    tags: ['access'],
    requestBody: principalSchema,
    responses: {
      201: {
        description: 'Created.',
        schema: z.strictObject({ principal: principalSchema, apiKey: z.string() }),
      },
      400: { description: 'A field is wrong.', schema: errorBodySchema },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      403: { description: 'Not an administrator.', schema: errorBodySchema },
      409: { description: 'The id exists.', schema: errorBodySchema },
      422: {
        description: `An integrator without an institution, another role with one, or ${membershipRefusal}`,
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/principals/{id}/alliance',
    operationId: 'setPrincipalAlliance',
    summary: 'Set a principal’s medical alliance and lead-hospital mark (administrators)',
    description:
      'Replaces both: `{"allianceId": null}` takes the principal out of its alliance. Takes effect at once for the principal’s key. ' +
      'A reviewer with `isLeadHospital` approves or rejects the primary_care requests naming its alliance; no other reviewer can.',
    tags: ['access'],
    requestBody: allianceMembershipSchema,
    responses: {
      200: {
        description: 'The principal as it now is.',
        schema: z.strictObject({ principal: principalSchema }),
      },
      400: { description: 'A field is wrong, or an unknown one.', schema: errorBodySchema },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      403: { description: 'Not an administrator.', schema: errorBodySchema },
      404: { description: 'No such principal.', schema: errorBodySchema },
      422: {
        description: `The principal is revoked, or ${membershipRefusal}`,
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/principals/{id}/rotate',
    operationId: 'rotatePrincipalKey',
    summary: 'Give a principal a new API key (administrators)',
    description:
      'The new key is in the answer once; the old key stops working at once on every server (keys are checked in the database).',
    tags: ['access'],
    responses: {
      200: {
        description: 'The new key.',
        schema: z.strictObject({ principal: principalSchema, apiKey: z.string() }),
      },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      403: { description: 'Not an administrator.', schema: errorBodySchema },
      404: { description: 'No such principal.', schema: errorBodySchema },
      422: { description: 'The principal is revoked.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/principals/{id}/revoke',
    operationId: 'revokePrincipal',
    summary: 'Revoke a principal and its API key (administrators)',
    description:
      'Its key stops working at once on every server. An administrator cannot revoke the key it calls with.',
    tags: ['access'],
    responses: {
      200: {
        description: 'Revoked (revoking again answers the same).',
        schema: z.strictObject({ principal: principalSchema, revokedAt: z.string() }),
      },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      403: { description: 'Not an administrator.', schema: errorBodySchema },
      404: { description: 'No such principal.', schema: errorBodySchema },
      422: { description: 'The caller’s own principal.', schema: errorBodySchema },
    },
  },
];

/** GET /v1/me: any authenticated principal, about itself. */
export const meRoutes = new Hono<ApiEnv>().get('/', (c) => {
  const { id, name, role, institutionCode, allianceId, isLeadHospital } = c.get('principal');
  return c.json(
    {
      id,
      name,
      role,
      institutionCode,
      allianceId: allianceId ?? null,
      isLeadHospital: isLeadHospital ?? false,
    },
    200,
  );
});

export function principalRoutes(services: ApiServices) {
  return new Hono<ApiEnv>()
    .use(allow('manage_principals'))
    .get('/', async (c) => c.json({ items: await listPrincipals(services.store) }, 200))
    .post('/', async (c) => {
      const body = await readBody(c, principalSchema, 'the principal');
      if (!body.ok) return body.response;
      const created = await createPrincipal(services.store, body.value, c.get('principal').id);
      if (!created.ok) {
        return refused(
          c,
          created.issues.some((i) => i.code === 'principal.exists') ? 409 : 422,
          created.issues,
        );
      }
      return c.json(created.value, 201);
    })
    .post('/:id/alliance', async (c) => {
      const body = await readBody(c, allianceMembershipSchema, 'the alliance membership');
      if (!body.ok) return body.response;
      const set = await setPrincipalAlliance(
        services.store,
        c.req.param('id'),
        body.value,
        c.get('principal').id,
      );
      // Cached principals carry the old membership: the next request reads the new one.
      services.invalidate('principals');
      if (!set.ok) {
        const missing = set.issues.some((i) => i.code === 'principal.not_found');
        return refused(c, missing ? 404 : 422, set.issues);
      }
      return c.json(set.value, 200);
    })
    .post('/:id/rotate', async (c) => {
      const rotated = await rotateKey(services.store, c.req.param('id'), {
        actor: c.get('principal').id,
      });
      services.invalidate('principals');
      if (!rotated.ok) {
        const missing = rotated.issues.some((i) => i.code === 'principal.not_found');
        return refused(c, missing ? 404 : 422, rotated.issues);
      }
      return c.json(rotated.value, 200);
    })
    .post('/:id/revoke', async (c) => {
      const id = c.req.param('id');
      if (id === c.get('principal').id) {
        return refused(c, 422, [
          issue(
            'principal.self_revocation',
            'an administrator cannot revoke the key it is calling with',
            { path: ['id'] },
          ),
        ]);
      }
      const revoked = await revokePrincipal(services.store, id, c.get('principal').id);
      services.invalidate('principals');
      if (!revoked.ok) return refused(c, 404, revoked.issues);
      return c.json(revoked.value, 200);
    });
}
