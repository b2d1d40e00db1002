import {
  type CatalogRelease,
  type CatalogReleaseSummary,
  catalogReleaseSchema,
} from '@openpayer/catalog';
import { type Result, fail, issue, ok } from '@openpayer/domain';
import { z } from 'zod';
import type { Store } from './database.ts';
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

export async function saveRelease(
  store: Store,
  release: CatalogRelease,
): Promise<Result<CatalogReleaseSummary, ReleaseStoreIssueCode>> {
  const wire = z.encode(catalogReleaseSchema, release);
  try {
    await store.query(
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
  } catch (error) {
    if (isUniqueViolation(error)) {
      return fail([
        issue(
          'catalog.release_exists',
          `catalog release "${release.id}" exists; publish changes as a new release`,
          {
            path: ['id'],
          },
        ),
      ]);
    }
    throw error;
  }
  return ok(summaryOf(wire, release.items.length));
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
