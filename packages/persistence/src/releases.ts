import {
  type CatalogRelease,
  type CatalogReleaseSummary,
  catalogReleaseSchema,
} from '@openpayer/catalog';
import { type Issue, type Result, fail, issue, ok } from '@openpayer/domain';
import type { AuditEventKind } from '@openpayer/supervision';
import { z } from 'zod';
import { appendAudit } from './audit-log.ts';
import type { SqlRunner, Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Catalog releases as stored documents. A release is immutable once stored: a change is a new
 * release. Which release is in force for a claim is the catalog registry's rule
 * (`@openpayer/catalog`).
 */

export const RELEASE_STORE_ISSUE_CODES = [
  'catalog.release_exists',
  'catalog.release_not_found',
] as const;
export type ReleaseStoreIssueCode = (typeof RELEASE_STORE_ISSUE_CODES)[number];

/** How a stored release is recorded in the audit log. */
export interface ReleaseAudit {
  /** The principal that stored it; `system` for seeding and the CLI. */
  readonly actor?: string;
  /** What made the release: an import (the default) or a crosswalk attached to a release. */
  readonly kind?: 'catalog.release_imported' | 'catalog.crosswalk_attached';
  /** What the log records beyond the state (e.g. the base release of a crosswalk). */
  readonly event?: Readonly<Record<string, unknown>>;
}

/**
 * Stores a release and appends its audit entry in the same transaction. A release id that exists
 * already is `catalog.release_exists` (nothing stored, nothing logged).
 */
export async function saveRelease(
  store: Store,
  release: CatalogRelease,
  audit: ReleaseAudit = {},
): Promise<Result<CatalogReleaseSummary, ReleaseStoreIssueCode>> {
  try {
    const summary = await store.transaction((tx) =>
      insertRelease(tx, release, {
        kind: audit.kind ?? 'catalog.release_imported',
        actor: audit.actor ?? 'system',
        ...(audit.event === undefined ? {} : { event: audit.event }),
      }),
    );
    return ok(summary);
  } catch (error) {
    if (isUniqueViolation(error)) return fail([releaseExists(release.id)]);
    throw error;
  }
}

export function releaseExists(id: string): Issue<ReleaseStoreIssueCode> {
  return issue(
    'catalog.release_exists',
    `catalog release "${id}" exists; publish changes as a new release`,
    { path: ['id'] },
  );
}

/**
 * Inserts a release and its audit entry with the caller's transaction (a unique violation on the
 * id is thrown: the caller rolls back and answers `catalog.release_exists`). The entry's state is
 * the stored wire: its hash is one canonical JSON of the release, once per import.
 */
export async function insertRelease(
  tx: SqlRunner,
  release: CatalogRelease,
  audit: {
    readonly kind: AuditEventKind;
    readonly actor: string;
    readonly event?: Readonly<Record<string, unknown>>;
  },
): Promise<CatalogReleaseSummary> {
  const wire = z.encode(catalogReleaseSchema, release);
  await tx.query(
    `INSERT INTO catalog_releases (id, region, effective_start, effective_end, published_on, body)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)`,
    [
      release.id,
      release.region,
      release.effective.start,
      release.effective.end ?? null,
      release.publishedOn,
      JSON.stringify(wire),
    ],
  );
  await appendAudit(tx, [
    {
      kind: audit.kind,
      actor: audit.actor,
      object: { type: 'catalog_release', id: release.id },
      state: wire,
      event: {
        region: release.region,
        effectiveFrom: release.effective.start,
        publishedOn: release.publishedOn,
        itemCount: release.items.length,
        ...(audit.event ?? {}),
      },
    },
  ]);
  return summaryOf(wire, release.items.length);
}

function summaryOf(
  wire: {
    id: string;
    title: string;
    region: string | null;
    effective: unknown;
    publishedOn: string;
    source: string;
  },
  itemCount: number,
): CatalogReleaseSummary {
  return {
    id: wire.id,
    title: wire.title,
    region: wire.region,
    effective: wire.effective,
    publishedOn: wire.publishedOn,
    source: wire.source,
    itemCount,
  } as CatalogReleaseSummary;
}

/** A stored release's header: the release's own summary and when it was imported. */
export type StoredReleaseSummary = CatalogReleaseSummary & {
  /** When the release was stored (ISO timestamp, UTC). */
  readonly importedAt: string;
};

/** Every release's header (no items), oldest first. */
export async function listReleases(store: Store): Promise<StoredReleaseSummary[]> {
  const rows = await store.query<{
    id: string;
    title: string;
    region: string | null;
    effective: string;
    published_on: string;
    source: string;
    item_count: number;
    imported_at: string;
  }>(
    `SELECT id, body->>'title' AS title, region, (body->'effective')::text AS effective,
       body->>'publishedOn' AS published_on, body->>'source' AS source,
       jsonb_array_length(body->'items') AS item_count,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS imported_at
     FROM catalog_releases ORDER BY effective_start, created_at, id`,
  );
  return rows.map((r) => ({
    ...summaryOf(
      {
        id: r.id,
        title: r.title,
        region: r.region,
        effective: JSON.parse(r.effective) as unknown,
        publishedOn: r.published_on,
        source: r.source,
      },
      r.item_count,
    ),
    importedAt: r.imported_at,
  }));
}

export async function loadRelease(store: Store, id: string): Promise<CatalogRelease | undefined> {
  const [row] = await store.query<{ body: string }>(
    'SELECT body::text AS body FROM catalog_releases WHERE id = $1',
    [id],
  );
  return row === undefined ? undefined : catalogReleaseSchema.parse(JSON.parse(row.body));
}
