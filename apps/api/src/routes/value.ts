import {
  accountingPeriodSchema,
  calendarDateSchema,
  errorBodySchema,
  institutionCodeSchema,
  issue,
  regionCodeSchema,
} from '@openpayer/domain';
import {
  type StoredValueRun,
  listAdmissionAssessments,
  listOutcomeEvents,
  newId,
  readAdmissionAssessment,
  recordAdmissionAssessment,
  listValuePeriodRuns,
  readValueObservations,
  readValuePeriodRun,
  recordOutcomeEvent,
  recordValueObservations,
  savePolicy,
} from '@openpayer/persistence';
import {
  VALUE_SCOPES,
  adjustmentProposalSchema,
  adjustmentRequestSchema,
  admissionAssessmentRequestSchema,
  admissionAssessmentSchema,
  caseAddOnPayment,
  caseAddOnPaymentSchema,
  caseAddOnRequestSchema,
  cohortEvaluationSchema,
  cohortOf,
  courseOf,
  coursePayment,
  dueReevaluationSchema,
  dueReevaluations,
  evaluateCohort,
  findServiceUnitRule,
  icer,
  icerAnswerSchema,
  icerRequestSchema,
  icerThresholdOn,
  instalmentScheduleSchema,
  instalmentsDue,
  itemPaymentStandard,
  itemPaymentStandardSchema,
  itemStandardRequestSchema,
  loadPolicy,
  matchingCoefficients,
  outcomeEventSchema,
  policySchema,
  proposeAdjustments,
  proposedPolicyVersion,
  responsePaymentRequestSchema,
  responsePaymentSchema,
  serviceUnitPayment,
  serviceUnitPaymentSchema,
  serviceUnitRequestSchema,
  valueObservationsSchema,
  valueAccounts,
  valueAccountsSchema,
  valuePeriodRunSchema,
} from '@openpayer/pricing';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, actsFor, allow } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { forbiddenInstitution, refused, validJson, validQuery } from '../request.ts';
import type { ApiServices } from '../services.ts';
import { outcomeRefusal, runStoredValuePeriod } from '../value.ts';

/**
 * Value-based payment (按价值付费, PRODUCT.md §4.3): what the fund measures (an institution's
 * observations of a period, patients' outcome events), the period runs that pay capitation,
 * stepped P4P and value-score adjustments and invoice manufacturers' rebates — recorded once per
 * scope and period — and the computations an integrator or administrator asks for on a date: an
 * item's payment standard, a service paid by units, case add-ons, a course month paid by response,
 * an ICER verdict, due re-evaluations and proposed dynamic adjustments. Every number comes from the
 * policy in force; the routes parse, call the engine and render.
 */

const observationsAnswer = z
  .strictObject({
    observations: valueObservationsSchema,
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'StoredValueObservations' });

const runSummarySchema = z
  .strictObject({
    id: z.string(),
    scope: z.enum(VALUE_SCOPES),
    subject: z.string(),
    period: z.string(),
    policy: z.string(),
    total: z.string().meta({ description: 'What the fund books (negative: owed to the fund).' }),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'ValueRunSummary' });
const storedRunSchema = runSummarySchema
  .extend({ run: valuePeriodRunSchema })
  .meta({ id: 'StoredValueRun' });

const runRequestSchema = z
  .strictObject({
    period: accountingPeriodSchema,
    region: regionCodeSchema.meta({
      description: "The fund's region: the policy of its risk-sharing contracts.",
    }),
    institutions: z.array(institutionCodeSchema).min(1).max(1000).optional(),
    contracts: z.array(z.string().min(1).max(100)).min(1).max(1000).optional(),
  })
  .meta({ id: 'ValuePeriodRunRequest' });

const runsAnswer = z
  .strictObject({ created: z.int(), runs: z.array(storedRunSchema) })
  .meta({ id: 'ValuePeriodRuns' });

const runListQuery = z.strictObject({
  scope: z.enum(VALUE_SCOPES).optional(),
  subject: z.string().min(1).max(100).optional(),
  period: z.string().min(1).max(20).optional(),
});

const accountsQuery = z.strictObject({ period: z.string().min(1).max(20) });

