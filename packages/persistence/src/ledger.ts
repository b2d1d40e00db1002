/**
 * The settlement ledger: a settlement, the person's accumulators and the approvals it drew on
 * commit in one transaction, with the accumulator rows locked, so concurrent settlements for one
 * person never lose an update; an idempotency key replays the original result for the same
 * request and refuses a different one.
 *
 * Group commit: requests that arrive while a transaction is running are settled together in the
 * next one (in arrival order, each seeing the accumulators the previous left), with one locking
 * statement and one writing statement for the whole group. On the embedded database every
 * transaction runs alone, so this is what lets one process commit thousands of settlements a
 * second; alone, a request is a group of one. If a group's transaction fails, its requests are
 * retried one by one so one bad request never fails its neighbours.
 *
 * Each settlement is stored with the claim it settled (claimSchema's wire form) and the approvals
 * the engine was given, in settlement_claims, by the same writing statement: with the body's
 * versions and accumulatorsBefore that is everything `settle` read, so `replaySettlement`
 * (replay.ts) can re-settle it.
 *
 * By concept: ledger/records.ts (commands, stored settlements, issue codes), ledger/queue.ts (the
 * group-commit queue), ledger/commit.ts (one group's transaction), ledger/reversal.ts.
 */

export {
  LEDGER_ISSUE_CODES,
  type LedgerIssueCode,
  type StoredSettlement,
  type SettleCommand,
  requestHash,
} from './ledger/records.ts';
export { settleAndStore, benchmarkWithoutSettlementAudit } from './ledger/queue.ts';
export { type ReverseCommand, reverseStored } from './ledger/reversal.ts';
export { type ReleaseCommand, releaseHeld } from './ledger/release.ts';
