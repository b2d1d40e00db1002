import { errorBodySchema, personIdSchema } from '@openpayer/domain';
import { encodeAccumulators } from '@openpayer/pricing';
import { institutionKnowsPerson, readAccumulators } from '@openpayer/persistence';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiEnv } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { checked } from '../request.ts';
import type { ApiServices } from '../services.ts';

/**
 * A person's year-to-date figures. The fund's roles read anyone's; an institution integrator only
 * those of a person it has settled a claim or requested an approval for (its patient).
 */

const paramsSchema = z.strictObject({
  personId: personIdSchema,
  year: z.coerce.number().int().min(2000).max(2100),
});

export const accumulatorRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/accumulators/{personId}/{year}',
    operationId: 'getAccumulators',
    summary: "A person's year-to-date accumulators",
    description:
      'Deductible used, admissions, fund paid, critical-illness base and paid, assistance, commercial (money as strings).',
    tags: ['accumulators'],
    responses: {
      200: {
        description: 'The figures (zero when nothing was settled).',
        schema: z.record(z.string(), z.unknown()),
      },
      400: { description: 'The person id or year is wrong.', schema: errorBodySchema },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      404: {
        description: 'Not a patient of this integrator’s institution.',
        schema: errorBodySchema,
      },
    },
  },
];

export function accumulatorRoutes(services: ApiServices) {
  return new Hono<ApiEnv>().get('/:personId/:year', async (c) => {
    const params = checked(c, paramsSchema, c.req.param(), 'the path');
    if (!params.ok) return params.response;
    const { personId, year } = params.value;
    const principal = c.get('principal');
    if (
      principal.role === 'institution_integrator' &&
      !(await institutionKnowsPerson(services.store, principal.institutionCode ?? '', personId))
    ) {
      return c.json(
        errorBody('not_found', `no accumulators for ${personId} visible to this key`),
        404,
      );
    }
    return c.json(encodeAccumulators(await readAccumulators(services.store, personId, year)), 200);
  });
}
