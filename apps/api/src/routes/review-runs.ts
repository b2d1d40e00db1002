import { calendarDateSchema, errorBodySchema, issue } from '@openpayer/domain';
import { listReviewRuns, newId, readReviewRun, runReview } from '@openpayer/persistence';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, allow } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { refused, validJson } from '../request.ts';
import type { ApiServices } from '../services.ts';

/**
 * Post-payment review runs (事后审核) over the stored ledger: the rule sets in force on each
 * claim's service date run over the claims of live settlements in a period (one institution's, or
 * all), with each person's stored history; the findings are listed with GET /v1/findings?runId=.
 */

const reviewRunSchema = z
  .strictObject({
    id: z.string(),
    from: z.string(),
    to: z.string().meta({ description: 'Exclusive.' }),
    institutionCode: z.string().nullable(),
    status: z.enum(['running', 'finished', 'failed']),
    claims: z.int().meta({ description: 'Claims reviewed.' }),
    skipped: z.int().meta({
      description:
        'Claims of the period not reviewed: the stored claim no longer decodes, or no rule set or catalog release is there for it.',
    }),
    findings: z.int(),
    requestedBy: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ReviewRun' });

const runRequestSchema = z
  .strictObject({
    from: calendarDateSchema.meta({ description: 'First service date reviewed.' }),
    to: calendarDateSchema.meta({ description: 'First service date not reviewed.' }),
    institution: z.string().min(1).max(40).optional(),
  })
  .refine((r) => r.from < r.to, { error: 'must be after from', path: ['to'] })
  .meta({ id: 'ReviewRunRequest' });

const errors = {
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role may not do this.', schema: errorBodySchema },
} as const;

export const reviewRunRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/review-runs',
    operationId: 'runReview',
    summary: 'Run the post-payment review over a period (reviewers)',
    description:
      'Reviews every live settlement whose service date is in [from, to) (of `institution`, when given) with the rule sets in ' +
      "force on its service date and the person's stored history, stores the findings with the run, and answers the finished run. " +
      'The findings: GET /v1/findings?runId=.',
    tags: ['supervision'],
    requestBody: runRequestSchema,
    responses: {
      201: { description: 'The finished run.', schema: reviewRunSchema },
      400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/review-runs',
    operationId: 'listReviewRuns',
    summary: 'List review runs (newest first, the last 200)',
    tags: ['supervision'],
    responses: {
      200: { description: 'Runs.', schema: z.strictObject({ items: z.array(reviewRunSchema) }) },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/review-runs/{id}',
    operationId: 'getReviewRun',
    summary: 'Get a review run',
    tags: ['supervision'],
    responses: {
      200: { description: 'The run.', schema: reviewRunSchema },
      ...errors,
      404: { description: 'No such run.', schema: errorBodySchema },
    },
  },
];

export function reviewRunRoutes(services: ApiServices) {
  return new Hono<ApiEnv>()
    .post('/', allow('run_review'), validJson(runRequestSchema, 'the review run'), async (c) => {
      const q = c.req.valid('json');
      const id = newId('run', services.now(), (n) => services.randomHex(n));
      const result = await runReview(services.store, {
        id,
        from: q.from,
        to: q.to,
        institutionCode: q.institution,
        by: c.get('principal').id,
        ruleSetsAt: (date, region) => services.ruleSetsAt(date, region),
        catalog: (catalogId) => services.catalog(catalogId),
      });
      if (!result.ok) return refused(c, 409, result.issues);
      c.header('location', `/v1/review-runs/${id}`);
      return c.json(result.value, 201);
    })
    .get('/', allow('run_review'), async (c) =>
      c.json({ items: await listReviewRuns(services.store) }, 200),
    )
    .get('/:id', allow('run_review'), async (c) => {
      const run = await readReviewRun(services.store, c.req.param('id'));
      if (run === undefined) {
        const id = c.req.param('id');
        return c.json(
          errorBody('not_found', `no review run ${id}`, [
            issue('review_run.not_found', `no review run ${id}`, { path: ['id'] }),
          ]),
          404,
        );
      }
      return c.json(run, 200);
    });
}