const outcomeListQuery = z.strictObject({
  personId: z.string().min(1).max(64).optional(),
  course: z.string().min(1).max(64).optional(),
  contract: z.string().min(1).max(100).optional(),
  until: calendarDateSchema.optional(),
});

const reevaluationQuery = z.strictObject({ date: calendarDateSchema, region: regionCodeSchema });

const contractsAnswer = z
  .strictObject({
    items: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        manufacturer: z.string(),
        items: z.array(z.string()),
        payment: z.string().meta({ description: 'The one-time payment per patient.' }),
        cohort: cohortEvaluationSchema,
        instalments: z.array(instalmentScheduleSchema).meta({
          description:
            "Each treated patient's instalments as of the date, when the contract pays in instalments contingent on survival.",
        }),
      }),
    ),
  })
  .meta({ id: 'RiskSharingContracts' });

const courseRequestSchema = responsePaymentRequestSchema
  .extend({
    region: regionCodeSchema.meta({
      description: "The fund's region, whose policy pays the course.",
    }),
  })
  .meta({ id: 'CoursePaymentRequest' });

const coursePaymentAnswer = z
  .strictObject({ course: z.string(), payment: responsePaymentSchema })
  .meta({ id: 'CoursePayment' });

const adjustmentAnswer = z
  .strictObject({
    proposals: z.array(adjustmentProposalSchema),
    policy: z
      .string()
      .nullable()
      .meta({ description: 'The draft policy version proposed (null: only reviews proposed).' }),
  })
  .meta({ id: 'AdjustmentProposals' });

const errors = {
  400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role or the institution may not do this.', schema: errorBodySchema },
} as const;
const noPolicy = {
  422: {
    description: 'The engine cannot answer (no policy or rule in force, a field it refuses).',
    schema: errorBodySchema,
  },
} as const;
const TAGS = ['value-based payment'];

