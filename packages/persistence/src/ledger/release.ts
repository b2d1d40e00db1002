import {
  type Issue,
  type ReleaseDecision,
  type Result,
  claimSchema,
  fail,
  findingSchema,
  issue,
  ok,
} from '@openpayer/domain';
import { settlementWireOf } from '@openpayer/pricing';
import { releasedFindings } from '@openpayer/supervision';
import { appendAudit } from '../audit-log.ts';
import type { Store } from '../database.ts';
import type { ReplayVersions } from '../replay.ts';
import { settleInTransaction } from './commit.ts';
import { type StoredSettlement, requestHash } from './records.ts';

/**
 * Releasing a claim a review finding held (待审核 → 已审核): a reviewer pays it (the holding
 * findings become warnings) or deducts it (they deduct their lines; a finding on the whole claim
 * deducts every line). In one transaction the held row becomes `released` and the claim is settled
 * as a new settlement with the versions the held one recorded, against the person's accumulators
 * and approvals as they stand now — the first time they move for this claim.
 */

export interface ReleaseCommand {
  readonly heldId: string;
  /** The id of the settlement the release stores. */
  readonly newId: string;
  readonly decision: ReleaseDecision;
  readonly by: string;
  readonly note: string;
  /** Where the policy and catalog release the held settlement recorded are read (as replay does). */
  readonly versions: ReplayVersions;
}

export async function releaseHeld(
  store: Store,
  command: ReleaseCommand,
): Promise<Result<StoredSettlement>> {
  const [found] = await store.query<{ status: string; body: string; claim: string | null }>(
    `SELECT s.status, s.body::text AS body, c.claim::text AS claim
     FROM settlements s LEFT JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
     WHERE s.id = $1`,
    [command.heldId],
  );
  if (found === undefined) {
    return fail([
      issue('ledger.settlement_not_found', `no settlement ${command.heldId}`, { path: ['id'] }),
    ]);
  }
  const notHeld = (status: string) =>
    fail([
      issue('ledger.not_held', `settlement ${command.heldId} is ${status}, not held`, {
        path: ['id'],
        data: { status },
      }),
    ]);
  if (found.status !== 'held') return notHeld(found.status);
  const decoded = found.claim === null ? undefined : claimSchema.safeParse(JSON.parse(found.claim));
  if (decoded?.success !== true) {
    return fail([
      issue(
        'ledger.claim_unreadable',
        `the claim held with ${command.heldId} is ${found.claim === null ? 'not stored' : 'no longer readable'}`,
        { path: ['id'] },
      ),
    ]);
  }
  const claim = decoded.data;
  const held = settlementWireOf(JSON.parse(found.body));
  const [policy, catalog] = await Promise.all([
    command.versions.policy(held.versions.policy),
    command.versions.catalog(held.versions.catalog),
  ]);
  if (policy === undefined || catalog === undefined) {
    return fail([
      issue(
        'ledger.versions_missing',
        `the policy ${held.versions.policy} or catalog ${held.versions.catalog} the held settlement used is gone`,
        { path: ['versions'] },
      ),
    ]);
  }
  const findings = releasedFindings(
    (held.findings ?? []).map((f) => findingSchema.parse(f)),
    command.decision,
  );
  return store
    .transaction(async (tx) => {
      const [row] = await tx.query<{ status: string }>(
        'SELECT status FROM settlements WHERE person_id = $1 AND id = $2 FOR UPDATE',
        [claim.person.id, command.heldId],
      );
      if (row?.status !== 'held') return notHeld(row?.status ?? 'gone');
      await tx.query(
        "UPDATE settlements SET status = 'released' WHERE person_id = $1 AND id = $2",
        [claim.person.id, command.heldId],
      );
      const [result] = await settleInTransaction(tx, [
        {
          command: {
            id: command.newId,
            claim,
            policy,
            catalog,
            principal: command.by,
            requestText: '',
            findings,
          },
          hash: requestHash(''),
        },
      ]);
      if (result === undefined || !result.ok) {
        // Nothing of the release stays: the transaction rolls back with this error.
        throw new ReleaseRefused(result?.ok === false ? result.issues : []);
      }
      await appendAudit(tx, [
        {
          kind: 'claim.released',
          actor: command.by,
          object: { type: 'settlement', id: command.heldId },
          state: { status: 'released', settlement: held, releasedAs: command.newId },
          person: claim.person.id,
          event: {
            decision: command.decision,
            note: command.note,
            settlement: command.newId,
            claimId: claim.id,
            institution: claim.institution.code,
          },
        },
      ]);
      return ok(result.value);
    })
    .catch((error: unknown) => {
      if (error instanceof ReleaseRefused) return fail(error.issues);
      throw error;
    });
}

class ReleaseRefused extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super('the release was refused');
  }
}
