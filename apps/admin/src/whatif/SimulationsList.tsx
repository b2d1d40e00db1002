import { versionStates } from '@openpayer/pricing';
import { type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { navigate, useLocation } from '../app/router.ts';
import { byField } from '../ui/form-issues.ts';
import { timestamp } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async, Empty, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { today } from '../policies/model.ts';
import type { SimulationJob } from './api.ts';
import { FIELDS, type Field, type WhatIfForm, requestOf, yearOf } from './model.ts';

export const simulationHref = (id: string) => `/what-if/${encodeURIComponent(id)}`;

/** The form to start a simulation and the past ones, newest first. */
export function SimulationsList() {
  const loaded = useApi(() => call(api.v1.simulations.$get()), []);
  return (
    <section className="whatif">
      <h1>
        What-if simulation <span className="zh">政策模拟测算</span>
      </h1>
      <p className="intro-text">
        Settle the stored claims of a period again under a candidate policy version (a draft
        included) or catalog release, beside the baseline, and read what would change: each
        payer&rsquo;s totals, the budget, what patients pay out of pocket, and the claims whose
        coverage changes. Nothing is settled for real.
      </p>
      <RunForm />
      <h2>Past simulations</h2>
      <Async loaded={loaded} what="simulations">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No simulation run yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="simulations">
                <caption className="visually-hidden">Past simulations</caption>
                <thead>
                  <tr>
                    <th scope="col">Simulation</th>
                    <th scope="col">Status</th>
                    <th scope="col">Period</th>
                    <th scope="col">Baseline</th>
                    <th scope="col">Candidate</th>
                    <th scope="col" className="num">
                      Claims
                    </th>
                    <th scope="col">Requested by</th>
                    <th scope="col">Started</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((job) => (
                    <tr key={job.id} data-simulation={job.id}>
                      <td>
                        <Link to={simulationHref(job.id)}>
                          <code>{job.id}</code>
                        </Link>
                      </td>
                      <td>
                        <JobStatus job={job} />
                      </td>
                      <td className="date">
                        {job.request.from} → {job.request.to}
                      </td>
                      <td>
                        <SideLabel side={job.request.baseline} />
                      </td>
                      <td>
                        <SideLabel side={job.request.candidate} />
                      </td>
                      <td className="num">
                        {job.processed.toLocaleString('en')} / {job.total.toLocaleString('en')}
                      </td>
                      <td>{job.requestedBy}</td>
                      <td className="date">{timestamp(job.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
    </section>
  );
}

const STATUS_BADGE: Readonly<Record<SimulationJob['status'], string>> = {
  running: 'badge badge-info',
  finished: 'badge badge-ok',
  failed: 'badge badge-error',
  cancelled: 'badge badge-warning',
};
const STATUS_LABEL: Readonly<Record<SimulationJob['status'], string>> = {
  running: 'Running',
  finished: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function JobStatus({ job }: { readonly job: Pick<SimulationJob, 'status'> }) {
  return (
    <span className={STATUS_BADGE[job.status]} data-testid="simulation-status">
      {STATUS_LABEL[job.status]}
    </span>
  );
}

export function SideLabel({ side }: { readonly side: SimulationJob['request']['baseline'] }) {
  return (
    <>
      <code>{side.policy}</code>
      {side.catalog === undefined ? null : (
        <>
          {' '}
          · <code>{side.catalog}</code>
        </>
      )}
      {(side.ruleSets ?? []).map((id) => (
        <span key={id}>
          {' '}
          + <code>{id}</code>
        </span>
      ))}
    </>
  );
}

/**
 * Start a simulation. The baseline defaults to the version in force today (of the candidate's
 * region, when one is named in the URL: `?candidate=`), the period to this accounting year.
 */
function RunForm() {
  const { query } = useLocation();
  const policies = useApi(() => call(api.v1.policies.$get()), []);
  const releases = useApi(() => call(api.v1.catalog.releases.$get()), []);
  const ruleSets = useApi(() => call(api.v1['rule-sets'].$get()), []);
  return (
    <Async loaded={policies} what="policy versions">
      {({ items }) => {
        const states = versionStates(items, today());
        const wanted = query.get('candidate') ?? '';
        const candidate = items.find((v) => v.id === wanted);
        const active = items.filter(
          (v) =>
            states.get(v.id)?.status === 'active' &&
            (candidate === undefined || v.region === candidate.region),
        );
        return (
          <Form
            key={wanted}
            versions={items.map((v) => ({
              id: v.id,
              label: `${v.id} · ${v.region} · ${(states.get(v.id)?.status ?? 'not_activated').replace('_', ' ')}`,
            }))}
            releases={releases.state === 'ok' ? releases.data.items.map((r) => r.id) : []}
            ruleSets={ruleSets.state === 'ok' ? ruleSets.data.items.map((r) => r.id) : []}
            initial={{
              baseline: active[0]?.id ?? items[0]?.id ?? '',
              baselineCatalog: '',
              candidate: candidate?.id ?? '',
              candidateCatalog: '',
              baselineRules: [],
              candidateRules: [],
              ...yearOf(today()),
              budget: '',
            }}
          />
        );
      }}
    </Async>
  );
}

function Form({
  versions,
  releases,
  ruleSets,
  initial,
}: {
  readonly versions: readonly { readonly id: string; readonly label: string }[];
  readonly releases: readonly string[];
  readonly ruleSets: readonly string[];
  readonly initial: WhatIfForm;
}) {
  const [form, setForm] = useState<WhatIfForm>(initial);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string[]>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setFailure(null);
    const checked = requestOf(form);
    setFieldErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    setBusy(true);
    const result = await call(api.v1.simulations.$post({ json: checked.value }));
    setBusy(false);
    if (!result.ok) {
      setFieldErrors(byField(result.error.issues, FIELDS).at);
      setFailure(result.error);
      return;
    }
    navigate(simulationHref(result.data.id));
  }

  const set =
    (key: Exclude<keyof WhatIfForm, 'baselineRules' | 'candidateRules'>) => (value: string) => {
      setForm((f) => ({ ...f, [key]: value }));
    };
  const errors = (field: Field) =>
    (fieldErrors[field] ?? []).map((message, i) => (
      <span key={i} className="field-error">
        {message}
      </span>
    ));
  const policySelect = (field: 'baseline' | 'candidate', label: string) => (
    <label className="field">
      <span>{label}</span>
      <select
        name={field}
        value={form[field]}
        aria-invalid={fieldErrors[field] === undefined ? undefined : true}
        onChange={(e) => {
          set(field)(e.target.value);
        }}
      >
        <option value="">Choose a version…</option>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {v.label}
          </option>
        ))}
      </select>
      {errors(field)}
    </label>
  );
  const catalogSelect = (key: 'baselineCatalog' | 'candidateCatalog', label: string) => (
    <label className="field">
      <span>{label}</span>
      <select
        name={key}
        value={form[key]}
        onChange={(e) => {
          set(key)(e.target.value);
        }}
      >
        <option value="">As each claim was settled</option>
        {[...releases].reverse().map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
  const rulesSelect = (key: 'baselineRules' | 'candidateRules', label: string) => (
    <label className="field">
      <span>{label}</span>
      <select
        name={key}
        multiple
        size={Math.min(4, Math.max(2, ruleSets.length))}
        value={[...form[key]]}
        onChange={(e) => {
          const chosen = [...e.target.selectedOptions].map((o) => o.value);
          setForm((f) => ({ ...f, [key]: chosen }));
        }}
      >
        {ruleSets.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
      <small className="muted">None chosen: settled without smart review.</small>
    </label>
  );
  const input = (field: 'from' | 'to' | 'budget', label: string, placeholder: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={field}
        value={form[field]}
        placeholder={placeholder}
        aria-invalid={fieldErrors[field] === undefined ? undefined : true}
        onChange={(e) => {
          set(field)(e.target.value);
        }}
      />
      {errors(field)}
    </label>
  );

  return (
    <form
      className="whatif-form panel"
      aria-label="Run a simulation"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <fieldset>
        <legend>Baseline</legend>
        {policySelect('baseline', 'Baseline policy')}
        {catalogSelect('baselineCatalog', 'Baseline catalog release')}
        {rulesSelect('baselineRules', 'Baseline smart-review rule sets')}
      </fieldset>
      <fieldset>
        <legend>Candidate</legend>
        {policySelect('candidate', 'Candidate policy')}
        {catalogSelect('candidateCatalog', 'Candidate catalog release')}
        {rulesSelect('candidateRules', 'Candidate smart-review rule sets')}
      </fieldset>
      <fieldset>
        <legend>Claims and budget</legend>
        {input('from', 'From (first service date)', '2025-01-01')}
        {input('to', 'To (exclusive)', '2026-01-01')}
        {input('budget', 'Fund budget (optional)', '12000000.00')}
      </fieldset>
      <div className="whatif-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Run'}
        </button>
      </div>
      {failure === null ? null : (
        <div data-testid="simulation-error">
          <ErrorState error={failure} />
        </div>
      )}
    </form>
  );
}
