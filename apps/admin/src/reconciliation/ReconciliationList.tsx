import { may } from '@openpayer/domain';
import { type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { byField } from '../ui/form-issues.ts';
import { timestamp, yuan } from '../ui/format.ts';
import { InstitutionField, useOwnInstitution } from '../ui/InstitutionField.tsx';
import { Link } from '../ui/Link.tsx';
import { Async, Empty, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';

/** The recorded reconciliations (filtered by institution) and, for an administrator, the form. */
export function ReconciliationList() {
  const principal = usePrincipal();
  const own = useOwnInstitution();
  const { query } = useLocation();
  const institution = own ?? query.get('institution') ?? '';
  const loaded = useApi(
    () =>
      call(
        api.v1.reconciliations.$get({
          query: institution === '' ? {} : { institution },
        }),
      ),
    [institution],
  );
  return (
    <section>
      <h1>
        Reconciliation <span className="zh">结算清算</span>
      </h1>
      <p className="intro-text">
        A hospital&rsquo;s inpatient cases discharged in a period, each paid its DRG standard,
        against their cost; the net is shared by the policy&rsquo;s case-reconciliation shares. A
        period is reconciled once, and read back as recorded.
      </p>
      {may(principal.role, 'reconcile') ? <Reconcile /> : null}
      <h2>Recorded</h2>
      <form
        className="filters"
        aria-label="Filter reconciliations"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <InstitutionField
          value={institution}
          onChange={(value) => {
            navigate(href('/reconciliation', { institution: value.trim() }), { replace: true });
          }}
        />
      </form>
      <Async loaded={loaded} what="reconciliations">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No reconciliation recorded yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="reconciliations">
                <caption className="visually-hidden">Recorded reconciliations</caption>
                <thead>
                  <tr>
                    <th scope="col">Institution</th>
                    <th scope="col">Period</th>
                    <th scope="col">Method</th>
                    <th scope="col" className="num">
                      Cases
                    </th>
                    <th scope="col" className="num">
                      Fund adjustment
                    </th>
                    <th scope="col">Policy</th>
                    <th scope="col">Recorded by</th>
                    <th scope="col">Recorded</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id} data-reconciliation={r.id}>
                      <td>
                        <Link to={`/reconciliation/${encodeURIComponent(r.id)}`}>
                          <code>{r.institution}</code>
                        </Link>
                      </td>
                      <td className="date">
                        <Link to={`/reconciliation/${encodeURIComponent(r.id)}`}>{r.period}</Link>
                      </td>
                      <td>{r.method.toUpperCase()}</td>
                      <td className="num">{r.cases.toLocaleString('en')}</td>
                      <td className="num">{yuan(r.adjustment)}</td>
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
    </section>
  );
}

const FIELDS = ['institution', 'period'] as const;
type Field = (typeof FIELDS)[number];

const PERIOD = /^\d{4}(?:-Q[1-4]|-(?:0[1-9]|1[0-2]))?$/u;

/** Reconcile one institution's period; on success, go to what was recorded. */
function Reconcile() {
  const [institution, setInstitution] = useState('');
  const [period, setPeriod] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string[]>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const errors: Partial<Record<Field, string[]>> = {};
    if (institution.trim() === '') errors.institution = ['Enter the institution code.'];
    if (!PERIOD.test(period.trim()))
      errors.period = ['Enter a year, quarter or month: 2025, 2025-Q2 or 2025-03.'];
    setFieldErrors(errors);
    setFailure(null);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    const result = await call(
      api.v1.reconciliations.$post({
        json: { institution: institution.trim(), period: period.trim(), method: 'drg' },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setFieldErrors(byField(result.error.issues, FIELDS).at);
      setFailure(result.error);
      return;
    }
    navigate(`/reconciliation/${encodeURIComponent(result.data.id)}`);
  }

  const error = (field: Field) =>
    (fieldErrors[field] ?? []).map((message, i) => (
      <span key={i} className="field-error">
        {message}
      </span>
    ));
  return (
    <form
      className="filters"
      aria-label="Reconcile a period"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <div>
        <InstitutionField value={institution} onChange={setInstitution} />
        {error('institution')}
      </div>
      <label className="field">
        <span>Period</span>
        <input
          name="period"
          value={period}
          placeholder="2025-Q2"
          onChange={(e) => {
            setPeriod(e.target.value);
          }}
        />
        {error('period')}
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Reconciling…' : 'Reconcile'}
      </button>
      {failure === null ? null : (
        <div data-testid="reconcile-error">
          <ErrorState error={failure} />
        </div>
      )}
    </form>
  );
}
