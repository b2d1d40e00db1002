import { accountingPeriodSchema, errorBodySchema, issue } from '@openpayer/domain';
import {
  type ReconciliationSummary,
  listReconciliations,
  readReconciliation,
} from '@openpayer/persistence';
import {
  RECONCILIATION_METHODS,
  dipBudgetSchema,
  reconciliationSchema,
  specialCaseSchema,
} from '@openpayer/pricing';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, actsFor, allow } from '../auth.ts';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { forbiddenInstitution, refused, validJson, validQuery } from '../request.ts';
import type { ApiServices } from '../services.ts';
import { reconcileStoredPeriod } from '../reconcile.ts';
import type { DrgServices } from './drg.ts';

/**
 * Period reconciliation (结算清算): a hospital's stored inpatient settlements discharged in a
 * period, each paid by its DRG standard (the region's grouper version and policy of its discharge
 * date) or by DIP (points × the point value of the region's budget), against their cost; the net
 * shared by the policy's `caseReconciliation`. Recorded once per institution, period and method;
 * the figures and the cases behind them are read back as recorded.
 */

const summarySchema = z
  .strictObject({
    id: z.string(),
    institution: z.string(),
    period: z.string(),
    method: z.enum(RECONCILIATION_METHODS),
    policy: z.string(),
    cases: z.int(),
    adjustment: z.string().meta({
      description: 'What the fund pays the hospital at the close (negative: recovers).',
    }),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'ReconciliationSummary' });

const storedSchema = summarySchema
  .extend({ reconciliation: reconciliationSchema })
  .meta({ id: 'StoredReconciliation' });

const requestSchema = z
  .strictObject({
    institution: z.string().min(1).max(40),
    period: accountingPeriodSchema,
    method: z.enum(RECONCILIATION_METHODS).default('drg').meta({
      description:
        "How the cases are paid: drg (each case's DRG standard) or dip (points × the point value of the region's budgets; `budgets` required).",
    }),
    budgets: z.array(dipBudgetSchema).min(1).max(10).optional().meta({
      description:
        "DIP only (required for dip, refused for drg): the region's budget of each fund (insurance type) for the period; each fund's point value = its budget ÷ the points of every hospital's cases of the region in the period.",
    }),
    specialCases: z.array(specialCaseSchema).max(1000).optional().meta({
      description:
        "The special-case decisions (特病单议) on cases of the period (default: the reviewers' decisions recorded through /v1/special-cases): an approved case is paid its cost × the policy's specialCaseReview.paymentRatio instead of its DRG / DIP payment, outside the shared net; a rejected one as usual, the rejection in its explanation. Taken only when the period is reconciled now (a recorded period is answered as recorded).",
    }),
  })
  .superRefine((q, ctx) => {
    if (q.method === 'dip' && q.budgets === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['budgets'],
        message:
          'method dip needs budgets: [{insuranceType, amount}] (the region’s period budget of each fund)',
      });
    }
    if (q.method === 'drg' && q.budgets !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['budgets'],
        message: 'budgets are for method dip; a DRG reconciliation pays each case its standard',
      });
    }
    const seen = new Set<string>();
    (q.budgets ?? []).forEach((b, i) => {
      if (seen.has(b.insuranceType)) {
        ctx.addIssue({
          code: 'custom',
          path: ['budgets', i, 'insuranceType'],
          message: `a second budget for ${b.insuranceType}`,
        });
      }
      seen.add(b.insuranceType);
    });
  })
  .meta({ id: 'ReconciliationRequest' });

const listQuerySchema = z.strictObject({ institution: z.string().min(1).max(40).optional() });

const errors = {
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role or the institution may not do this.', schema: errorBodySchema },
} as const;

