import { errorBodySchema, institutionCodeSchema, issue } from '@openpayer/domain';
import {
  PRINCIPAL_ROLES,
  createPrincipal,
  listPrincipals,
  revokePrincipal,
  rotateKey,
} from '@openpayer/persistence';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, allow } from '../auth.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { readBody, refused } from '../request.ts';
import type { ApiServices } from '../services.ts';

/** API keys (administrators): who may call the API, in which role, for which institution. */

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
  })
  .meta({ id: 'Principal' });

const whoAmISchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    role: z.enum(PRINCIPAL_ROLES),
    institutionCode: z.string().nullable(),
  })
  .meta({ id: 'WhoAmI' });

export const principalRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/me',
    operationId: 'whoAmI',
    summary: 'The principal this API key belongs to (any role)',
    description:
      'For a client to check a key and learn its role and institution, e.g. the admin UI on sign-in.',
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
    description: 'The key is in the answer once; only its SHA-256 is stored.',
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
        description: 'An integrator without an institution, or another role with one.',
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
  const { id, name, role, institutionCode } = c.get('principal');
  return c.json({ id, name, role, institutionCode }, 200);
});

export function principalRoutes(services: ApiServices) {
  return new Hono<ApiEnv>()
    .use(allow('administrator'))
    .get('/', async (c) => c.json({ items: await listPrincipals(services.store) }, 200))
    .post('/', async (c) => {
      const body = await readBody(c, principalSchema, 'the principal');
      if (!body.ok) return body.response;
      const created = await createPrincipal(services.store, body.value);
      if (!created.ok) {
        return refused(
          c,
          created.issues.some((i) => i.code === 'principal.exists') ? 409 : 422,
          created.issues,
        );
      }
      return c.json(created.value, 201);
    })
    .post('/:id/rotate', async (c) => {
      const rotated = await rotateKey(services.store, c.req.param('id'));
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
      const revoked = await revokePrincipal(services.store, id);
      services.invalidate('principals');
      if (!revoked.ok) return refused(c, 404, revoked.issues);
      return c.json(revoked.value, 200);
    });
}
