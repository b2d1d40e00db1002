import type { DipServices } from '../reconcile.ts';
import {
  FEN_HALF_UP,
  INSURANCE_TYPES,
  errorBodySchema,
  issue,
  issuesFromZod,
} from '@openpayer/domain';
import {
  type DrgParameterSet,
  type GrouperAssignment,
  type GrouperTables,
  caseStandard,
  grouperVersionFor,
  dischargeRecordSchema,
  groupRecord,
  groupResultView,
  toDischargeRecord,
} from '@openpayer/pricing';
import {
  grouperVersions,
  loadGrouperAssignmentTable,
  loadGrouperVersion,
} from '@openpayer/pricing/node';
import { Hono } from 'hono';
import { z } from 'zod';
import { errorBody } from '../errors.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { readJsonBody } from '../request.ts';

/** What the DRG routes need: a grouper version and a payment parameter set (loaded by the server). */
export interface DrgServices {
  /** The default grouper version (CHS-DRG 1.0). */
  readonly tables: () => GrouperTables;
  readonly parameters: () => DrgParameterSet;
  /**
   * Another grouper version by id (`chs-drg-1.1`, `chs-drg-1.1-bj-2022`, `harbin-2024` …), or
   * undefined when there is none. Defaults to the versions shipped with @openpayer/pricing.
   */
  readonly grouper?: (version: string) => GrouperTables | undefined;
  /** The version ids `grouper` knows (for error messages and GET /v1/drg/versions). */
  readonly grouperVersions?: () => readonly { id: string; label: string }[];
  /** Region → grouper version by date (defaults to the shipped assignment table). */
  readonly assignments?: () => readonly GrouperAssignment[];
  /** The DIP catalog and parameters (POST /v1/reconciliations method dip); absent: 503 for DIP. */
  readonly dip?: DipServices;
}

let shippedAssignmentsCache: readonly GrouperAssignment[] | undefined;
const shippedAssignments = (): readonly GrouperAssignment[] => {
  if (shippedAssignmentsCache === undefined) {
    const loaded = loadGrouperAssignmentTable();
    if (!loaded.ok) throw new Error(loaded.issues[0]?.message ?? 'grouper assignments');
    shippedAssignmentsCache = loaded.value;
  }
  return shippedAssignmentsCache;
};

const shippedGrouper = (version: string): GrouperTables | undefined => {
  const loaded = loadGrouperVersion(version);
  return loaded?.ok === true ? loaded.value : undefined;
};
const shippedVersions = () => grouperVersions().map((v) => ({ id: v.id, label: v.label }));

const groupQuerySchema = z
  .strictObject({
    version: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{0,63}$/u)
      .optional()
      .meta({ description: 'Grouper version id; CHS-DRG 1.0 when absent.' }),
    region: z
      .string()
      .regex(/^\d{6}$/u)
      .optional()
      .meta({ description: 'With date: the version the region uses that day.' }),
    date: z.iso.date().optional(),
  })
  .refine((q) => (q.region === undefined) === (q.date === undefined), {
    message: 'region and date go together',
    path: ['date'],
  })
  .refine((q) => q.version === undefined || q.region === undefined, {
    message: 'name a version or a region and date, not both',
    path: ['version'],
  });

export const grouperVersionsSchema = z
  .strictObject({
    versions: z.array(z.strictObject({ id: z.string(), label: z.string() })),
  })
  .meta({ id: 'GrouperVersions' });

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
    warnings: z.array(z.strictObject({ code: z.string(), field: z.string(), message: z.string() })),
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
    summary:
      'Group a discharge record (CHS-DRG 1.0 unless ?version= names another grouper version)',
    description:
      'Status (grouped, ambiguous, ungroupable with the reason, invalid with the field), MDC, ADRG, DRG, the MCC / CC ' +
      'diagnoses that counted and those excluded, warnings (unknown secondary codes), and a step-by-step trace. ' +
      'Query `version`: a grouper version id from GET /v1/drg/versions (chs-drg-1.0 by default); or `region` and ' +
      '`date`: the version the region uses that day (dated assignment data).',
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
    path: '/v1/drg/versions',
    operationId: 'listGrouperVersions',
    summary: 'The grouper versions this server can group with',
    tags: ['drg'],
    responses: { 200: { description: 'Version ids and labels.', schema: grouperVersionsSchema } },
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

/** The grouper version (its tables) a region uses on a date, by the assignment table. */
export function drgVersions(services: DrgServices) {
  const grouper = services.grouper ?? shippedGrouper;
  const assignments = services.assignments ?? shippedAssignments;
  return {
    grouperAt(region: string, date: string): GrouperTables | undefined {
      const version = grouperVersionFor(assignments(), region, date);
      return version === undefined ? undefined : grouper(version);
    },
  };
}

export function drgRoutes(services: DrgServices) {
  const grouper = services.grouper ?? shippedGrouper;
  const versions = services.grouperVersions ?? shippedVersions;
  const assignments = services.assignments ?? shippedAssignments;
  return new Hono()
    .get('/versions', (c) => c.json({ versions: [...versions()] }, 200))
    .post('/group', async (c) => {
      const query = groupQuerySchema.safeParse(c.req.query());
      if (!query.success) {
        return c.json(
          errorBody('invalid_request', 'the query is not valid', issuesFromZod(query.error)),
          400,
        );
      }
      const { region, date } = query.data;
      const assigned =
        region === undefined || date === undefined
          ? undefined
          : grouperVersionFor(assignments(), region, date);
      if (region !== undefined && assigned === undefined) {
        return c.json(
          errorBody(
            'invalid_request',
            `no grouper version is assigned to ${region} on ${date ?? ''}`,
            [
              issue(
                'drg.no_assignment',
                `region ${region} has no grouper version on ${date ?? ''}`,
                {
                  path: ['region'],
                },
              ),
            ],
          ),
          400,
        );
      }
      const named = assigned ?? query.data.version;
      const tables = named === undefined ? services.tables() : grouper(named);
      if (tables === undefined) {
        const known = versions().map((v) => v.id);
        return c.json(
          errorBody('invalid_request', `unknown grouper version "${named ?? ''}"`, [
            issue('drg.unknown_version', `version must be one of ${known.join(', ')}`, {
              path: ['version'],
              data: { known },
            }),
          ]),
          400,
        );
      }
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
      const g = groupRecord(tables, toDischargeRecord(parsed.data));
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
