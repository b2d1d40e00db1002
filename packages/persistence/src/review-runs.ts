import { type CatalogIndex, approvalFromWire } from '@openpayer/catalog';
import {
  type CalendarDate,
  type RegionCode,
  type Result,
  addDays,
  claimSchema,
  fail,
  issue,
  ok,
} from '@openpayer/domain';
import { type CompiledRuleSet, historyOf, lookbackOf, reviewClaim } from '@openpayer/supervision';
import type { Store } from './database.ts';
import { type FindingRecord, findingId, insertFindings } from './findings.ts';
import { priorsBefore, storedHistories } from './review-history.ts';

/**
 * Post-payment review runs (事后审核): the rule sets in force on each claim's service date run
 * over the stored claims of live settlements in a period (optionally of one institution), each
 * with the person's stored history, and the findings are stored with the run. The same engine call
 * as `openpayer supervise` (`reviewClaim`), so both find the same.
 */

export const REVIEW_RUN_ISSUE_CODES = ['review_run.exists', 'review_run.not_found'] as const;
export type ReviewRunIssueCode = (typeof REVIEW_RUN_ISSUE_CODES)[number];

export interface ReviewRun {
  readonly id: string;
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
  readonly institutionCode: string | null;
  readonly status: 'running' | 'finished' | 'failed';
  /** Claims reviewed. */
  readonly claims: number;
  /**
   * Claims of the period not reviewed: the stored claim no longer decodes, or no rule set or
   * catalog release is there for it.
   */
  readonly skipped: number;
  readonly findings: number;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

const COLUMNS = `id, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
  institution_code, status, claims, skipped, findings, requested_by,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at`;

interface Row {
  id: string;
  period_from: string;
  period_to: string;
  institution_code: string | null;
  status: ReviewRun['status'];
  claims: number;
  skipped: number;
  findings: number;
  requested_by: string;
  created_at: string;
  finished_at: string | null;
}

const runOf = (r: Row): ReviewRun => ({
  id: r.id,
  from: r.period_from,
  to: r.period_to,
  institutionCode: r.institution_code,
  status: r.status,
  claims: r.claims,
  skipped: r.skipped,
  findings: r.findings,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

export async function readReviewRun(store: Store, id: string): Promise<ReviewRun | undefined> {
  const [row] = await store.query<Row>(`SELECT ${COLUMNS} FROM review_runs WHERE id = $1`, [id]);
  return row === undefined ? undefined : runOf(row);
}

export async function listReviewRuns(store: Store): Promise<ReviewRun[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM review_runs ORDER BY created_at DESC, id DESC LIMIT 200`,
  );
  return rows.map(runOf);
}

export interface ReviewRunRequest {
  readonly id: string;
  readonly from: CalendarDate;
  /** Exclusive. */
  readonly to: CalendarDate;
  readonly institutionCode?: string | undefined;
  readonly by: string;
  /** The compiled rule sets in force for a region on a date (the API's view of them). */
  ruleSetsAt(date: CalendarDate, region: RegionCode): Promise<readonly CompiledRuleSet[]>;
  /** A catalog release's index by id (the one each settlement recorded). */
  catalog(id: string): Promise<CatalogIndex | undefined>;
}

/** How many stored claims a run reads at a time. */
const PAGE = 200;

/**
 * Runs a review over the period and stores its findings; answers the finished run. Claims are read
 * in the order they were settled; each claim's findings are written with it.
 */
export async function runReview(
  store: Store,
  request: ReviewRunRequest,
): Promise<Result<ReviewRun, ReviewRunIssueCode>> {
  const inserted = await store.query<{ id: string }>(
    `INSERT INTO review_runs (id, period_from, period_to, institution_code, status, requested_by)
     VALUES ($1, $2::date, $3::date, $4, 'running', $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [request.id, request.from, request.to, request.institutionCode ?? null, request.by],
  );
  if (inserted.length === 0) {
    return fail([issue('review_run.exists', `review run ${request.id} exists`, { path: ['id'] })]);
  }
  let reviewed = 0;
  let skipped = 0;
  let findings = 0;
  const counts = () => [request.id, reviewed, skipped, findings];
  try {
    let after = 0;
    for (;;) {
      const rows = await store.query<{
        seq: string;
        id: string;
        catalog_release_id: string;
        service_date: string;
        claim: string;
        approvals: string | null;
      }>(
        `SELECT s.seq, s.id, s.catalog_release_id, to_char(s.service_date, 'YYYY-MM-DD') AS service_date,
           c.claim::text AS claim, c.approvals::text AS approvals
         FROM settlements s JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
         WHERE s.status = 'settled' AND s.service_date >= $1::date AND s.service_date < $2::date
           AND ($3::text IS NULL OR s.institution_code = $3) AND s.seq > $4
         ORDER BY s.seq LIMIT ${PAGE}`,
        [request.from, request.to, request.institutionCode ?? null, after],
      );
      if (rows.length === 0) break;
      // The page's rule sets, then its people's stored claims in one read. A stored claim that no
      // longer decodes is skipped and counted, never a failed run.
      const plans = await Promise.all(
        rows.map(async (row) => {
          const decoded = claimSchema.safeParse(JSON.parse(row.claim));
          if (!decoded.success) return undefined;
          const claim = decoded.data;
          const date = row.service_date as CalendarDate;
          const [ruleSets, catalog] = await Promise.all([
            request.ruleSetsAt(date, claim.person.insuredRegion),
            request.catalog(row.catalog_release_id),
          ]);
          if (ruleSets.length === 0 || catalog === undefined) return undefined;
          return { claim, date, ruleSets, catalog, lookbackDays: lookbackOf(ruleSets) };
        }),
      );
      let earliest: CalendarDate | undefined;
      for (const p of plans) {
        if (p === undefined) continue;
        const from = addDays(p.date, -p.lookbackDays);
        if (earliest === undefined || from < earliest) earliest = from;
      }
      const histories = await storedHistories(store, {
        personIds: [...new Set(plans.flatMap((p) => (p === undefined ? [] : [p.claim.person.id])))],
        from: earliest ?? request.from,
      });
      const records: FindingRecord[] = [];
      for (const [i, row] of rows.entries()) {
        after = Number(row.seq);
        const plan = plans[i];
        if (plan === undefined) {
          skipped++;
          continue;
        }
        const { claim, date, ruleSets, catalog, lookbackDays } = plan;
        reviewed++;
        const history = historyOf(
          priorsBefore(histories.get(claim.person.id), {
            date,
            lookbackDays,
            seq: Number(row.seq),
          }),
        );
        const approvals =
          row.approvals === null
            ? undefined
            : (JSON.parse(row.approvals) as unknown[]).map((a) => approvalFromWire(a));
        const found = reviewClaim(
          claim,
          { catalog, ...(approvals === undefined ? {} : { approvals }) },
          { ruleSets, history },
        );
        found.forEach((finding, n) =>
          records.push({
            id: findingId(`${request.id}_${row.id}`, n),
            claimId: claim.id,
            personId: claim.person.id,
            institutionCode: claim.institution.code,
            settlementId: row.id,
            runId: request.id,
            finding,
          }),
        );
      }
      findings += records.length;
      // A page's findings and the run's counts commit together.
      await store.transaction(async (tx) => {
        await insertFindings(tx, records);
        await tx.query(
          'UPDATE review_runs SET claims = $2, skipped = $3, findings = $4 WHERE id = $1',
          counts(),
        );
      });
    }
    const [row] = await store.query<Row>(
      `UPDATE review_runs SET status = 'finished', claims = $2, skipped = $3, findings = $4,
         finished_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      counts(),
    );
    return ok(runOf(row as Row));
  } catch (error) {
    await store.query(
      `UPDATE review_runs SET status = 'failed', claims = $2, skipped = $3, findings = $4,
         finished_at = now() WHERE id = $1`,
      counts(),
    );
    throw error;
  }
}
