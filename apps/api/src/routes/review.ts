import {
  FINDING_RESPONSES,
  FINDING_SEVERITIES,
  REVIEW_STAGES,
  calendarDateSchema,
  errorBodySchema,
  findingSchema,
  issue,
} from '@openpayer/domain';
import {
  type StoredFinding,
  activateRuleSet,
  listFindings,
  listRuleSets,
  readFinding,
  readRuleSet,
  respondToFinding,
  saveRuleSet,
} from '@openpayer/persistence';
import {
  diffRuleSets,
  loadRuleSet,
  ruleSetDiffSchema,
  ruleSetSchema,
} from '@openpayer/supervision';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { type ApiEnv, actsFor, allow, institutionScope } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import {
  forbiddenInstitution,
  readJsonBody,
  refused,
  tooLarge,
  validJson,
  validQuery,
} from '../request.ts';
import type { ApiServices } from '../services.ts';

/**
 * Smart review (智能审核) over HTTP: rule sets (list, read, diff, upload validated, activate from a
 * date) and the findings the rules wrote (list and filter, read, the hospital's answer).
 */

/**
 * The largest rule set accepted on upload. The national rule base (~2,700 rules with their code
 * lists) is a few MB, above the API's default body limit; this route alone takes up to this.
 */
export const RULE_SET_MAX_BYTES = 32 * 1024 * 1024;

const ruleSetSummarySchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    region: z.string().nullable().meta({ description: 'null: the national set.' }),
    publishedOn: z.string(),
    activeFrom: z.string().nullable(),
    activatedBy: z.string().nullable(),
    rules: z.int().meta({ description: 'How many rules the set holds.' }),
    createdAt: z.string(),
  })
  .meta({ id: 'RuleSetSummary' });

const activateSchema = z
  .strictObject({
    from: calendarDateSchema.meta({ description: 'First service date the rule set reviews.' }),
  })
  .meta({ id: 'ActivateRuleSetRequest' });

const diffQuerySchema = z.strictObject({
  from: z.string().min(1).max(100).meta({ description: 'The earlier rule set (its id).' }),
  to: z.string().min(1).max(100).meta({ description: 'The later rule set (its id).' }),
});

export const storedFindingSchema = z
  .strictObject({
    id: z.string(),
    claimId: z.string(),
    personId: z.string(),
    institutionCode: z.string(),
    settlementId: z
      .string()
      .nullable()
      .meta({ description: 'The settlement it was found on (stage settle).' }),
    runId: z
      .string()
      .nullable()
      .meta({ description: 'The post-payment review run that wrote it.' }),
    finding: findingSchema,
    response: z
      .strictObject({
        answer: z.enum(FINDING_RESPONSES),
        reason: z.string(),
        by: z.string(),
        at: z.string(),
      })
      .nullable()
      .meta({ description: "The hospital's answer; null while unanswered." }),
    createdAt: z.string(),
  })
  .meta({ id: 'StoredFinding' });

const findingPageSchema = z
  .strictObject({ items: z.array(storedFindingSchema), next: z.string().nullable() })
  .meta({ id: 'FindingPage' });

const findingQuerySchema = z.strictObject({
  institution: z.string().min(1).max(40).optional(),
  settlementId: z.string().min(1).max(100).optional(),
  runId: z.string().min(1).max(100).optional(),
  claimId: z.string().min(1).max(64).optional(),
  rule: z.string().min(1).max(100).optional().meta({ description: 'The rule code.' }),
  severity: z.enum(FINDING_SEVERITIES).optional(),
  stage: z.enum(REVIEW_STAGES).optional(),
  answered: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: '`true`: only answered findings; `false`: only unanswered ones.' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z
    .string()
    .regex(/^\d{1,18}$/u, { error: 'a cursor from a previous page' })
    .optional(),
});

const respondSchema = z
  .strictObject({
    answer: z.enum(FINDING_RESPONSES).meta({
      description:
        '`continue` (keep the line, with a reason, for the reviewer), `remove_line` or `self_pay`.',
    }),
    reason: z.string().trim().max(2000).default('').meta({
      description: 'Why; required to continue.',
    }),
  })
  .superRefine((body, ctx) => {
    if (body.answer === 'continue' && body.reason === '') {
      ctx.addIssue({
        code: 'custom',
        message: 'a reason is required to continue',
        path: ['reason'],
      });
    }
  })
  .meta({ id: 'RespondToFindingRequest' });

const errors = {
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role may not do this.', schema: errorBodySchema },
  429: { description: 'Too many requests for this API key.', schema: errorBodySchema },
} as const;

