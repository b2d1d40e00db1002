import { type AccountingPeriod, type Result, fail, issue, ok } from '@openpayer/domain';
import {
  type AdmissionAssessment,
  type OutcomeEvent,
  admissionAssessmentSchema,
  type ValueObservations,
  type ValuePeriodRun,
  type ValueScope,
  outcomeEventSchema,
  valueObservationsSchema,
  valuePeriodRunSchema,
} from '@openpayer/pricing';
import { appendAudit } from './audit-log.ts';
import type { Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Value-based payment as the ledger keeps it: an institution's measurements of a period (one
 * document, replaced until the period is run), patients' outcome events (each recorded once, never
 * edited), and period runs — computed whole by the engine (@openpayer/pricing's value models) and
 * only then recorded, once per scope and period, with its audit entry in the same transaction.
 * Asked again, the recorded run is the answer: a period is paid once.
 */

export const VALUE_STORE_ISSUE_CODES = ['value.period_closed', 'value.outcome_conflict'] as const;
export type ValueStoreIssueCode = (typeof VALUE_STORE_ISSUE_CODES)[number];

const AT = `to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const at = (column: string) => AT.replace('%s', column);

// ---------------------------------------------------------------------------------------------
// Observations

export interface StoredObservations {
  readonly observations: ValueObservations;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/**
 * Records (or replaces) an institution's measurements of a period. Once the period has been run
 * for the institution they are what it was paid by: a change is refused (`value.period_closed`).
 */
export async function recordValueObservations(
  store: Store,
  observations: ValueObservations,
  by: string,
): Promise<Result<{ readonly replaced: boolean }, ValueStoreIssueCode>> {
  const wire = valueObservationsSchema.encode(observations);
  const { institution } = observations;
  const { period } = observations;
  return store.transaction(async (tx) => {
    const [run] = await tx.query<{ id: string }>(
      `SELECT id FROM value_period_runs WHERE scope = 'institution' AND subject = $1 AND period = $2`,
      [institution, period],
    );
    if (run !== undefined) {
      return fail([
        issue(
          'value.period_closed',
          `${period} of ${institution} was run (${run.id}): its observations can no longer change`,
          { path: ['period'], data: { run: run.id } },
        ),
      ]);
    }
    const rows = await tx.query<{ replaced: boolean }>(
      `INSERT INTO value_observations (institution_code, period, body, recorded_by)
       VALUES ($1, $2, $3::text::jsonb, $4)
       ON CONFLICT (institution_code, period)
       DO UPDATE SET body = EXCLUDED.body, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
       RETURNING (xmax <> 0) AS replaced`,
      [institution, period, JSON.stringify(wire), by],
    );
    await appendAudit(tx, [
      {
        kind: 'value.observations_recorded',
        actor: by,
        object: { type: 'value_observations', id: `${institution}/${period}` },
        state: wire,
        event: { institution, period },
      },
    ]);
    return ok({ replaced: rows[0]?.replaced === true });
  });
}

export async function readValueObservations(
  store: Store,
  institution: string,
  period: string,
): Promise<StoredObservations | undefined> {
  const [row] = await store.query<{ body: string; recorded_by: string; recorded_at: string }>(
    `SELECT body::text AS body, recorded_by, ${at('recorded_at')} AS recorded_at
     FROM value_observations WHERE institution_code = $1 AND period = $2`,
    [institution, period],
  );
  if (row === undefined) return undefined;
  return {
    observations: valueObservationsSchema.decode(JSON.parse(row.body) as never),
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

/** The institutions with observations of a period, in code order. */
export async function observedInstitutions(store: Store, period: string): Promise<string[]> {
  const rows = await store.query<{ institution_code: string }>(
    `SELECT institution_code FROM value_observations WHERE period = $1 ORDER BY institution_code`,
    [period],
  );
  return rows.map((r) => r.institution_code);
}

// ---------------------------------------------------------------------------------------------
// Outcome events

/**
 * Records a patient outcome event once. The same id again with the same content is answered as
 * recorded (`created: false`, a retried request); with other content it is refused.
 */
export async function recordOutcomeEvent(
  store: Store,
  event: OutcomeEvent,
  by: string,
): Promise<Result<{ readonly created: boolean }, ValueStoreIssueCode>> {
  const wire = outcomeEventSchema.encode(event);
  const body = JSON.stringify(wire);
  const same = async (): Promise<Result<{ created: boolean }, ValueStoreIssueCode>> => {
    const [row] = await store.query<{ same: boolean }>(
      `SELECT body = $2::text::jsonb AS same FROM value_outcomes WHERE id = $1`,
      [event.id, body],
    );
    if (row?.same === true) return ok({ created: false });
    return fail([
      issue(
        'value.outcome_conflict',
        `outcome event ${event.id} is already recorded with other content; events are never edited`,
        { path: ['id'] },
      ),
    ]);
  };
  const [existing] = await store.query<{ id: string }>(
    `SELECT id FROM value_outcomes WHERE id = $1`,
    [event.id],
  );
  if (existing !== undefined) return same();
  try {
    await store.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO value_outcomes (id, person_id, kind, event_date, body, recorded_by)
         VALUES ($1, $2, $3, $4::date, $5::text::jsonb, $6)`,
        [event.id, event.personId, event.kind, event.date, body, by],
      );
      await appendAudit(tx, [
        {
          kind: 'value.outcome_recorded',
          actor: by,
          object: { type: 'outcome_event', id: event.id },
          state: wire,
          event: { kind: event.kind, date: event.date },
          person: event.personId,
        },
      ]);
    });
    return ok({ created: true });
  } catch (error) {
    if (isUniqueViolation(error)) return same();
    throw error;
  }
}

