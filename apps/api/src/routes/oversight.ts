import {
  calendarDate,
  calendarDateSchema,
  errorBodySchema,
  issue,
  regionCodeSchema,
} from '@openpayer/domain';
import {
  KPI_DIMENSIONS,
  OVERSIGHT_DOCUMENT_KINDS,
  type KpiDimension,
  type OversightDocumentKind,
  anomaliesOver,
  budgetsOver,
  kpiSums,
  listOversightDocuments,
  storeOversightDocument,
} from '@openpayer/persistence';
import {
  anomalyRuleSetSchema,
  anomalySchema,
  budgetSetSchema,
  budgetStatusSchema,
  caseRulesSchema,
  kpiDefinitionSetSchema,
  loadAnomalyRules,
  loadBudgets,
  workCalendarSchema,
  kpiValueSchema,
  kpiValues,
  peerAverageSchema,
  peerAverages,
} from '@openpayer/supervision';
import { type Context, Hono } from 'hono';
import type { Issue } from '@openpayer/domain';
import { z } from 'zod';
import { type ApiEnv, allow } from '../auth.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { forbiddenInstitution, refused, validJson, validQuery } from '../request.ts';
import { badQuery, periodFields, rangeOf } from './period-query.ts';
import { type ApiServices, today } from '../services.ts';

/**
 * Oversight over HTTP (监管指标, 异常监测, 总额预算): KPIs per institution, department, doctor and
 * month over any period with the peers' averages, the anomalies the region's rules find, and the
 * global budgets' burn with a run-rate forecast. Definitions, rules and budgets are data (the
 * engine's, `@openpayer/supervision`); the sums are SQL over the stored ledger. An integrator
 * reads its own institution's figures only.
 */

/** A comma-separated list (blanks dropped). */
const commaList = z
  .string()
  .max(2000)
  .transform((text) =>
    text
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  );

const kpiQuery = z.strictObject({
  ...periodFields,
  by: commaList
    .pipe(z.array(z.enum(KPI_DIMENSIONS)).min(1).max(4))
    .optional()
    .meta({ description: 'Comma-separated: institution, department, doctor, month.' }),
  kpi: commaList
    .pipe(z.array(z.string().min(1).max(48)).min(1).max(100))
    .optional()
    .meta({ description: 'Comma-separated KPI ids (default all).' }),
  institution: z.string().min(1).max(40).optional(),
  department: z.string().min(1).max(64).optional(),
  doctor: z.string().min(1).max(64).optional(),
  region: regionCodeSchema.optional(),
});

const anomalyQuery = z.strictObject({
  ...periodFields,
  institution: z.string().min(1).max(40).optional(),
  region: regionCodeSchema.optional(),
});

const budgetQuery = z.strictObject({
  asOf: calendarDateSchema
    .optional()
    .meta({ description: "The day the spend is counted to (default today; the budgets' year)." }),
  institution: z.string().min(1).max(40).optional(),
  region: regionCodeSchema.optional(),
});

const kpiAnswerSchema = z
  .strictObject({
    definitions: z.string(),
    from: z.string(),
    to: z.string(),
    by: z.array(z.enum(KPI_DIMENSIONS)),
    items: z.array(kpiValueSchema),
    peers: z.array(peerAverageSchema).meta({
      description: "By institution: each KPI's mean over the institutions of one tier.",
    }),
  })
  .meta({ id: 'KpiAnswer' });

const anomalyAnswerSchema = z
  .strictObject({
    rules: z.string(),
    from: z.string(),
    to: z.string(),
    items: z.array(anomalySchema),
  })
  .meta({ id: 'AnomalyAnswer' });

const budgetAnswerSchema = z
  .strictObject({
    budgets: z.string(),
    year: z.int(),
    asOf: z.string(),
    items: z.array(budgetStatusSchema),
  })
  .meta({ id: 'BudgetAnswer' });

const errors = {
  400: { description: 'A parameter is wrong (issues name it).', schema: errorBodySchema },
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'An integrator asking for another institution.', schema: errorBodySchema },
  422: { description: 'The budgets cannot be read on that day.', schema: errorBodySchema },
} as const;
const TAGS = ['supervision'];

