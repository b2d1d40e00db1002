import { createHash } from 'node:crypto';
import {
  type Approval,
  type CatalogIndex,
  approvalFromWire,
  approvalToWire,
  drawDown,
  reverseDrawDown,
} from '@openpayer/catalog';
import {
  type CalendarDate,
  type Claim,
  type Issue,
  Money,
  type Result,
  accountingYearOf,
  claimSchema,
  serviceDateOf,
  todayIn,
  fail,
  issue,
  ok,
} from '@openpayer/domain';
import {
  type AccumulatorDelta,
  type Accumulators,
  MONEY_ACCUMULATORS,
  type Policy,
  accumulatorsSchema,
  applyDelta,
  emptyAccumulators,
  settle,
  type SettlementWire,
  encodeSettlement,
  encodeAccumulators,
  settlementWireOf,
} from '@openpayer/pricing';
import { z } from 'zod';
import type { SqlRunner, Store } from './database.ts';
import { APPROVED_APPROVALS_OF_PEOPLE } from './approvals.ts';

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
 */

export const LEDGER_ISSUE_CODES = [
  'ledger.idempotency_key_reused',
  'ledger.settlement_not_found',
  'ledger.already_reversed',
  'ledger.settlement_exists',
  /** The claim (institution + claim id) already has a live settlement. data: { settlementId } */
  'ledger.claim_already_settled',
] as const;
export type LedgerIssueCode = (typeof LEDGER_ISSUE_CODES)[number];

export interface StoredSettlement {
  readonly id: string;
  readonly status: 'settled' | 'reversed';
  /** The settlement as wire JSON (what the API returns). */
  readonly body: SettlementWire;
  /** True when an idempotency key replayed an earlier result. */
  readonly replayed: boolean;
  readonly institutionCode: string;
  readonly personId: string;
  readonly claimId: string;
  /** The claim's service date (discharge, else admission); absent on rows stored before it was kept. */
  readonly serviceDate?: string;
  readonly createdAt?: string;
  readonly reversal?: { readonly by: string; readonly reason: string; readonly at: string };
}

export interface SettleCommand {
  readonly id: string;
  readonly claim: Claim;
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
  /** Who is asking (an API principal); idempotency keys are per principal. */
  readonly principal: string;
  readonly idempotencyKey?: string | undefined;
  /** The request body as received, for the idempotency comparison. */
  readonly requestText: string;
}

export function requestHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const yearOf = accountingYearOf;
const accKey = (personId: string, year: number) => `${personId}\u0000${year}`;
const idemKey = (principal: string, key: string) => `${principal}\u0000${key}`;
const claimKey = (institutionCode: string, claimId: string) => `${institutionCode}\u0000${claimId}`;

function alreadySettled(claim: Claim, settlementId: string): Issue<LedgerIssueCode> {
  return issue(
    'ledger.claim_already_settled',
    `claim ${claim.id} of ${claim.institution.code} is already settled (${settlementId}); to correct it, reverse that settlement and settle the corrected claim`,
    {
      path: ['id'],
      data: { settlementId, claimId: claim.id, institutionCode: claim.institution.code },
    },
  );
}

function reusedKey(key: string): Issue<LedgerIssueCode> {
  return issue(
    'ledger.idempotency_key_reused',
    `Idempotency-Key "${key}" was used for a different request`,
    {
      path: ['Idempotency-Key'],
    },
  );
}

interface Pending {
  readonly command: SettleCommand;
  readonly hash: string;
  readonly resolve: (result: Result<StoredSettlement>) => void;
  readonly reject: (error: unknown) => void;
}

interface EarlierRecord {
  readonly requestHash: string;
  readonly settlement: StoredSettlement;
}

// ---------------------------------------------------------------------------------------------
// SQL (PostgreSQL; the same text runs on PGlite)

const LOCK_ACCUMULATORS = `
INSERT INTO accumulators AS a (person_id, year, body)
SELECT x.person_id, x.year, x.body FROM jsonb_to_recordset($1::jsonb) AS x(person_id text, year int, body jsonb)
ORDER BY x.person_id, x.year
ON CONFLICT (person_id, year) DO UPDATE SET revision = a.revision
RETURNING a.person_id, a.year, a.body::text AS body`;

