import {
  type CalendarDate,
  calendarDateSchema,
  errorBodySchema,
  institutionCodeSchema,
  issue,
  regionCodeSchema,
} from '@openpayer/domain';
import {
  type StoredCase,
  escalateOverdue,
  listCases,
  newId,
  readCase,
  reviewCandidates,
  stepCase,
  storeNewCase,
  suspensionsFromCases,
} from '@openpayer/persistence';
import {
  CASE_EVENTS,
  CASE_EVENT_ACTORS,
  CASE_ORIGINS,
  CASE_STATES,
  type CaseEventKind,
  caseOutcomeSchema,
  SAMPLE_REASONS,
  isOverdue,
  openCase,
  sampleForReview,
  violationCounts,
  supervisionCaseSchema,
} from '@openpayer/supervision';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, actsFor, allow } from '../auth.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { forbiddenInstitution, refused, validJson, validQuery } from '../request.ts';
import { type ApiServices, today } from '../services.ts';
import { badQuery, periodFields, rangeOf } from './period-query.ts';

/**
 * Supervision cases (稽核案件) over HTTP: a reviewer opens a case from a finding, an anomaly or a
 * complaint and works it (notify, decide, close, escalate); the hospital answers it and may appeal;
 * everyone reads it (an integrator its own institution's). The state machine, its deadlines
 * (working days on the region's calendar) and its refusals are the engine's
 * (`@openpayer/supervision`); every step is stored with its audit entry.
 */

/** A step's day: today in the fund's time zone unless given; never after today. */
const onSchema = calendarDateSchema.optional().meta({
  description:
    "The day of the step (default: today in the fund's time zone), e.g. the day a letter was received; not after today.",
});

const openSchema = z
  .strictObject({
    region: regionCodeSchema.meta({ description: 'The pooling region whose case rules apply.' }),
    origin: z.enum(CASE_ORIGINS),
    institution: institutionCodeSchema,
    doctor: z.string().min(1).max(40).optional(),
    claimId: z.string().min(1).max(80).optional(),
    reference: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'What the case comes from, e.g. a finding or an anomaly id.' }),
    summary: z.string().min(1).max(2000),
    on: onSchema,
  })
  .meta({ id: 'CaseOpenBody' });

/** The steps each side takes (the engine's table): the fund's through /steps, the hospital's through /replies. */
const eventsOf = (actor: 'fund' | 'hospital') =>
  CASE_EVENTS.filter((e) => CASE_EVENT_ACTORS[e] === actor);
const REVIEWER_EVENTS = eventsOf('fund') as [CaseEventKind, ...CaseEventKind[]];
const HOSPITAL_EVENTS = eventsOf('hospital') as [CaseEventKind, ...CaseEventKind[]];

const stepSchema = z
  .strictObject({
    event: z.enum(REVIEWER_EVENTS),
    on: onSchema,
    note: z.string().max(4000).optional(),
    outcome: caseOutcomeSchema.optional().meta({
      description:
        'decide: the outcome (deduct / recover with the amount, warn, dismiss); decide_appeal: the new outcome when the appeal is upheld, none when it is rejected.',
    }),
  })
  .meta({ id: 'CaseStepBody' });

const replySchema = z
  .strictObject({
    event: z.enum(HOSPITAL_EVENTS),
    on: onSchema,
    note: z.string().min(1).max(4000),
  })
  .meta({ id: 'CaseReplyBody' });

const escalateSchema = z.strictObject({ on: onSchema }).meta({ id: 'CaseEscalationBody' });