export const oversightRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/kpis',
    operationId: 'listKpis',
    summary: 'KPIs by institution, department, doctor and month over a period, with peer averages',
    description:
      'Query: period (2025, 2025-Q1, 2025-03) or from + to; by (comma-separated dimensions); kpi (comma-separated ids); filters institution, department, doctor, region. Sums are exact (SQL numeric over the stored ledger); the case-mix index reads the stored DRG reconciliations (by institution and month only).',
    tags: TAGS,
    responses: { 200: { description: 'KPI values.', schema: kpiAnswerSchema }, ...errors },
  },
  {
    method: 'get',
    path: '/v1/kpis/definitions',
    operationId: 'getKpiDefinitions',
    summary: 'The KPI definitions in force: line classes, categories and each KPI as data',
    tags: TAGS,
    responses: {
      200: { description: 'The definitions.', schema: kpiDefinitionSetSchema },
      401: errors[401],
    },
  },
  {
    method: 'get',
    path: '/v1/anomalies',
    operationId: 'listAnomalies',
    summary: 'Anomalies the rules find over a period, most severe first, each explained',
    description:
      "Thresholds (over the period or n consecutive months), peer gaps and growth within a window, read from the KPIs' monthly sums. Query: period or from + to; institution; region.",
    tags: TAGS,
    responses: { 200: { description: 'Anomalies.', schema: anomalyAnswerSchema }, ...errors },
  },
  {
    method: 'get',
    path: '/v1/budgets',
    operationId: 'listBudgets',
    summary: 'Global budgets: spend so far, run-rate forecast and burn warnings',
    tags: TAGS,
    responses: { 200: { description: 'Budget status.', schema: budgetAnswerSchema }, ...errors },
  },
];

/** The upload routes: path → the document's kind and schema. */
const UPLOADS = [
  {
    path: 'kpi-definitions',
    kind: 'kpi_definitions',
    schema: kpiDefinitionSetSchema,
    what: 'KPI definitions',
  },
  {
    path: 'anomaly-rules',
    kind: 'anomaly_rules',
    schema: anomalyRuleSetSchema,
    what: 'anomaly rules',
  },
  { path: 'budgets', kind: 'budgets', schema: budgetSetSchema, what: 'global budgets' },
  { path: 'case-rules', kind: 'case_rules', schema: caseRulesSchema, what: 'case rules' },
  {
    path: 'work-calendars',
    kind: 'work_calendar',
    schema: workCalendarSchema,
    what: 'a working-day calendar',
  },
] as const satisfies readonly {
  path: string;
  kind: OversightDocumentKind;
  schema: z.ZodType;
  what: string;
}[];