export const reconciliationRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/reconciliations',
    operationId: 'reconcilePeriod',
    summary: "Reconcile a hospital's period (administrators)",
    description:
      "Every live inpatient settlement of `institution` discharged in `period` (2025, 2025-Q1 or 2025-03) is grouped by the region's grouper " +
      "version of its discharge date and paid its DRG standard by that day's policy, against its cost; the net is shared by the policy's " +
      'caseReconciliation (surplus retained, care team, overrun borne). 201 with the recorded reconciliation; 200 with the one recorded ' +
      'before (a period is reconciled once per method). 422 names every case that keeps the period open (held for review, not groupable, no weight …): nothing is written.\n\n' +
      'DIP (`method: "dip"` with `budgets: [{insuranceType, amount}]`): every live inpatient settlement of the institution\'s region discharged in the period ' +
      "is grouped by the DIP catalog; a case's points = score × (1, or cost/average − 1 above dipOutliers.highMultiple × the group's average, or cost/average " +
      "below lowFraction ×) × the hospital coefficient; each fund's point value = its budget ÷ the region's points (policy of the period's last day), shown in " +
      "`reconciliation.pointValues`; the institution's cases are paid their share of the budget (to the fen, the region's payments summing to it) against their cost, " +
      'then shared like DRG. A claim of the region held for review, or a case that does not group, is a 422 naming the claim; a fund with cases but no budget too. ' +
      '`budgets` missing for dip, or given for drg, is a 400 naming `budgets`.',
    tags: ['case payment'],
    requestBody: requestSchema,
    responses: {
      200: { description: 'Recorded before: as it was recorded.', schema: storedSchema },
      201: { description: 'Recorded now.', schema: storedSchema },
      400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
      ...errors,
      422: {
        description: 'The period cannot be reconciled: the cases named.',
        schema: errorBodySchema,
      },
      503: {
        description: 'The server has no DRG tables (or, for dip, no DIP catalog) loaded.',
        schema: errorBodySchema,
      },
    },
  },
  {
    method: 'get',
    path: '/v1/reconciliations',
    operationId: 'listReconciliations',
    summary: 'Recorded reconciliations, newest period first',
    description: "Filter: institution. An institution integrator sees only its own institution's.",
    tags: ['case payment'],
    responses: {
      200: {
        description: 'Summaries.',
        schema: z.strictObject({ items: z.array(summarySchema) }),
      },
      400: { description: 'A query parameter is wrong.', schema: errorBodySchema },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/reconciliations/{id}',
    operationId: 'getReconciliation',
    summary: 'A recorded reconciliation with its pools and cases',
    tags: ['case payment'],
    responses: {
      200: { description: 'The reconciliation.', schema: storedSchema },
      ...errors,
      404: { description: 'No such reconciliation.', schema: errorBodySchema },
    },
  },
];

const summaryWire = (s: ReconciliationSummary) => summarySchema.parse(s);

export function reconciliationRoutes(services: ApiServices, drg: DrgServices | undefined) {
  return new Hono<ApiEnv>()
    .post('/', allow('reconcile'), validJson(requestSchema, 'the reconciliation'), async (c) => {
      const q = c.req.valid('json');
      if (drg === undefined) {
        return c.json(errorBody('not_ready', 'this server has no DRG tables loaded'), 503);
      }
      if (q.method === 'dip' && drg.dip === undefined) {
        return c.json(errorBody('not_ready', 'this server has no DIP catalog loaded'), 503);
      }
      const common = {
        institution: q.institution,
        period: q.period,
        specialCases: q.specialCases,
        by: c.get('principal').id,
      };
      const result = await reconcileStoredPeriod(
        services,
        drg,
        q.method === 'dip' ? { ...common, method: 'dip', budgets: q.budgets ?? [] } : common,
      );
      if (!result.ok) return refused(c, 422, result.issues);
      const { created, stored } = result.value;
      c.header('location', `/v1/reconciliations/${stored.id}`);
      return c.json(storedSchema.encode(stored), created ? 201 : 200);
    })
    .get('/', validQuery(listQuerySchema), async (c) => {
      const principal = c.get('principal');
      const asked = c.req.valid('query').institution;
      const own = principal.role === 'institution_integrator' ? principal.institutionCode : null;
      if (own !== null && asked !== undefined && asked !== own) {
        return forbiddenInstitution(c, asked);
      }
      const items = await listReconciliations(services.store, { institution: own ?? asked });
      return c.json({ items: items.map(summaryWire) }, 200);
    })
    .get('/:id', async (c) => {
      const id = c.req.param('id');
      const stored = await readReconciliation(services.store, id);
      if (stored === undefined || !actsFor(c.get('principal'), stored.institution)) {
        return c.json(
          errorBody('not_found', `no reconciliation ${id}`, [
            issue('reconcile.not_found', `no reconciliation ${id}`, { path: ['id'] }),
          ]),
          404,
        );
      }
      return c.json(storedSchema.encode(stored), 200);
    });
}
