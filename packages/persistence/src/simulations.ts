import { type Approval, type CatalogIndex, approvalFromWire } from '@openpayer/catalog';
import {
  type CalendarDate,
  type Claim,
  type Result,
  accountingYearOf,
  addDays,
  claimSchema,
  fail,
  issue,
  ok,
} from '@openpayer/domain';
import {
  type Accumulators,
  type Policy,
  type SimulationSide,
  type SimulationVersion,
  SimulationBuilder,
  emptyAccumulators,
  settleSimulationSide,
  simulationReportJson,
} from '@openpayer/pricing';
import {
  type CompiledRuleSet,
  type PersonHistory,
  historyOf,
  simulationSettle,
} from '@openpayer/supervision';
import type { Store } from './database.ts';
import { priorsBefore, storedHistories } from './review-history.ts';

/**
 * What-if simulation jobs (issue 24): the stored claims of live settlements in a region and
 * period, each settled under a baseline and a candidate version (a policy, and a catalog release
 * or the release each settlement recorded), each side carrying every person's accumulators
 * through the accounting year. Claims of the year before the period are settled first (on both
 * sides, not reported) so that a period starting mid-year meets each person's year so far.
 *
 * A job runs in the process that started it and writes its progress page by page; its report is
 * stored as the engine's text (byte for byte what `openpayer simulate` would write for the same
 * claims). A cancelled or failed job keeps no report; cancelling is a row update, seen by the
 * runner at its next page wherever it runs.
 */

export const SIMULATION_STATUSES = ['running', 'finished', 'failed', 'cancelled'] as const;
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number];

export const SIMULATION_STORE_ISSUE_CODES = [
  'simulation.exists',
  'simulation.not_found',
  'simulation.not_running',
  'simulation.not_finished',
  'simulation.unknown_policy',
  'simulation.unknown_catalog',
  'simulation.unknown_rule_set',
  'simulation.rule_set_unloadable',
  'simulation.region_mismatch',
] as const;
export type SimulationStoreIssueCode = (typeof SIMULATION_STORE_ISSUE_CODES)[number];

/** One side as asked for: a stored policy version, and a release or (absent) each claim's own. */
export interface SimulationSideRequest {
  readonly policy: string;
  readonly catalog?: string | undefined;
  /** Stored smart-review rule sets (ids) the side settles with, their actions applied. */
  readonly ruleSets?: readonly string[] | undefined;
}

export interface SimulationRequest {
  readonly from: CalendarDate;
  /** Exclusive. */
  readonly to: CalendarDate;
  readonly baseline: SimulationSideRequest;
  readonly candidate: SimulationSideRequest;
  /** The fund's global budget for the period in yuan (a fixed-point string). */
  readonly budget?: string | undefined;
}

export interface SimulationJob {
  readonly id: string;
  readonly region: string;
  readonly request: SimulationRequest;
  readonly status: SimulationStatus;
  /** Claims of the period to compare (counted when the job started). */
  readonly total: number;
  /** Claims of the period compared or refused so far. */
  readonly processed: number;
  readonly error: string | null;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/** Where the runner finds the versions: the API's cached views. */
export interface SimulationVersions {
  policy(id: string): Promise<Policy | undefined>;
  catalog(id: string): Promise<CatalogIndex | undefined>;
  /** A stored rule set, compiled. */
  ruleSet(id: string): Promise<CompiledRuleSet | undefined>;
}

const AT = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id, region, request::text AS request, status, total, processed, error, requested_by,
  ${AT('created_at')} AS created_at, ${AT('finished_at')} AS finished_at`;

interface Row {
  id: string;
  region: string;
  request: string;
  status: SimulationStatus;
  total: number;
  processed: number;
  error: string | null;
  requested_by: string;
  created_at: string;
  finished_at: string | null;
}

const jobOf = (r: Row): SimulationJob => ({
  id: r.id,
  region: r.region,
  request: JSON.parse(r.request) as SimulationRequest,
  status: r.status,
  total: r.total,
  processed: r.processed,
  error: r.error,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

const notFound = (id: string) =>
  fail<never, SimulationStoreIssueCode>([
    issue('simulation.not_found', `no simulation ${id}`, { path: ['id'] }),
  ]);

export async function readSimulation(store: Store, id: string): Promise<SimulationJob | undefined> {
  const [row] = await store.query<Row>(`SELECT ${COLUMNS} FROM simulations WHERE id = $1`, [id]);
  return row === undefined ? undefined : jobOf(row);
}

/** The last 200 jobs, newest first. */
export async function listSimulations(store: Store): Promise<SimulationJob[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM simulations ORDER BY seq DESC LIMIT 200`,
  );
  return rows.map(jobOf);
}

