import { type Approval, approvalFromWire, approvalToWire, drawDown } from '@openpayer/catalog';
import {
  type CalendarDate,
  type Claim,
  type Issue,
  type Result,
  accountingYearOf,
  addDays,
  claimSchema,
  serviceDateOf,
  fail,
  issue,
  ok,
} from '@openpayer/domain';
import {
  type Accumulators,
  accumulatorsSchema,
  type SettleContext,
  contextWith,
  emptyAccumulators,
  settle,
  encodeSettlement,
  encodeAccumulators,
  settlementWireOf,
} from '@openpayer/pricing';
import { type PriorClaim, historyOf, lookbackOf, settleReviewed } from '@openpayer/supervision';
import { z } from 'zod';
import { APPROVED_APPROVALS_OF_PEOPLE } from '../approvals.ts';
import { type AuditEvent, auditAppendCtes, auditRowsOf, auditRowsParams } from '../audit-log.ts';
import type { SqlRunner } from '../database.ts';
import { type FindingRecord, findingId, insertFindings } from '../findings.ts';
import { type StoredPrior, priorsBefore, storedHistories } from '../review-history.ts';
import type { LedgerIssueCode, SettleCommand, StoredSettlement } from './records.ts';

/**
 * The commit of a group of settlements: one transaction, one locking statement, one writing
 * statement (the queue, queue.ts, decides what forms a group).
 */

