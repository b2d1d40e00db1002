import { INSURANCE_TYPES, type InsuranceType, may, moneyWireSchema } from '@openpayer/domain';
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
        A hospital&rsquo;s inpatient cases discharged in a period, each paid its DRG standard (or,
        by DIP, its points × the point value of the region&rsquo;s budget of its fund), against
        their cost; the net is shared by the policy&rsquo;s case-reconciliation shares. A period is
        reconciled once per method, and read back as recorded.
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

const FIELDS = ['institution', 'period', 'budgets'] as const;
type Field = (typeof FIELDS)[number];

type Method = 'drg' | 'dip';
const METHODS: readonly { readonly value: Method; readonly label: string }[] = [
  { value: 'drg', label: 'DRG — each case its group’s standard' },
  { value: 'dip', label: 'DIP — points × the point value of the region’s budgets' },
];

const PERIOD = /^\d{4}(?:-Q[1-4]|-(?:0[1-9]|1[0-2]))?$/u;

type Budgets = Readonly<Record<InsuranceType, string>>;
type BudgetErrors = Partial<Record<InsuranceType, string[]>>;
const NO_BUDGETS = Object.fromEntries(INSURANCE_TYPES.map((t) => [t, ''])) as Record<
  InsuranceType,
  string
>;

/**
 * The budgets as the API takes them (each fund's budget given, in INSURANCE_TYPES order; a fund
 * left empty has none), with the mistakes found on the way by fund.
 */
function budgetsOf(budgets: Budgets): {
  readonly sent: { insuranceType: InsuranceType; amount: string }[];
  readonly errors: BudgetErrors;
} {
  const sent: { insuranceType: InsuranceType; amount: string }[] = [];
  const errors: BudgetErrors = {};
  for (const insuranceType of INSURANCE_TYPES) {
    const amount = budgets[insuranceType].trim();
    if (amount === '') continue;
    const checked = moneyWireSchema.safeParse(amount);
    if (checked.success) sent.push({ insuranceType, amount: checked.data });
    else errors[insuranceType] = checked.error.issues.map((i) => i.message);
  }
  return { sent, errors };
}

/** Reconcile one institution's period; on success, go to what was recorded. */
function Reconcile() {
  const [institution, setInstitution] = useState('');
  const [period, setPeriod] = useState('');
  const [method, setMethod] = useState<Method>('drg');
  const [budgets, setBudgets] = useState<Budgets>(NO_BUDGETS);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string[]>>>({});
  const [budgetErrors, setBudgetErrors] = useState<BudgetErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const errors: Partial<Record<Field, string[]>> = {};
    if (institution.trim() === '') errors.institution = ['Enter the institution code.'];
    if (!PERIOD.test(period.trim()))
      errors.period = ['Enter a year, quarter or month: 2025, 2025-Q2 or 2025-03.'];
    const dip = method === 'dip' ? budgetsOf(budgets) : { sent: [], errors: {} };
    if (method === 'dip' && dip.sent.length === 0 && Object.keys(dip.errors).length === 0) {
      errors.budgets = [
        'Enter the region’s budget of each fund with cases in the period (yuan, e.g. 60000.00).',
      ];
    }
    setFieldErrors(errors);
    setBudgetErrors(dip.errors);
    setFailure(null);
    if (Object.keys(errors).length > 0 || Object.keys(dip.errors).length > 0) return;
    setBusy(true);
    const common = { institution: institution.trim(), period: period.trim() };
    const result = await call(
      api.v1.reconciliations.$post({
        json:
          method === 'dip'
            ? { ...common, method: 'dip', budgets: dip.sent }
            : { ...common, method: 'drg' },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      const { issues } = result.error;
      // An issue of one budget (['budgets', i, …]) shows at that fund's field.
      const atFund: BudgetErrors = {};
      const rest = issues.filter((i) => {
        const index = i.path[1];
        const fund = i.path[0] === 'budgets' && typeof index === 'number' ? dip.sent[index] : null;
        if (fund === null || fund === undefined) return true;
        (atFund[fund.insuranceType] ??= []).push(i.message);
        return false;
      });
      setFieldErrors(byField(rest, FIELDS).at);
      setBudgetErrors(atFund);
      setFailure(result.error);
      return;
    }
    navigate(`/reconciliation/${encodeURIComponent(result.data.id)}`);
  }

  const messages = (list: readonly string[] | undefined, testId?: string) =>
    (list ?? []).map((message, i) => (
      <span key={i} className="field-error" data-testid={testId}>
        {message}
      </span>
    ));
  const error = (field: Field) => messages(fieldErrors[field]);
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
      <label className="field">
        <span>Method</span>
        <select
          name="method"
          value={method}
          onChange={(e) => {
            setMethod(e.target.value === 'dip' ? 'dip' : 'drg');
          }}
        >
          {METHODS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {method === 'dip' ? (
        <fieldset className="field" data-testid="dip-budgets">
          <legend>Region&rsquo;s budget of each fund for the period (元)</legend>
          {INSURANCE_TYPES.map((insuranceType) => (
            <label key={insuranceType} className="field" data-budget={insuranceType}>
              <span>Budget: {insuranceType}</span>
              <input
                name={`budget-${insuranceType}`}
                inputMode="decimal"
                placeholder="60000.00"
                value={budgets[insuranceType]}
                aria-invalid={(budgetErrors[insuranceType] ?? []).length > 0 || undefined}
                onChange={(e) => {
                  setBudgets({ ...budgets, [insuranceType]: e.target.value });
                }}
              />
              {messages(budgetErrors[insuranceType], `budget-error-${insuranceType}`)}
            </label>
          ))}
          {messages(fieldErrors.budgets, 'budgets-error')}
        </fieldset>
      ) : null}
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
