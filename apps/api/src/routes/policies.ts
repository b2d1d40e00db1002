import { calendarDateSchema, errorBodySchema, issue } from '@openpayer/domain';
import {
  POLICY_FIELDS,
  POLICY_LAYERS,
  POLICY_PARAMETERS,
  diffPolicies,
  parsePolicyText,
  policySchema,
} from '@openpayer/pricing';
import { activatePolicy, listPolicies, readPolicy, savePolicy } from '@openpayer/persistence';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, allow } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { readBody, refused, validQuery } from '../request.ts';
import type { ApiServices } from '../services.ts';

/** Policy versions: list, read, diff, upload (validated), activate from a date. */

const policySummarySchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    region: z.string(),
    publishedOn: z.string(),
    activeFrom: z.string().nullable(),
    activatedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'PolicySummary' });

const activateSchema = z
  .strictObject({
    from: calendarDateSchema.meta({ description: 'First service date the version is used for.' }),
  })
  .meta({ id: 'ActivatePolicyRequest' });

const diffQuerySchema = z.strictObject({
  from: z.string().min(1).max(100).meta({ description: 'The earlier version (its id).' }),
  to: z.string().min(1).max(100).meta({ description: 'The later version (its id).' }),
});

const entryCountsSchema = z.strictObject({
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
});

const policyEntrySchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'The entry as the document writes it (amounts and ratios as strings).' });

const policyDiffSchema = z
  .strictObject({
    from: z.string(),
    to: z.string(),
    fields: z.array(
      z.strictObject({ field: z.enum(POLICY_FIELDS), before: z.unknown(), after: z.unknown() }),
    ),
    parameters: z.array(
      z.strictObject({
        parameter: z.enum(Object.keys(POLICY_PARAMETERS) as [keyof typeof POLICY_PARAMETERS]),
        layer: z.enum(POLICY_LAYERS),
        status: z.enum(['added', 'removed', 'changed']),
        entries: z.array(
          z.strictObject({
            status: z.enum(['added', 'removed', 'changed']),
            identity: z.string().meta({ description: 'What the entry applies to (its keys).' }),
            beforeIndex: z.number().int().nullable(),
            afterIndex: z.number().int().nullable(),
            before: policyEntrySchema.nullable(),
            after: policyEntrySchema.nullable(),
            fields: z.array(z.string()).meta({ description: 'The fields that differ.' }),
          }),
        ),
        counts: entryCountsSchema,
      }),
    ),
    counts: z.strictObject({
      fields: z.number().int(),
      parameters: entryCountsSchema,
      entries: entryCountsSchema,
    }),
  })
  .meta({ id: 'PolicyDiff' });

const errors = {
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role may not do this.', schema: errorBodySchema },
} as const;

