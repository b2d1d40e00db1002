import { may } from '@openpayer/domain';
import { type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call, type SuccessBody } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { byField } from '../ui/form-issues.ts';
import { timestamp, yuan } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async, Empty, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type RunField, runRequestOf } from './model.ts';

type Ran = SuccessBody<Awaited<ReturnType<(typeof api.v1.value)['period-runs']['$post']>>>;

const runHref = (id: string) => `/value/runs/${encodeURIComponent(id)}`;

/** The recorded period runs (filtered by period) and, for an administrator, the form to run one. */
export function PeriodRuns() {
  const principal = usePrincipal();
  const { query } = useLocation();
  const period = query.get('period') ?? '';
  const loaded = useApi(
    () =>
      call(
        api.v1.value['period-runs'].$get({
          query: period.trim() === '' ? {} : { period: period.trim() },
        }),
      ),
    [period],
  );
  return (
    <>
      <p className="intro-text">
        At a period&rsquo;s end the fund pays each institution&rsquo;s capitation, stepped P4P and
        value-score adjustments from its recorded observations, and invoices each risk-sharing
        manufacturer the rebate its cohort&rsquo;s outcomes owe. A scope is run once per period and
        read back as recorded.
      </p>
      {may(principal.role, 'run_value_period') ? (
        <RunPeriod
          onRan={() => {
            loaded.reload();
          }}
        />
      ) : null}
      <h2>Recorded runs</h2>
      <form
        className="filters"
        aria-label="Filter period runs"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="field">
          <span>Period</span>
          <input
            name="period"
            value={period}
            placeholder="2025"
            onChange={(e) => {
              navigate(href('/value', { period: e.target.value.trim() }), { replace: true });
            }}
          />
        </label>
      </form>
      <Async loaded={loaded} what="period runs">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>
              {period === '' ? 'No period run recorded yet.' : `No run recorded for ${period}.`}
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="period-runs">
                <caption className="visually-hidden">Recorded period runs</caption>
                <thead>
                  <tr>
                    <th scope="col">Period</th>
                    <th scope="col">Scope</th>
                    <th scope="col">Subject</th>
                    <th scope="col" className="num">
                      Total
                    </th>
                    <th scope="col">Policy</th>
                    <th scope="col">Recorded by</th>
                    <th scope="col">Recorded</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id} data-run={r.id} data-subject={r.subject}>
                      <td className="date">
                        <Link to={runHref(r.id)}>{r.period}</Link>
                      </td>
                      <td>{r.scope}</td>
                      <td>
                        <Link to={runHref(r.id)}>
                          <code>{r.subject}</code>
                        </Link>
                      </td>
                      <td className="num">{yuan(r.total)}</td>
                      <td>
                        <code>{r.policy}</code>
                      </td>
                      <td>{r.createdBy}</td>
                      <td className="date">{timestamp(r.createdAt)}</td>
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

const FIELDS = ['period', 'region', 'institutions', 'contracts'] as const;

/**
 * Run a period for the region's fund: the institutions and contracts named, or every scope of the
 * period. One run goes to its page; several are listed; a refusal names each scope that cannot
 * complete.
 */
function RunPeriod({ onRan }: { readonly onRan: () => void }) {
  const [form, setForm] = useState({
    period: '',
    region: '230100',
    institutions: '',
    contracts: '',
  });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<RunField, string[]>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [ran, setRan] = useState<Ran | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setFailure(null);
    setRan(null);
    const checked = runRequestOf(form);
    setFieldErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    setBusy(true);
    const result = await call(api.v1.value['period-runs'].$post({ json: checked.value }));
    setBusy(false);
    if (!result.ok) {
      setFieldErrors(byField(result.error.issues, FIELDS).at);
      setFailure(result.error);
      return;
    }
    const [only] = result.data.runs;
    if (result.data.runs.length === 1 && only !== undefined) {
      navigate(runHref(only.id));
      return;
    }
    setRan(result.data);
    onRan();
  }

  const input = (field: RunField, label: string, placeholder: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={field}
        value={form[field]}
        placeholder={placeholder}
        onChange={(e) => {
          setForm((f) => ({ ...f, [field]: e.target.value }));
        }}
      />
      {(fieldErrors[field] ?? []).map((message, i) => (
        <span key={i} className="field-error">
          {message}
        </span>
      ))}
    </label>
  );
  return (
    <form className="filters" aria-label="Run a period" onSubmit={(e) => void submit(e)} noValidate>
      {input('period', 'Period', '2025')}
      {input('region', 'Region', '230100')}
      {input('institutions', 'Institutions (optional)', 'H23010300012')}
      {input('contracts', 'Contracts (optional)', 'cart-survival')}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Running…' : 'Run period'}
      </button>
      {failure === null ? null : (
        <div data-testid="run-error">
          <ErrorState error={failure} />
        </div>
      )}
      {ran === null ? null : (
        <div className="banner banner-ok" role="status" data-testid="run-result">
          <p>
            {ran.created === 0
              ? 'Everything named was run before; as recorded:'
              : `Ran ${ran.created} scope${ran.created === 1 ? '' : 's'} now:`}
          </p>
          {ran.runs.length === 0 ? (
            <p>Nothing to run in this period.</p>
          ) : (
            <ul>
              {ran.runs.map((r) => (
                <li key={r.id}>
                  <Link to={runHref(r.id)}>
                    {r.scope} <code>{r.subject}</code> · {r.period}
                  </Link>{' '}
                  <span className="num">{yuan(r.total)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
