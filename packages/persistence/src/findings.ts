import {
  type Finding,
  type FindingResponse,
  type FindingWire,
  type Result,
  fail,
  findingSchema,
  issue,
  ok,
} from '@openpayer/domain';
import { appendAudit } from './audit-log.ts';
import type { SqlRunner, Store } from './database.ts';

/**
 * Stored smart-review findings: those a settlement ran with (stage settle, with its settlement)
 * and those a post-payment review run wrote (with its run). The hospital answers a finding once —
 * continue with a reason, remove the line, or switch it to self-pay, as the national 3101/3102/3103
 * interfaces do — and the answer is kept with it and appended to the audit log.
 */

export const FINDING_STORE_ISSUE_CODES = [
  'finding.not_found',
  'finding.already_answered',
  'finding.reason_required',
] as const;
export type FindingStoreIssueCode = (typeof FINDING_STORE_ISSUE_CODES)[number];

export interface StoredFinding {
  readonly id: string;
  readonly claimId: string;
  readonly personId: string;
  readonly institutionCode: string;
  readonly settlementId: string | null;
  readonly runId: string | null;
  readonly finding: FindingWire;
  readonly response: {
    readonly answer: FindingResponse;
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  } | null;
  readonly createdAt: string;
}

/** What a finding row is written from. */
export interface FindingRecord {
  readonly id: string;
  readonly claimId: string;
  readonly personId: string;
  readonly institutionCode: string;
  readonly settlementId: string | null;
  readonly runId: string | null;
  readonly finding: Finding;
}

/** The id of the `n`th finding of a settlement or a review run (`n` from 0). */
export function findingId(owner: string, n: number): string {
  return `fnd_${owner}_${String(n).padStart(3, '0')}`;
}

/** Writes findings in one statement, in the caller's transaction. */
export async function insertFindings(
  tx: SqlRunner,
  records: readonly FindingRecord[],
): Promise<void> {
  if (records.length === 0) return;
  // `n` keeps the caller's order (line order) for `seq`: ordering by id put fnd_x_1000 before fnd_x_101.
  const rows = records.map((r, n) => ({
    n,
    id: r.id,
    person_id: r.personId,
    institution_code: r.institutionCode,
    claim_id: r.claimId,
    settlement_id: r.settlementId,
    run_id: r.runId,
    stage: r.finding.stage,
    rule_set_id: r.finding.rule.ruleSet,
    rule_code: r.finding.rule.code,
    rule_version: r.finding.rule.version,
    severity: r.finding.severity,
    result_type: r.finding.resultType,
    action: r.finding.action,
    body: findingSchema.encode(r.finding),
  }));
  await tx.query(
    `INSERT INTO findings (id, person_id, institution_code, claim_id, settlement_id, run_id, stage,
       rule_set_id, rule_code, rule_version, severity, result_type, action, body)
     SELECT x.id, x.person_id, x.institution_code, x.claim_id, x.settlement_id, x.run_id, x.stage,
       x.rule_set_id, x.rule_code, x.rule_version, x.severity, x.result_type, x.action, x.body
     FROM jsonb_to_recordset($1::jsonb) AS x(n integer, id text, person_id text, institution_code text,
       claim_id text, settlement_id text, run_id text, stage text, rule_set_id text, rule_code text,
       rule_version integer, severity text, result_type text, action text, body jsonb)
     ORDER BY x.n`,
    [JSON.stringify(rows)],
  );
}

