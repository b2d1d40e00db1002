import {
  type CalendarDate,
  accountingPeriodOf,
  calendarDate,
  calendarDateSchema,
  daysBetween,
  errorBodySchema,
  issue,
  regionCodeSchema,
} from '@openpayer/domain';
import {
  KPI_DIMENSIONS,
  type KpiDimension,
  anomaliesOver,
  budgetsOver,
  kpiSums,
} from '@openpayer/persistence';
import {
  anomalySchema,
  budgetStatusSchema,
  kpiDefinitionSetSchema,
  kpiValueSchema,
  kpiValues,
  peerAverageSchema,
  peerAverages,
} from '@openpayer/supervision';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { ApiEnv } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { forbiddenInstitution, refused, validQuery } from '../request.ts';
import { type ApiServices, today } from '../services.ts';

/**
 * Oversight over HTTP (监管指标, 异常监测, 总额预算): KPIs per institution, department, doctor and
 * month over any period with the peers' averages, the anomalies the region's rules find, and the
 * global budgets' burn with a run-rate forecast. Definitions, rules and budgets are data (the
 * engine's, `@openpayer/supervision`); the sums are SQL over the stored ledger. An integrator
 * reads its own institution's figures only.
 */

const MAX_DAYS = 3700;

const periodFields = {
  period: z.string().optional().meta({
    description: 'An accounting period (2025, 2025-Q1, 2025-03), instead of from and to.',
  }),
  from: calendarDateSchema.optional().meta({ description: 'First day (with to).' }),
  to: calendarDateSchema.optional().meta({ description: 'The day after the last (exclusive).' }),
};

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
  422: { description: 'No oversight data is configured.', schema: errorBodySchema },
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
      422: errors[422],
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

type Range = { from: CalendarDate; to: CalendarDate };

/** The period asked for, or the 400 naming the parameter. */
function rangeOf(q: {
  period?: string | undefined;
  from?: CalendarDate | undefined;
  to?: CalendarDate | undefined;
}): Range | { field: string; message: string } {
  if (q.period !== undefined) {
    if (q.from !== undefined || q.to !== undefined) {
      return {
        field: q.from === undefined ? 'to' : 'from',
        message: 'give period or from and to, not both',
      };
    }
    const p = accountingPeriodOf(q.period);
    if (p === undefined) {
      return {
        field: 'period',
        message: 'must be a year (2025), a quarter (2025-Q1) or a month (2025-03)',
      };
    }
    return { from: p.start, to: p.end };
  }
  if (q.from === undefined) return { field: 'from', message: 'give period, or from and to' };
  if (q.to === undefined) return { field: 'to', message: 'give to with from' };
  if (q.to <= q.from) return { field: 'to', message: 'must be after from' };
  if (daysBetween(q.from, q.to) > MAX_DAYS) {
    return { field: 'to', message: `a period of at most ${String(MAX_DAYS)} days` };
  }
  return { from: q.from, to: q.to };
}

function badQuery(c: Context, field: string, message: string) {
  return c.json(
    errorBody('invalid_request', 'the query is not valid', [
      issue('invalid_request', message, { path: [field] }),
    ]),
    400,
  );
}

export function oversightRoutes(services: ApiServices) {
  const noData = [
    issue('oversight.not_configured', 'no KPI definitions, anomaly rules or budgets are loaded', {
      path: [],
    }),
  ];
  /** An integrator reads its own institution; the rest anything they ask for. */
  const scope = (c: Context<ApiEnv>, asked: string | undefined) => {
    const p = c.get('principal');
    const own = p.role === 'institution_integrator' ? p.institutionCode : null;
    if (own !== null && asked !== undefined && asked !== own) return { denied: asked };
    return { institution: own ?? asked, own };
  };

  return new Hono<ApiEnv>()
    .get('/kpis/definitions', (c) => {
      const data = services.oversight();
      if (data === undefined) return refused(c, 422, noData);
      return c.json(kpiDefinitionSetSchema.encode(data.kpis), 200);
    })
    .get('/kpis', validQuery(kpiQuery), async (c) => {
      const data = services.oversight();
      if (data === undefined) return refused(c, 422, noData);
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
      const sums = await kpiSums(services.store, data.kpis, {
        ...range,
        by,
        institution: who.institution,
        department: q.department,
        doctor: q.doctor,
        region: q.region,
        kpis: q.kpi,
      });
      const items = kpiValues(data.kpis, sums.rows, { kpis: q.kpi, fund: sums.fund });
      // Peers are compared over every institution of the region, whoever asks.
      const peers = by.includes('institution')
        ? peerAverages(
            who.institution === undefined
              ? items
              : kpiValues(
                  data.kpis,
                  (
                    await kpiSums(services.store, data.kpis, {
                      ...range,
                      by,
                      region: q.region,
                      kpis: q.kpi,
                    })
                  ).rows,
                  { kpis: q.kpi, fund: sums.fund },
                ),
          ).filter(
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
      const data = services.oversight();
      if (data === undefined) return refused(c, 422, noData);
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
      const data = services.oversight();
      if (data === undefined) return refused(c, 422, noData);
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
