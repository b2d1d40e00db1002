import { type Approval, approvalFromWire, approvalToWire } from '@openpayer/catalog';
import { type Result, fail, issue, ok } from '@openpayer/domain';
import { appendAudit } from './audit-log.ts';
import type { SqlRunner, Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Approvals as stored documents with a revision: an update names the revision it read, so two
 * reviewers deciding one request at once cannot both win (the second gets `approval.conflict`).
 * Drawdowns at settlement happen inside the ledger's transaction (and are recorded in the audit
 * log by the settlement's entry). A request and a decision are appended to the audit log in the
 * transaction that writes them; the patient is recorded only as a pseudonym.
 */

export const APPROVAL_STORE_ISSUE_CODES = [
  'approval.exists',
  'approval.not_found',
  'approval.conflict',
] as const;
export type ApprovalStoreIssueCode = (typeof APPROVAL_STORE_ISSUE_CODES)[number];

export interface StoredApproval {
  readonly approval: Approval;
  readonly revision: number;
}

const exists = (id: string) =>
  issue('approval.exists', `approval "${id}" exists`, { path: ['id'] });

export async function insertApproval(
  store: Store,
  approval: Approval,
  actor = 'system',
): Promise<Result<StoredApproval, ApprovalStoreIssueCode>> {
  const wire = approvalToWire(approval);
  try {
    const inserted = await store.transaction(async (tx) => {
      // The key is (person, id): an id another person's approval holds is refused here.
      const [taken] = await tx.query('SELECT 1 FROM approvals WHERE id = $1', [approval.id]);
      if (taken !== undefined) return false;
      await tx.query(
        `INSERT INTO approvals (id, person_id, institution_code, status, body, kind, item_code, requested_on)
         VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8::date)`,
        [
          approval.id,
          approval.personId,
          approval.institution.code,
          approval.status,
          JSON.stringify(wire),
          approval.kind,
          approval.item.code,
          approval.requestedOn,
        ],
      );
      await appendApprovalAudit(tx, 'approval.requested', approval, wire, actor, {
        status: approval.status,
        institution: approval.institution.code,
        approvalKind: approval.kind,
        item: approval.item.code,
        requestedOn: approval.requestedOn,
      });
      return true;
    });
    if (!inserted) return fail([exists(approval.id)]);
  } catch (error) {
    if (isUniqueViolation(error)) return fail([exists(approval.id)]);
    throw error;
  }
  return ok({ approval, revision: 1 });
}

/** The audit entry of an approval's change: its state hashed, its patient pseudonymised. */
async function appendApprovalAudit(
  tx: SqlRunner,
  kind: 'approval.requested' | 'approval.decided',
  approval: Approval,
  wire: unknown,
  actor: string,
  event: Readonly<Record<string, unknown>>,
): Promise<void> {
  await appendAudit(tx, [
    {
      kind,
      actor,
      object: { type: 'approval', id: approval.id },
      state: wire,
      person: approval.personId,
      event,
    },
  ]);
}

export async function readApproval(store: Store, id: string): Promise<StoredApproval | undefined> {
  const [row] = await store.query<{ body: string; revision: number }>(
    'SELECT body::text AS body, revision FROM approvals WHERE id = $1',
    [id],
  );
  return row === undefined
    ? undefined
    : { approval: approvalFromWire(JSON.parse(row.body)), revision: row.revision };
}

/**
 * Saves a new state of an approval read at `revision` (a reviewer's decision), recording it in the
 * audit log as `approval.decided` in the same transaction.
 */
export async function updateApproval(
  store: Store,
  approval: Approval,
  revision: number,
  actor = 'system',
): Promise<Result<StoredApproval, ApprovalStoreIssueCode>> {
  const wire = approvalToWire(approval);
  const saved = await store.transaction(async (tx) => {
    const [row] = await tx.query<{ revision: number }>(
      `UPDATE approvals SET body = $2::text::jsonb, status = $3, revision = revision + 1, updated_at = now()
       WHERE person_id = $5 AND id = $1 AND revision = $4 RETURNING revision`,
      [approval.id, JSON.stringify(wire), approval.status, revision, approval.personId],
    );
    if (row === undefined) return undefined;
    const step = approval.history.at(-1);
    await appendApprovalAudit(tx, 'approval.decided', approval, wire, actor, {
      decision: approval.status,
      by: step?.by ?? actor,
      ...(step === undefined ? {} : { on: step.on }),
      revision: row.revision,
    });
    return row.revision;
  });
  if (saved === undefined) {
    return fail([
      issue(
        'approval.conflict',
        `approval "${approval.id}" changed since it was read; read it again`,
        { path: ['id'] },
      ),
    ]);
  }
  return ok({ approval, revision: saved });
}

export interface ApprovalFilter {
  readonly institutionCode?: string | undefined;
  readonly personId?: string | undefined;
  readonly status?: string | undefined;
  readonly kind?: string | undefined;
}

/** Approvals newest first; the cursor is the sequence number of the last row seen. */
export async function listApprovals(
  store: Store,
  filter: ApprovalFilter,
  page: { readonly limit: number; readonly after?: number | undefined },
): Promise<{ items: StoredApproval[]; next: number | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.institutionCode !== undefined) add('institution_code = ?', filter.institutionCode);
  if (filter.personId !== undefined) add('person_id = ?', filter.personId);
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.kind !== undefined) add('kind = ?', filter.kind);
  if (page.after !== undefined) add('seq < ?', page.after);
  params.push(page.limit + 1);
  const rows = await store.query<{ body: string; revision: number; seq: string | number }>(
    `SELECT body::text AS body, revision, seq FROM approvals
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  const items = rows
    .slice(0, page.limit)
    .map((r) => ({ approval: approvalFromWire(JSON.parse(r.body)), revision: r.revision }));
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return { items, next: last === undefined ? null : Number(last.seq) };
}

/**
 * The approved approvals of some people ($1: a JSON array of person ids), oldest first: what a
 * settlement of their claims may draw on. The ledger reads them locked when it settles.
 */
export const APPROVED_APPROVALS_OF_PEOPLE = `
SELECT id, body::text AS body FROM approvals
WHERE person_id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status = 'approved'
ORDER BY seq`;

/**
 * A person's approved approvals, oldest first — the rows the ledger would lock to settle their
 * claim. A pre-check uses them so that it answers what the settlement would.
 */
export async function approvedApprovalsOf(store: Store, personId: string): Promise<Approval[]> {
  const rows = await store.query<{ body: string }>(APPROVED_APPROVALS_OF_PEOPLE, [
    JSON.stringify([personId]),
  ]);
  return rows.map((r) => approvalFromWire(JSON.parse(r.body)));
}
