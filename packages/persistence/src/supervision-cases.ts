import { type CalendarDate, type Result, fail, issue, ok } from '@openpayer/domain';
import {
  type CaseContext,
  type CaseIssueCode,
  type CaseRules,
  type CaseState,
  type Suspension,
  type SupervisionCase,
  applyCaseEvent,
  supervisionCaseSchema,
  suspensionsOf,
  violationsOf,
} from '@openpayer/supervision';
import { appendAudit } from './audit-log.ts';
import type { SqlRunner, Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Supervision cases in the store: opened once, then moved one step at a time by the engine's
 * `applyCaseEvent` (the state machine and its deadlines live there), each step a row update and
 * its `case.transitioned` audit entry in one transaction, the row locked so two reviewers never
 * both move one case from the same state.
 */

export const CASE_STORE_ISSUE_CODES = ['case.exists', 'case.not_found'] as const;
export type CaseStoreIssueCode = (typeof CASE_STORE_ISSUE_CODES)[number];

export interface StoredCase {
  readonly region: string;
  readonly case: SupervisionCase;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const AT = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `region, body::text AS body, ${AT('created_at')} AS created_at, ${AT('updated_at')} AS updated_at`;

interface Row {
  region: string;
  body: string;
  created_at: string;
  updated_at: string;
}

const storedOf = (r: Row): StoredCase => ({
  region: r.region,
  // Written by this module from the engine's own value: parsed back by its schema, no cast.
  case: supervisionCaseSchema.parse(JSON.parse(r.body)),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

async function audit(
  tx: SqlRunner,
  c: SupervisionCase,
  by: string,
  event: Record<string, unknown>,
): Promise<void> {
  await appendAudit(tx, [
    {
      kind: 'case.transitioned',
      actor: by,
      object: { type: 'case', id: c.id },
      state: c,
      event: {
        ...event,
        institution: c.subject.institution,
        state: c.state,
        deadline: c.deadline,
        escalation: c.escalation,
      },
    },
  ]);
}

/** Stores a case the engine opened (`openCase`), with its audit entry; an id used before is refused. */
export async function storeNewCase(
  store: Store,
  input: { readonly region: string; readonly case: SupervisionCase; readonly by: string },
): Promise<Result<StoredCase, CaseStoreIssueCode>> {
  const c = input.case;
  try {
    const stored = await store.transaction(async (tx) => {
      const [row] = await tx.query<Row>(
        `INSERT INTO supervision_cases (id, region, institution_code, origin, state, deadline, escalation, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb) RETURNING ${COLUMNS}`,
        [
          c.id,
          input.region,
          c.subject.institution,
          c.origin,
          c.state,
          c.deadline,
          c.escalation,
          JSON.stringify(c),
        ],
      );
      await audit(tx, c, input.by, { event: 'open', from: null, to: c.state, on: c.openedOn });
      return storedOf(row as Row);
    });
    return ok(stored);
  } catch (error) {
    if (isUniqueViolation(error)) {
      return fail([issue('case.exists', `case ${c.id} exists`, { path: ['id'] })]);
    }
    throw error;
  }
}

/**
 * One step of a stored case: the engine decides (a step not allowed, out of order, or against a
 * deadline is refused at its field and nothing is written). `contextOf` gives the rules and the
 * calendar of the case's region.
 */
export async function stepCase(
  store: Store,
  id: string,
  event: unknown,
  contextOf: (region: string) => CaseContext | undefined,
  by: string,
): Promise<Result<StoredCase, CaseStoreIssueCode | CaseIssueCode>> {
  return store.transaction(async (tx) => {
    const [row] = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM supervision_cases WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (row === undefined) {
      return fail([issue('case.not_found', `no case ${id}`, { path: ['id'] })]);
    }
    const before = storedOf(row);
    const context = contextOf(before.region);
    if (context === undefined) {
      return fail([
        issue('case.no_rules', `no case rules for region ${before.region}`, { path: ['id'] }),
      ]);
    }
    const moved = applyCaseEvent(before.case, event, context);
    if (!moved.ok) return moved;
    const c = moved.value;
    const [updated] = await tx.query<Row>(
      `UPDATE supervision_cases SET state = $2, deadline = $3, escalation = $4,
         body = $5::text::jsonb, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, c.state, c.deadline, c.escalation, JSON.stringify(c)],
    );
    const step = c.transitions.at(-1);
    await audit(tx, c, by, {
      event: step?.event ?? null,
      from: step?.from ?? null,
      to: c.state,
      on: step?.on ?? null,
      outcome: step?.outcome?.kind ?? null,
    });
    return ok(storedOf(updated as Row));
  });
}

export async function readCase(store: Store, id: string): Promise<StoredCase | undefined> {
  const [row] = await store.query<Row>(`SELECT ${COLUMNS} FROM supervision_cases WHERE id = $1`, [
    id,
  ]);
  return row === undefined ? undefined : storedOf(row);
}

/**
 * Cases, newest first (at most 500), of an institution and a state when given; `overdueOn`: only
 * those whose deadline passed before that day, most overdue first.
 */
export async function listCases(
  store: Store,
  filter: {
    readonly institution?: string | undefined;
    readonly state?: CaseState | undefined;
    readonly overdueOn?: CalendarDate | undefined;
  } = {},
): Promise<StoredCase[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM supervision_cases
     WHERE ($1::text IS NULL OR institution_code = $1) AND ($2::text IS NULL OR state = $2)
       AND ($3::date IS NULL OR (state <> 'closed' AND deadline < $3::date))
     ORDER BY CASE WHEN $3::date IS NULL THEN NULL ELSE deadline END, seq DESC LIMIT 500`,
    [filter.institution ?? null, filter.state ?? null, filter.overdueOn ?? null],
  );
  return rows.map(storedOf);
}

/**
 * Escalates every case overdue on `on` (each its own step and audit entry); those the engine
 * refuses (already at the rules' highest level …) are answered apart, unchanged.
 */
export async function escalateOverdue(
  store: Store,
  on: CalendarDate,
  contextOf: (region: string) => CaseContext | undefined,
  by: string,
): Promise<{
  readonly escalated: StoredCase[];
  readonly refused: { readonly id: string; readonly code: string; readonly message: string }[];
}> {
  const escalated: StoredCase[] = [];
  const refused: { id: string; code: string; message: string }[] = [];
  // Every overdue case (ids only: each step reads and locks its own row), most overdue first.
  const overdue = await store.query<{ id: string }>(
    `SELECT id FROM supervision_cases WHERE state <> 'closed' AND deadline < $1::date
     ORDER BY deadline, seq DESC`,
    [on],
  );
  for (const { id } of overdue) {
    const moved = await stepCase(store, id, { event: 'escalate', on, by }, contextOf, by);
    if (moved.ok) escalated.push(moved.value);
    else {
      const first = moved.issues[0];
      refused.push({ id, code: first?.code ?? '', message: first?.message ?? '' });
    }
  }
  return { escalated, refused };
}

/**
 * The suspensions a region's decided cases call for under `rules` (`violationsOf`, then
 * `suspensionsOf`): what settlement's suspension rule set enforces.
 */
export async function suspensionsFromCases(
  store: Store,
  region: string,
  rules: CaseRules,
): Promise<Suspension[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM supervision_cases
     WHERE region = $1 AND state IN ('decided', 'appealed', 'closed') ORDER BY seq`,
    [region],
  );
  return suspensionsOf(violationsOf(rows.map((r) => storedOf(r).case)), rules);
}