/**
 * A finished job's report as the engine wrote it (`simulationReportJson`); an issue when there is
 * no such job or it has not finished (a cancelled or failed job has none).
 */
export async function readSimulationReport(
  store: Store,
  id: string,
): Promise<Result<string, SimulationStoreIssueCode>> {
  const [row] = await store.query<{ status: SimulationStatus; report: string | null }>(
    'SELECT status, report FROM simulations WHERE id = $1',
    [id],
  );
  if (row === undefined) return notFound(id);
  if (row.status !== 'finished' || row.report === null) {
    return fail([
      issue('simulation.not_finished', `simulation ${id} is ${row.status}: it has no report`, {
        path: ['id'],
        data: { status: row.status },
      }),
    ]);
  }
  return ok(row.report);
}

/** Cancels a running job: it stops at its next page and keeps nothing. */
export async function cancelSimulation(
  store: Store,
  id: string,
): Promise<Result<SimulationJob, SimulationStoreIssueCode>> {
  const [row] = await store.query<Row>(
    `UPDATE simulations SET status = 'cancelled', report = NULL, finished_at = now()
     WHERE id = $1 AND status = 'running' RETURNING ${COLUMNS}`,
    [id],
  );
  if (row !== undefined) return ok(jobOf(row));
  const job = await readSimulation(store, id);
  if (job === undefined) return notFound(id);
  return fail([
    issue('simulation.not_running', `simulation ${id} is ${job.status}: only a running one stops`, {
      path: ['id'],
      data: { status: job.status },
    }),
  ]);
}

/**
 * Marks the jobs still `running` as failed: their runner is gone. For a process that owns the
 * database alone (the embedded one) at start-up; on a shared server another process may be
 * running them. Answers how many were marked.
 */
export async function failInterruptedSimulations(store: Store): Promise<number> {
  const rows = await store.query<{ id: string }>(
    `UPDATE simulations SET status = 'failed', error = 'interrupted: the server stopped while it ran',
       report = NULL, finished_at = now() WHERE status = 'running' RETURNING id`,
  );
  return rows.length;
}

/** A job whose versions are loaded, ready to run. */
export interface PreparedSimulation {
  readonly job: SimulationJob;
  /** Runs the job to its end (finished, failed or cancelled); never rejects. */
  run(): Promise<SimulationJob>;
}

interface Side {
  readonly policy: Policy;
  readonly catalog: CatalogIndex | undefined;
  readonly ruleSets: readonly CompiledRuleSet[];
  readonly ruleIds: readonly string[];
  readonly accumulators: Map<string, Accumulators>;
}

/**
 * Checks the request's versions (each policy and named release must be stored; both policies
 * of one region), stores the job as running and answers it with its runner. Nothing is stored
 * when a version is wrong: the issues name the field.
 */