const COLUMNS = `f.id, f.seq, f.claim_id, f.person_id, f.institution_code, f.settlement_id, f.run_id,
  f.body::text AS body, f.response, f.response_reason, f.responded_by,
  to_char(f.responded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS responded_at,
  to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

interface Row {
  id: string;
  seq: string | number;
  claim_id: string;
  person_id: string;
  institution_code: string;
  settlement_id: string | null;
  run_id: string | null;
  body: string;
  response: FindingResponse | null;
  response_reason: string | null;
  responded_by: string | null;
  responded_at: string | null;
  created_at: string;
}

function fromRow(r: Row): StoredFinding {
  return {
    id: r.id,
    claimId: r.claim_id,
    personId: r.person_id,
    institutionCode: r.institution_code,
    settlementId: r.settlement_id,
    runId: r.run_id,
    finding: JSON.parse(r.body) as FindingWire,
    response:
      r.response === null
        ? null
        : {
            answer: r.response,
            reason: r.response_reason ?? '',
            by: r.responded_by ?? '',
            at: r.responded_at ?? '',
          },
    createdAt: r.created_at,
  };
}

export interface FindingFilter {
  readonly institutionCode?: string | undefined;
  readonly settlementId?: string | undefined;
  readonly runId?: string | undefined;
  readonly claimId?: string | undefined;
  readonly ruleCode?: string | undefined;
  readonly severity?: string | undefined;
  readonly stage?: string | undefined;
  /** true: only answered; false: only unanswered. */
  readonly answered?: boolean | undefined;
}

export interface FindingPage {
  readonly items: readonly StoredFinding[];
  /** Pass back as `after` for the next page; null on the last page. */
  readonly next: number | null;
}

/** Findings newest first, `limit` at a time (a cursor that never repeats or skips a row). */
export async function listFindings(
  store: Store,
  filter: FindingFilter,
  page: { readonly limit: number; readonly after?: number | undefined },
): Promise<FindingPage> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const column = {
    institutionCode: 'f.institution_code',
    settlementId: 'f.settlement_id',
    runId: 'f.run_id',
    claimId: 'f.claim_id',
    ruleCode: 'f.rule_code',
    severity: 'f.severity',
    stage: 'f.stage',
  } as const;
  for (const [key, sql] of Object.entries(column) as [keyof typeof column, string][]) {
    const value = filter[key];
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`${sql} = $${params.length}`);
  }
  if (filter.answered !== undefined) {
    conditions.push(filter.answered ? 'f.response IS NOT NULL' : 'f.response IS NULL');
  }
  if (page.after !== undefined) {
    params.push(page.after);
    conditions.push(`f.seq < $${params.length}`);
  }
  params.push(page.limit + 1);
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM findings f ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY f.seq DESC LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, page.limit).map(fromRow);
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return { items, next: last === undefined ? null : Number(last.seq) };
}

export async function readFinding(store: Store, id: string): Promise<StoredFinding | undefined> {
  const [row] = await store.query<Row>(`SELECT ${COLUMNS} FROM findings f WHERE f.id = $1`, [id]);
  return row === undefined ? undefined : fromRow(row);
}

/**
 * Records the hospital's answer to a finding, once, and appends `finding.responded` in the same
 * transaction. Continuing needs a reason (`finding.reason_required`).
 */
export async function respondToFinding(
  store: Store,
  request: {
    readonly id: string;
    readonly answer: FindingResponse;
    readonly reason: string;
    readonly by: string;
  },
): Promise<Result<StoredFinding, FindingStoreIssueCode>> {
  if (request.answer === 'continue' && request.reason.trim() === '') {
    return fail([
      issue('finding.reason_required', 'a reason is required to continue', { path: ['reason'] }),
    ]);
  }
  return store.transaction(async (tx) => {
    const [row] = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM findings f WHERE f.id = $1 FOR UPDATE`,
      [request.id],
    );
    if (row === undefined) {
      return fail([issue('finding.not_found', `no finding "${request.id}"`, { path: ['id'] })]);
    }
    if (row.response !== null) {
      return fail([
        issue(
          'finding.already_answered',
          `finding ${request.id} was answered (${row.response}) by ${row.responded_by ?? ''}`,
          { path: ['answer'], data: { answer: row.response } },
        ),
      ]);
    }
    const [updated] = await tx.query<Row>(
      `UPDATE findings f SET response = $2, response_reason = $3, responded_by = $4, responded_at = now()
       WHERE f.person_id = $5 AND f.id = $1 RETURNING ${COLUMNS}`,
      [request.id, request.answer, request.reason, request.by, row.person_id],
    );
    const stored = fromRow(updated as Row);
    await appendAudit(tx, [
      {
        kind: 'finding.responded',
        actor: request.by,
        object: { type: 'finding', id: request.id },
        state: { finding: stored.finding, response: stored.response },
        event: {
          answer: request.answer,
          rule: stored.finding.rule.code,
          claim: stored.claimId,
          institution: stored.institutionCode,
        },
        person: stored.personId,
      },
    ]);
    return ok(stored);
  });
}
