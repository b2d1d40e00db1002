import type { InferResponseType } from 'hono/client';
import type { api } from '../api/client.ts';

/** The policies endpoints' answers, as the typed client infers them from the API's routes. */
type PolicyList = InferResponseType<typeof api.v1.policies.$get, 200>;
export type PolicySummaryView = PolicyList['items'][number];
export type PolicyRead = InferResponseType<(typeof api.v1.policies)[':id']['$get'], 200>;
export type PolicyDiffView = InferResponseType<typeof api.v1.policies.diff.$get, 200>;