/** Outcome events dated on or before `until` (all when absent), by date then as recorded; at most 100,000. */
export async function listOutcomeEvents(
  store: Store,
  filter: {
    readonly until?: string | undefined;
    readonly personId?: string | undefined;
    /** Events of one course of therapy (course_started, response). */
    readonly course?: string | undefined;
    /** Events of one risk-sharing contract's cohort: its treatments and their people's events. */
    readonly contract?: string | undefined;
  } = {},
): Promise<OutcomeEvent[]> {
  const rows = await store.query<{ body: string }>(
    `SELECT o.body::text AS body FROM value_outcomes o
     WHERE ($1::date IS NULL OR o.event_date <= $1::date) AND ($2::text IS NULL OR o.person_id = $2)
       AND ($3::text IS NULL OR o.body->>'course' = $3)
       AND ($4::text IS NULL OR o.person_id IN (
         SELECT t.person_id FROM value_outcomes t WHERE t.kind = 'treated' AND t.body->>'contract' = $4))
     ORDER BY o.event_date, o.seq LIMIT 100000`,
    [filter.until ?? null, filter.personId ?? null, filter.course ?? null, filter.contract ?? null],
  );
  return rows.map((r) => outcomeEventSchema.decode(JSON.parse(r.body) as never));
}

// ---------------------------------------------------------------------------------------------
// Period runs

