import { type CatalogRelease, catalogReleaseSchema } from '@openpayer/catalog';
import { claimSchema, errorBodySchema, issue, serviceDateOf } from '@openpayer/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiEnv } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { refused, validQuery } from '../request.ts';
import type { ApiServices } from '../services.ts';
import { readClaim } from '../claim-input.ts';

/**
 * The part of a catalog release one claim reads: the items its lines resolve to (in release
 * order), the rule-base restrictions of their national codes and their primary-care formulary
 * membership. An index built from it decides every line of that claim exactly as the whole release
 * does — so a client (the admin UI's simulator, an embedding platform) can run the engine itself
 * without downloading thousands of items. The rule-base restrictions are not served anywhere else.
 */

const sliceQuerySchema = z.strictObject({
  release: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'A release id; default: the release in force for the claim.' }),
});

const sliceBodySchema = z
  .strictObject({ release: catalogReleaseSchema })
  .meta({ id: 'CatalogSlice' });

export const catalogSliceRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/catalog/slice',
    operationId: 'catalogSliceForClaim',
    summary: 'The catalog slice a claim reads (to run the engine client-side)',
    description:
      'The release in force for the claim (or `?release=`), reduced to the items its lines resolve to, the rule-base ' +
      "restrictions of the lines' national codes and the primary-care formulary entries among those items. A " +
      'CatalogIndex built from it decides the claim exactly as the whole release; substitution groups are left out ' +
      '(they only name alternatives).',
    tags: ['catalog'],
    requestBody: claimSchema,
    responses: {
      200: { description: 'The slice, as a release document.', schema: sliceBodySchema },
      400: {
        description: 'The claim is not valid (issues name the field).',
        schema: errorBodySchema,
      },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      404: { description: 'No such release.', schema: errorBodySchema },
      422: { description: 'No release in force for the claim.', schema: errorBodySchema },
    },
  },
];

export function catalogSliceRoutes(services: ApiServices) {
  return new Hono<ApiEnv>().post('/slice', validQuery(sliceQuerySchema), async (c) => {
    const { release } = c.req.valid('query');
    const read = await readClaim(c);
    if (!read.ok) return read.response;
    const { claim } = read;
    const date = serviceDateOf(claim);
    const index =
      release === undefined
        ? await services.catalogAt(date, claim.person.insuredRegion)
        : await services.catalog(release);
    if (index === undefined) {
      if (release !== undefined) {
        return c.json(
          errorBody('not_found', `no catalog release ${release}`, [
            issue('catalog.release_not_found', `no catalog release ${release}`, {
              path: ['release'],
            }),
          ]),
          404,
        );
      }
      return refused(c, 422, [
        issue(
          'settlement.no_catalog_in_force',
          `no catalog release for ${claim.person.insuredRegion} on ${date}`,
          { path: ['dischargeDate'] },
        ),
      ]);
    }
    const ids = new Set<string>();
    const codes = new Set<string>();
    for (const line of claim.lines) {
      const resolved = index.resolve(line, claim.institution.code);
      codes.add(resolved?.nationalCode ?? line.code);
      if (resolved !== undefined) ids.add(resolved.item.id);
    }
    const full = index.release;
    const slice: CatalogRelease = {
      ...full,
      // Release order: when several items could answer a look-up, the first one wins.
      items: full.items.filter((item) => ids.has(item.id)),
      codeRestrictions: [...codes].flatMap((code) => {
        const restrictions = index.codeRestrictions(code);
        return restrictions.length === 0 ? [] : [{ code, restrictions: [...restrictions] }];
      }),
      primaryCareFormulary:
        full.primaryCareFormulary === null
          ? null
          : full.primaryCareFormulary.filter((id) => ids.has(id)),
      substitutionGroups: [],
    };
    return c.json({ release: z.encode(catalogReleaseSchema, slice) }, 200);
  });
}