const storedDocumentSchema = z
  .strictObject({
    kind: z.enum(OVERSIGHT_DOCUMENT_KINDS),
    id: z.string(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
    inForce: z.boolean().meta({
      description:
        'The document is the one in force of its kind (case rules and calendars: one of those in force).',
    }),
  })
  .meta({ id: 'OversightDocument' });

export const oversightUploadDocs: RouteDoc[] = [
  ...UPLOADS.map((u): RouteDoc => ({
    method: 'post',
    path: `/v1/oversight/${u.path}`,
    operationId: `upload${u.path
      .split('-')
      .map((w) => `${w[0]?.toUpperCase() ?? ''}${w.slice(1)}`)
      .join('')}`,
    summary: `Upload ${u.what} (administrators); the latest uploaded is in force`,
    description:
      'A validated, immutable document: a change is a new id. Checked against the data in force (anomaly rules and budgets against the KPI definitions, KPI definitions against the rules and budgets that read them, case rules against the calendars).',
    tags: TAGS,
    requestBody: u.schema,
    responses: {
      201: { description: 'Stored, and in force.', schema: storedDocumentSchema },
      400: errors[400],
      401: errors[401],
      403: errors[403],
      409: { description: 'The id exists.', schema: errorBodySchema },
      422: {
        description: 'It does not fit the data in force (issues name the field).',
        schema: errorBodySchema,
      },
    },
  })),
  {
    method: 'get',
    path: '/v1/oversight/documents',
    operationId: 'listOversightDocuments',
    summary: 'The uploaded oversight documents, latest first, and which are in force',
    tags: TAGS,
    responses: {
      200: {
        description: 'Documents.',
        schema: z.strictObject({ items: z.array(storedDocumentSchema) }),
      },
      401: errors[401],
    },
  },
];

export function oversightRoutes(services: ApiServices) {
  /** An integrator reads its own institution; the rest anything they ask for. */
  const scope = (c: Context<ApiEnv>, asked: string | undefined) => {
    const p = c.get('principal');
    const own = p.role === 'institution_integrator' ? p.institutionCode : null;
    if (own !== null && asked !== undefined && asked !== own) return { denied: asked };
    return { institution: own ?? asked, own };
  };

  /** Does the document fit the data in force? The issues, their paths naming the field. */
  const fits = async (kind: OversightDocumentKind, doc: unknown): Promise<Issue[]> => {
    const data = await services.oversight();
    const under = (prefix: string, issues: readonly Issue[]) =>
      issues.map((i) =>
        issue('oversight.does_not_fit', `${prefix}: ${i.message}`, { path: [...i.path] }),
      );
    switch (kind) {
      case 'kpi_definitions': {
        const kpis = kpiDefinitionSetSchema.parse(doc);
        const rules = loadAnomalyRules(z.encode(anomalyRuleSetSchema, data.anomalyRules), kpis);
        const budgets = loadBudgets(z.encode(budgetSetSchema, data.budgets), kpis);
        return [
          ...(rules.ok
            ? []
            : under(`the anomaly rules in force (${data.anomalyRules.id})`, rules.issues)),
          ...(budgets.ok ? [] : under(`the budgets in force (${data.budgets.id})`, budgets.issues)),
        ];
      }
      case 'anomaly_rules': {
        const r = loadAnomalyRules(doc, data.kpis);
        return r.ok ? [] : under(`against the KPI definitions ${data.kpis.id}`, r.issues);
      }
      case 'budgets': {
        const r = loadBudgets(doc, data.kpis);
        return r.ok ? [] : under(`against the KPI definitions ${data.kpis.id}`, r.issues);
      }
      case 'case_rules': {
        const rules = caseRulesSchema.parse(doc);
        return data.calendars.has(rules.calendar)
          ? []
          : [
              issue(
                'oversight.does_not_fit',
                `no working-day calendar ${rules.calendar}: upload it first`,
                { path: ['calendar'] },
              ),
            ];
      }
      case 'work_calendar':
        return [];
    }
  };

  let app = new Hono<ApiEnv>().get('/oversight/documents', async (c) => {
    const data = await services.oversight();
    const docs = await listOversightDocuments(services.store);
    const inForce = (d: (typeof docs)[number]) =>
      d.kind === 'kpi_definitions'
        ? data.kpis.id === d.id
        : d.kind === 'anomaly_rules'
          ? data.anomalyRules.id === d.id
          : d.kind === 'budgets'
            ? data.budgets.id === d.id
            : d.kind === 'case_rules'
              ? data.caseRules.some((r) => r.id === d.id)
              : data.calendars.has(d.id);
    return c.json(
      {
        items: docs.map((d) => ({
          kind: d.kind,
          id: d.id,
          uploadedBy: d.uploadedBy,
          uploadedAt: d.uploadedAt,
          inForce: inForce(d),
        })),
      },
      200,
    );
  });
  for (const u of UPLOADS) {
    app = app.post(
      `/oversight/${u.path}`,
      allow('manage_oversight'),
      validJson(u.schema as z.ZodType, u.what),
      async (c) => {
        const doc: unknown = c.req.valid('json');
        const wire: unknown = z.encode(u.schema as z.ZodType, doc);
        const problems = await fits(u.kind, wire);
        if (problems.length > 0) return refused(c, 422, problems);
        const id = (wire as { id: string }).id;
        const stored = await storeOversightDocument(services.store, {
          kind: u.kind,
          id,
          body: wire,
          by: c.get('principal').id,
        });
        if (!stored.ok) return refused(c, 409, stored.issues);
        services.invalidate('oversight');
        await services.oversight();
        c.header('location', '/v1/oversight/documents');
        return c.json(
          {
            kind: u.kind,
            id,
            uploadedBy: stored.value.uploadedBy,
            uploadedAt: stored.value.uploadedAt,
            inForce: true,
          },
          201,
        );
      },
    );
  }

  return app
    .get('/kpis/definitions', async (c) => {
      const data = await services.oversight();
      return c.json(kpiDefinitionSetSchema.encode(data.kpis), 200);
    })
    .get('/kpis', validQuery(kpiQuery), async (c) => {
      const data = await services.oversight();
      const q = c.req.valid('query');
      const range = rangeOf(q);
      if ('field' in range) return badQuery(c, range.field, range.message);
      const known = new Set(data.kpis.kpis.map((k) => k.id));
      const unknown = q.kpi?.find((k) => !known.has(k));
      if (unknown !== undefined) return badQuery(c, 'kpi', `no KPI ${unknown} in ${data.kpis.id}`);
      const by = [...new Set<KpiDimension>(q.by ?? ['institution'])];
      const who = scope(c, q.institution);
      if ('denied' in who) return forbiddenInstitution(c, who.denied ?? '');
      await services.kpiFactsFresh();
      // By institution, every institution of the region is read once: the peers are compared
      // over all of them (whoever asks), and the institution asked for is picked from them.
      const byInstitution = by.includes('institution');
      const sums = await kpiSums(services.store, data.kpis, {
        ...range,
        by,
        institution: byInstitution ? undefined : who.institution,
        department: q.department,
        doctor: q.doctor,
        region: q.region,
        kpis: q.kpi,
      });
      const all = kpiValues(data.kpis, sums.rows, { kpis: q.kpi, fund: sums.fund });
      const items =
        byInstitution && who.institution !== undefined
          ? all.filter((v) => v.group.institution === who.institution)
          : all;
      const peers = byInstitution
        ? peerAverages(data.kpis, all).filter(
            (p) => who.institution === undefined || items.some((v) => v.group.tier === p.tier),
          )
        : [];
      return c.json(
        kpiAnswerSchema.parse({
          definitions: data.kpis.id,
          from: range.from,
          to: range.to,
          by,
          items,
          peers,
        }),
        200,
      );
    })
    .get('/anomalies', validQuery(anomalyQuery), async (c) => {
      const data = await services.oversight();
      const q = c.req.valid('query');
      const range = rangeOf(q);
      if ('field' in range) return badQuery(c, range.field, range.message);
      const who = scope(c, q.institution);
      if ('denied' in who) return forbiddenInstitution(c, who.denied ?? '');
      await services.kpiFactsFresh();
      const found = await anomaliesOver(services.store, data.kpis, data.anomalyRules, {
        ...range,
        region: q.region,
      });
      const items = found.filter(
        (a) => who.institution === undefined || a.institution === who.institution,
      );
      return c.json(
        anomalyAnswerSchema.parse({ rules: data.anomalyRules.id, ...range, items }),
        200,
      );
    })
    .get('/budgets', validQuery(budgetQuery), async (c) => {
      const data = await services.oversight();
      const q = c.req.valid('query');
      const who = scope(c, q.institution);
      if ('denied' in who) return forbiddenInstitution(c, who.denied ?? '');
      // Default: today, or the last day of the budgets' year once it is over.
      const lastDay = calendarDate(`${String(data.budgets.year)}-12-31`);
      const now = today(services);
      const asOf = q.asOf ?? (now > lastDay ? lastDay : now);
      if (Number(asOf.slice(0, 4)) !== data.budgets.year) {
        return badQuery(c, 'asOf', `the budgets are of ${String(data.budgets.year)}`);
      }
      await services.kpiFactsFresh();
      const status = await budgetsOver(services.store, data.kpis, data.budgets, {
        asOf,
        region: q.region,
      });
      if (!status.ok) return refused(c, 422, status.issues);
      const items = status.value.filter(
        (b) => who.institution === undefined || b.institution === who.institution,
      );
      return c.json(
        budgetAnswerSchema.encode({
          budgets: data.budgets.id,
          year: data.budgets.year,
          asOf,
          items,
        }),
        200,
      );
    });
}
