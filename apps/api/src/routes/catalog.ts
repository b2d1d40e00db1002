import {
  COVERAGE_CLASSES,
  type CatalogItem,
  RESTRICTION_KINDS,
  catalogItemSchema,
  catalogReleaseSchema,
  decideClaim,
  diffCountsSchema,
  diffReleases,
  encodeItemChange,
  encodeLineDecisions,
  importNrdl,
  importSettingsSchema,
  itemChangeSchema,
  lineDecisionSchema,
} from '@openpayer/catalog';
import { loadConditionDictionary, loadImportSettings, readShipped } from '@openpayer/catalog/node';
import { ITEM_KINDS, claimSchema, errorBodySchema, issue, serviceDateOf } from '@openpayer/domain';
import { listApprovals, listReleases, saveRelease } from '@openpayer/persistence';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { type ApiEnv, actsFor, allow } from '../auth.ts';
import { errorBody } from '../errors.ts';
import { releaseSummarySchema } from '../catalog-views.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { forbiddenInstitution, readBody, refused, tooLarge, validQuery } from '../request.ts';
import type { ApiServices } from '../services.ts';
import { readClaim } from '../claim-input.ts';

/** Catalog look-up, coverage decisions, versions and their diff, import (administrators). */

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const itemsQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Name contains, or code starts with.' }),
  class: z.enum(COVERAGE_CLASSES).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
  restriction: z.enum(RESTRICTION_KINDS).optional(),
  negotiated: flag.optional(),
  unparsed: flag.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const diffQuerySchema = z.strictObject({
  from: z.string().min(1).max(100),
  to: z.string().min(1).max(100),
  limit: z.coerce.number().int().min(0).max(200_000).default(1000),
});

const coverageQuerySchema = z.strictObject({ release: z.string().min(1).max(100).optional() });

export const importRequestSchema = z
  .discriminatedUnion('format', [
    z.strictObject({
      format: z.literal('release'),
      release: catalogReleaseSchema,
    }),
    z.strictObject({
      format: z.literal('nrdl-csv'),
      csv: z.string().min(1).max(50_000_000).meta({ description: 'The NRDL table as CSV text.' }),
      release: importSettingsSchema.shape.release.meta({
        description:
          'The new release’s id, title, region, effective period, publication date and source.',
      }),
      ruleBase: z.boolean().default(true).meta({
        description:
          'Add the national rule base’s sex / age / tier / setting / course / scheme restrictions.',
      }),
    }),
  ])
  .meta({ id: 'CatalogImportRequest' });

const itemView = (item: CatalogItem) => z.encode(catalogItemSchema, item);

const diffResponseSchema = z
  .strictObject({
    from: z.string(),
    to: z.string(),
    counts: diffCountsSchema,
    added: z.array(catalogItemSchema),
    removed: z.array(catalogItemSchema),
    changed: z.array(itemChangeSchema),
    truncated: z
      .boolean()
      .meta({ description: 'A list was cut at `limit`; the counts are always complete.' }),
  })
  .meta({ id: 'CatalogDiff' });

const errors = {
  400: { description: 'A parameter or field is wrong (issues name it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role may not do this.', schema: errorBodySchema },
} as const;
const notFound = {
  404: { description: 'No such release or item.', schema: errorBodySchema },
} as const;

