import {
  type RestrictionEditIssueCode,
  diffCountsSchema,
  editRestrictions,
  encodeItemChange,
  itemChangeSchema,
  restrictionEditSchema,
} from '@openpayer/catalog';
import { errorBodySchema, issue, issuesFromZod } from '@openpayer/domain';
import { listReleases, readReleaseEdit, saveReleaseEdit } from '@openpayer/persistence';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, allow } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { refused, validJson } from '../request.ts';
import { type ApiServices, today } from '../services.ts';
import { releaseSummarySchema } from '../catalog-views.ts';

/**
 * Administrators finish what the importer could not: an item's restrictions structured by hand,
 * published as a new dated release made from the one they looked at (never an edit of it), with
 * the author and the note recorded and the diff against the base answered.
 */

export const releaseEditSchema = z
  .strictObject({
    releaseId: z.string().meta({ description: 'The release the edit published.' }),
    baseReleaseId: z.string().meta({ description: 'The release it was made from.' }),
    itemId: z.string(),
    author: z.string().meta({ description: 'The id of the principal who published it.' }),
    note: z.string(),
    publishedOn: z.string().meta({ format: 'date' }),
    createdAt: z.string().meta({ description: 'When it was stored (ISO timestamp, UTC).' }),
  })
  .meta({
    id: 'CatalogReleaseEdit',
    description: 'Who published a release made by hand, and why.',
  });

const editResponseSchema = z
  .strictObject({
    release: releaseSummarySchema,
    edit: releaseEditSchema,
    diff: z
      .strictObject({
        from: z.string(),
        to: z.string(),
        counts: diffCountsSchema,
        changed: z.array(itemChangeSchema),
      })
      .meta({
        description:
          'The new release against its base (`GET /v1/catalog/diff` projected: an edit adds and removes nothing).',
      }),
  })
  .meta({ id: 'CatalogRestrictionEditResult' });

/** Path parameters: an item id holds "/" (`XL01EB/达可替尼片`), sent percent-encoded. */
const editPathSchema = z.strictObject({
  id: z.string().min(1).max(100),
  itemId: z.string().min(1).max(300),
});

const errors = {
  400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role may not do this.', schema: errorBodySchema },
  404: { description: 'No such release or item.', schema: errorBodySchema },
} as const;

export const catalogEditRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/catalog/releases/{id}/items/{itemId}/restrictions',
    operationId: 'editCatalogItemRestrictions',
    summary: 'Publish an item’s restrictions structured by hand (administrators)',
    description:
      'A new dated release: a copy of release `id` with item `itemId` (percent-encoded) given these restrictions, indications and ' +
      'remaining unparsed fragments (its structuring follows), in force from `effectiveFrom` to the base’s end. The base release is ' +
      'not changed. `effectiveFrom` must be after the base’s start, before its end, after today (no date already past reads ' +
      'differently) and before any later release of the region replaces the base. The author (the API key’s principal) and the ' +
      'note are recorded; the answer carries the diff against the base.',
    tags: ['catalog'],
    requestBody: restrictionEditSchema,
    responses: {
      201: { description: 'Published.', schema: editResponseSchema },
      ...errors,
      409: { description: 'A release with the new id exists.', schema: errorBodySchema },
      422: {
        description:
          'The edit cannot be published: dates, a restriction claimed as read by the importer, or no change (issues name the field).',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'get',
    path: '/v1/catalog/releases/{id}/edit',
    operationId: 'getCatalogReleaseEdit',
    summary: 'Who published a release made by hand',
    description:
      'The edit record of a release published through the restriction edit; 404 for an imported release.',
    tags: ['catalog'],
    responses: {
      200: { description: 'The edit record.', schema: releaseEditSchema },
      ...errors,
    },
  },
];

const STATUS_OF: Readonly<Record<RestrictionEditIssueCode, 404 | 409 | 422>> = {
  'catalog.item_not_found': 404,
  'catalog.release_exists': 409,
  'catalog.edit_effective_not_after_base': 422,
  'catalog.edit_effective_after_base_end': 422,
  'catalog.edit_retroactive': 422,
  'catalog.edit_base_superseded': 422,
  'catalog.edit_source_not_manual': 422,
  'catalog.edit_no_change': 422,
};

export function catalogEditRoutes(services: ApiServices) {
  const releaseNotFound = (id: string) =>
    errorBody('not_found', `no catalog release ${id}`, [
      issue('catalog.release_not_found', `no catalog release ${id}`, { path: ['id'] }),
    ]);

  return new Hono<ApiEnv>()
    .post(
      '/releases/:id/items/:itemId/restrictions',
      allow('edit_catalog'),
      validJson(restrictionEditSchema, 'the restriction edit'),
      async (c) => {
        // Checked here rather than by a middleware returning a bare Response: the typed client
        // keeps this route's success body.
        const path = editPathSchema.safeParse(c.req.param());
        if (!path.success) {
          return c.json(
            errorBody('invalid_request', 'the path is not valid', issuesFromZod(path.error)),
            400,
          );
        }
        const { id, itemId } = path.data;
        const index = await services.catalog(id);
        if (index === undefined) return c.json(releaseNotFound(id), 404);
        const result = editRestrictions(
          {
            base: index.release,
            itemId,
            author: c.get('principal').id,
            publishedOn: today(services),
            others: await listReleases(services.store),
          },
          c.req.valid('json'),
        );
        if (!result.ok) {
          if (result.issues.some((i) => i.code.startsWith('schema.'))) {
            return c.json(
              errorBody('invalid_request', 'the restriction edit is not valid', result.issues),
              400,
            );
          }
          // The most specific status among the issues: a missing item before a conflict before the rest.
          const statuses = result.issues.map((i) => STATUS_OF[i.code as RestrictionEditIssueCode]);
          const status = statuses.includes(404) ? 404 : statuses.includes(409) ? 409 : 422;
          return refused(c, status, result.issues);
        }
        const { release, record, diff } = result.value;
        const saved = await saveReleaseEdit(services.store, release, record, c.get('principal').id);
        if (!saved.ok) return refused(c, 409, saved.issues);
        services.releaseAdded(release);
        return c.json(
          {
            release: saved.value.release,
            edit: saved.value.edit,
            diff: {
              from: diff.from,
              to: diff.to,
              counts: diff.counts,
              changed: diff.changed.map(encodeItemChange),
            },
          },
          201,
        );
      },
    )
    .get('/releases/:id/edit', async (c) => {
      const id = c.req.param('id');
      const edit = await readReleaseEdit(services.store, id);
      if (edit === undefined) {
        return c.json(
          errorBody('not_found', `release ${id} was not published by a restriction edit`, [
            issue(
              'catalog.release_edit_not_found',
              `release ${id} was not published by a restriction edit`,
              {
                path: ['id'],
              },
            ),
          ]),
          404,
        );
      }
      return c.json(edit, 200);
    });
}
