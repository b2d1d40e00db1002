import { type SimulationReport, simulationReportSchema } from '@openpayer/pricing';
import type { InferResponseType } from 'hono/client';
import { type ApiResult, api, call } from '../api/client.ts';

/**
 * The simulation endpoints' answers, as the typed client infers them from the API's routes
 * (`apps/api/src/routes/simulations.ts`). The report route sends the engine's stored bytes, so
 * the client types its body as text: it is read as the engine's wire form
 * (`simulationReportSchema`) and checked against it.
 */
export type SimulationJob = InferResponseType<(typeof api.v1.simulations)[':id']['$get'], 200>;
export type SimulationRequest = SimulationJob['request'];
export type Report = SimulationReport;
export type ReportGroup = Report['breakdowns']['institution'][string];
export type ReportPayers = Report['payers'];

export const readJob = (id: string) => call(api.v1.simulations[':id'].$get({ param: { id } }));

export async function readReport(id: string): Promise<ApiResult<Report>> {
  const result = await call<unknown>(api.v1.simulations[':id'].report.$get({ param: { id } }));
  if (!result.ok) return result;
  const parsed = simulationReportSchema.safeParse(result.data);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    error: {
      status: 200,
      code: 'unexpected_report',
      message: `the report is not in the engine's form (${parsed.error.issues[0]?.message ?? 'unknown'})`,
      issues: [],
    },
  };
}