const storedCaseSchema = z
  .strictObject({
    region: z.string(),
    case: supervisionCaseSchema,
    overdue: z.boolean().meta({ description: "The case's deadline passed before today." }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'StoredCase' });

const suspensionSchema = z
  .strictObject({
    doctor: z.string(),
    from: z.string(),
    to: z.string().meta({ description: 'The first day the rights are back.' }),
    cases: z.array(z.string()),
    rule: z.string(),
  })
  .meta({ id: 'CaseSuspension' });

const suspensionsQuery = z.strictObject({ region: regionCodeSchema });

const violationsQuery = z.strictObject({
  ...periodFields,
  institution: z.string().min(1).max(40).optional(),
});

const violationCountSchema = z
  .strictObject({
    doctor: z.string().nullable().meta({ description: "null: the institution's count." }),
    institution: z.string(),
    count: z.int(),
    cases: z.array(z.string()),
  })
  .meta({ id: 'ViolationCount' });

/** Sampling (抽查) over the stored settlements of a period; the spec is the engine's (data). */
const sampleQuery = z.strictObject({
  ...periodFields,
  institution: z.string().min(1).max(40).optional(),
  region: regionCodeSchema.optional(),
  randomShare: z.string().max(20).optional().meta({ description: 'Share drawn at random, 0–1.' }),
  seed: z
    .string()
    .max(20)
    .optional()
    .meta({ description: "The draw's seed (same seed, same draw)." }),
  valueThreshold: z
    .string()
    .max(30)
    .optional()
    .meta({ description: 'Every settlement at or above this total (yuan).' }),
  mostUnusual: z
    .string()
    .max(10)
    .optional()
    .meta({ description: "The n largest against their department's median." }),
});

const MAX_CANDIDATES = 200_000;

const listQuery = z.strictObject({
  institution: z.string().min(1).max(40).optional(),
  state: z.enum(CASE_STATES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});

const errors = {
  400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role or the institution may not do this.', schema: errorBodySchema },
} as const;
const stepErrors = {
  ...errors,
  404: { description: 'No such case.', schema: errorBodySchema },
  409: {
    description:
      'The step is not allowed in the case’s state, comes before its last step, or breaks a deadline rule (issues name the field).',
    schema: errorBodySchema,
  },
  422: {
    description: 'No case rules, or the calendar does not cover the deadline.',
    schema: errorBodySchema,
  },
} as const;
const TAGS = ['supervision'];

export const caseRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/cases',
    operationId: 'openCase',
    summary: 'Open a supervision case from a finding, an anomaly or a complaint (reviewers)',
    description:
      "A complaint's answer deadline (working days on the region's calendar) starts at once; a finding or an anomaly waits until the hospital is notified.",
    tags: TAGS,
    requestBody: openSchema,
    responses: {
      201: { description: 'Opened.', schema: storedCaseSchema },
      ...errors,
      409: { description: 'The id exists.', schema: errorBodySchema },
      422: { description: 'No case rules for the region or date.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/cases/{id}/steps',
    operationId: 'stepCase',
    summary: 'Work a case: notify, answer a complaint, decide, decide an appeal, close, escalate',
    tags: TAGS,
    requestBody: stepSchema,
    responses: {
      200: { description: 'The case after the step.', schema: storedCaseSchema },
      ...stepErrors,
    },
  },
  {
    method: 'post',
    path: '/v1/cases/{id}/replies',
    operationId: 'replyToCase',
    summary: "The hospital's answer (整改 / 说明) or appeal (申诉) on a case about itself",
    tags: TAGS,
    requestBody: replySchema,
    responses: {
      200: { description: 'The case after the reply.', schema: storedCaseSchema },
      ...stepErrors,
    },
  },
  {
    method: 'post',
    path: '/v1/cases/escalations',
    operationId: 'escalateOverdueCases',
    summary: 'Escalate every case whose deadline has passed (reviewers)',
    description:
      'Each overdue case goes up a level with a new deadline (its own step and audit entry); those already at the highest level are listed apart, unchanged.',
    tags: TAGS,
    requestBody: escalateSchema,
    responses: {
      200: {
        description: 'What was escalated.',
        schema: z.strictObject({
          escalated: z.array(storedCaseSchema),
          refused: z.array(
            z.strictObject({ id: z.string(), code: z.string(), message: z.string() }),
          ),
        }),
      },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/cases/suspensions',
    operationId: 'listCaseSuspensions',
    summary: "Doctors' prescribing rights suspended by the decided cases of a region",
    description:
      "Violations (a deduction or recovery that stands, against a doctor) counted under the region's case rules: the n-th within the window suspends the doctor from that day for the rules' months. Settlement enforces them through the case rules' suspension rule.",
    tags: TAGS,
    responses: {
      200: {
        description: 'Suspensions, by doctor and date.',
        schema: z.strictObject({ items: z.array(suspensionSchema) }),
      },
      ...errors,
      422: { description: 'No case rules govern the region.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/cases/violations',
    operationId: 'countViolations',
    summary: 'Violations per institution and per doctor decided in a period',
    description:
      "A case whose final outcome deducts or recovers is a violation of its institution, and of its doctor if it names one. Query: period or from + to; institution. An integrator sees its own institution's.",
    tags: TAGS,
    responses: {
      200: {
        description: 'Counts, institutions first.',
        schema: z.strictObject({ items: z.array(violationCountSchema) }),
      },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/cases/sample',
    operationId: 'sampleForReview',
    summary: 'Sample stored settlements of a period for manual review (reviewers)',
    description:
      "A seeded random share (the same seed draws the same settlements), every settlement at or above a value, and the most unusual against their department's median; each chosen one says why. Query: period or from + to, institution, region, randomShare, seed, valueThreshold, mostUnusual.",
    tags: TAGS,
    responses: {
      200: {
        description: 'The sample, in settlement id order.',
        schema: z.strictObject({
          candidates: z.int(),
          items: z.array(
            z.strictObject({
              settlementId: z.string(),
              amount: z.string(),
              group: z.string(),
              reasons: z.array(z.enum(SAMPLE_REASONS)),
              ratio: z.string().nullable(),
            }),
          ),
        }),
      },
      ...errors,
      422: { description: 'Too many settlements: narrow the period.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/cases',
    operationId: 'listCases',
    summary: 'Cases, newest first (overdue=true: most overdue first)',
    description: "Filters: institution, state, overdue. An integrator sees its own institution's.",
    tags: TAGS,
    responses: {
      200: { description: 'Cases.', schema: z.strictObject({ items: z.array(storedCaseSchema) }) },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/cases/{id}',
    operationId: 'getCase',
    summary: 'A case with every transition (who, when, the deadline it set)',
    tags: TAGS,
    responses: {
      200: { description: 'The case.', schema: storedCaseSchema },
      ...errors,
      404: { description: 'No such case.', schema: errorBodySchema },
    },
  },
];

const STEP_CONFLICTS = new Set([
  'case.transition_not_allowed',
  'case.before_last_transition',
  'case.response_pending',
  'case.appeal_too_late',
  'case.appeal_window_open',
  'case.not_overdue',
  'case.escalation_limit',
]);

export function caseRoutes(services: ApiServices) {
  const wire = (s: StoredCase, on: CalendarDate) =>
    storedCaseSchema.parse({ ...s, overdue: isOverdue(s.case, on) });
  const notFound = (id: string) => [issue('case.not_found', `no case ${id}`, { path: ['id'] })];
  const noRules = (region: string) => [
    issue('case.no_rules', `no case rules govern region ${region}`, { path: ['region'] }),
  ];
  /** The step's day, or the issue when it is after today. */
  const dayOf = (on: CalendarDate | undefined) => {
    const now = today(services);
    if (on !== undefined && on > now) {
      return {
        on: now,
        issue: issue('case.invalid', `${on} is after today (${now})`, { path: ['on'] }),
      };
    }
    return { on: on ?? now, issue: null };
  };
  const step = async (
    c: Context<ApiEnv>,
    id: string,
    body: {
      event: CaseEventKind;
      on?: CalendarDate | undefined;
      note?: string | undefined;
      outcome?: unknown;
    },
  ) => {
    const day = dayOf(body.on);
    if (day.issue !== null) return refused(c, 422, [day.issue]);
    const by = c.get('principal').id;
    const moved = await stepCase(
      services.store,
      id,
      { ...body, on: day.on, by },
      (region) => services.caseContext(region),
      by,
    );
    if (!moved.ok) {
      const codes = moved.issues.map((i) => i.code as string);
      const status = codes.includes('case.not_found')
        ? 404
        : codes.some((code) => STEP_CONFLICTS.has(code))
          ? 409
          : 422;
      return refused(c, status, moved.issues);
    }
    // A decision may suspend a doctor (or lift a suspension): settlement's rule set is rebuilt.
    if (body.event === 'decide' || body.event === 'decide_appeal') services.invalidate('cases');
    return c.json(wire(moved.value, today(services)), 200);
  };

  return new Hono<ApiEnv>()
    .post('/', allow('work_case'), validJson(openSchema, 'the case'), async (c) => {
      const q = c.req.valid('json');
      const day = dayOf(q.on);
      if (day.issue !== null) return refused(c, 422, [day.issue]);
      const context = services.caseContext(q.region);
      if (context === undefined) return refused(c, 422, noRules(q.region));
      const by = c.get('principal').id;
      const made = openCase(
        {
          id: newId('case', services.now(), (n) => services.randomHex(n)),
          origin: q.origin,
          subject: {
            institution: q.institution,
            doctor: q.doctor ?? null,
            claimId: q.claimId ?? null,
            reference: q.reference ?? null,
          },
          summary: q.summary,
          on: day.on,
          by,
        },
        context,
      );
      if (!made.ok) return refused(c, 422, made.issues);
      const stored = await storeNewCase(services.store, { region: q.region, case: made.value, by });
      if (!stored.ok) return refused(c, 409, stored.issues);
      c.header('location', `/v1/cases/${made.value.id}`);
      return c.json(wire(stored.value, today(services)), 201);
    })
    .post(
      '/escalations',
      allow('work_case'),
      validJson(escalateSchema, 'the escalation'),
      async (c) => {
        const q = c.req.valid('json');
        const day = dayOf(q.on);
        if (day.issue !== null) return refused(c, 422, [day.issue]);
        const result = await escalateOverdue(
          services.store,
          day.on,
          (region) => services.caseContext(region),
          c.get('principal').id,
        );
        const now = today(services);
        return c.json(
          { escalated: result.escalated.map((s) => wire(s, now)), refused: result.refused },
          200,
        );
      },
    )
    .post('/:id/steps', allow('work_case'), validJson(stepSchema, 'the step'), async (c) =>
      step(c, c.req.param('id'), c.req.valid('json')),
    )
    .post('/:id/replies', allow('answer_case'), validJson(replySchema, 'the reply'), async (c) => {
      const id = c.req.param('id');
      const found = await readCase(services.store, id);
      if (found === undefined) return refused(c, 404, notFound(id));
      const institution = found.case.subject.institution;
      if (!actsFor(c.get('principal'), institution)) return forbiddenInstitution(c, institution);
      return step(c, id, c.req.valid('json'));
    })
    .get('/suspensions', validQuery(suspensionsQuery), async (c) => {
      const { region } = c.req.valid('query');
      const context = services.caseContext(region);
      if (context === undefined) return refused(c, 422, noRules(region));
      const items = await suspensionsFromCases(services.store, region, context.rules);
      return c.json({ items: items.map((x) => suspensionSchema.parse(x)) }, 200);
    })
    .get('/violations', validQuery(violationsQuery), async (c) => {
      const q = c.req.valid('query');
      const range = rangeOf(q);
      if ('field' in range) return badQuery(c, range.field, range.message);
      const principal = c.get('principal');
      const own = principal.role === 'institution_integrator' ? principal.institutionCode : null;
      if (own !== null && q.institution !== undefined && q.institution !== own) {
        return forbiddenInstitution(c, q.institution);
      }
      const cases = await listCases(services.store, { institution: own ?? q.institution });
      const items = violationCounts(
        cases.map((s) => s.case),
        range,
      );
      return c.json({ items: items.map((v) => violationCountSchema.parse(v)) }, 200);
    })
    .get('/sample', allow('work_case'), validQuery(sampleQuery), async (c) => {
      const q = c.req.valid('query');
      const range = rangeOf(q);
      if ('field' in range) return badQuery(c, range.field, range.message);
      const number = (text: string | undefined, fallback: number) =>
        text === undefined ? fallback : /^\d+(\.\d+)?$/u.test(text) ? Number(text) : Number.NaN;
      const spec = {
        randomShare: number(q.randomShare, 0),
        seed: number(q.seed, 0),
        valueThreshold: q.valueThreshold ?? null,
        mostUnusual: number(q.mostUnusual, 0),
      };
      await services.kpiFactsFresh();
      const candidates = await reviewCandidates(services.store, {
        ...range,
        institution: q.institution,
        region: q.region,
        limit: MAX_CANDIDATES,
      });
      if (candidates === undefined) {
        return refused(c, 422, [
          issue(
            'sampling.too_many',
            `more than ${String(MAX_CANDIDATES)} settlements: narrow the period or name the institution`,
            { path: ['from'] },
          ),
        ]);
      }
      const sampled = sampleForReview(candidates, spec);
      if (!sampled.ok) {
        return badQuery(
          c,
          String(sampled.issues[0]?.path.find((p) => p !== 'spec') ?? 'randomShare'),
          sampled.issues[0]?.message ?? 'not a valid sampling spec',
        );
      }
      const byId = new Map(candidates.map((x) => [x.id, x]));
      return c.json(
        {
          candidates: candidates.length,
          items: sampled.value.map((x) => ({
            settlementId: x.id,
            amount: byId.get(x.id)?.amount ?? '0.00',
            group: byId.get(x.id)?.group ?? '',
            reasons: [...x.reasons],
            ratio: x.ratio,
          })),
        },
        200,
      );
    })
    .get('/', validQuery(listQuery), async (c) => {
      const principal = c.get('principal');
      const q = c.req.valid('query');
      const own = principal.role === 'institution_integrator' ? principal.institutionCode : null;
      if (own !== null && q.institution !== undefined && q.institution !== own) {
        return forbiddenInstitution(c, q.institution);
      }
      const now = today(services);
      const items = await listCases(services.store, {
        institution: own ?? q.institution,
        state: q.state,
        overdueOn: q.overdue === 'true' ? now : undefined,
      });
      return c.json({ items: items.map((s) => wire(s, now)) }, 200);
    })
    .get('/:id', async (c) => {
      const id = c.req.param('id');
      const found = await readCase(services.store, id);
      if (found === undefined || !actsFor(c.get('principal'), found.case.subject.institution)) {
        return refused(c, 404, notFound(id));
      }
      return c.json(wire(found, today(services)), 200);
    });
}