/** A request to commit: the command and the hash of its request text (idempotency). */
export interface CommitRequest {
  readonly command: SettleCommand;
  readonly hash: string;
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

interface EarlierRecord {
  readonly requestHash: string;
  readonly settlement: StoredSettlement;
}

// SQL (PostgreSQL; the same text runs on PGlite)

const LOCK_ACCUMULATORS = `
INSERT INTO accumulators AS a (person_id, year, body)
SELECT x.person_id, x.year, x.body FROM jsonb_to_recordset($1::jsonb) AS x(person_id text, year int, body jsonb)
ORDER BY x.person_id, x.year
ON CONFLICT (person_id, year) DO UPDATE SET revision = a.revision
RETURNING a.person_id, a.year, a.body::text AS body`;

// The two look-ups across persons (a key, a live claim) filter by arrays of the group's values, a
// superset of its pairs (the caller reads only its own): the planner reads the array's length and takes
// the index (idempotency_records_key, settlements_claim), where a join to a recordset it guesses
// at 100 rows read every row once the ledger is partitioned by person (measured: 20 ms against
// 2 ms at 3,400 settlements in 8 partitions).
const EARLIER_RECORDS = `
SELECT i.principal, i.key, i.request_hash, s.id, s.status, s.institution_code, s.person_id, s.claim_id,
  to_char(s.service_date, 'YYYY-MM-DD') AS service_date, s.body::text AS body
FROM idempotency_records i JOIN settlements s ON s.person_id = i.person_id AND s.id = i.settlement_id
WHERE i.principal = ANY($1::text[]) AND i.key = ANY($2::text[])`;

/** The live settlements of the group's claims (at most one each: settlements_live_claim). */
const LIVE_SETTLEMENTS_OF_CLAIMS = `
SELECT s.institution_code, s.claim_id, s.id FROM settlements s
WHERE s.institution_code = ANY($1::text[]) AND s.claim_id = ANY($2::text[])
  AND s.status IN ('settled', 'held')`;

/** The approved approvals of the group's people, locked: drawdowns happen in this transaction. */
const LOCK_APPROVALS = `${APPROVED_APPROVALS_OF_PEOPLE} FOR UPDATE`;

/**
 * The group's one write: settlements, accumulators, approvals, stored claims, idempotency
 * records and (unless the audit benchmark left it out) the settlements' audit entries, whose
 * parameters follow ($6…$10, see `auditAppendCtes`).
 */
const writeGroup = (audited: boolean) => `
WITH ${audited ? `${auditAppendCtes(6)},` : ''} s AS (
  INSERT INTO settlements (id, claim_id, institution_code, person_id, year, status, policy_id, catalog_release_id, total, body, service_date)
  SELECT x.id, x.claim_id, x.institution_code, x.person_id, x.year, x.status, x.policy_id, x.catalog_release_id, x.total, x.body, x.service_date
  FROM jsonb_to_recordset($1::jsonb) AS x(id text, status text, claim_id text, institution_code text, person_id text, year int,
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
  FROM jsonb_to_recordset($4::jsonb) AS x(person_id text, id text, status text, body jsonb)
  WHERE t.person_id = x.person_id AND t.id = x.id
  RETURNING 1
), c AS (
  INSERT INTO settlement_claims (person_id, settlement_id, claim, approvals)
  SELECT x.person_id, x.settlement_id, x.claim, x.approvals
  FROM jsonb_to_recordset($5::jsonb) AS x(person_id text, settlement_id text, claim jsonb, approvals jsonb)
  RETURNING 1
)
INSERT INTO idempotency_records (person_id, principal, key, request_hash, settlement_id)
SELECT x.person_id, x.principal, x.key, x.request_hash, x.settlement_id
FROM jsonb_to_recordset($3::jsonb) AS x(person_id text, principal text, key text, request_hash text, settlement_id text)`;
const WRITE_GROUP = writeGroup(false);
const WRITE_GROUP_AUDITED = writeGroup(true);

/**
 * Settles a group in one transaction: locks the group's person-years and approvals, finds the
 * idempotency records and live settlements already stored, settles each request in arrival order
 * (each seeing the accumulators and approvals the previous left) and writes the group with one
 * statement, with its audit-log entries (`audited` is false only for the audit benchmark, see
 * `benchmarkWithoutSettlementAudit` in queue.ts). Answers one result per request, in order;
 * throws when the transaction fails.
 */
export async function settleInTransaction(
  tx: SqlRunner,
  group: readonly CommitRequest[],
  audited = true,
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
      [...new Set(keyed.map((p) => p.command.principal))],
      [...new Set(keyed.map((p) => p.command.idempotencyKey))],
    ]);
    const asked = new Set(
      keyed.map((p) => idemKey(p.command.principal, p.command.idempotencyKey as string)),
    );
    for (const row of rows) {
      const pair = idemKey(row.principal, row.key);
      if (!asked.has(pair)) continue; // not parsed: no request of the group has this key
      earlier.set(pair, {
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
      [...new Set(group.map((p) => p.command.claim.institution.code))],
      [...new Set(group.map((p) => p.command.claim.id))],
    ],
  );
  // A row of a pair the group did not send is never looked up.
  for (const row of liveRows) live.set(claimKey(row.institution_code, row.claim_id), row.id);

  // 4. The approvals in force for the group's people, locked: drawdowns happen here.
  const people = [...new Set(group.map((p) => p.command.claim.person.id))];
  const approvalRows = await tx.query<{ id: string; body: string }>(LOCK_APPROVALS, [
    JSON.stringify(people),
  ]);
  const approvals = new Map<string, Approval>();
  for (const row of approvalRows) approvals.set(row.id, approvalFromWire(JSON.parse(row.body)));
  const changedApprovals = new Set<string>();

  // 4b. The history smart review reads (duplicates, repeated tests, courses): the group's people's
  // stored claims, read under their accumulator locks, so two claims of one person settled at
  // once see each other (the group's earlier ones are added as they settle).
  const reviewing = group.filter((p) => p.command.review !== undefined);
  let stored = new Map<string, StoredPrior[]>();
  const settledInGroup = new Map<string, PriorClaim[]>();
  if (reviewing.length > 0) {
    let from: CalendarDate | undefined;
    for (const { command } of reviewing) {
      const start = addDays(
        serviceDateOf(command.claim),
        -lookbackOf(command.review?.ruleSets ?? []),
      );
      if (from === undefined || start < from) from = start;
    }
    stored = await storedHistories(tx, {
      personIds: [...new Set(reviewing.map((p) => p.command.claim.person.id))],
      from: from as CalendarDate,
    });
  }

  // 5. Settle in arrival order.
  const results: Result<StoredSettlement>[] = [];
  const settlementRows: Record<string, unknown>[] = [];
  const claimRows: Record<string, unknown>[] = [];
  const idempotencyRows: Record<string, unknown>[] = [];
  const auditEvents: AuditEvent[] = [];
  const findingRecords: FindingRecord[] = [];
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
    const context: SettleContext = {
      policy: command.policy,
      catalog: command.catalog,
      accumulators: before,
      approvals: usable.length > 0 ? usable : undefined,
    };
    // Smart review (事中) decides findings against the approvals as they stand now; a held
    // claim being released brings its findings decided.
    const result =
      command.findings !== undefined
        ? settle(claim, contextWith(context, { findings: command.findings }))
        : command.review !== undefined
          ? settleReviewed(claim, context, {
              ...command.review,
              history: historyOf([
                ...priorsBefore(stored.get(personId), {
                  date: serviceDateOf(claim),
                  lookbackDays: lookbackOf(command.review.ruleSets),
                }),
                ...(settledInGroup.get(personId) ?? []),
              ]),
            })
          : settle(claim, context);
    if (!result.ok) {
      results.push(fail(result.issues));
      return;
    }
    const s = result.value;
    // A held claim moves nothing: no drawdown, no accumulators, until a reviewer releases it.
    const held = s.held === true;
    // Draw the approvals the lines used; a drawdown refused (e.g. more than is left) refuses the claim.
    const drawn = new Map<string, Approval>();
    const drawIssues: Issue[] = [];
    for (const line of held ? [] : s.lines) {
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
    if (!held) current.set(accKey(personId, year), s.accumulatorsAfter);
    live.set(claimKey(claim.institution.code, claim.id), command.id);
    const body = encodeSettlement(s);
    const status = held ? 'held' : 'settled';
    (s.findings ?? []).forEach((finding, i) => {
      findingRecords.push({
        id: findingId(command.id, i),
        claimId: claim.id,
        personId,
        institutionCode: claim.institution.code,
        settlementId: command.id,
        runId: null,
        finding,
      });
    });
    settlementRows.push({
      id: command.id,
      status,
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
    auditEvents.push({
      kind: held ? 'claim.held' : 'settlement.settled',
      actor: command.principal,
      object: { type: 'settlement', id: command.id },
      state: body,
      person: personId,
      event: {
        claimId: claim.id,
        institution: claim.institution.code,
        total: body.total,
        payers: body.payers,
        versions: body.versions,
        ...(s.findings === undefined
          ? {}
          : { findings: s.findings.map((f) => `${f.rule.code}@${f.rule.version}:${f.action}`) }),
      },
    });
    if (reviewing.length > 0) {
      const earlier = settledInGroup.get(personId) ?? [];
      earlier.push({ claim, settlementId: command.id });
      settledInGroup.set(personId, earlier);
    }
    claimRows.push({
      person_id: personId,
      settlement_id: command.id,
      claim: z.encode(claimSchema, claim),
      approvals: approvalsGiven,
    });
    const settled: StoredSettlement = {
      id: command.id,
      status,
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
        person_id: personId,
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
      return { person_id: a.personId, id, status: a.status, body: approvalToWire(a) };
    });
    await tx.query(audited ? WRITE_GROUP_AUDITED : WRITE_GROUP, [
      JSON.stringify(settlementRows),
      JSON.stringify(accRows),
      JSON.stringify(idempotencyRows),
      JSON.stringify(approvalUpdates),
      JSON.stringify(claimRows),
      ...(audited ? auditRowsParams(await auditRowsOf(tx, auditEvents)) : []),
    ]);
    await insertFindings(tx, findingRecords);
  }
  return results;
}
