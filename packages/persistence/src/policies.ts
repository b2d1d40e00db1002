import { type CalendarDate, type Result, fail, issue, ok } from '@openpayer/domain';
import { type Policy, type PolicyWire, loadPolicy, policySchema } from '@openpayer/pricing';
import { z } from 'zod';
import { appendAudit } from './audit-log.ts';
import type { Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Policy versions as stored documents. A version is immutable once stored (a change is a new
 * version); it is used for claims from the day it is activated in its region.
 */

export const POLICY_STORE_ISSUE_CODES = [
  'policy.exists',
  'policy.not_found',
  'policy.activation_conflict',
] as const;
export type PolicyStoreIssueCode = (typeof POLICY_STORE_ISSUE_CODES)[number];

export interface PolicySummary {
  readonly id: string;
  readonly title: string;
  readonly region: string;
  readonly publishedOn: string;
  /** The first service date the version is used for; null until activated. */
  readonly activeFrom: string | null;
  readonly activatedBy: string | null;
  readonly createdAt: string;
}

const POLICY_COLUMNS = `id, title, region, to_char(published_on, 'YYYY-MM-DD') AS published_on,
  to_char(active_from, 'YYYY-MM-DD') AS active_from, activated_by,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

interface PolicyRow {
  id: string;
  title: string;
  region: string;
  published_on: string;
  active_from: string | null;
  activated_by: string | null;
  created_at: string;
}

const policySummary = (r: PolicyRow): PolicySummary => ({
  id: r.id,
  title: r.title,
  region: r.region,
  publishedOn: r.published_on,
  activeFrom: r.active_from,
  activatedBy: r.activated_by,
  createdAt: r.created_at,
});

/**
 * Stores a validated policy version (not yet active) and appends `policy.uploaded` (by `actor`) in
 * the same transaction.
 */
export async function savePolicy(
  store: Store,
  policy: Policy,
  actor = 'system',
): Promise<Result<PolicySummary, PolicyStoreIssueCode>> {
  const wire = z.encode(policySchema, policy);
  try {
    const summary = await store.transaction(async (tx) => {
      const [row] = await tx.query<PolicyRow>(
        `INSERT INTO policies (id, title, region, published_on, body) VALUES ($1, $2, $3, $4, $5::text::jsonb)
         RETURNING ${POLICY_COLUMNS}`,
        [policy.id, policy.title, policy.region, policy.publishedOn, JSON.stringify(wire)],
      );
      await appendAudit(tx, [
        {
          kind: 'policy.uploaded',
          actor,
          object: { type: 'policy', id: policy.id },
          state: { policy: wire, activeFrom: null },
          event: { region: policy.region, publishedOn: policy.publishedOn },
        },
      ]);
      return policySummary(row as PolicyRow);
    });
    return ok(summary);
  } catch (error) {
    if (isUniqueViolation(error)) {
      return fail([
        issue('policy.exists', `policy "${policy.id}" exists; publish changes as a new version`, {
          path: ['id'],
        }),
      ]);
    }
    throw error;
  }
}

export async function listPolicies(store: Store): Promise<PolicySummary[]> {
  const rows = await store.query<PolicyRow>(
    `SELECT ${POLICY_COLUMNS} FROM policies ORDER BY region, active_from NULLS LAST, created_at, id`,
  );
  return rows.map(policySummary);
}

export async function readPolicy(
  store: Store,
  id: string,
): Promise<{ summary: PolicySummary; wire: PolicyWire; policy: Policy } | undefined> {
  const [row] = await store.query<PolicyRow & { body: string }>(
    `SELECT ${POLICY_COLUMNS}, body::text AS body FROM policies WHERE id = $1`,
    [id],
  );
  if (row === undefined) return undefined;
  const wire = JSON.parse(row.body) as PolicyWire;
  const loaded = loadPolicy(wire);
  if (!loaded.ok)
    throw new Error(`stored policy ${id} no longer loads: ${loaded.issues[0]?.message ?? ''}`);
  return { summary: policySummary(row), wire, policy: loaded.value };
}

/**
 * Activates a version for claims from `from` on, in its region, and appends `policy.activated`
 * (by `by`) in the same transaction. Two versions of one region cannot start on the same day.
 */
export async function activatePolicy(
  store: Store,
  id: string,
  from: CalendarDate,
  by: string,
): Promise<Result<PolicySummary, PolicyStoreIssueCode>> {
  return store.transaction(async (tx) => {
    const [target] = await tx.query<{ region: string; body: string; active_from: string | null }>(
      `SELECT region, body::text AS body, to_char(active_from, 'YYYY-MM-DD') AS active_from
       FROM policies WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (target === undefined) {
      return fail([issue('policy.not_found', `no policy "${id}"`, { path: ['id'] })]);
    }
    const clash = await tx.query<{ id: string }>(
      'SELECT id FROM policies WHERE region = $1 AND active_from = $2::date AND id <> $3',
      [target.region, from, id],
    );
    if (clash[0] !== undefined) {
      return fail([
        issue(
          'policy.activation_conflict',
          `policy "${clash[0].id}" already starts on ${from} in ${target.region}`,
          {
            path: ['activeFrom'],
            data: { policyId: clash[0].id },
          },
        ),
      ]);
    }
    const [row] = await tx.query<PolicyRow>(
      `UPDATE policies SET active_from = $2::date, activated_by = $3, activated_at = now() WHERE id = $1
       RETURNING ${POLICY_COLUMNS}`,
      [id, from, by],
    );
    await appendAudit(tx, [
      {
        kind: 'policy.activated',
        actor: by,
        object: { type: 'policy', id },
        state: { policy: JSON.parse(target.body) as unknown, activeFrom: from },
        event: {
          region: target.region,
          from,
          ...(target.active_from === null ? {} : { previousFrom: target.active_from }),
        },
      },
    ]);
    return ok(policySummary(row as PolicyRow));
  });
}