export const policyRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/policies',
    operationId: 'listPolicies',
    summary: 'List policy versions',
    description:
      'Every stored version with its activation (activeFrom null = uploaded, not in force).',
    tags: ['policies'],
    responses: {
      200: {
        description: 'Versions.',
        schema: z.strictObject({ items: z.array(policySummarySchema) }),
      },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/policies/diff',
    operationId: 'diffPolicies',
    summary: 'Diff two policy versions',
    description:
      'Version fields (title, region, publication date, rounding) and, per parameter, the entries added, removed and changed ' +
      '(matched by their keys; a changed entry carries both sides with their dates), with counts. ' +
      'Query: `from` and `to`, the ids of the two versions.',
    tags: ['policies'],
    responses: {
      200: { description: 'The diff.', schema: policyDiffSchema },
      400: { description: 'A parameter is missing or wrong.', schema: errorBodySchema },
      ...errors,
      404: { description: 'No such version.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/policies/{id}',
    operationId: 'getPolicy',
    summary: 'Get a policy version',
    tags: ['policies'],
    responses: {
      200: {
        description: 'The summary and the document.',
        schema: z.strictObject({ summary: policySummarySchema, policy: policySchema }),
      },
      ...errors,
      404: { description: 'No such version.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/policies',
    operationId: 'uploadPolicy',
    summary: 'Upload a policy version (administrators)',
    description:
      'A policy document as JSON (application/json) or YAML (application/yaml), validated: every problem is an issue with the path of ' +
      'the field (ratios outside 0–1, bands not rising, shares not summing to 1, overlapping entries, a kind of claim left without a parameter) ' +
      'and, when the field is written in the text, its line and column in `data`. At most 100 issues are listed, then one ' +
      '`policy.more_issues` with the count of the rest in `data.count`. Stored inactive; activate it with /activate.',
    tags: ['policies'],
    requestBody: policySchema,
    responses: {
      201: { description: 'Stored.', schema: policySummarySchema },
      400: {
        description:
          'Not JSON / YAML, or YAML nesting collections deeper than 64 levels (policy.syntax).',
        schema: errorBodySchema,
      },
      ...errors,
      409: { description: 'A version with this id exists.', schema: errorBodySchema },
      422: {
        description: 'The document is not a valid policy (issues name the fields).',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/policies/{id}/activate',
    operationId: 'activatePolicy',
    summary: 'Activate a version from a date (administrators)',
    tags: ['policies'],
    requestBody: activateSchema,
    responses: {
      200: { description: 'Activated.', schema: policySummarySchema },
      400: { description: 'The date is wrong.', schema: errorBodySchema },
      ...errors,
      404: { description: 'No such version.', schema: errorBodySchema },
      409: {
        description: 'Another version of the region starts that day.',
        schema: errorBodySchema,
      },
    },
  },
];

export function policyRoutes(services: ApiServices) {
  const notFound = (id: string) =>
    errorBody('not_found', `no policy ${id}`, [
      issue('policy.not_found', `no policy ${id}`, { path: ['id'] }),
    ]);

  const notFoundAt = (id: string, parameter: 'from' | 'to') =>
    errorBody('not_found', `no policy ${id}`, [
      issue('policy.not_found', `no policy ${id}`, { path: [parameter] }),
    ]);

  return (
    new Hono<ApiEnv>()
      .get('/', async (c) => c.json({ items: await listPolicies(services.store) }, 200))
      // Before '/:id', which would take "diff" for an id.
      .get('/diff', validQuery(diffQuerySchema), async (c) => {
        const { from, to } = c.req.valid('query');
        const [a, b] = await Promise.all([
          readPolicy(services.store, from),
          readPolicy(services.store, to),
        ]);
        if (a === undefined) return c.json(notFoundAt(from, 'from'), 404);
        if (b === undefined) return c.json(notFoundAt(to, 'to'), 404);
        return c.json(diffPolicies(a.policy, b.policy), 200);
      })
      .get('/:id', async (c) => {
        const found = await readPolicy(services.store, c.req.param('id'));
        if (found === undefined) return c.json(notFound(c.req.param('id')), 404);
        return c.json({ summary: found.summary, policy: found.wire }, 200);
      })
      .post('/', allow('upload_policy'), async (c) => {
        const type = (c.req.header('content-type') ?? '').toLowerCase();
        const format = /^(application|text)\/(x-)?yaml\b/u.test(type)
          ? 'yaml'
          : /^application\/(?:[\w.+-]+\+)?json\b/u.test(type)
            ? 'json'
            : undefined;
        if (format === undefined) {
          return c.json(
            errorBody(
              'unsupported_media_type',
              `send application/json or application/yaml, got "${type || '(none)'}"`,
            ),
            415,
          );
        }
        const text = await c.req.text();
        if (text.trim() === '')
          return c.json(errorBody('malformed_json', 'the body is empty'), 400);
        const parsed = parsePolicyText(text, format);
        if (!parsed.ok) {
          if (parsed.issues.some((i) => i.code === 'policy.syntax')) {
            return c.json(
              errorBody(
                'malformed_json',
                parsed.issues[0]?.message ?? 'syntax error',
                parsed.issues,
              ),
              400,
            );
          }
          return refused(c, 422, parsed.issues);
        }
        const saved = await savePolicy(services.store, parsed.value, c.get('principal').id);
        if (!saved.ok) return refused(c, 409, saved.issues);
        services.invalidate('policies');
        c.header('location', `/v1/policies/${saved.value.id}`);
        return c.json(saved.value, 201);
      })
      .post('/:id/activate', allow('activate_policy'), async (c) => {
        const body = await readBody(c, activateSchema, 'the activation');
        if (!body.ok) return body.response;
        const result = await activatePolicy(
          services.store,
          c.req.param('id'),
          body.value.from,
          c.get('principal').id,
        );
        if (!result.ok) {
          return result.issues.some((i) => i.code === 'policy.not_found')
            ? c.json(notFound(c.req.param('id')), 404)
            : refused(c, 409, result.issues);
        }
        services.invalidate('policies');
        return c.json(result.value, 200);
      })
  );
}
