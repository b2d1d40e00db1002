import { FEN_HALF_UP, INSURANCE_TYPES, errorBodySchema, issuesFromZod } from '@openpayer/domain';
import {
  type DrgParameterSet,
  type GrouperTables,
  caseStandard,
  dischargeRecordSchema,
  groupRecord,
  groupResultView,
  toDischargeRecord,
} from '@openpayer/pricing';
import { Hono } from 'hono';
import { z } from 'zod';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { readJsonBody } from '../request.ts';

/** What the DRG routes need: a grouper version and a payment parameter set (loaded by the server). */
export interface DrgServices {
  readonly tables: () => GrouperTables;
  readonly parameters: () => DrgParameterSet;
}

const severitySchema = z.strictObject({
  code: z.string(),
  level: z.enum(['mcc', 'cc']),
  exclusionTable: z.string(),
});

export const groupResultSchema = z
  .strictObject({
    status: z.enum(['grouped', 'ambiguous', 'ungroupable', 'invalid']),
    version: z.string(),
    mdc: z.string().nullable(),
    adrg: z.string().nullable(),
    drg: z.string().nullable(),
    drgName: z.string().nullable(),
    reason: z.string().nullable(),
    field: z.string().nullable(),
    counted: z.array(severitySchema),
    excluded: z.array(severitySchema),
    validProcedures: z.array(z.string()),
    trace: z.array(z.string()),
  })
  .meta({ id: 'GroupResult' });

export const drgStandardSchema = z
  .strictObject({
    drg: z.string(),
    name: z.string().nullable(),
    year: z.int(),
    insuranceType: z.enum(INSURANCE_TYPES),
    weight: z.string(),
    baseRate: z.string(),
    standard: z.string(),
    explanation: z.string(),
    parameterSet: z.string(),
  })
  .meta({ id: 'DrgStandard' });

const standardQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  insuranceType: z.enum(INSURANCE_TYPES),
});

export const drgRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/drg/group',
    operationId: 'groupDischarge',
    summary: 'Group a discharge record (CHS-DRG 1.0)',
    description:
      'Status (grouped, ambiguous, ungroupable with the reason, invalid with the field), MDC, ADRG, DRG, the MCC / CC ' +
      'diagnoses that counted and those excluded, and a step-by-step trace.',
    tags: ['drg'],
    requestBody: dischargeRecordSchema,
    responses: {
      200: { description: 'The grouping result.', schema: groupResultSchema },
      400: {
        description: 'The body is not valid JSON, or a field is wrong (issues name it).',
        schema: errorBodySchema,
      },
      415: { description: 'The body is not application/json.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/drg/standards/{drg}',
    operationId: 'getDrgStandard',
    summary: "A DRG's weight and payment standard",
    description:
      'Weight × base rate for the year and insurance type (query: year, insuranceType), rounded to the fen.',
    tags: ['drg'],
    responses: {
      200: { description: 'The weight and standard.', schema: drgStandardSchema },
      400: { description: 'A query parameter is wrong.', schema: errorBodySchema },
      404: { description: 'No weight or base rate for that DRG / year.', schema: errorBodySchema },
    },
  },
];

export function drgRoutes(services: DrgServices) {
  return new Hono()
    .post('/group', async (c) => {
      const body = await readJsonBody(c);
      if (!body.ok) return body.response;
      const parsed = dischargeRecordSchema.safeParse(body.value);
      if (!parsed.success) {
        return c.json(
          errorBody(
            'invalid_request',
            'the discharge record is not valid',
            issuesFromZod(parsed.error),
          ),
          400,
        );
      }
      const g = groupRecord(services.tables(), toDischargeRecord(parsed.data));
      return c.json({ ...groupResultView(g, false), trace: [...g.trace] }, 200);
    })
    .get('/standards/:drg', (c) => {
      const query = standardQuerySchema.safeParse(c.req.query());
      if (!query.success) {
        return c.json(
          errorBody(
            'invalid_request',
            'year and insuranceType are required',
            issuesFromZod(query.error),
          ),
          400,
        );
      }
      const drg = c.req.param('drg');
      const params = services.parameters();
      const result = caseStandard(
        params,
        { drg, year: query.data.year, insuranceType: query.data.insuranceType },
        FEN_HALF_UP,
      );
      if (!result.ok)
        return c.json(
          errorBody('not_found', result.issues[0]?.message ?? 'not found', result.issues),
          404,
        );
      const s = result.value;
      return c.json(
        {
          drg,
          name: params.names.get(drg) ?? null,
          year: query.data.year,
          insuranceType: query.data.insuranceType,
          weight: s.weight.toString(),
          baseRate: s.baseRate.toFixedString(),
          standard: s.standard.toFixedString(),
          explanation: s.explanation,
          parameterSet: params.id,
        },
        200,
      );
    });
}
