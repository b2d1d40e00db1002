import { type Approval, approvalFromWire, approvalToWire } from '@openpayer/catalog';
import { type Result, fail, issue, ok } from '@openpayer/domain';
import type { Store } from './database.ts';

/**
 * Approvals as stored documents with a revision: an update names the revision it read, so two
 * reviewers deciding one request at once cannot both win (the second gets `approval.conflict`).
 * Drawdowns at settlement happen inside the ledger's transaction.
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

export async function insertApproval(
  store: Store,
  approval: Approval,
): Promise<Result<StoredApproval, ApprovalStoreIssueCode>> {
  try {
    await store.query(
      `INSERT INTO approvals (id, person_id, institution_code, status, body, kind, item_code, requested_on)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8::date)`,
      [
        approval.id,
        approval.personId,
        approval.institution.code,
        approval.status,
        JSON.stringify(approvalToWire(approval)),
        approval.kind,
        approval.item.code,
        approval.requestedOn,
      ],
    );
  } catch (error) {
    const code =
      (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
    if (code === '23505') {
      return fail([issue('approval.exists', `approval "${approval.id}" exists`, { path: ['id'] })]);
    }
    throw error;
  }
  return ok({ approval, revision: 1 });
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

/** Saves a new state of an approval read at `revision`. */
export async function updateApproval(
  store: Store,
  approval: Approval,
  revision: number,
): Promise<Result<StoredApproval, ApprovalStoreIssueCode>> {
  const rows = await store.query<{ revision: number }>(
    `UPDATE approvals SET body = $2::text::jsonb, status = $3, revision = revision + 1, updated_at = now()
     WHERE id = $1 AND revision = $4 RETURNING revision`,
    [approval.id, JSON.stringify(approvalToWire(approval)), approval.status, revision],
  );
  const [row] = rows;
  if (row === undefined) {
    return fail([
      issue(
        'approval.conflict',
        `approval "${approval.id}" changed since it was read; read it again`,
        {
          path: ['id'],
        },
      ),
    ]);
  }
  return ok({ approval, revision: row.revision });
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
