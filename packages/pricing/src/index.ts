/**
 * @openpayer/pricing — benefit design as dated, keyed policy data and one-stop layered settlement.
 * Isomorphic: no Node or DOM APIs.
 */
export {
  parameterKeySchema,
  type ParameterKey,
  type Band,
  SHARE_PARTIES,
  type Party,
  policySchema,
  type Policy,
  type PolicyWire,
  type ParameterName,
  type ParameterValue,
  type Facts,
  type Resolved,
  resolveParameter,
  POLICY_ISSUE_CODES,
  type PolicyIssueCode,
  loadPolicy,
} from './policy/policy.ts';
export {
  accumulatorsSchema,
  type Accumulators,
  type AccumulatorsWire,
  MONEY_ACCUMULATORS,
  type MoneyAccumulator,
  emptyAccumulators,
  type AccumulatorDelta,
  applyDelta,
} from './settlement/accumulators.ts';
export {
  SELF_PAY_REASONS,
  type SelfPayReason,
  SETTLEMENT_ISSUE_CODES,
  type SettlementIssueCode,
  type LineSettlement,
  type Explanation,
  type Settlement,
  type SettleContext,
  settle,
  reverse,
} from './settlement/settle.ts';
export { toWire } from './settlement/encode.ts';
export { type PolicyTextIssueCode, parsePolicyText } from './policy/text.ts';
export {
  settleRequestSchema,
  type SettleRequestWire,
  type SettleRequestIssueCode,
  settleRequest,
  precheck,
} from './settlement/request.ts';
