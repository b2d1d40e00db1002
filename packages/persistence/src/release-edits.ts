import type {
  CatalogRelease,
  CatalogReleaseSummary,
  RestrictionEditRecord,
} from '@openpayer/catalog';
import { type Result, fail, ok } from '@openpayer/domain';
import type { Store } from './database.ts';
import { type ReleaseStoreIssueCode, insertRelease, releaseExists } from './releases.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Releases published by hand (an administrator's restriction edit): the release is stored like any
 * other, and the edit record — base release, item, author, note — beside it, in one transaction,
 * so there is never an edited release without its author, nor a record without its release.
 */

/** An edit record as stored, with when it was stored. */
export interface StoredReleaseEdit extends RestrictionEditRecord {
  /** When the edit was stored (ISO timestamp, UTC). */
  readonly createdAt: string;
}

export interface SavedReleaseEdit {
  readonly release: CatalogReleaseSummary;
  readonly edit: StoredReleaseEdit;
}

const EDIT_COLUMNS = `release_id, base_release_id, item_id, author, note,
  to_char(published_on, 'YYYY-MM-DD') AS published_on,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

interface EditRow {
  release_id: string;
  base_release_id: string;
  item_id: string;
  author: string;
  note: string;
  published_on: string;
  created_at: string;
}

const editOf = (row: EditRow): StoredReleaseEdit =>
  ({
    releaseId: row.release_id,
    baseReleaseId: row.base_release_id,
    itemId: row.item_id,
    author: row.author,
    note: row.note,
    publishedOn: row.published_on,
    createdAt: row.created_at,
  }) as StoredReleaseEdit;

/**
 * Stores the new release, its edit record and its audit entry (`catalog.restrictions_edited`, by
 * `actor`) together. A release id that exists already is `catalog.release_exists` (nothing stored).
 */
export async function saveReleaseEdit(
  store: Store,
  release: CatalogRelease,
  record: RestrictionEditRecord,
  actor = 'system',
): Promise<Result<SavedReleaseEdit, ReleaseStoreIssueCode>> {
  try {
    const saved = await store.transaction(async (tx) => {
      const summary = await insertRelease(tx, release, {
        kind: 'catalog.restrictions_edited',
        actor,
        event: { baseReleaseId: record.baseReleaseId, itemId: record.itemId, note: record.note },
      });
      const [row] = await tx.query<EditRow>(
        `INSERT INTO catalog_release_edits (release_id, base_release_id, item_id, author, note, published_on)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${EDIT_COLUMNS}`,
        [
          record.releaseId,
          record.baseReleaseId,
          record.itemId,
          record.author,
          record.note,
          record.publishedOn,
        ],
      );
      return { release: summary, edit: editOf(row as EditRow) };
    });
    return ok(saved);
  } catch (error) {
    if (isUniqueViolation(error)) return fail([releaseExists(release.id)]);
    throw error;
  }
}

/** The edit record of a release published by hand; undefined for an imported release. */
export async function readReleaseEdit(
  store: Store,
  releaseId: string,
): Promise<StoredReleaseEdit | undefined> {
  const [row] = await store.query<EditRow>(
    `SELECT ${EDIT_COLUMNS} FROM catalog_release_edits WHERE release_id = $1`,
    [releaseId],
  );
  return row === undefined ? undefined : editOf(row);
}

/** The edits made from a base release, oldest first. */
export async function listReleaseEdits(
  store: Store,
  baseReleaseId: string,
): Promise<StoredReleaseEdit[]> {
  const rows = await store.query<EditRow>(
    `SELECT ${EDIT_COLUMNS} FROM catalog_release_edits WHERE base_release_id = $1
     ORDER BY created_at, release_id`,
    [baseReleaseId],
  );
  return rows.map(editOf);
}
