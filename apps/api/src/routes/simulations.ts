import { errorBodySchema, issue } from '@openpayer/domain';
import {
  SIMULATION_STATUSES,
  type SimulationJob,
  cancelSimulation,
  listSimulations,
  newId,
  readSimulation,
  readSimulationReport,
  startSimulation,
} from '@openpayer/persistence';
import { simulationReportSchema, simulationRequestSchema } from '@openpayer/pricing';
import { Hono } from 'hono';
import { z } from 'zod';
import { type ApiEnv, allow } from '../auth.ts';
import type { RouteDoc } from '../openapi/document.ts';
import { refused, validJson } from '../request.ts';
import type { ApiServices } from '../services.ts';

/**
 * What-if simulations (issue 24) as asynchronous jobs over the stored claims: create (202), watch
 * the progress, read the report, cancel. The report is the engine's (`simulationReportSchema`),
 * the same bytes `openpayer simulate` writes for the same claims and versions.
 */

const jobSchema = z
  .strictObject({
    id: z.string(),
    region: z.string(),
    request: simulationRequestSchema,
    status: z.enum(SIMULATION_STATUSES),
    total: z.int().meta({ description: 'Claims of the period to compare.' }),
    processed: z.int().meta({ description: 'Claims compared (or refused) so far.' }),
    error: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'SimulationJob' });

const errors = {
  401: { description: 'No or an unknown API key.', schema: errorBodySchema },
  403: { description: 'The role may not do this.', schema: errorBodySchema },
} as const;
const notFound = { 404: { description: 'No such simulation.', schema: errorBodySchema } } as const;
const TAGS = ['simulation'];

export const simulationRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/simulations',
    operationId: 'startSimulation',
    summary: 'Start a what-if simulation over the stored claims (administrators)',
    description:
      "Settles every live settlement of the baseline policy's region whose service date is in [from, to) under the baseline and " +
      "under the candidate, each carrying every person's accumulators from the start of the accounting year, and keeps the report. " +
      'Answers at once (202) with the running job; watch it with GET /v1/simulations/{id}, read GET /v1/simulations/{id}/report. ' +
      '422 when a version is not stored or the two policies are of different regions (issues name the field).',
    tags: TAGS,
    requestBody: simulationRequestSchema,
    responses: {
      202: { description: 'Started.', schema: jobSchema },
      400: { description: 'A field is wrong (issues name it).', schema: errorBodySchema },
      ...errors,
      422: { description: 'A version is not stored.', schema: errorBodySchema },
    },
  },
  {
    method: 'get',
    path: '/v1/simulations',
    operationId: 'listSimulations',
    summary: 'Simulations, newest first (the last 200)',
    tags: TAGS,
    responses: {
      200: { description: 'Jobs.', schema: z.strictObject({ items: z.array(jobSchema) }) },
      ...errors,
    },
  },
  {
    method: 'get',
    path: '/v1/simulations/{id}',
    operationId: 'getSimulation',
    summary: 'A simulation: its status and progress',
    tags: TAGS,
    responses: {
      200: { description: 'The job.', schema: jobSchema },
      ...errors,
      ...notFound,
    },
  },
  {
    method: 'get',
    path: '/v1/simulations/{id}/report',
    operationId: 'getSimulationReport',
    summary: "A finished simulation's report",
    description:
      'The report as the engine wrote it, byte for byte. 409 while the job runs, or when it was cancelled or failed (no report is kept).',
    tags: TAGS,
    responses: {
      200: { description: 'The report.', schema: simulationReportSchema },
      ...errors,
      ...notFound,
      409: { description: 'Not finished: no report.', schema: errorBodySchema },
    },
  },
  {
    method: 'post',
    path: '/v1/simulations/{id}/cancel',
    operationId: 'cancelSimulation',
    summary: 'Cancel a running simulation',
    description: 'It stops at its next page of claims and keeps no report. 409 when not running.',
    tags: TAGS,
    responses: {
      200: { description: 'Cancelled.', schema: jobSchema },
      ...errors,
      ...notFound,
      409: { description: 'Not running.', schema: errorBodySchema },
    },
  },
];

const wire = (job: SimulationJob) => jobSchema.parse(job);

export function simulationRoutes(services: ApiServices) {
  const missing = (id: string) => [
    issue('simulation.not_found', `no simulation ${id}`, { path: ['id'] }),
  ];
  return new Hono<ApiEnv>()
    .post(
      '/',
      allow('simulate'),
      validJson(simulationRequestSchema, 'the simulation'),
      async (c) => {
        const q = c.req.valid('json');
        const started = await startSimulation(services.store, {
          id: newId('sim', services.now(), (n) => services.randomHex(n)),
          by: c.get('principal').id,
          request: q,
          versions: {
            policy: (id) => services.policy(id),
            catalog: (id) => services.catalog(id),
            ruleSet: (id) => services.ruleSet(id),
          },
        });
        if (!started.ok) return refused(c, 422, started.issues);
        // The job runs on after the answer; its progress and end are in its row.
        void started.value.run().catch(() => undefined);
        c.header('location', `/v1/simulations/${started.value.job.id}`);
        return c.json(wire(started.value.job), 202);
      },
    )
    .get('/', allow('simulate'), async (c) =>
      c.json({ items: (await listSimulations(services.store)).map(wire) }, 200),
    )
    .get('/:id', allow('simulate'), async (c) => {
      const id = c.req.param('id');
      const job = await readSimulation(services.store, id);
      if (job === undefined) return refused(c, 404, missing(id));
      return c.json(wire(job), 200);
    })
    .get('/:id/report', allow('simulate'), async (c) => {
      const id = c.req.param('id');
      const report = await readSimulationReport(services.store, id);
      if (!report.ok) {
        const gone = report.issues.some((i) => i.code === 'simulation.not_found');
        return refused(c, gone ? 404 : 409, report.issues);
      }
      return c.body(report.value, 200, { 'content-type': 'application/json; charset=utf-8' });
    })
    .post('/:id/cancel', allow('simulate'), async (c) => {
      const cancelled = await cancelSimulation(services.store, c.req.param('id'));
      if (!cancelled.ok) {
        const gone = cancelled.issues.some((i) => i.code === 'simulation.not_found');
        return refused(c, gone ? 404 : 409, cancelled.issues);
      }
      return c.json(wire(cancelled.value), 200);
    });
}