export const reviewRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/rule-sets',
    operationId: 'listRuleSets',
    summary: 'List smart-review rule sets',
    description:
      'Every stored rule set with its activation (activeFrom null = uploaded, not in force) and its number of rules.',
    tags: ['review'],
    responses: {
      200: {
        description: 'Rule sets.',
        schema: z.strictObject({ items: z.array(ruleSetSummarySchema) }),
      },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/rule-sets/diff',
    operationId: 'diffRuleSets',
    summary: 'Diff two rule sets',
    description:
      'The set fields (title, region, publication date) and, rule by rule (keyed by code and version), the rules added, ' +
      'removed and changed (with the fields that differ and both sides), with counts. Query: `from` and `to`, the ids.',
    tags: ['review'],
    responses: {
      200: { description: 'The diff.', schema: ruleSetDiffSchema },
      400: { description: 'A parameter is missing or wrong.', schema: errorBodySchema },
      ...errors,
      404: { description: 'No such rule set.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/rule-sets/{id}',
    operationId: 'getRuleSet',
    summary: 'Get a rule set',
    tags: ['review'],
    responses: {
      200: {
        description: 'The summary and the document.',
        schema: z.strictObject({ summary: ruleSetSummarySchema, ruleSet: ruleSetSchema }),
      },
      ...errors,
      404: { description: 'No such rule set.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/rule-sets',
    operationId: 'uploadRuleSet',
    summary: 'Upload a rule set (administrators)',
    description:
      'A rule set as JSON, validated: unknown fields, bad windows, a rule that ends before it starts and two versions of one ' +
      'rule in force at once are refused, each issue (`rule_set.invalid`) with the path of the field; at most 50 are listed, ' +
      `then one \`rule_set.more_issues\` with the count of the rest in \`data.count\`. Bodies up to ${RULE_SET_MAX_BYTES / 1024 / 1024} MiB ` +
      '(the national rule base is a few MB). Stored inactive; activate it with /activate.',
    tags: ['review'],
    requestBody: ruleSetSchema,
    responses: {
      201: { description: 'Stored.', schema: ruleSetSummarySchema },
      400: { description: 'Not JSON.', schema: errorBodySchema },
      ...errors,
      409: { description: 'A rule set with this id exists.', schema: errorBodySchema },
      413: { description: 'The body is too large.', schema: errorBodySchema },
      415: { description: 'Not application/json.', schema: errorBodySchema },
      422: {
        description: 'The document is not a valid rule set (issues name the fields).',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/rule-sets/{id}/activate',
    operationId: 'activateRuleSet',
    summary: 'Activate a rule set from a date (administrators)',
    description:
      'Claims of its region (null: every region) with a service date on or after `from` are reviewed with it, until another ' +
      'set of the region starts.',
    tags: ['review'],
    requestBody: activateSchema,
    responses: {
      200: { description: 'Activated.', schema: ruleSetSummarySchema },
      400: { description: 'The date is wrong.', schema: errorBodySchema },
      ...errors,
      404: { description: 'No such rule set.', schema: errorBodySchema },
      409: {
        description: 'Another rule set of the region starts that day.',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'get',
    path: '/v1/findings',
    operationId: 'listFindings',
    summary: 'List smart-review findings (newest first, cursor pagination)',
    description:
      'Filters: institution, settlementId, runId, claimId, rule (code), severity, stage, answered (true/false); ' +
      'limit (≤ 200); after = the `next` of the previous page. An institution integrator sees only its own institution.',
    tags: ['review'],
    responses: {
      200: { description: 'A page.', schema: findingPageSchema },
      400: { description: 'A parameter is wrong (issues name it).', schema: errorBodySchema },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/findings/{id}',
    operationId: 'getFinding',
    summary: 'Get a finding',
    tags: ['review'],
    responses: {
      200: { description: 'The finding.', schema: storedFindingSchema },
      ...errors,
      404: {
        description: 'No such finding (or not visible to this key).',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'post',
    path: '/v1/findings/{id}/respond',
    operationId: 'respondToFinding',
    summary: "Answer a finding (the hospital's 3103)",
    description:
      'Continue (with a reason), remove the line, or switch it to self-pay; recorded once, with who and when, and ' +
      'appended to the audit log (finding.responded). An institution integrator answers only its own findings.',
    tags: ['review'],
    requestBody: respondSchema,
    responses: {
      200: { description: 'Recorded.', schema: storedFindingSchema },
      400: {
        description: 'Not JSON, or a field is wrong (issues name it).',
        schema: errorBodySchema,
      },
      ...errors,
      404: {
        description: 'No such finding (or not visible to this key).',
        schema: errorBodySchema,
      },
      409: { description: 'Already answered.', schema: errorBodySchema },
    },
  },
];

/** A finding as the API answers it (the stored wire form). */
function findingView(f: StoredFinding): z.input<typeof storedFindingSchema> {
  return {
    id: f.id,
    claimId: f.claimId,
    personId: f.personId,
    institutionCode: f.institutionCode,
    settlementId: f.settlementId,
    runId: f.runId,
    finding: f.finding,
    response: f.response === null ? null : { ...f.response },
    createdAt: f.createdAt,
  };
}

export function ruleSetRoutes(services: ApiServices) {
  const notFound = (c: Context, id: string, at: 'id' | 'from' | 'to' = 'id') =>
    c.json(
      errorBody('not_found', `no rule set ${id}`, [
        issue('rule_set.not_found', `no rule set ${id}`, { path: [at] }),
      ]),
      404,
    );

  return (
    new Hono<ApiEnv>()
      .get('/', async (c) => c.json({ items: await listRuleSets(services.store) }, 200))
      // Before '/:id', which would take "diff" for an id.
      .get('/diff', validQuery(diffQuerySchema), async (c) => {
        const { from, to } = c.req.valid('query');
        const [a, b] = await Promise.all([
          readRuleSet(services.store, from),
          readRuleSet(services.store, to),
        ]);
        if (a === undefined) return notFound(c, from, 'from');
        if (b === undefined) return notFound(c, to, 'to');
        return c.json(ruleSetDiffSchema.encode(diffRuleSets(a.ruleSet, b.ruleSet)), 200);
      })
      .get('/:id', async (c) => {
        const found = await readRuleSet(services.store, c.req.param('id'));
        if (found === undefined) return notFound(c, c.req.param('id'));
        return c.json({ summary: found.summary, ruleSet: found.wire }, 200);
      })
      .post(
        '/',
        allow('manage_rules'),
        bodyLimit({
          maxSize: RULE_SET_MAX_BYTES,
          onError: (c) =>
            tooLarge(c, `the rule set is larger than ${RULE_SET_MAX_BYTES / 1024 / 1024} MiB`),
        }),
        async (c) => {
          const body = await readJsonBody(c);
          if (!body.ok) return body.response;
          const loaded = loadRuleSet(body.value);
          if (!loaded.ok) return refused(c, 422, loaded.issues);
          const saved = await saveRuleSet(services.store, loaded.value, c.get('principal').id);
          if (!saved.ok) return refused(c, 409, saved.issues);
          services.invalidate('rule_sets');
          c.header('location', `/v1/rule-sets/${encodeURIComponent(saved.value.id)}`);
          return c.json(saved.value, 201);
        },
      )
      .post(
        '/:id/activate',
        allow('manage_rules'),
        validJson(activateSchema, 'the activation'),
        async (c) => {
          const id = c.req.param('id');
          const result = await activateRuleSet(
            services.store,
            id,
            c.req.valid('json').from,
            c.get('principal').id,
          );
          if (!result.ok) {
            return result.issues.some((i) => i.code === 'rule_set.not_found')
              ? notFound(c, id)
              : refused(c, 409, result.issues);
          }
          services.invalidate('rule_sets');
          return c.json(result.value, 200);
        },
      )
  );
}

export function findingRoutes(services: ApiServices) {
  const notFound = (c: Context, id: string) =>
    c.json(
      errorBody('not_found', `no finding ${id}`, [
        issue('finding.not_found', `no finding ${id}`, { path: ['id'] }),
      ]),
      404,
    );

  return new Hono<ApiEnv>()
    .get('/', validQuery(findingQuerySchema), async (c) => {
      const q = c.req.valid('query');
      const scope = institutionScope(c.get('principal'), q.institution);
      if (!scope.ok) return forbiddenInstitution(c, scope.forbidden);
      const page = await listFindings(
        services.store,
        {
          institutionCode: scope.institution,
          settlementId: q.settlementId,
          runId: q.runId,
          claimId: q.claimId,
          ruleCode: q.rule,
          severity: q.severity,
          stage: q.stage,
          answered: q.answered === undefined ? undefined : q.answered === 'true',
        },
        { limit: q.limit, after: q.after === undefined ? undefined : Number(q.after) },
      );
      return c.json(
        {
          items: page.items.map(findingView),
          next: page.next === null ? null : String(page.next),
        },
        200,
      );
    })
    .get('/:id', async (c) => {
      const id = c.req.param('id');
      const found = await readFinding(services.store, id);
      if (found === undefined || !actsFor(c.get('principal'), found.institutionCode)) {
        return notFound(c, id);
      }
      return c.json(findingView(found), 200);
    })
    .post(
      '/:id/respond',
      allow('respond_finding'),
      validJson(respondSchema, 'the answer'),
      async (c) => {
        const principal = c.get('principal');
        const id = c.req.param('id');
        const found = await readFinding(services.store, id);
        if (found === undefined || !actsFor(principal, found.institutionCode)) {
          return notFound(c, id);
        }
        const { answer, reason } = c.req.valid('json');
        const result = await respondToFinding(services.store, {
          id,
          answer,
          reason,
          by: principal.id,
        });
        if (!result.ok) {
          const codes = new Set(result.issues.map((i) => i.code));
          if (codes.has('finding.not_found')) return notFound(c, id);
          return refused(c, codes.has('finding.already_answered') ? 409 : 422, result.issues);
        }
        return c.json(findingView(result.value), 200);
      },
    );
}
