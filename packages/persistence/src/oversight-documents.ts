import { type Result, fail, issue, ok } from '@openpayer/domain';
import { appendAudit } from './audit-log.ts';
import type { Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Oversight documents in the store: KPI definitions, anomaly rules, budgets, case rules and
 * working-day calendars, each validated by the engine before it comes here, stored once under
 * its id with its `oversight.document_uploaded` audit entry, and read back latest first.
 */

export const OVERSIGHT_DOCUMENT_KINDS = [
  'kpi_definitions',
  'anomaly_rules',
  'budgets',
  'case_rules',
  'work_calendar',
] as const;
export type OversightDocumentKind = (typeof OVERSIGHT_DOCUMENT_KINDS)[number];

export interface StoredOversightDocument {
  readonly kind: OversightDocumentKind;
  readonly id: string;
  /** The document as uploaded (its wire form). */
  readonly body: unknown;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

interface Row {
  kind: OversightDocumentKind;
  id: string;
  body: string;
  uploaded_by: string;
  uploaded_at: string;
}

const COLUMNS = `kind, id, body::text AS body, uploaded_by,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS uploaded_at`;

const storedOf = (r: Row): StoredOversightDocument => ({
  kind: r.kind,
  id: r.id,
  body: JSON.parse(r.body) as unknown,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
});

export async function storeOversightDocument(
  store: Store,
  input: {
    readonly kind: OversightDocumentKind;
    readonly id: string;
    readonly body: unknown;
    readonly by: string;
  },
): Promise<Result<StoredOversightDocument, 'oversight.document_exists'>> {
  try {
    const stored = await store.transaction(async (tx) => {
      const [row] = await tx.query<Row>(
        `INSERT INTO oversight_documents (kind, id, body, uploaded_by)
         VALUES ($1, $2, $3::text::jsonb, $4) RETURNING ${COLUMNS}`,
        [input.kind, input.id, JSON.stringify(input.body), input.by],
      );
      await appendAudit(tx, [
        {
          kind: 'oversight.document_uploaded',
          actor: input.by,
          object: { type: input.kind, id: input.id },
          state: input.body,
          event: { kind: input.kind },
        },
      ]);
      return storedOf(row as Row);
    });
    return ok(stored);
  } catch (error) {
    if (isUniqueViolation(error)) {
      return fail([
        issue(
          'oversight.document_exists',
          `${input.kind} "${input.id}" exists; publish a change under a new id`,
          { path: ['id'] },
        ),
      ]);
    }
    throw error;
  }
}

/** The stored documents (of one kind, or all), latest uploaded first. */
export async function listOversightDocuments(
  store: Store,
  kind?: OversightDocumentKind,
): Promise<StoredOversightDocument[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM oversight_documents
      ${kind === undefined ? '' : 'WHERE kind = $1'} ORDER BY seq DESC`,
    kind === undefined ? [] : [kind],
  );
  return rows.map(storedOf);
}
