import type { InferResponseType } from 'hono/client';
import type { api } from '../api/client.ts';

/** The smart-review endpoints' answers, as the typed client infers them from the API's routes. */
type RuleSetList = InferResponseType<(typeof api.v1)['rule-sets']['$get'], 200>;
export type RuleSetSummaryView = RuleSetList['items'][number];
type RuleSetRead = InferResponseType<(typeof api.v1)['rule-sets'][':id']['$get'], 200>;
export type RuleView = RuleSetRead['ruleSet']['rules'][number];
type FindingPage = InferResponseType<typeof api.v1.findings.$get, 200>;
export type StoredFindingView = FindingPage['items'][number];