const EARLIER_RECORDS = `
SELECT i.principal, i.key, i.request_hash, s.id, s.status, s.institution_code, s.person_id, s.claim_id,
  to_char(s.service_date, 'YYYY-MM-DD') AS service_date, s.body::text AS body
FROM idempotency_records i JOIN settlements s ON s.id = i.settlement_id
JOIN jsonb_to_recordset($1::jsonb) AS x(principal text, key text) ON x.principal = i.principal AND x.key = i.key`;

/** The live settlements of the group's claims (at most one each: settlements_live_claim). */
const LIVE_SETTLEMENTS_OF_CLAIMS = `
SELECT s.institution_code, s.claim_id, s.id FROM settlements s
JOIN jsonb_to_recordset($1::jsonb) AS x(institution_code text, claim_id text)
  ON s.institution_code = x.institution_code AND s.claim_id = x.claim_id
WHERE s.status = 'settled'`;

/** The approved approvals of the group's people, locked: drawdowns happen in this transaction. */
const LOCK_APPROVALS = `${APPROVED_APPROVALS_OF_PEOPLE} FOR UPDATE`;

const WRITE_GROUP = `
WITH s AS (
  INSERT INTO settlements (id, claim_id, institution_code, person_id, year, status, policy_id, catalog_release_id, total, body, service_date)
  SELECT x.id, x.claim_id, x.institution_code, x.person_id, x.year, 'settled', x.policy_id, x.catalog_release_id, x.total, x.body, x.service_date
  FROM jsonb_to_recordset($1::jsonb) AS x(id text, claim_id text, institution_code text, person_id text, year int,
    policy_id text, catalog_release_id text, total text, body jsonb, service_date date, n int)
  ORDER BY x.n
  RETURNING id
), a AS (
  UPDATE accumulators t SET body = x.body, revision = t.revision + 1
  FROM jsonb_to_recordset($2::jsonb) AS x(person_id text, year int, body jsonb)
  WHERE t.person_id = x.person_id AND t.year = x.year
  RETURNING 1
), p AS (
  UPDATE approvals t SET body = x.body, status = x.status, revision = t.revision + 1, updated_at = now()
  FROM jsonb_to_recordset($4::jsonb) AS x(id text, status text, body jsonb)
  WHERE t.id = x.id
  RETURNING 1
), c AS (
  INSERT INTO settlement_claims (person_id, settlement_id, claim, approvals)
  SELECT x.person_id, x.settlement_id, x.claim, x.approvals
  FROM jsonb_to_recordset($5::jsonb) AS x(person_id text, settlement_id text, claim jsonb, approvals jsonb)
  RETURNING 1
)
INSERT INTO idempotency_records (principal, key, request_hash, settlement_id)
SELECT x.principal, x.key, x.request_hash, x.settlement_id
FROM jsonb_to_recordset($3::jsonb) AS x(principal text, key text, request_hash text, settlement_id text)`;

// ---------------------------------------------------------------------------------------------
// The group-commit queue, one per store

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

/** Largest group settled in one transaction. */
const MAX_GROUP = 128;

class LedgerQueue {
  private waiting: Pending[] = [];
  private running = false;

