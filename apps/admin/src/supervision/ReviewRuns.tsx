import { calendarDateSchema, may } from '@openpayer/domain';
import { type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { byField } from '../ui/form-issues.ts';
import { timestamp } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async, Empty, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { SupervisionTabs } from './SupervisionTabs.tsx';

/** Post-payment review runs (事后审核): start one over a period, and the runs with their counts. */
export function ReviewRuns() {
  const principal = usePrincipal();
  const allowed = may(principal.role, 'run_review');
  return (
    <section className="supervision">
      <SupervisionTabs current="runs" />
      <h1>
        Review runs <span className="zh">事后审核</span>
      </h1>
      <p className="intro-text">
        A run reviews every live settlement with a service date in the period (of one institution,
        or all) with the rule sets in force on its date and the person&rsquo;s history.
      </p>
      {allowed ? (
        <Runs />
      ) : (
        <p className="state banner banner-error" role="alert">
          Your role may not run or read review runs.
        </p>
      )}
    </section>
  );
}

/** The form to start a run, and the runs (for a role that may run them). */
function Runs() {
  const loaded = useApi(() => call(api.v1['review-runs'].$get()), []);
  return (
    <>
      <StartRun onStarted={loaded.reload} />
      <Async loaded={loaded} what="review runs">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No review run yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="review-runs">
                <caption className="visually-hidden">Review runs</caption>
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Period</th>
                    <th scope="col">Institution</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Claims
                    </th>
                    <th scope="col" className="num">
                      Findings
                    </th>
                    <th scope="col">By</th>
                    <th scope="col">Started</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((run) => (
                    <tr key={run.id} data-run={run.id}>
                      <td>
                        <code>{run.id}</code>
                      </td>
                      <td className="date">
                        {run.from} → {run.to} <span className="muted">(exclusive)</span>
                      </td>
                      <td>{run.institutionCode ?? <span className="muted">all</span>}</td>
                      <td>{run.status}</td>
                      <td className="num">{run.claims.toLocaleString('en')}</td>
                      <td className="num">
                        <Link
                          to={href('/supervision/findings', { runId: run.id })}
                          data-testid="run-findings"
                        >
                          {run.findings.toLocaleString('en')}
                        </Link>
                      </td>
                      <td>{run.requestedBy}</td>
                      <td className="date">{timestamp(run.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
    </>
  );
}

const RUN_FIELDS = ['from', 'to', 'institution'] as const;
type RunField = (typeof RUN_FIELDS)[number];

function StartRun({ onStarted }: { readonly onStarted: () => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [institution, setInstitution] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<RunField, string[]>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const a = calendarDateSchema.safeParse(from);
    const b = calendarDateSchema.safeParse(to);
    const errors: Partial<Record<RunField, string[]>> = {};
    if (!a.success) errors.from = ['Enter a date as YYYY-MM-DD.'];
    if (!b.success) errors.to = ['Enter a date as YYYY-MM-DD.'];
    else if (a.success && b.data <= a.data) errors.to = ['Must be after the first date.'];
    setFieldErrors(errors);
    setFailure(null);
    if (!a.success || !b.success || Object.keys(errors).length > 0) return;
    setBusy(true);
    const result = await call(
      api.v1['review-runs'].$post({
        json: {
          from: a.data,
          to: b.data,
          ...(institution.trim() === '' ? {} : { institution: institution.trim() }),
        },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setFieldErrors(byField(result.error.issues, RUN_FIELDS).at);
      setFailure(result.error);
      return;
    }
    setDone(
      `Run ${result.data.id}: ${result.data.claims.toLocaleString('en')} claims, ${result.data.findings.toLocaleString('en')} findings.`,
    );
    onStarted();
  }

  const error = (field: RunField) =>
    (fieldErrors[field] ?? []).map((message, i) => (
      <span key={i} className="field-error" role="alert">
        {message}
      </span>
    ));
  return (
    <form
      className="filters"
      aria-label="Start a review run"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <label className="field">
        <span>First service date</span>
        <input
          type="date"
          name="from"
          value={from}
          onChange={(e) => {
            setFrom(e.target.value);
          }}
        />
        {error('from')}
      </label>
      <label className="field">
        <span>First date not reviewed</span>
        <input
          type="date"
          name="to"
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
          }}
        />
        {error('to')}
      </label>
      <label className="field">
        <span>Institution (optional)</span>
        <input
          name="institution"
          value={institution}
          onChange={(e) => {
            setInstitution(e.target.value);
          }}
        />
        {error('institution')}
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Reviewing…' : 'Start the run'}
      </button>
      {done === null ? null : (
        <span className="banner banner-ok" role="status" data-testid="run-started">
          {done}
        </span>
      )}
      {failure === null ? null : <ErrorState error={failure} />}
    </form>
  );
}
