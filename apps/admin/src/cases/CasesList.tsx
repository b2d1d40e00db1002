import { may, todayIn } from '@openpayer/domain';
import { CASE_ORIGINS, CASE_STATES, type CaseOrigin, type CaseState } from '@openpayer/supervision';
import { type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { FieldErrors } from '../ui/FieldErrors.tsx';
import { byField } from '../ui/form-issues.ts';
import { InstitutionField, useOwnInstitution } from '../ui/InstitutionField.tsx';
import { Link } from '../ui/Link.tsx';
import { Async, Empty, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { ORIGIN_LABELS, STATE_LABELS } from './model.ts';

/** The cases, filtered; for reviewers, the form to open one and the escalation of overdue ones. */
export function CasesList() {
  const principal = usePrincipal();
  const own = useOwnInstitution();
  const { query } = useLocation();
  const institution = own ?? query.get('institution') ?? '';
  const stateParam = query.get('state') ?? '';
  const state = (CASE_STATES as readonly string[]).includes(stateParam)
    ? (stateParam as CaseState)
    : undefined;
  const overdue = query.get('overdue') === 'true';
  const loaded = useApi(
    () =>
      call(
        api.v1.cases.$get({
          query: {
            ...(institution === '' ? {} : { institution }),
            ...(state === undefined ? {} : { state }),
            ...(overdue ? { overdue: 'true' as const } : {}),
          },
        }),
      ),
    [institution, state, overdue],
  );
  const filter = (next: Record<string, string>) => {
    navigate(
      href('/cases', {
        institution,
        state: state ?? '',
        overdue: overdue ? 'true' : '',
        ...next,
      }),
      { replace: true },
    );
  };
  const works = may(principal.role, 'work_case');
  return (
    <section>
      <h1>
        Cases <span className="zh">稽核案件</span>
      </h1>
      <p className="intro-text">
        A finding, an anomaly or a complaint becomes a case: the hospital is notified and answers
        within the rules&rsquo; deadline, a reviewer decides (deduct, recover, warn or dismiss), the
        hospital may appeal. Deadlines are counted on the working-day calendar; an overdue case is
        escalated.
      </p>
      {works ? (
        <>
          <h2>Open a case</h2>
          <OpenCase />
          <h2>Escalate overdue cases</h2>
          <EscalateOverdue onDone={loaded.reload} />
        </>
      ) : null}
      <h2>Cases</h2>
      <form
        className="filters"
        aria-label="Filter cases"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <InstitutionField
          value={institution}
          onChange={(value) => {
            filter({ institution: value.trim() });
          }}
        />
        <label className="field">
          <span>State</span>
          <select
            name="state"
            value={state ?? ''}
            onChange={(e) => {
              filter({ state: e.target.value });
            }}
          >
            <option value="">Any</option>
            {CASE_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="overdue"
              checked={overdue}
              onChange={(e) => {
                filter({ overdue: e.target.checked ? 'true' : '' });
              }}
            />{' '}
            Overdue only
          </label>
        </div>
      </form>
      <Async loaded={loaded} what="cases">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No case matches.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="cases">
                <caption className="visually-hidden">Cases</caption>
                <thead>
                  <tr>
                    <th scope="col">Case</th>
                    <th scope="col">Origin</th>
                    <th scope="col">Institution</th>
                    <th scope="col">Doctor</th>
                    <th scope="col">State</th>
                    <th scope="col">Deadline</th>
                    <th scope="col" className="num">
                      Escalation
                    </th>
                    <th scope="col">Summary</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map(({ case: c, overdue: late }) => (
                    <tr key={c.id} data-case={c.id}>
                      <td>
                        <Link to={`/cases/${encodeURIComponent(c.id)}`}>
                          <code>{c.id}</code>
                        </Link>
                      </td>
                      <td>{ORIGIN_LABELS[c.origin]}</td>
                      <td>
                        <code>{c.subject.institution}</code>
                      </td>
                      <td>{c.subject.doctor ?? <span className="muted">—</span>}</td>
                      <td>{STATE_LABELS[c.state]}</td>
                      <td className="date">
                        {c.deadline ?? <span className="muted">—</span>}
                        {late ? (
                          <span className="badge badge-warning" data-testid="overdue">
                            overdue
                          </span>
                        ) : null}
                      </td>
                      <td className="num">{c.escalation}</td>
                      <td>{c.summary}</td>
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

const OPEN_FIELDS = [
  'region',
  'origin',
  'institution',
  'doctor',
  'claimId',
  'reference',
  'summary',
  'on',
] as const;
type OpenField = (typeof OPEN_FIELDS)[number];

/** Open a case; on success, go to it. */
function OpenCase() {
  const [form, setForm] = useState<Record<OpenField, string>>({
    region: '230100',
    origin: 'finding',
    institution: '',
    doctor: '',
    claimId: '',
    reference: '',
    summary: '',
    on: todayIn(),
  });
  const [errors, setErrors] = useState<Partial<Record<OpenField, string[]>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: OpenField) => (value: string) => {
    setForm({ ...form, [field]: value });
  };
  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const optional = (field: 'doctor' | 'claimId' | 'reference') => {
      const value = form[field].trim();
      return value === '' ? {} : { [field]: value };
    };
    setBusy(true);
    setFailure(null);
    const result = await call(
      api.v1.cases.$post({
        json: {
          region: form.region.trim(),
          origin: form.origin as CaseOrigin,
          institution: form.institution.trim(),
          summary: form.summary.trim(),
          on: form.on.trim(),
          ...optional('doctor'),
          ...optional('claimId'),
          ...optional('reference'),
        },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setErrors(byField(result.error.issues, OPEN_FIELDS).at);
      setFailure(result.error);
      return;
    }
    navigate(`/cases/${encodeURIComponent(result.data.case.id)}`);
  }
  const text = (field: OpenField, label: string, placeholder = '') => (
    <label className="field">
      <span>{label}</span>
      <input
        name={field}
        value={form[field]}
        placeholder={placeholder}
        aria-invalid={(errors[field] ?? []).length > 0 || undefined}
        onChange={(e) => {
          set(field)(e.target.value);
        }}
      />
      <FieldErrors messages={errors[field]} />
    </label>
  );
  return (
    <form className="filters" aria-label="Open a case" onSubmit={(e) => void submit(e)} noValidate>
      {text('region', 'Region', '230100')}
      <label className="field">
        <span>Origin</span>
        <select
          name="origin"
          value={form.origin}
          onChange={(e) => {
            set('origin')(e.target.value);
          }}
        >
          {CASE_ORIGINS.map((o) => (
            <option key={o} value={o}>
              {ORIGIN_LABELS[o]}
            </option>
          ))}
        </select>
      </label>
      {text('institution', 'Institution', 'H23010300012')}
      {text('doctor', 'Doctor (optional)')}
      {text('claimId', 'Claim (optional)')}
      {text('reference', 'From (finding, anomaly …)')}
      {text('summary', 'Summary')}
      {text('on', 'Opened on', 'YYYY-MM-DD')}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Opening…' : 'Open case'}
      </button>
      {failure === null ? null : (
        <div data-testid="open-error">
          <ErrorState error={failure} />
        </div>
      )}
    </form>
  );
}

/** Escalate every case overdue on a day (today by default). */
function EscalateOverdue({ onDone }: { readonly onDone: () => void }) {
  const [on, setOn] = useState<string>(todayIn());
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await call(api.v1.cases.escalations.$post({ json: { on: on.trim() } }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setDone(
      `${String(result.data.escalated.length)} escalated, ${String(result.data.refused.length)} at the highest level or refused`,
    );
    onDone();
  }
  return (
    <form
      className="filters"
      aria-label="Escalate overdue cases"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <label className="field">
        <span>Overdue on</span>
        <input
          name="escalate-on"
          value={on}
          onChange={(e) => {
            setOn(e.target.value);
          }}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Escalating…' : 'Escalate overdue cases'}
      </button>
      {done === null ? null : (
        <span className="state" data-testid="escalated">
          {done}
        </span>
      )}
      {failure === null ? null : <ErrorState error={failure} />}
    </form>
  );
}