export async function startSimulation(
  store: Store,
  input: {
    readonly id: string;
    readonly by: string;
    readonly request: SimulationRequest;
    readonly versions: SimulationVersions;
  },
): Promise<Result<PreparedSimulation, SimulationStoreIssueCode>> {
  const { request, versions } = input;
  const issues = [];
  const sides: Partial<Record<'baseline' | 'candidate', Side>> = {};
  for (const which of ['baseline', 'candidate'] as const) {
    const asked = request[which];
    const policy = await versions.policy(asked.policy);
    if (policy === undefined) {
      issues.push(
        issue('simulation.unknown_policy', `no stored policy version ${asked.policy}`, {
          path: [which, 'policy'],
        }),
      );
    }
    const catalog = asked.catalog === undefined ? undefined : await versions.catalog(asked.catalog);
    if (asked.catalog !== undefined && catalog === undefined) {
      issues.push(
        issue('simulation.unknown_catalog', `no stored catalog release ${asked.catalog}`, {
          path: [which, 'catalog'],
        }),
      );
    }
    const ruleIds = asked.ruleSets ?? [];
    const ruleSets: CompiledRuleSet[] = [];
    for (const [i, ruleId] of ruleIds.entries()) {
      let compiled: CompiledRuleSet | undefined;
      try {
        compiled = await versions.ruleSet(ruleId);
      } catch (error) {
        // Stored data that today's loader refuses: the request names it, it is not a crash.
        issues.push(
          issue(
            'simulation.rule_set_unloadable',
            error instanceof Error ? error.message : `stored rule set ${ruleId} does not load`,
            { path: [which, 'ruleSets', i] },
          ),
        );
        continue;
      }
      if (compiled === undefined) {
        issues.push(
          issue('simulation.unknown_rule_set', `no stored rule set ${ruleId}`, {
            path: [which, 'ruleSets', i],
          }),
        );
      } else ruleSets.push(compiled);
    }
    if (policy !== undefined) {
      sides[which] = { policy, catalog, ruleSets, ruleIds, accumulators: new Map() };
    }
  }
  const { baseline, candidate } = sides;
  if (baseline !== undefined && candidate !== undefined) {
    if (baseline.policy.region !== candidate.policy.region) {
      issues.push(
        issue(
          'simulation.region_mismatch',
          `the candidate policy ${candidate.policy.id} is for region ${candidate.policy.region}, the baseline ${baseline.policy.id} for ${baseline.policy.region}`,
          { path: ['candidate', 'policy'] },
        ),
      );
    }
  }
  if (issues.length > 0 || baseline === undefined || candidate === undefined) return fail(issues);
  const region = baseline.policy.region;
  const inserted = await store.query<Row>(
    `INSERT INTO simulations (id, region, period_from, period_to, request, status, requested_by)
     VALUES ($1, $2, $3::date, $4::date, $5::jsonb, 'running', $6)
     ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
    [input.id, region, request.from, request.to, JSON.stringify(request), input.by],
  );
  const [row] = inserted;
  if (row === undefined) {
    return fail([issue('simulation.exists', `simulation ${input.id} exists`, { path: ['id'] })]);
  }
  const job = jobOf(row);
  return ok({
    job,
    run: () => runJob(store, job, { baseline, candidate }, versions),
  });
}

/** How many stored claims the runner reads at a time (a page's progress is written with it). */
const PAGE = 200;

interface StoredRow {
  seq: string;
  claim_id: string;
  person_id: string;
  service_date: string;
  catalog_release_id: string;
  in_period: boolean;
  claim: string;
  approvals: string | null;
}

async function runJob(
  store: Store,
  job: SimulationJob,
  sides: { readonly baseline: Side; readonly candidate: Side },
  versions: SimulationVersions,
): Promise<SimulationJob> {
  const { id, region, request } = job;
  const builder = new SimulationBuilder();
  const catalogs = new Map<string, CatalogIndex | undefined>();
  const catalogOf = async (releaseId: string) => {
    if (!catalogs.has(releaseId)) catalogs.set(releaseId, await versions.catalog(releaseId));
    return catalogs.get(releaseId);
  };
  const yearStart = `${request.from.slice(0, 4)}-01-01`;
  const where = `s.status = 'settled' AND s.service_date < $2::date
    AND c.claim->'person'->>'insuredRegion' = $3`;
  const lookbackDays = Math.max(
    0,
    ...[...sides.baseline.ruleSets, ...sides.candidate.ruleSets].map((r) => r.lookbackDays),
  );
  let processed = 0;
  let record = 0;
  try {
    const [count] = await store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM settlements s
       JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
       WHERE ${where} AND s.service_date >= $1::date`,
      [request.from, request.to, region],
    );
    await store.query('UPDATE simulations SET total = $2 WHERE id = $1', [id, count?.n ?? 0]);
    let after = 0;
    for (;;) {
      const rows = await store.query<StoredRow>(
        `SELECT s.seq, s.claim_id, s.person_id, to_char(s.service_date, 'YYYY-MM-DD') AS service_date,
           s.catalog_release_id, s.service_date >= $1::date AS in_period,
           c.claim::text AS claim, c.approvals::text AS approvals
         FROM settlements s JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
         WHERE ${where} AND s.service_date >= $4::date AND s.seq > $5
         ORDER BY s.seq LIMIT ${String(PAGE)}`,
        [request.from, request.to, region, yearStart, after],
      );
      if (rows.length === 0) break;
      // The page is in ledger order, not by date: the history reaches back from its earliest day.
      const earliest = rows.reduce(
        (min, r) => (r.service_date < min ? r.service_date : min),
        rows[0]?.service_date ?? request.from,
      ) as CalendarDate;
      const histories =
        lookbackDays > 0
          ? await storedHistories(store, {
              personIds: [...new Set(rows.map((r) => r.person_id))],
              from: addDays(earliest, -lookbackDays),
            })
          : undefined;
      for (const row of rows) {
        after = Number(row.seq);
        if (row.in_period) record++;
        const decoded = claimSchema.safeParse(JSON.parse(row.claim));
        if (!decoded.success) {
          // A stored claim that no longer decodes: counted and named, never a silent gap.
          if (row.in_period) {
            builder.refuseInput({ record, claimId: row.claim_id }, [
              issue('simulation.stored_claim_unreadable', 'the stored claim no longer decodes', {
                path: [],
              }),
            ]);
            processed++;
          }
          continue;
        }
        const claim = decoded.data;
        const year = accountingYearOf(claim);
        const approvals =
          row.approvals === null
            ? undefined
            : (JSON.parse(row.approvals) as unknown[]).map((a) => approvalFromWire(a));
        const recorded = await catalogOf(row.catalog_release_id);
        const history =
          histories === undefined
            ? undefined
            : historyOf(
                priorsBefore(histories.get(claim.person.id), {
                  date: row.service_date as CalendarDate,
                  lookbackDays,
                  seq: Number(row.seq),
                }),
              );
        const at = { recorded, claim, year, approvals, history };
        const baseline = settleSide(sides.baseline, at);
        const candidate = settleSide(sides.candidate, at);
        if (!row.in_period) continue;
        builder.add({ record, claim, year, baseline, candidate });
        processed++;
      }
      // Progress, unless the job was cancelled meanwhile (then it stops, keeping nothing).
      const [still] = await store.query<{ id: string }>(
        `UPDATE simulations SET processed = $2 WHERE id = $1 AND status = 'running' RETURNING id`,
        [id, processed],
      );
      if (still === undefined) return (await readSimulation(store, id)) ?? job;
    }
    const text = simulationReportJson(
      builder.report({
        budget: request.budget,
        versions: {
          baseline: named(sides.baseline),
          candidate: named(sides.candidate),
        },
      }),
    );
    await store.query(
      `UPDATE simulations SET status = 'finished', processed = $2, report = $3, finished_at = now()
       WHERE id = $1 AND status = 'running'`,
      [id, processed, text],
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await store.query(
        `UPDATE simulations SET status = 'failed', processed = $2, error = $3, report = NULL,
           finished_at = now() WHERE id = $1 AND status = 'running'`,
        [id, processed, message.slice(0, 2000)],
      );
    } catch {
      // The store is gone (the server closed under the job): nothing more to record.
      return { ...job, status: 'failed', error: message };
    }
  }
  return (await readSimulation(store, id)) ?? job;
}