  constructor(private readonly store: Store) {}

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
      const results = await this.store.transaction((tx) => settleInTransaction(tx, group));
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
            const again = await this.store.transaction((tx) => settleInTransaction(tx, group));
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

async function settleInTransaction(
  tx: SqlRunner,
  group: readonly Pending[],
): Promise<Result<StoredSettlement>[]> {
  // 1. Lock every person-year of the group (sorted, so two groups never deadlock on a server).
  const wanted = new Map<string, { person_id: string; year: number; body: unknown }>();
  for (const { command } of group) {
    const personId = command.claim.person.id;
    const year = yearOf(command.claim);
    const key = accKey(personId, year);
    if (!wanted.has(key)) {
      wanted.set(key, {
        person_id: personId,
        year,
        body: encodeAccumulators(emptyAccumulators(personId, year)),
      });
    }
  }
  const locked = await tx.query<{ person_id: string; year: number; body: string }>(
    LOCK_ACCUMULATORS,
    [JSON.stringify([...wanted.values()])],
  );
  const current = new Map<string, Accumulators>();
  for (const row of locked) {
    current.set(accKey(row.person_id, row.year), accumulatorsSchema.parse(JSON.parse(row.body)));
  }

  // 2. Idempotency records already stored for the group's keys.
  const keyed = group.filter((p) => p.command.idempotencyKey !== undefined);
  const earlier = new Map<string, EarlierRecord>();
  if (keyed.length > 0) {
    const rows = await tx.query<{
      principal: string;
      key: string;
      request_hash: string;
      id: string;
      status: string;
      institution_code: string;
      person_id: string;
      claim_id: string;
      service_date: string | null;
      body: string;
    }>(EARLIER_RECORDS, [
      JSON.stringify(
        keyed.map((p) => ({ principal: p.command.principal, key: p.command.idempotencyKey })),
      ),
    ]);
    for (const row of rows) {
      earlier.set(idemKey(row.principal, row.key), {
        requestHash: row.request_hash,
        settlement: {
          id: row.id,
          status: row.status as StoredSettlement['status'],
          body: settlementWireOf(JSON.parse(row.body)),
          replayed: true,
          institutionCode: row.institution_code,
          personId: row.person_id,
          claimId: row.claim_id,
          ...(row.service_date === null ? {} : { serviceDate: row.service_date }),
        },
      });
    }
  }

  // 3. The claims of the group already settled and live: a claim is paid at most once.
  const live = new Map<string, string>();
  const liveRows = await tx.query<{ institution_code: string; claim_id: string; id: string }>(
    LIVE_SETTLEMENTS_OF_CLAIMS,
    [
      JSON.stringify(
        group.map((p) => ({
          institution_code: p.command.claim.institution.code,
          claim_id: p.command.claim.id,
        })),
      ),
    ],
  );
  for (const row of liveRows) live.set(claimKey(row.institution_code, row.claim_id), row.id);

  // 4. The approvals in force for the group's people, locked: drawdowns happen here.
  const people = [...new Set(group.map((p) => p.command.claim.person.id))];
  const approvalRows = await tx.query<{ id: string; body: string }>(LOCK_APPROVALS, [
    JSON.stringify(people),
  ]);
  const approvals = new Map<string, Approval>();
  for (const row of approvalRows) approvals.set(row.id, approvalFromWire(JSON.parse(row.body)));
  const changedApprovals = new Set<string>();

  // 5. Settle in arrival order.
  const results: Result<StoredSettlement>[] = [];
  const settlementRows: Record<string, unknown>[] = [];
  const claimRows: Record<string, unknown>[] = [];
  const idempotencyRows: Record<string, unknown>[] = [];
  group.forEach(({ command, hash }, n) => {
    const key = command.idempotencyKey;
    if (key !== undefined) {
      const seen = earlier.get(idemKey(command.principal, key));
      if (seen !== undefined) {
        results.push(seen.requestHash === hash ? ok(seen.settlement) : fail([reusedKey(key)]));
        return;
      }
    }
    const claim = command.claim;
    const settledAs = live.get(claimKey(claim.institution.code, claim.id));
    if (settledAs !== undefined) {
      results.push(fail([alreadySettled(claim, settledAs)]));
      return;
    }
    const personId = claim.person.id;
    const year = yearOf(claim);
    const before = current.get(accKey(personId, year)) as Accumulators;
    const usable = [...approvals.values()].filter((a) => a.personId === personId);
    // What the engine is given besides the claim, for the stored claim (replay, review): the
    // approvals as they stand now (earlier claims of this group may have drawn on them).
    const approvalsGiven = usable.length > 0 ? usable.map(approvalToWire) : null;
    const result = settle(claim, {
      policy: command.policy,
      catalog: command.catalog,
      accumulators: before,
      ...(usable.length > 0 ? { approvals: usable } : {}),
    });
    if (!result.ok) {
      results.push(fail(result.issues));
      return;
    }
    const s = result.value;
    // Draw the approvals the lines used; a drawdown refused (e.g. more than is left) refuses the claim.
    const drawn = new Map<string, Approval>();
    const drawIssues: Issue[] = [];
    for (const line of s.lines) {
      if (line.approvalId === null) continue;
      const claimLine = claim.lines.find((l) => l.id === line.lineId);
      const approval = drawn.get(line.approvalId) ?? approvals.get(line.approvalId);
      if (claimLine === undefined || approval === undefined) continue;
      const next = drawDown(approval, {
        claimId: claim.id,
        lineId: line.lineId,
        quantity: claimLine.quantity,
        on: claimLine.date,
        personId,
        itemCode: claimLine.code,
        catalogItemId: line.itemId ?? undefined,
        institution: { code: claim.institution.code, allianceId: claim.institution.alliance?.id },
      });
      if (next.ok) drawn.set(approval.id, next.value);
      else
        drawIssues.push(
          ...next.issues.map((i) => ({ ...i, path: ['claim', 'lines', line.lineId, ...i.path] })),
        );
    }
    if (drawIssues.length > 0) {
      results.push(fail(drawIssues));
      return;
    }
    for (const [id, approval] of drawn) {
      approvals.set(id, approval);
      changedApprovals.add(id);
    }
    current.set(accKey(personId, year), s.accumulatorsAfter);
    live.set(claimKey(claim.institution.code, claim.id), command.id);
    const body = encodeSettlement(s);
    settlementRows.push({
      id: command.id,
      claim_id: s.claimId,
      institution_code: claim.institution.code,
      person_id: personId,
      year,
      policy_id: s.versions.policy,
      catalog_release_id: s.versions.catalog,
      total: s.total.toFixedString(),
      body,
      service_date: serviceDateOf(claim),
      n,
    });
    claimRows.push({
      person_id: personId,
      settlement_id: command.id,
      claim: z.encode(claimSchema, claim),
      approvals: approvalsGiven,
    });
    const settled: StoredSettlement = {
      id: command.id,
      status: 'settled',
      body,
      replayed: false,
      institutionCode: claim.institution.code,
      personId,
      claimId: claim.id,
      serviceDate: serviceDateOf(claim),
    };
    if (key !== undefined) {
      // A later request in this group with the same key replays this one.
      earlier.set(idemKey(command.principal, key), {
        requestHash: hash,
        settlement: { ...settled, replayed: true },
      });
      idempotencyRows.push({
        principal: command.principal,
        key,
        request_hash: hash,
        settlement_id: command.id,
      });
    }
    results.push(ok(settled));
  });

  // 6. One statement writes the group.
  if (settlementRows.length > 0) {
    const accRows = [...wanted.keys()].map((k) => {
      const a = current.get(k) as Accumulators;
      return { person_id: a.personId, year: a.year, body: encodeAccumulators(a) };
    });
    const approvalUpdates = [...changedApprovals].map((id) => {
      const a = approvals.get(id) as Approval;
      return { id, status: a.status, body: approvalToWire(a) };
    });
    await tx.query(WRITE_GROUP, [
      JSON.stringify(settlementRows),
      JSON.stringify(accRows),
      JSON.stringify(idempotencyRows),
      JSON.stringify(approvalUpdates),
      JSON.stringify(claimRows),
    ]);
  }
  return results;
}

function errorCode(error: unknown): { code?: unknown; constraint?: unknown } {
  const e = error as {
    code?: unknown;
    constraint?: unknown;
    cause?: { code?: unknown; constraint?: unknown };
  };
  return e.code !== undefined ? e : (e.cause ?? {});
}

function isUniqueViolation(error: unknown): boolean {
  return errorCode(error).code === '23505';
}

function constraintOf(error: unknown): string {
  const c = errorCode(error).constraint;
  if (typeof c === 'string') return c;
  const message = error instanceof Error ? error.message : '';
  return /"([^"]+)"/u.exec(message)?.[1] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Reversal

