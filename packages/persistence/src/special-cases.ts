import { type Result, fail, issue, ok } from '@openpayer/domain';
import type { SpecialCase, SpecialCaseDecision } from '@openpayer/pricing';
import { appendAudit } from './audit-log.ts';
import type { Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Special-case review requests (特病单议): a hospital asks that one of its settled inpatient cases
 * not be paid by its group (extreme cost, long stay, new technology), a reviewer approves or rejects
 * it once, and the period's reconciliation pays the approved cases by the policy's
 * `specialCaseReview` rule. Each step is recorded with its audit entry in the same transaction.
 */

export const SPECIAL_CASE_STATUSES = ['requested', 'approved', 'rejected'] as const;
export type SpecialCaseStatus = (typeof SPECIAL_CASE_STATUSES)[number];

export const SPECIAL_CASE_STORE_ISSUE_CODES = [
  'special_case.exists',
  'special_case.not_found',
  'special_case.decided',
  'special_case.claim_unknown',
] as const;
export type SpecialCaseStoreIssueCode = (typeof SPECIAL_CASE_STORE_ISSUE_CODES)[number];

export interface SpecialCaseRequest {
  readonly id: string;
  readonly claimId: string;
  readonly institution: string;
  readonly reason: string;
  readonly status: SpecialCaseStatus;
  readonly decisionReason: string | null;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

const AT = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id, claim_id, institution_code, reason, status, decision_reason, requested_by,
  ${AT('requested_at')} AS requested_at, decided_by, ${AT('decided_at')} AS decided_at`;

interface Row {
  id: string;
  claim_id: string;
  institution_code: string;
  reason: string;
  status: SpecialCaseStatus;
  decision_reason: string | null;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

const requestOf = (r: Row): SpecialCaseRequest => ({
  id: r.id,
  claimId: r.claim_id,
  institution: r.institution_code,
  reason: r.reason,
  status: r.status,
  decisionReason: r.decision_reason,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

/**
 * A hospital's request for one of its settled inpatient claims. The claim must be a live inpatient
 * settlement of the institution; a claim asked for before is refused (`special_case.exists`).
 */
export async function requestSpecialCase(
  store: Store,
  request: {
    readonly id: string;
    readonly claimId: string;
    readonly institution: string;
    readonly reason: string;
    readonly by: string;
  },
): Promise<Result<SpecialCaseRequest, SpecialCaseStoreIssueCode>> {
  const [settled] = await store.query<{ id: string }>(
    `SELECT s.id FROM settlements s JOIN settlement_claims c
       ON c.person_id = s.person_id AND c.settlement_id = s.id
     WHERE s.claim_id = $1 AND s.institution_code = $2 AND s.status IN ('settled', 'held')
       AND c.claim->>'type' = 'inpatient'
     LIMIT 1`,
    [request.claimId, request.institution],
  );
  if (settled === undefined) {
    return fail([
      issue(
        'special_case.claim_unknown',
        `claim ${request.claimId} is no live inpatient settlement of ${request.institution}`,
        { path: ['claimId'] },
      ),
    ]);
  }
  try {
    const stored = await store.transaction(async (tx) => {
      const [row] = await tx.query<Row>(
        `INSERT INTO special_case_requests (id, claim_id, institution_code, reason, status, requested_by)
         VALUES ($1, $2, $3, $4, 'requested', $5) RETURNING ${COLUMNS}`,
        [request.id, request.claimId, request.institution, request.reason, request.by],
      );
      const made = requestOf(row as Row);
      await appendAudit(tx, [
        {
          kind: 'special_case.requested',
          actor: request.by,
          object: { type: 'special_case', id: request.id },
          state: made,
          event: { claimId: request.claimId, institution: request.institution },
        },
      ]);
      return made;
    });
    return ok(stored);
  } catch (error) {
    if (isUniqueViolation(error)) {
      return fail([
        issue('special_case.exists', `claim ${request.claimId} has a special-case request`, {
          path: ['claimId'],
        }),
      ]);
    }
    throw error;
  }
}

/** A reviewer's decision, once: a request decided before is refused (`special_case.decided`). */
export async function decideSpecialCase(
  store: Store,
  id: string,
  decision: {
    readonly decision: SpecialCaseDecision;
    readonly reason: string;
    readonly by: string;
  },
): Promise<Result<SpecialCaseRequest, SpecialCaseStoreIssueCode>> {
  return store.transaction(async (tx) => {
    const [row] = await tx.query<Row>(
      `UPDATE special_case_requests
       SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now()
       WHERE id = $1 AND status = 'requested' RETURNING ${COLUMNS}`,
      [id, decision.decision, decision.reason, decision.by],
    );
    if (row === undefined) {
      const [found] = await tx.query<{ status: string }>(
        `SELECT status FROM special_case_requests WHERE id = $1`,
        [id],
      );
      return fail([
        found === undefined
          ? issue('special_case.not_found', `no special-case request ${id}`, { path: ['id'] })
          : issue('special_case.decided', `request ${id} was ${found.status} before`, {
              path: ['decision'],
            }),
      ]);
    }
    const decided = requestOf(row);
    await appendAudit(tx, [
      {
        kind: 'special_case.decided',
        actor: decision.by,
        object: { type: 'special_case', id },
        state: decided,
        event: { claimId: decided.claimId, decision: decision.decision },
      },
    ]);
    return ok(decided);
  });
}

export async function readSpecialCase(
  store: Store,
  id: string,
): Promise<SpecialCaseRequest | undefined> {
  const [row] = await store.query<Row>(
    `SELECT ${COLUMNS} FROM special_case_requests WHERE id = $1`,
    [id],
  );
  return row === undefined ? undefined : requestOf(row);
}

/** Requests, newest first, of one institution and status when given (at most 500). */
export async function listSpecialCases(
  store: Store,
  filter: {
    readonly institution?: string | undefined;
    readonly status?: SpecialCaseStatus | undefined;
  } = {},
): Promise<SpecialCaseRequest[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM special_case_requests
     WHERE ($1::text IS NULL OR institution_code = $1) AND ($2::text IS NULL OR status = $2)
     ORDER BY seq DESC LIMIT 500`,
    [filter.institution ?? null, filter.status ?? null],
  );
  return rows.map(requestOf);
}

/** The decided requests of an institution as the reconciliation takes them. */
export async function specialCaseDecisions(
  store: Store,
  institution: string,
): Promise<SpecialCase[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM special_case_requests
     WHERE institution_code = $1 AND status <> 'requested' ORDER BY seq`,
    [institution],
  );
  return rows.map((r) => ({
    claimId: r.claim_id,
    decision: r.status as SpecialCaseDecision,
    reason: `${r.reason} — ${r.decision_reason ?? ''}`.slice(0, 500),
  }));
}
