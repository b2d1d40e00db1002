import type { InferResponseType } from 'hono/client';
import type { api } from '../api/client.ts';

/** The oversight and case endpoints' answers, as the typed client infers them from the API. */
export type BudgetAnswer = InferResponseType<typeof api.v1.budgets.$get, 200>;
export type BudgetView = BudgetAnswer['items'][number];
export type AnomalyAnswer = InferResponseType<typeof api.v1.anomalies.$get, 200>;
export type AnomalyView = AnomalyAnswer['items'][number];
export type KpiAnswer = InferResponseType<typeof api.v1.kpis.$get, 200>;
export type KpiDefinitionsView = InferResponseType<typeof api.v1.kpis.definitions.$get, 200>;
export type StoredCaseView = InferResponseType<typeof api.v1.cases.$get, 200>['items'][number];