/** The delta a stored settlement applied, decoded from its wire body. */
function deltaOf(body: SettlementWire): AccumulatorDelta {
  const { delta } = body;
  const money = Object.fromEntries(
    MONEY_ACCUMULATORS.map((k) => [k, Money.of(delta.money[k] ?? '0.00')]),
  ) as AccumulatorDelta['money'];
  return { money, admissions: delta.admissions };
}

export interface ReverseCommand {
  /** Who reverses (a principal id). */
  readonly by?: string;
  readonly reason?: string;
  /** The day of the reversal (reopens exhausted approvals on that day). */
  readonly on?: CalendarDate;
}

/**
 * Reverses a stored settlement: the accumulators return exactly to where it found them and the
 * approvals it drew on get the quantity back. Recorded with who and why.
 */
export async function reverseStored(
  store: Store,
  settlementId: string,
  command: ReverseCommand = {},
): Promise<Result<StoredSettlement, LedgerIssueCode>> {
  return store.transaction(async (tx) => {
    const [row] = await tx.query<{
      id: string;
      status: string;
      person_id: string;
      year: number;
      institution_code: string;
      claim_id: string;
      body: string;
    }>(
      'SELECT id, status, person_id, year, institution_code, claim_id, body::text AS body FROM settlements WHERE id = $1 FOR UPDATE',
      [settlementId],
    );
    if (row === undefined) {
      return fail([
        issue('ledger.settlement_not_found', `no settlement ${settlementId}`, { path: ['id'] }),
      ]);
    }
    if (row.status === 'reversed') {
      return fail([
        issue('ledger.already_reversed', `settlement ${settlementId} is already reversed`, {
          path: ['id'],
        }),
      ]);
    }
    const body = settlementWireOf(JSON.parse(row.body));
    const [acc] = await tx.query<{ body: string }>(
      'SELECT body::text AS body FROM accumulators WHERE person_id = $1 AND year = $2 FOR UPDATE',
      [row.person_id, row.year],
    );
    const current =
      acc === undefined
        ? emptyAccumulators(row.person_id as Accumulators['personId'], row.year)
        : accumulatorsSchema.parse(JSON.parse(acc.body));
    const restored = applyDelta(current, deltaOf(body), -1);
    await tx.query(
      'UPDATE accumulators SET body = $3::text::jsonb, revision = revision + 1 WHERE person_id = $1 AND year = $2',
      [row.person_id, row.year, JSON.stringify(encodeAccumulators(restored))],
    );

    // Give back what the lines drew from approvals.
    const on = command.on ?? todayIn();
    const { lines } = body;
    const approvalIds = [
      ...new Set(lines.flatMap((l) => (l.approvalId === null ? [] : [l.approvalId]))),
    ];
    for (const approvalId of approvalIds) {
      const [stored] = await tx.query<{ body: string }>(
        'SELECT body::text AS body FROM approvals WHERE id = $1 FOR UPDATE',
        [approvalId],
      );
      if (stored === undefined) continue;
      let approval = approvalFromWire(JSON.parse(stored.body));
      for (const line of lines.filter((l) => l.approvalId === approvalId)) {
        const back = reverseDrawDown(approval, {
          claimId: row.claim_id,
          lineId: line.lineId,
          on,
        });
        if (back.ok) approval = back.value;
      }
      await tx.query(
        'UPDATE approvals SET body = $2::text::jsonb, status = $3, revision = revision + 1, updated_at = now() WHERE id = $1',
        [approvalId, JSON.stringify(approvalToWire(approval)), approval.status],
      );
    }

    const by = command.by ?? 'system';
    const reason = command.reason ?? '';
    const reversal = { settlementId, by, reason, delta: body.delta };
    const [recorded] = await tx.query<{ created_at: string }>(
      'INSERT INTO reversals (settlement_id, reversed_by, reason, body) VALUES ($1, $2, $3, $4::text::jsonb) RETURNING to_char(created_at AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\') AS created_at',
      [settlementId, by, reason, JSON.stringify(reversal)],
    );
    await tx.query(
      "UPDATE settlements SET status = 'reversed', reversed_at = now() WHERE id = $1",
      [settlementId],
    );
    return ok({
      id: row.id,
      status: 'reversed' as const,
      body,
      replayed: false,
      institutionCode: row.institution_code,
      personId: row.person_id,
      claimId: row.claim_id,
      reversal: { by, reason, at: recorded?.created_at ?? '' },
    });
  });
}