export const valueRouteDocs: RouteDoc[] = [
  {
    method: 'put',
    path: '/v1/value/observations',
    operationId: 'recordValueObservations',
    summary: "Record an institution's measurements of a period (administrators)",
    description:
      'Indicators (0–1), value-score dimensions (0–100), enrolled member-months per capitation programme, cases per stepped-P4P rule and payments a value-score rule adjusts. 201 the first time, 200 when replacing; 409 once the period was run for the institution.',
    tags: TAGS,
    requestBody: valueObservationsSchema,
    responses: {
      200: { description: 'Replaced.', schema: observationsAnswer },
      201: { description: 'Recorded.', schema: observationsAnswer },
      ...errors,
      409: {
        description: 'The period was run: they can no longer change.',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'get',
    path: '/v1/value/observations/{institution}/{period}',
    operationId: 'getValueObservations',
    summary: "An institution's recorded measurements of a period",
    tags: TAGS,
    responses: {
      200: { description: 'As recorded.', schema: observationsAnswer },
      ...errors,
      404: { description: 'None recorded.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/value/outcomes',
    operationId: 'recordOutcomeEvent',
    summary: 'Record a patient outcome event',
    description:
      'kind: treated (under a risk-sharing contract, with what the fund paid), course_started, response (CR/PR/SD/PD of a course), died, lost_to_follow_up. Recorded once: 201; the same again 200; other content under the same id 409. An integrator records events of its own institution.',
    tags: TAGS,
    requestBody: outcomeEventSchema,
    responses: {
      200: { description: 'Recorded before, the same.', schema: outcomeEventSchema },
      201: { description: 'Recorded.', schema: outcomeEventSchema },
      ...errors,
      409: { description: 'The id holds another event.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/value/outcomes',
    operationId: 'listOutcomeEvents',
    summary: 'Outcome events by person, course or contract (administrators, reviewers, auditors)',
    tags: TAGS,
    responses: {
      200: {
        description: 'By date, then as recorded.',
        schema: z.strictObject({ items: z.array(outcomeEventSchema) }),
      },
      ...errors,
    },
  },
  {
    method: 'post',
    path: '/v1/value/period-runs',
    operationId: 'runValuePeriod',
    summary: 'Run a value-based payment period (administrators)',
    description:
      "Every institution with observations of `period` (capitation, stepped P4P, value score by the policy of its region on the period's last day) and every risk-sharing contract of the region's policy with treated patients (the manufacturer's rebate owed at the period's end less what earlier runs invoiced: a claw-back or a credit). Computed whole before anything is written: 422 names each scope that cannot complete. A scope already run for the period is answered as recorded (idempotent): 201 when something was run now, else 200.",
    tags: TAGS,
    requestBody: runRequestSchema,
    responses: {
      200: { description: 'Everything was run before.', schema: runsAnswer },
      201: { description: 'Run now (and the earlier runs).', schema: runsAnswer },
      ...errors,
      ...noPolicy,
    },
  },
  {
    method: 'get',
    path: '/v1/value/period-runs',
    operationId: 'listValuePeriodRuns',
    summary: 'Recorded value-based period runs, newest period first',
    description: "Filters: scope, subject, period. An integrator sees its own institution's.",
    tags: TAGS,
    responses: {
      200: {
        description: 'Summaries.',
        schema: z.strictObject({ items: z.array(runSummarySchema) }),
      },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/value/accounts',
    operationId: 'valueAccounts',
    summary: "The fund's value-based accounts of a period",
    description:
      "What the recorded runs of `period` book, by model and by counterparty: payable (capitation, top-ups, bonuses) and receivable (withholds, manufacturers' rebates owed to the fund), and the net.",
    tags: TAGS,
    responses: {
      200: { description: 'The accounts.', schema: valueAccountsSchema },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/value/period-runs/{id}',
    operationId: 'getValuePeriodRun',
    summary: 'A recorded period run with its entries and explanations',
    tags: TAGS,
    responses: {
      200: { description: 'The run.', schema: storedRunSchema },
      ...errors,
      404: { description: 'No such run.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/value/contracts',
    operationId: 'listRiskSharingContracts',
    summary: 'Risk-sharing contracts with their cohorts as of a date',
    description:
      "The riskSharing rules of the region's policy on `date`, each with its cohort from the recorded outcome events: who was evaluated (alive or not at the evaluation date), who is lost to follow-up, whose evaluation is still due and when, the survival rate, the tier and the refund owed.",
    tags: TAGS,
    responses: {
      200: { description: 'The contracts.', schema: contractsAnswer },
      ...errors,
      ...noPolicy,
    },
  },
  {
    method: 'post',
    path: '/v1/value/courses/{course}/payments',
    operationId: 'payCourseMonth',
    summary: "A course month's claim paid by response (按疗效付费)",
    description:
      "The course's recorded start and responses decide the share of `claimed` the fund pays on `date` (the payForResponse rule of the drug in force; name `rule` when several are).",
    tags: TAGS,
    requestBody: courseRequestSchema,
    responses: {
      200: { description: 'Paid and withheld.', schema: coursePaymentAnswer },
      ...errors,
      404: { description: 'No such course.', schema: errorBodySchema },
      ...noPolicy,
    },
  },
  {
    method: 'post',
    path: '/v1/value/standards',
    operationId: 'itemPaymentStandard',
    summary: "An item's payment standard on a date",
    description:
      'Temporary price, lifecycle step or item standard, times the regional, population and domestic-device coefficients that apply.',
    tags: TAGS,
    requestBody: itemStandardRequestSchema,
    responses: {
      200: { description: 'The standard and how.', schema: itemPaymentStandardSchema },
      ...errors,
      ...noPolicy,
    },
  },
  {
    method: 'get',
    path: '/v1/value/reevaluations',
    operationId: 'dueReevaluations',
    summary: 'Temporary prices due for re-evaluation on a date',
    tags: TAGS,
    responses: {
      200: {
        description: 'Earliest first.',
        schema: z.strictObject({ items: z.array(dueReevaluationSchema) }),
      },
      ...errors,
      ...noPolicy,
    },
  },
  {
    method: 'post',
    path: '/v1/value/service-units',
    operationId: 'serviceUnitPayment',
    summary: 'A service paid by units (按服务单元)',
    description:
      'Each charged unit against its standard (times the coefficients) within its floor and cap; consumables at purchase cost.',
    tags: TAGS,
    requestBody: serviceUnitRequestSchema,
    responses: {
      200: { description: 'Paid, over standard, mark-up.', schema: serviceUnitPaymentSchema },
      ...errors,
      ...noPolicy,
    },
  },
  {
    method: 'post',
    path: '/v1/value/case-add-ons',
    operationId: 'caseAddOns',
    summary: "A case's disease-specific add-ons",
    tags: TAGS,
    requestBody: caseAddOnRequestSchema,
    responses: {
      200: { description: 'The add-ons that apply.', schema: caseAddOnPaymentSchema },
      ...errors,
      ...noPolicy,
    },
  },
  {
    method: 'post',
    path: '/v1/value/icer',
    operationId: 'icerVerdict',
    summary: 'ICER against the policy threshold, for an admission decision',
    tags: TAGS,
    requestBody: icerRequestSchema,
    responses: {
      200: { description: 'The verdict and its inputs.', schema: icerAnswerSchema },
      ...errors,
      ...noPolicy,
    },
  },
  {
    method: 'post',
    path: '/v1/value/assessments',
    operationId: 'recordAdmissionAssessment',
    summary: 'Record an admission decision with its ICER (administrators)',
    description:
      "The technology's Δcost and ΔQALY against its comparator are judged at the region's icerThreshold in force on `date`; the decision, its reason, the inputs, the threshold entry and the verdict are recorded together, once.",
    tags: TAGS,
    requestBody: admissionAssessmentRequestSchema,
    responses: {
      201: { description: 'Recorded.', schema: admissionAssessmentSchema },
      ...errors,
      ...noPolicy,
    },
  },
  {
    method: 'get',
    path: '/v1/value/assessments',
    operationId: 'listAdmissionAssessments',
    summary: 'Recorded admission assessments, newest first',
    tags: TAGS,
    responses: {
      200: {
        description: 'Assessments.',
        schema: z.strictObject({ items: z.array(admissionAssessmentSchema) }),
      },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/value/assessments/{id}',
    operationId: 'getAdmissionAssessment',
    summary: 'An admission assessment with its evidence',
    tags: TAGS,
    responses: {
      200: { description: 'The assessment.', schema: admissionAssessmentSchema },
      ...errors,
      404: { description: 'No such assessment.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/value/adjustment-proposals',
    operationId: 'proposeAdjustments',
    summary: 'Dynamic adjustments proposed from measures (administrators)',
    description:
      "The region's dynamicAdjustments rules over the measured items: proposals with their reasons and, when a standard changes, a new draft policy version (stored, not active) with the items' standards ending the day before `effectiveFrom` and new ones from it — for an administrator to review and activate. The version in force is never edited.",
    tags: TAGS,
    requestBody: adjustmentRequestSchema,
    responses: {
      200: { description: 'Only reviews proposed.', schema: adjustmentAnswer },
      201: { description: 'A draft version proposed.', schema: adjustmentAnswer },
      ...errors,
      409: { description: 'The version id exists.', schema: errorBodySchema },
      ...noPolicy,
    },
  },
];

const summaryWire = (s: StoredValueRun | Omit<StoredValueRun, 'run'>) =>
  runSummarySchema.parse({
    id: s.id,
    scope: s.scope,
    subject: s.subject,
    period: s.period,
    policy: s.policy,
    total: s.total,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
  });

const noPolicyIssue = (region: string, date: string) => [
  issue('value.no_policy', `no policy of ${region} is in force on ${date}`, { path: ['region'] }),
];

export function valueRoutes(services: ApiServices) {
  const policyOr422 = (date: string, region: string) => services.policyAt(date as never, region);
  return new Hono<ApiEnv>()
    .put(
      '/observations',
      allow('record_observations'),
      validJson(valueObservationsSchema, 'the observations'),
      async (c) => {
        const observations = c.req.valid('json');
        const by = c.get('principal').id;
        const recorded = await recordValueObservations(services.store, observations, by);
        if (!recorded.ok) return refused(c, 409, recorded.issues);
        const stored = await readValueObservations(
          services.store,
          observations.institution,
          observations.period,
        );
        return c.json(
          observationsAnswer.encode(stored as NonNullable<typeof stored>),
          recorded.value.replaced ? 200 : 201,
        );
      },
    )
    .get('/observations/:institution/:period', async (c) => {
      const { institution, period } = c.req.param();
      if (!actsFor(c.get('principal'), institution)) return forbiddenInstitution(c, institution);
      const stored = await readValueObservations(services.store, institution, period);
      if (stored === undefined) {
        return refused(c, 404, [
          issue('value.not_found', `no observations of ${institution} for ${period}`, {
            path: ['period'],
          }),
        ]);
      }
      return c.json(observationsAnswer.encode(stored), 200);
    })
    .post(
      '/outcomes',
      allow('record_outcome'),
      validJson(outcomeEventSchema, 'the outcome event'),
      async (c) => {
        const event = c.req.valid('json');
        const principal = c.get('principal');
        const refusal = await outcomeRefusal(services, principal, event);
        if (refusal !== null) return c.json(errorBody('forbidden', refusal), 403);
        const recorded = await recordOutcomeEvent(services.store, event, principal.id);
        if (!recorded.ok) return refused(c, 409, recorded.issues);
        return c.json(outcomeEventSchema.encode(event), recorded.value.created ? 201 : 200);
      },
    )
    .get('/outcomes', allow('run_review'), validQuery(outcomeListQuery), async (c) => {
      const q = c.req.valid('query');
      const items = await listOutcomeEvents(services.store, q);
      return c.json({ items: items.map((e) => outcomeEventSchema.encode(e)) }, 200);
    })
    .post(
      '/period-runs',
      allow('run_value_period'),
      validJson(runRequestSchema, 'the period run'),
      async (c) => {
        const q = c.req.valid('json');
        const result = await runStoredValuePeriod(services, {
          period: q.period,
          region: q.region,
          institutions: q.institutions,
          contracts: q.contracts,
          by: c.get('principal').id,
        });
        if (!result.ok) return refused(c, 422, result.issues);
        const { created, runs } = result.value;
        return c.json(runsAnswer.encode({ created, runs: [...runs] }), created > 0 ? 201 : 200);
      },
    )
    .get('/period-runs', validQuery(runListQuery), async (c) => {
      const principal = c.get('principal');
      const q = c.req.valid('query');
      const own = principal.role === 'institution_integrator' ? principal.institutionCode : null;
      if (own !== null && q.subject !== undefined && q.subject !== own) {
        return forbiddenInstitution(c, q.subject);
      }
      const items = await listValuePeriodRuns(
        services.store,
        own === null ? q : { ...q, scope: 'institution', subject: own },
      );
      return c.json({ items: items.map(summaryWire) }, 200);
    })
    .get('/accounts', allow('read_audit'), validQuery(accountsQuery), async (c) => {
      const { period } = c.req.valid('query');
      const runs = [];
      for (const summary of await listValuePeriodRuns(services.store, { period })) {
        const stored = await readValuePeriodRun(services.store, summary.id);
        if (stored !== undefined) runs.push(stored.run);
      }
      return c.json(valueAccountsSchema.encode(valueAccounts(period, runs)), 200);
    })
    .get('/period-runs/:id', async (c) => {
      const id = c.req.param('id');
      const stored = await readValuePeriodRun(services.store, id);
      const principal = c.get('principal');
      const visible =
        stored !== undefined &&
        (principal.role !== 'institution_integrator' ||
          (stored.scope === 'institution' && actsFor(principal, stored.subject)));
      if (!visible) {
        return c.json(
          errorBody('not_found', `no period run ${id}`, [
            issue('value.not_found', `no period run ${id}`, { path: ['id'] }),
          ]),
          404,
        );
      }
      return c.json(storedRunSchema.encode(stored), 200);
    })
    .get('/contracts', allow('run_review'), validQuery(reevaluationQuery), async (c) => {
      const q = c.req.valid('query');
      const policy = await policyOr422(q.date, q.region);
      if (policy === undefined) return refused(c, 422, noPolicyIssue(q.region, q.date));
      const items = [];
      for (const rule of policy.parameters.riskSharing) {
        const events = await listOutcomeEvents(services.store, {
          contract: rule.id,
          until: q.date,
        });
        const cohort = evaluateCohort(rule, cohortOf(rule.id, events), q.date, policy.rounding);
        if (!cohort.ok) return refused(c, 422, cohort.issues);
        const instalments = [];
        if (rule.instalments !== undefined) {
          for (const patient of cohortOf(rule.id, events).patients) {
            const schedule = instalmentsDue(rule, patient, q.date, policy.rounding);
            if (!schedule.ok) return refused(c, 422, schedule.issues);
            instalments.push(schedule.value);
          }
        }
        items.push({
          id: rule.id,
          name: rule.name,
          manufacturer: rule.manufacturer,
          items: [...rule.items],
          payment: rule.payment.toFixedString(),
          cohort: cohort.value,
          instalments,
        });
      }
      return c.json(contractsAnswer.encode({ items }), 200);
    })
    .post(
      '/courses/:course/payments',
      allow('precheck'),
      validJson(courseRequestSchema, 'the claim'),
      async (c) => {
        const courseId = c.req.param('course');
        const q = c.req.valid('json');
        const events = await listOutcomeEvents(services.store, { course: courseId });
        const course = courseOf(courseId, events);
        if (!course.ok) return refused(c, 404, course.issues);
        const started = events.find((e) => e.kind === 'course_started');
        const institution = started?.kind === 'course_started' ? started.institution : '';
        if (!actsFor(c.get('principal'), institution)) return forbiddenInstitution(c, institution);
        const policy = await policyOr422(q.date, q.region);
        if (policy === undefined) return refused(c, 422, noPolicyIssue(q.region, q.date));
        const paid = coursePayment(
          policy,
          course.value,
          { date: q.date, claimed: q.claimed },
          q.rule,
        );
        if (!paid.ok) return refused(c, 422, paid.issues);
        return c.json(coursePaymentAnswer.encode({ course: courseId, payment: paid.value }), 200);
      },
    )
    .post(
      '/standards',
      allow('precheck'),
      validJson(itemStandardRequestSchema, 'the item'),
      async (c) => {
        const q = c.req.valid('json');
        const fund = q.fundRegion ?? q.region;
        const policy = await policyOr422(q.date, fund);
        if (policy === undefined) return refused(c, 422, noPolicyIssue(fund, q.date));
        const standard = itemPaymentStandard(policy.parameters, q, policy.rounding);
        if (!standard.ok) return refused(c, 422, standard.issues);
        return c.json(itemPaymentStandardSchema.encode(standard.value), 200);
      },
    )
    .get('/reevaluations', validQuery(reevaluationQuery), async (c) => {
      const q = c.req.valid('query');
      const policy = await policyOr422(q.date, q.region);
      if (policy === undefined) return refused(c, 422, noPolicyIssue(q.region, q.date));
      const items = dueReevaluations(policy.parameters.temporaryPrices, q.date);
      return c.json({ items: items.map((d) => dueReevaluationSchema.encode(d)) }, 200);
    })
    .post(
      '/service-units',
      allow('precheck'),
      validJson(serviceUnitRequestSchema, 'the service'),
      async (c) => {
        const q = c.req.valid('json');
        const fund = q.fundRegion ?? q.region;
        const policy = await policyOr422(q.date, fund);
        if (policy === undefined) return refused(c, 422, noPolicyIssue(fund, q.date));
        const found = findServiceUnitRule(policy.parameters.serviceUnits, q.item, q.date);
        if (!found.ok) return refused(c, 422, found.issues);
        const coefficient = matchingCoefficients(policy.parameters.standardCoefficients, {
          item: q.item,
          date: q.date,
          region: q.region,
          categories: q.categories,
          domesticDevice: q.domesticDevice,
        });
        const paid = serviceUnitPayment(
          found.value.rule,
          {
            date: q.date,
            charged: q.charged,
            coefficient: coefficient.product,
            consumables: q.consumables,
          },
          policy.rounding,
          found.value.index,
        );
        if (!paid.ok) return refused(c, 422, paid.issues);
        return c.json(
          serviceUnitPaymentSchema.encode({
            ...paid.value,
            ...(paid.issues.length > 0 ? { warnings: paid.issues } : {}),
          }),
          200,
        );
      },
    )
    .post(
      '/case-add-ons',
      allow('precheck'),
      validJson(caseAddOnRequestSchema, 'the case'),
      async (c) => {
        const q = c.req.valid('json');
        const policy = await policyOr422(q.date, q.region);
        if (policy === undefined) return refused(c, 422, noPolicyIssue(q.region, q.date));
        const paid = caseAddOnPayment(policy.parameters.caseAddOns, q);
        if (!paid.ok) return refused(c, 422, paid.issues);
        return c.json(caseAddOnPaymentSchema.encode(paid.value), 200);
      },
    )
    .post('/icer', allow('read'), validJson(icerRequestSchema, 'the comparison'), async (c) => {
      const q = c.req.valid('json');
      const policy = await policyOr422(q.date, q.region);
      if (policy === undefined) return refused(c, 422, noPolicyIssue(q.region, q.date));
      const threshold = icerThresholdOn(policy, q.date);
      if (!threshold.ok) return refused(c, 422, threshold.issues);
      const verdict = icer(
        { incrementalCost: q.incrementalCost, incrementalQaly: q.incrementalQaly },
        threshold.value.value,
        policy.rounding,
      );
      if (!verdict.ok) return refused(c, 422, verdict.issues);
      return c.json(
        icerAnswerSchema.encode({ result: verdict.value, threshold: threshold.value }),
        200,
      );
    })
    .post(
      '/assessments',
      allow('upload_policy'),
      validJson(admissionAssessmentRequestSchema, 'the assessment'),
      async (c) => {
        const q = c.req.valid('json');
        const policy = await policyOr422(q.date, q.region);
        if (policy === undefined) return refused(c, 422, noPolicyIssue(q.region, q.date));
        const threshold = icerThresholdOn(policy, q.date);
        if (!threshold.ok) return refused(c, 422, threshold.issues);
        const verdict = icer(
          { incrementalCost: q.incrementalCost, incrementalQaly: q.incrementalQaly },
          threshold.value.value,
          policy.rounding,
        );
        if (!verdict.ok) return refused(c, 422, verdict.issues);
        const stored = await recordAdmissionAssessment(
          services.store,
          {
            id: newId('asm', services.now(), (n) => services.randomHex(n)),
            technology: q.technology,
            comparator: q.comparator,
            date: q.date,
            region: q.region,
            policy: policy.id,
            decision: q.decision,
            reason: q.reason,
            icer: { result: verdict.value, threshold: threshold.value },
          },
          c.get('principal').id,
        );
        c.header('location', `/v1/value/assessments/${stored.id}`);
        return c.json(admissionAssessmentSchema.encode(stored), 201);
      },
    )
    .get('/assessments', async (c) => {
      const items = await listAdmissionAssessments(services.store, {
        technology: c.req.query('technology'),
      });
      return c.json({ items: items.map((a) => admissionAssessmentSchema.encode(a)) }, 200);
    })
    .get('/assessments/:id', async (c) => {
      const found = await readAdmissionAssessment(services.store, c.req.param('id'));
      if (found === undefined) {
        return refused(c, 404, [
          issue('value.not_found', `no assessment ${c.req.param('id')}`, { path: ['id'] }),
        ]);
      }
      return c.json(admissionAssessmentSchema.encode(found), 200);
    })
    .post(
      '/adjustment-proposals',
      allow('upload_policy'),
      validJson(adjustmentRequestSchema, 'the measures'),
      async (c) => {
        const q = c.req.valid('json');
        const policy = await policyOr422(q.effectiveFrom, q.region);
        if (policy === undefined) return refused(c, 422, noPolicyIssue(q.region, q.effectiveFrom));
        const proposals = proposeAdjustments(policy, q.effectiveFrom, q.measures);
        if (!proposals.ok) return refused(c, 422, proposals.issues);
        const wire = proposals.value.map((p) => adjustmentProposalSchema.encode(p));
        if (!proposals.value.some((p) => p.kind === 'adjust_standard')) {
          return c.json({ proposals: wire, policy: null }, 200);
        }
        const version = proposedPolicyVersion(policySchema.encode(policy), proposals.value, {
          id: q.id ?? `${policy.id}.adjusted.${q.effectiveFrom}`,
          publishedOn: q.publishedOn ?? q.effectiveFrom,
          effectiveFrom: q.effectiveFrom,
        });
        if (!version.ok) return refused(c, 422, version.issues);
        const loaded = loadPolicy(version.value);
        if (!loaded.ok) return refused(c, 422, loaded.issues);
        const saved = await savePolicy(services.store, loaded.value, c.get('principal').id);
        if (!saved.ok) return refused(c, 409, saved.issues);
        services.invalidate('policies');
        c.header('location', `/v1/policies/${saved.value.id}`);
        return c.json({ proposals: wire, policy: saved.value.id }, 201);
      },
    );
}
