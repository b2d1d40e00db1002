import {
  CatalogIndex,
  attachCrosswalk,
  crosswalkAttachmentSchema,
  crosswalkFromCsv,
} from '@openpayer/catalog';
import { errorBodySchema, issue, issuesFromZod } from '@openpayer/domain';
import { saveRelease } from '@openpayer/persistence';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, allow } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { refused, validJson } from '../request.ts';
import type { ApiServices } from '../services.ts';
import { releaseSummarySchema } from '../catalog-views.ts';

/**
 * A crosswalk (对照: a hospital's own item codes → national codes) attached to a release. Releases
 * are never edited, so the answer is a new dated release: the base's content with the crosswalk
 * merged in (or replacing the base's), in force from `effectiveFrom`. Claims whose lines carry a
 * hospital code (`localCode`) then match through it.
 */

const attachmentFields = crosswalkAttachmentSchema.omit({ entries: true }).shape;

export const crosswalkRequestSchema = z
  .discriminatedUnion('format', [
    z.strictObject({
      format: z.literal('entries'),
      ...attachmentFields,
      entries: crosswalkAttachmentSchema.shape.entries,
    }),
    z.strictObject({
      format: z.literal('csv'),
      ...attachmentFields,
      csv: z.string().min(1).max(10_000_000).meta({
        description:
          'CSV with a header naming institutionCode, localCode, kind, nationalCode and optionally localName.',
      }),
    }),
  ])
  .meta({ id: 'CatalogCrosswalkRequest' });

const crosswalkResponseSchema = z
  .strictObject({
    release: releaseSummarySchema,
    baseReleaseId: z.string(),
    crosswalk: z.strictObject({
      attached: z.int().meta({ description: 'Entries in the request.' }),
      total: z.int().meta({ description: "Entries in the new release's crosswalk." }),
      listed: z.int().meta({
        description: 'Entries whose national code the release lists (by code or generic).',
      }),
    }),
  })
  .meta({ id: 'CatalogCrosswalkResult' });

const pathSchema = z.strictObject({ id: z.string().min(1).max(100) });

export const catalogCrosswalkRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/catalog/releases/{id}/crosswalk',
    operationId: 'attachCatalogCrosswalk',
    summary: 'Attach a hospital-code crosswalk to a release (administrators)',
    description:
      'A new dated release: release `id` with these hospital codes → national codes merged into its crosswalk (`mode: replace` ' +
      'supersedes it), in force from `effectiveFrom` (inside the base’s period) to the base’s end. The base is not changed. ' +
      'Entries as JSON (`format: entries`) or CSV text (`format: csv`; problems name the CSV line); the body within the API’s request limit.',
    tags: ['catalog'],
    requestBody: crosswalkRequestSchema,
    responses: {
      201: { description: 'Published.', schema: crosswalkResponseSchema },
      400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
      401: { description: 'No or an unknown API key.', schema: errorBodySchema },
      403: { description: 'The role may not do this.', schema: errorBodySchema },
      404: { description: 'No such release.', schema: errorBodySchema },
      409: { description: 'A release with the new id exists.', schema: errorBodySchema },
      422: {
        description:
          'The crosswalk cannot be attached: CSV rows, its header, or a start outside the base (issues name them).',
        schema: errorBodySchema,
      },
    },
  },
];

export function catalogCrosswalkRoutes(services: ApiServices) {
  return new Hono<ApiEnv>().post(
    '/releases/:id/crosswalk',
    allow('import_catalog'),
    validJson(crosswalkRequestSchema, 'the crosswalk'),
    async (c) => {
      const path = pathSchema.safeParse(c.req.param());
      if (!path.success) {
        return c.json(
          errorBody('invalid_request', 'the path is not valid', issuesFromZod(path.error)),
          400,
        );
      }
      const { id } = path.data;
      const index = await services.catalog(id);
      if (index === undefined) {
        return c.json(
          errorBody('not_found', `no catalog release ${id}`, [
            issue('catalog.release_not_found', `no catalog release ${id}`, { path: ['id'] }),
          ]),
          404,
        );
      }
      const body = c.req.valid('json');
      let entries;
      if (body.format === 'csv') {
        const read = crosswalkFromCsv(body.csv);
        if (!read.ok) {
          return refused(
            c,
            422,
            read.issues.map((i) => ({ ...i, path: ['csv', ...i.path] })),
          );
        }
        entries = read.value;
      } else {
        entries = body.entries;
      }
      const { id: newId, effectiveFrom, publishedOn, mode } = body;
      const attached = attachCrosswalk(index.release, {
        id: newId,
        ...(body.title === undefined ? {} : { title: body.title }),
        effectiveFrom,
        publishedOn,
        mode,
        entries,
      });
      if (!attached.ok) return refused(c, 422, attached.issues);
      const release = attached.value;
      const saved = await saveRelease(services.store, release, {
        actor: c.get('principal').id,
        kind: 'catalog.crosswalk_attached',
        event: { baseReleaseId: id, attached: entries.length, mode },
      });
      if (!saved.ok) return refused(c, 409, saved.issues);
      services.releaseAdded(release);
      const withCrosswalk = new CatalogIndex(release);
      let listed = 0;
      for (const e of entries)
        if (withCrosswalk.resolve({ kind: e.kind, code: e.nationalCode }) !== undefined) listed++;
      return c.json(
        {
          release: saved.value,
          baseReleaseId: id,
          crosswalk: { attached: entries.length, total: release.crosswalk.length, listed },
        },
        201,
      );
    },
  );
}
