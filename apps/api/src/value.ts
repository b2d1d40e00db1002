import {
  type AccountingPeriod,
  type Issue,
  type RegionCode,
  type Result,
  addDays,
  fail,
  issue,
  ok,
} from '@openpayer/domain';
import {
  type Principal,
  type StoredValueRun,
  earlierValueRuns,
  listOutcomeEvents,
  listValuePeriodRuns,
  newId,
  observedInstitutions,
  readValuePeriodRun,
  readValueObservations,
  recordValuePeriodRun,
} from '@openpayer/persistence';
import {
  type OutcomeEvent,
  type ValuePeriodRun,
  type ValueScope,
  runContractPeriod,
  runInstitutionPeriod,
} from '@openpayer/pricing';
import type { ApiServices } from './services.ts';

/**
 * A value-based payment period run over the stored ledger (按价值付费 期末结算): every institution
 * with observations of the period (capitation, stepped P4P, value score by the fund's policy in
 * force on the period's last day) and every risk-sharing contract with treated patients (the
 * manufacturer's rebate less what earlier runs invoiced). The whole run is computed before anything
 * is written: one scope that cannot complete refuses the run, named. A scope already run for the
 * period is answered as recorded. The API's POST /v1/value/period-runs and `openpayer period run`
 * both call it.
 */
export interface ValueRunRequest {
  readonly period: AccountingPeriod;
  /** The fund's region: its policy on the period's last day pays the institutions and contracts. */
  readonly region: RegionCode;
  /** Only these institutions (default, when no contract is named either: every one with observations). */
  readonly institutions?: readonly string[] | undefined;
  /** Only these contracts (default, when no institution is named either: every one with treated patients). */
  readonly contracts?: readonly string[] | undefined;
  readonly by: string;
}

export interface ValueRunOutcome {
  /** How many scopes were run now (the others were run before and are answered as recorded). */
  readonly created: number;
  readonly runs: readonly StoredValueRun[];
}

export async function runStoredValuePeriod(
  services: ApiServices,
  request: ValueRunRequest,
): Promise<Result<ValueRunOutcome>> {
  const { store } = services;
  const { period } = request;
  const asOf = addDays(period.end, -1);
  const fundPolicy = await services.policyAt(asOf, request.region);
  if (fundPolicy === undefined) {
    return fail([
      issue('value.no_policy', `no policy of ${request.region} is in force on ${asOf}`, {
        path: ['region'],
      }),
    ]);
  }
  const recorded = new Map(
    (await listValuePeriodRuns(store, { period: period.label })).map((r) => [
      `${r.scope}/${r.subject}`,
      r.id,
    ]),
  );
  const issues: Issue[] = [];
  const computed: { scope: ValueScope; subject: string; run: ValuePeriodRun }[] = [];
  const already: string[] = [];
  const scoped = (scope: ValueScope, subject: string, list: readonly Issue[]) =>
    list.map((i) => ({
      ...i,
      message: `${scope} ${subject}: ${i.message}`,
      data: { ...(i.data ?? {}), scope, subject },
    }));

  // Naming institutions or contracts runs only what is named; naming neither runs everything.
  const named = request.institutions !== undefined || request.contracts !== undefined;
  const institutions =
    request.institutions ?? (named ? [] : await observedInstitutions(store, period.label));
  for (const [index, institution] of institutions.entries()) {
    const done = recorded.get(`institution/${institution}`);
    if (done !== undefined) {
      already.push(done);
      continue;
    }
    const stored = await readValueObservations(store, institution, period.label);
    if (stored === undefined) {
      issues.push(
        issue(
          'value.no_observations',
          `institution ${institution} has no observations of ${period.label}`,
          { path: ['institutions', index], data: { scope: 'institution', subject: institution } },
        ),
      );
      continue;
    }
    const run = runInstitutionPeriod(fundPolicy, stored.observations);
    if (run.ok) computed.push({ scope: 'institution', subject: institution, run: run.value });
    else issues.push(...scoped('institution', institution, run.issues));
  }

  const contracts =
    request.contracts ?? (named ? [] : fundPolicy.parameters.riskSharing.map((rule) => rule.id));
  for (const contract of contracts) {
    const done = recorded.get(`contract/${contract}`);
    if (done !== undefined) {
      already.push(done);
      continue;
    }
    const events = await listOutcomeEvents(store, { contract, until: asOf });
    // By default a contract without treated patients has nothing to run; named, it is run.
    if (request.contracts === undefined && !events.some((e) => e.kind === 'treated')) continue;
    const invoiced = (await earlierValueRuns(store, 'contract', contract)).map((r) =>
      r.run.total.negate(),
    );
    const run = runContractPeriod(fundPolicy, contract, period.label, events, invoiced);
    if (run.ok) computed.push({ scope: 'contract', subject: contract, run: run.value });
    else issues.push(...scoped('contract', contract, run.issues));
  }

  if (issues.length > 0) return fail(issues);
  const runs: StoredValueRun[] = [];
  let created = 0;
  for (const c of computed) {
    const result = await recordValuePeriodRun(store, {
      id: newId('vpr', services.now(), (n) => services.randomHex(n)),
      scope: c.scope,
      subject: c.subject,
      period,
      by: request.by,
      compute: () => ok(c.run),
    });
    if (!result.ok) return result;
    if (result.value.created) created += 1;
    runs.push(result.value.stored);
  }
  for (const id of already) {
    const stored = await readValuePeriodRun(store, id);
    if (stored !== undefined) runs.push(stored);
  }
  return ok({ created, runs });
}

/**
 * Whether `principal` may record `event`: an institution integrator only for its own institution —
 * its treatments and course starts, the responses of courses it started, and the death or loss to
 * follow-up of a person it treated or started a course for. Answers the refusal's message, or null.
 * The API's /v1/value/outcomes and /v1/fhir/Observation both ask it.
 */
export async function outcomeRefusal(
  services: ApiServices,
  principal: Principal,
  event: OutcomeEvent,
): Promise<string | null> {
  if (principal.role !== 'institution_integrator') return null;
  const own = principal.institutionCode;
  const ownsAny = (events: readonly OutcomeEvent[]) =>
    events.some((e) => 'institution' in e && e.institution === own);
  switch (event.kind) {
    case 'treated':
    case 'course_started':
      return event.institution === own
        ? null
        : `this API key does not act for institution ${event.institution}`;
    case 'response':
      return ownsAny(await listOutcomeEvents(services.store, { course: event.course }))
        ? null
        : `course ${event.course} was not started at institution ${String(own)}`;
    case 'died':
    case 'lost_to_follow_up':
      return ownsAny(await listOutcomeEvents(services.store, { personId: event.personId }))
        ? null
        : `person ${event.personId} was not treated at institution ${String(own)}`;
  }
}
