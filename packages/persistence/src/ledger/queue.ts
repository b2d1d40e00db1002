import { type Result, fail, issue } from '@openpayer/domain';
import type { Store } from '../database.ts';
import { constraintOf, isUniqueViolation } from '../sql-errors.ts';
import { type CommitRequest, settleInTransaction } from './commit.ts';
import { type SettleCommand, type StoredSettlement, requestHash } from './records.ts';

/**
 * The group-commit queue, one per store: requests that arrive while a transaction is running are
 * settled together in the next one (commit.ts); if a group's transaction fails, its requests are
 * retried one by one so one bad request never fails its neighbours.
 */

interface Pending extends CommitRequest {
  readonly resolve: (result: Result<StoredSettlement>) => void;
  readonly reject: (error: unknown) => void;
}

const queues = new WeakMap<Store, LedgerQueue>();

/** Settles a claim and stores the result with the accumulators it moved, atomically. */
export function settleAndStore(
  store: Store,
  command: SettleCommand,
): Promise<Result<StoredSettlement>> {
  let queue = queues.get(store);
  if (queue === undefined) {
    queue = new LedgerQueue(store);
    queues.set(store, queue);
  }
  return queue.push(command);
}

/**
 * For the audit benchmark only (apps/api/bench/audit-overhead.bench.ts, issue 22): settlements on
 * `store` skip their audit-log entries, so the benchmark can compare settle throughput with and
 * without the log in one run. No configuration, environment variable or route reaches this; the
 * product never calls it. Must come before the store's first settlement (throws after it).
 */
export function benchmarkWithoutSettlementAudit(store: Store): void {
  if (queues.has(store)) {
    throw new Error('benchmarkWithoutSettlementAudit: this store has settled already');
  }
  queues.set(store, new LedgerQueue(store, false));
}

/** Largest group settled in one transaction. */
const MAX_GROUP = 128;

class LedgerQueue {
  private waiting: Pending[] = [];
  private running = false;

  constructor(
    private readonly store: Store,
    /** `false` only for `benchmarkWithoutSettlementAudit`. */
    private readonly audited = true,
  ) {}

  push(command: SettleCommand): Promise<Result<StoredSettlement>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ command, hash: requestHash(command.requestText), resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        // Let the requests that have arrived meanwhile join: the embedded database runs a whole
        // transaction without yielding to I/O, so without this pause every group is one request.
        await new Promise((resolve) => setImmediate(resolve));
        const group = this.waiting.splice(0, MAX_GROUP);
        await this.settleGroup(group);
      }
    } finally {
      this.running = false;
    }
  }

  private async settleGroup(group: Pending[]): Promise<void> {
    try {
      const results = await this.store.transaction((tx) =>
        settleInTransaction(tx, group, this.audited),
      );
      group.forEach((p, i) => {
        p.resolve(results[i] as Result<StoredSettlement>);
      });
    } catch (error) {
      if (group.length === 1) {
        const [only] = group as [Pending];
        // Two first uses of one key, or two settlements of one claim, raced (another process):
        // settled again, the loser replays or is refused.
        const raced =
          isUniqueViolation(error) &&
          (only.command.idempotencyKey !== undefined ||
            constraintOf(error).startsWith('settlements_live_claim'));
        let failure = error;
        if (raced) {
          try {
            const again = await this.store.transaction((tx) =>
              settleInTransaction(tx, group, this.audited),
            );
            only.resolve(again[0] as Result<StoredSettlement>);
            return;
          } catch (retryError) {
            failure = retryError;
          }
        }
        // The id is taken: the settlement's key, or its stored claim's (written by the same
        // statement, so either may be the one reported).
        if (
          isUniqueViolation(failure) &&
          /^(?:settlements_pkey|settlement_claims_pkey)/u.test(constraintOf(failure))
        ) {
          only.resolve(
            fail([
              issue('ledger.settlement_exists', `settlement ${only.command.id} already exists`, {
                path: ['id'],
              }),
            ]),
          );
          return;
        }
        only.reject(failure);
        return;
      }
      // One request spoiled the group's transaction: settle them one at a time.
      for (const pending of group) await this.settleGroup([pending]);
    }
  }
}