/** The catalog a side names, else the one the claim was settled with. */
const RECORDED_CATALOG = '(as settled)';

function named(side: Side): { policy: string; catalog: string; rules?: readonly string[] } {
  return {
    policy: side.policy.id,
    catalog: side.catalog?.release.id ?? RECORDED_CATALOG,
    ...(side.ruleIds.length === 0 ? {} : { rules: side.ruleIds }),
  };
}

/** One stored claim under one side, carrying the side's accumulators on. */
function settleSide(
  side: Side,
  at: {
    readonly recorded: CatalogIndex | undefined;
    readonly claim: Claim;
    readonly year: number;
    readonly approvals: readonly Approval[] | undefined;
    readonly history: PersonHistory | undefined;
  },
): SimulationSide {
  const { claim, year, history } = at;
  const catalog = side.catalog ?? at.recorded;
  if (catalog === undefined) {
    return fail([
      issue(
        'simulation.catalog_missing',
        'the catalog release the claim was settled with is gone',
        {
          path: ['catalog'],
        },
      ),
    ]);
  }
  const key = `${String(year)}|${claim.person.id}`;
  const version: SimulationVersion = { policy: side.policy, catalog };
  const result = settleSimulationSide(
    claim,
    version,
    side.accumulators.get(key) ?? emptyAccumulators(claim.person.id, year),
    at.approvals,
    simulationSettle(side.ruleSets, history ?? historyOf([])),
  );
  if (result.ok) side.accumulators.set(key, result.value.accumulatorsAfter);
  return result;
}