export const catalogRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/catalog/releases',
    operationId: 'listCatalogReleases',
    summary: 'List catalog releases',
    tags: ['catalog'],
    responses: {
      200: {
        description: 'Release headers, oldest first, with when each was imported (`importedAt`).',
        schema: z.strictObject({ items: z.array(releaseSummarySchema) }),
      },
      ...errors,
    },
  },
  {
    method: 'post',
    path: '/v1/catalog/releases',
    operationId: 'importCatalogRelease',
    summary: 'Import a release (administrators)',
    description:
      'A whole release document, or the national drug list as CSV (imported with the shipped settings and condition dictionary). ' +
      'Releases are immutable: an existing id is 409. Bodies up to 64 MiB.',
    tags: ['catalog'],
    requestBody: importRequestSchema,
    responses: {
      201: { description: 'Imported.', schema: z.looseObject({ release: releaseSummarySchema }) },
      ...errors,
      409: { description: 'A release with this id exists.', schema: errorBodySchema },
      422: {
        description: 'The CSV could not be imported (issues give line numbers).',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'get',
    path: '/v1/catalog/releases/{id}/items',
    operationId: 'searchCatalogItems',
    summary: 'Look up items',
    description:
      'Filters: q (name contains / code prefix), class, kind, restriction kind, negotiated, unparsed; limit and offset.',
    tags: ['catalog'],
    responses: {
      200: {
        description: 'A page of items.',
        schema: z.strictObject({
          items: z.array(catalogItemSchema),
          total: z.int(),
          offset: z.int(),
          limit: z.int(),
        }),
      },
      ...errors,
      ...notFound,
    },
  },
  {
    method: 'get',
    path: '/v1/catalog/releases/{id}/items/{itemId}',
    operationId: 'getCatalogItem',
    summary: 'Get an item',
    tags: ['catalog'],
    responses: {
      200: { description: 'The item.', schema: catalogItemSchema },
      ...errors,
      ...notFound,
    },
  },
  {
    method: 'get',
    path: '/v1/catalog/diff',
    operationId: 'diffCatalogReleases',
    summary: 'Diff two releases',
    description:
      'Added, removed and changed items (by class, restriction, payment standard, agreement window, name, codes) with counts; lists are cut at `limit` (counts never are).',
    tags: ['catalog'],
    responses: {
      200: { description: 'The diff.', schema: diffResponseSchema },
      ...errors,
      ...notFound,
    },
  },
  {
    method: 'post',
    path: '/v1/catalog/coverage',
    operationId: 'decideCoverage',
    summary: 'Coverage decision for the items of a claim',
    description:
      'Each line of the claim (its context: person, institution, diagnoses, evidence) decided against the release in force on the service date ' +
      "(or `?release=`), with the person's stored approvals usable at the claim's institution: outcome, every restriction's result, payment standard, alternatives, reasons. " +
      'An institution integrator asks only about its own institution’s claims (403 otherwise).',
    tags: ['catalog'],
    requestBody: claimSchema,
    responses: {
      200: {
        description: 'One decision per line, in the order of the claim’s lines.',
        schema: z.strictObject({
          release: z.string().meta({ description: 'The catalog release decided against.' }),
          lines: z.array(lineDecisionSchema),
        }),
      },
      ...errors,
      ...notFound,
    },
  },
];

export function catalogRoutes(services: ApiServices) {
  const releaseNotFound = (id: string) =>
    errorBody('not_found', `no catalog release ${id}`, [
      issue('catalog.release_not_found', `no catalog release ${id}`, { path: ['id'] }),
    ]);

  return new Hono<ApiEnv>()
    .get('/releases', async (c) => c.json({ items: await listReleases(services.store) }, 200))
    .post(
      '/releases',
      allow('import_catalog'),
      bodyLimit({
        maxSize: 64 * 1024 * 1024,
        onError: (c) => tooLarge(c, 'the import is larger than 64 MiB'),
      }),
      async (c) => {
        const body = await readBody(c, importRequestSchema, 'the import');
        if (!body.ok) return body.response;
        const request = body.value;
        let release;
        let summary: unknown = null;
        if (request.format === 'release') {
          release = request.release;
        } else {
          const settings = { ...loadImportSettings(), release: request.release };
          const imported = importNrdl({
            csv: request.csv,
            settings,
            conditions: loadConditionDictionary(),
            ...(request.ruleBase
              ? {
                  ruleBase: {
                    restrictionsCsv: readShipped('ruleBaseRestrictions'),
                    codesCsv: readShipped('ruleBaseCodes'),
                  },
                }
              : {}),
          });
          if (!imported.ok) return refused(c, 422, imported.issues);
          release = imported.value.release;
          summary = imported.value.summary;
        }
        const saved = await saveRelease(services.store, release, {
          actor: c.get('principal').id,
        });
        if (!saved.ok) return refused(c, 409, saved.issues);
        services.releaseAdded(release);
        return c.json({ release: saved.value, import: summary }, 201);
      },
    )
    .get('/releases/:id/items', validQuery(itemsQuerySchema), async (c) => {
      const id = c.req.param('id');
      const index = await services.catalog(id);
      if (index === undefined) return c.json(releaseNotFound(id), 404);
      const q = c.req.valid('query');
      const needle = q.q?.toLowerCase();
      const matches: CatalogItem[] = [];
      for (const item of index.items()) {
        if (q.class !== undefined && item.coverageClass !== q.class) continue;
        if (q.kind !== undefined && item.kind !== q.kind) continue;
        if (q.negotiated !== undefined && item.negotiated !== q.negotiated) continue;
        if (q.unparsed !== undefined && item.unparsed.length > 0 !== q.unparsed) continue;
        if (
          q.restriction !== undefined &&
          !item.restrictions.some((r) => r.kind === q.restriction) &&
          !item.indications.some((i) => i.restrictions.some((r) => r.kind === q.restriction))
        ) {
          continue;
        }
        if (
          needle !== undefined &&
          !item.name.toLowerCase().includes(needle) &&
          !item.id.toLowerCase().startsWith(needle) &&
          !item.codes.some((code) => code.toLowerCase().startsWith(needle))
        ) {
          continue;
        }
        matches.push(item);
      }
      return c.json(
        {
          items: matches.slice(q.offset, q.offset + q.limit).map(itemView),
          total: matches.length,
          offset: q.offset,
          limit: q.limit,
        },
        200,
      );
    })
    .get('/releases/:id/items/:itemId{.+}', async (c) => {
      const id = c.req.param('id');
      const index = await services.catalog(id);
      if (index === undefined) return c.json(releaseNotFound(id), 404);
      const item = index.item(c.req.param('itemId'));
      if (item === undefined) {
        return c.json(
          errorBody('not_found', `no item ${c.req.param('itemId')} in ${id}`, [
            issue('catalog.item_not_found', `no item ${c.req.param('itemId')} in ${id}`, {
              path: ['itemId'],
            }),
          ]),
          404,
        );
      }
      return c.json(itemView(item), 200);
    })
    .get('/diff', validQuery(diffQuerySchema), async (c) => {
      const { from, to, limit } = c.req.valid('query');
      const [a, b] = await Promise.all([services.catalog(from), services.catalog(to)]);
      if (a === undefined) return c.json(releaseNotFound(from), 404);
      if (b === undefined) return c.json(releaseNotFound(to), 404);
      const diff = diffReleases(a.release, b.release);
      return c.json(
        {
          from,
          to,
          counts: diff.counts,
          added: diff.added.slice(0, limit).map(itemView),
          removed: diff.removed.slice(0, limit).map(itemView),
          changed: diff.changed.slice(0, limit).map(encodeItemChange),
          truncated:
            diff.added.length > limit || diff.removed.length > limit || diff.changed.length > limit,
        },
        200,
      );
    })
    .post('/coverage', validQuery(coverageQuerySchema), async (c) => {
      const { release } = c.req.valid('query');
      const read = await readClaim(c);
      if (!read.ok) return read.response;
      const { claim } = read;
      // An integrator asks only about its own institution's claims (and so never sees another
      // institution's approvals, which a claim of its own cannot use).
      if (!actsFor(c.get('principal'), claim.institution.code)) {
        return forbiddenInstitution(c, claim.institution.code);
      }
      let index;
      if (release !== undefined) {
        index = await services.catalog(release);
        if (index === undefined) return c.json(releaseNotFound(release), 404);
      } else {
        const date = serviceDateOf(claim);
        index = await services.catalogAt(date, claim.person.insuredRegion);
        if (index === undefined) {
          return refused(c, 422, [
            issue(
              'settlement.no_catalog_in_force',
              `no catalog release for ${claim.person.insuredRegion} on ${date}`,
              {
                path: ['dischargeDate'],
              },
            ),
          ]);
        }
      }
      const approvals = await listApprovals(
        services.store,
        { personId: claim.person.id, status: 'approved' },
        { limit: 200 },
      );
      const lines = decideClaim(index, claim, {
        approvals: approvals.items.map((a) => a.approval),
      });
      return c.json({ release: index.release.id, lines: encodeLineDecisions(lines) }, 200);
    });
}