export interface ValueRunSummary {
  readonly id: string;
  readonly scope: ValueScope;
  readonly subject: string;
  readonly period: string;
  readonly policy: string;
  /** What the fund books for the scope and period (negative: owed to the fund), fixed-scale. */
  readonly total: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface StoredValueRun extends ValueRunSummary {
  readonly run: ValuePeriodRun;
}

interface RunRow {
  id: string;
  scope: ValueScope;
  subject: string;
  period: string;
  policy_id: string;
  total: string;
  created_by: string;
  created_at: string;
  body?: string;
}

const RUN_COLUMNS = `id, scope, subject, period, policy_id, total, created_by, ${at('created_at')} AS created_at`;

const runSummaryOf = (r: RunRow): ValueRunSummary => ({
  id: r.id,
  scope: r.scope,
  subject: r.subject,
  period: r.period,
  policy: r.policy_id,
  total: r.total,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const storedRunOf = (r: RunRow): StoredValueRun => ({
  ...runSummaryOf(r),
  run: valuePeriodRunSchema.decode(JSON.parse(r.body ?? 'null') as never),
});

export async function readValuePeriodRun(
  store: Store,
  id: string,
): Promise<StoredValueRun | undefined> {
  const [row] = await store.query<RunRow>(
    `SELECT ${RUN_COLUMNS}, body::text AS body FROM value_period_runs WHERE id = $1`,
    [id],
  );
  return row === undefined ? undefined : storedRunOf(row);
}

/** Recorded runs, newest period first, filtered by scope, subject and period when given. */
export async function listValuePeriodRuns(
  store: Store,
  filter: {
    readonly scope?: ValueScope | undefined;
    readonly subject?: string | undefined;
    readonly period?: string | undefined;
  } = {},
): Promise<ValueRunSummary[]> {
  const rows = await store.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM value_period_runs
     WHERE ($1::text IS NULL OR scope = $1) AND ($2::text IS NULL OR subject = $2)
       AND ($3::text IS NULL OR period = $3)
     ORDER BY period DESC, scope, subject LIMIT 500`,
    [filter.scope ?? null, filter.subject ?? null, filter.period ?? null],
  );
  return rows.map(runSummaryOf);
}

/** The runs of a scope and subject recorded before, oldest first (a contract's earlier rebates). */
export async function earlierValueRuns(
  store: Store,
  scope: ValueScope,
  subject: string,
): Promise<StoredValueRun[]> {
  const rows = await store.query<RunRow>(
    `SELECT ${RUN_COLUMNS}, body::text AS body FROM value_period_runs
     WHERE scope = $1 AND subject = $2 ORDER BY period`,
    [scope, subject],
  );
  return rows.map(storedRunOf);
}

export interface ValueRunRequest<Code extends string> {
  readonly id: string;
  readonly scope: ValueScope;
  readonly subject: string;
  readonly period: AccountingPeriod;
  readonly by: string;
  /** The engine over the stored inputs; nothing is written unless it computes the whole run. */
  readonly compute: () => Promise<Result<ValuePeriodRun, Code>> | Result<ValuePeriodRun, Code>;
}

/**
 * Runs a scope's period and records it, or answers the run recorded before (`created: false`).
 * A run the engine cannot complete is refused with its issues; nothing is written.
 */
export async function recordValuePeriodRun<Code extends string>(
  store: Store,
  request: ValueRunRequest<Code>,
): Promise<Result<{ readonly created: boolean; readonly stored: StoredValueRun }, Code>> {
  const existing = await recordedRun(store, request);
  if (existing !== undefined) return ok({ created: false, stored: existing });
  const computed = await request.compute();
  if (!computed.ok) return computed;
  const run = computed.value;
  const wire = valuePeriodRunSchema.encode(run);
  try {
    const stored = await store.transaction(async (tx) => {
      const [row] = await tx.query<RunRow>(
        `INSERT INTO value_period_runs (id, scope, subject, period, policy_id, total, body, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8) RETURNING ${RUN_COLUMNS}`,
        [
          request.id,
          request.scope,
          request.subject,
          request.period.label,
          run.policy,
          run.total.toFixedString(),
          JSON.stringify(wire),
          request.by,
        ],
      );
      await appendAudit(tx, [
        {
          kind: 'value.period_recorded',
          actor: request.by,
          object: { type: 'value_period_run', id: request.id },
          state: wire,
          event: {
            scope: request.scope,
            subject: request.subject,
            period: request.period.label,
            entries: String(run.entries.length),
            total: run.total.toFixedString(),
          },
        },
      ]);
      return { ...runSummaryOf(row as RunRow), run };
    });
    return ok({ created: true, stored });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const first = await recordedRun(store, request);
      if (first !== undefined) return ok({ created: false, stored: first });
    }
    throw error;
  }
}

async function recordedRun(
  store: Store,
  request: Pick<ValueRunRequest<string>, 'scope' | 'subject' | 'period'>,
): Promise<StoredValueRun | undefined> {
  const [row] = await store.query<RunRow>(
    `SELECT ${RUN_COLUMNS}, body::text AS body FROM value_period_runs
     WHERE scope = $1 AND subject = $2 AND period = $3`,
    [request.scope, request.subject, request.period.label],
  );
  return row === undefined ? undefined : storedRunOf(row);
}

// ---------------------------------------------------------------------------------------------
// Admission assessments

/**
 * Records an admission decision with its ICER evidence (as `admissionAssessmentSchema` writes it,
 * without the recording fields), once, with `value.assessment_recorded` in the audit log.
 */
export async function recordAdmissionAssessment(
  store: Store,
  assessment: Omit<AdmissionAssessment, 'recordedBy' | 'recordedAt'>,
  by: string,
): Promise<AdmissionAssessment> {
  return store.transaction(async (tx) => {
    const [row] = await tx.query<{ recorded_at: string }>(
      `INSERT INTO admission_assessments (id, technology, body, recorded_by)
       VALUES ($1, $2, $3::text::jsonb, $4) RETURNING ${at('recorded_at')} AS recorded_at`,
      [
        assessment.id,
        assessment.technology,
        JSON.stringify(
          admissionAssessmentSchema.encode({ ...assessment, recordedBy: by, recordedAt: '' }),
        ),
        by,
      ],
    );
    const stored = { ...assessment, recordedBy: by, recordedAt: row?.recorded_at ?? '' };
    await appendAudit(tx, [
      {
        kind: 'value.assessment_recorded',
        actor: by,
        object: { type: 'admission_assessment', id: assessment.id },
        state: admissionAssessmentSchema.encode(stored),
        event: {
          technology: assessment.technology,
          decision: assessment.decision,
          verdict: assessment.icer.result.verdict,
        },
      },
    ]);
    return stored;
  });
}

interface AssessmentRow {
  body: string;
  recorded_by: string;
  recorded_at: string;
}

const assessmentOf = (r: AssessmentRow): AdmissionAssessment => ({
  ...admissionAssessmentSchema.decode(JSON.parse(r.body) as never),
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

/** The recorded assessments, newest first (of one technology when given), at most 500. */
export async function listAdmissionAssessments(
  store: Store,
  filter: { readonly technology?: string | undefined } = {},
): Promise<AdmissionAssessment[]> {
  const rows = await store.query<AssessmentRow>(
    `SELECT body::text AS body, recorded_by, ${at('recorded_at')} AS recorded_at
     FROM admission_assessments WHERE ($1::text IS NULL OR technology = $1)
     ORDER BY seq DESC LIMIT 500`,
    [filter.technology ?? null],
  );
  return rows.map(assessmentOf);
}

export async function readAdmissionAssessment(
  store: Store,
  id: string,
): Promise<AdmissionAssessment | undefined> {
  const [row] = await store.query<AssessmentRow>(
    `SELECT body::text AS body, recorded_by, ${at('recorded_at')} AS recorded_at
     FROM admission_assessments WHERE id = $1`,
    [id],
  );
  return row === undefined ? undefined : assessmentOf(row);
}
