import { may, todayIn } from '@openpayer/domain';
import {
  CASE_EVENT_ACTORS,
  CASE_OUTCOMES,
  type CaseEventKind,
  type CaseOutcomeKind,
  type SupervisionCase,
  eventsAllowed,
} from '@openpayer/supervision';
import { type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { usePrincipal } from '../app/session-context.ts';
import { FieldErrors } from '../ui/FieldErrors.tsx';
import { byField } from '../ui/form-issues.ts';
import { timestamp, yuan } from '../ui/format.ts';
import { useOwnInstitution } from '../ui/InstitutionField.tsx';
import { Link } from '../ui/Link.tsx';
import { Async, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import {
  EVENT_LABELS,
  ORIGIN_LABELS,
  OUTCOME_LABELS,
  STATE_LABELS,
  takesOutcome,
} from './model.ts';

/** One case: what it is about, its state and deadline, every transition, and its next step. */
export function CaseDetail({ id }: { readonly id: string }) {
  const loaded = useApi(() => call(api.v1.cases[':id'].$get({ param: { id } })), [id]);
  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/cases">Cases</Link> › <code>{id}</code>
      </p>
      <Async loaded={loaded} what={`case ${id}`}>
        {(stored) => {
          const c = stored.case;
          return (
            <>
              <h1>
                {ORIGIN_LABELS[c.origin]} <span className="zh">{c.summary}</span>
              </h1>
              <dl className="summary-facts" data-testid="case-facts">
                <div>
                  <dt>State</dt>
                  <dd data-testid="case-state">{STATE_LABELS[c.state]}</dd>
                </div>
                <div>
                  <dt>Deadline</dt>
                  <dd data-testid="case-deadline">
                    {c.deadline ?? <span className="muted">—</span>}
                    {stored.overdue ? (
                      <span className="badge badge-warning" data-testid="case-overdue">
                        overdue
                      </span>
                    ) : null}
                  </dd>
                </div>
                <div>
                  <dt>Escalation level</dt>
                  <dd data-testid="case-escalation">{c.escalation}</dd>
                </div>
                <div>
                  <dt>Institution</dt>
                  <dd>
                    <code>{c.subject.institution}</code>
                  </dd>
                </div>
                <div>
                  <dt>Doctor</dt>
                  <dd>{c.subject.doctor ?? <span className="muted">—</span>}</dd>
                </div>
                <div>
                  <dt>Claim</dt>
                  <dd>{c.subject.claimId ?? <span className="muted">—</span>}</dd>
                </div>
                <div>
                  <dt>From</dt>
                  <dd>{c.subject.reference ?? <span className="muted">—</span>}</dd>
                </div>
                <div>
                  <dt>Opened</dt>
                  <dd className="date">{c.openedOn}</dd>
                </div>
                <div>
                  <dt>Outcome</dt>
                  <dd data-testid="case-outcome">
                    {c.outcome === null ? (
                      <span className="muted">—</span>
                    ) : (
                      `${OUTCOME_LABELS[c.outcome.kind]}${c.outcome.amount === null ? '' : ` ${yuan(c.outcome.amount)}`} — ${c.outcome.reason}`
                    )}
                  </dd>
                </div>
                <div>
                  <dt>Region · updated</dt>
                  <dd>
                    {stored.region} · {timestamp(stored.updatedAt)}
                  </dd>
                </div>
              </dl>
              <NextStep stored={c} onDone={loaded.reload} />
              <h2>Transitions</h2>
              <Transitions c={c} />
            </>
          );
        }}
      </Async>
    </section>
  );
}

function Transitions({ c }: { readonly c: SupervisionCase }) {
  if (c.transitions.length === 0) return <p className="muted">No step taken yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="transitions">
        <caption className="visually-hidden">Transitions</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">From → to</th>
            <th scope="col">On</th>
            <th scope="col">By</th>
            <th scope="col">Deadline set</th>
            <th scope="col">Outcome</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {c.transitions.map((t, i) => (
            <tr key={i} data-step={t.event}>
              <td>{EVENT_LABELS[t.event]}</td>
              <td>
                {STATE_LABELS[t.from]} → {STATE_LABELS[t.to]}
              </td>
              <td className="date">{t.on}</td>
              <td>{t.by}</td>
              <td className="date">{t.deadline ?? <span className="muted">—</span>}</td>
              <td>
                {t.outcome === null ? (
                  <span className="muted">—</span>
                ) : (
                  `${OUTCOME_LABELS[t.outcome.kind]}${t.outcome.amount === null ? '' : ` ${yuan(t.outcome.amount)}`}`
                )}
              </td>
              <td>{t.note ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const STEP_FIELDS = ['event', 'on', 'note', 'outcome'] as const;
type StepField = (typeof STEP_FIELDS)[number];

/** The steps this principal may take on the case now, and the form to take one. */
function NextStep({
  stored,
  onDone,
}: {
  readonly stored: SupervisionCase;
  readonly onDone: () => void;
}) {
  const principal = usePrincipal();
  const own = useOwnInstitution();
  const mine = (event: CaseEventKind) =>
    CASE_EVENT_ACTORS[event] === 'fund'
      ? may(principal.role, 'work_case')
      : may(principal.role, 'answer_case') && (own === null || own === stored.subject.institution);
  const events = eventsAllowed(stored).filter(mine);
  const [event, setEvent] = useState<CaseEventKind | ''>(events[0] ?? '');
  const [on, setOn] = useState<string>(todayIn());
  const [note, setNote] = useState('');
  const [kind, setKind] = useState<CaseOutcomeKind | ''>('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<StepField, string[]>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (events.length === 0) return null;
  const chosen = event !== '' && events.includes(event) ? event : (events[0] ?? 'notify');

  async function submit(e: SyntheticEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    const outcome =
      takesOutcome(chosen) && kind !== ''
        ? {
            kind,
            amount: amount.trim() === '' ? null : amount.trim(),
            reason: reason.trim(),
          }
        : undefined;
    const id = stored.id;
    const result =
      CASE_EVENT_ACTORS[chosen] === 'hospital'
        ? await call(
            api.v1.cases[':id'].replies.$post({
              param: { id },
              json: { event: chosen, on: on.trim(), note: note.trim() },
            }),
          )
        : await call(
            api.v1.cases[':id'].steps.$post({
              param: { id },
              json: {
                event: chosen,
                on: on.trim(),
                ...(note.trim() === '' ? {} : { note: note.trim() }),
                ...(outcome === undefined ? {} : { outcome }),
              },
            }),
          );
    setBusy(false);
    if (!result.ok) {
      setErrors(byField(result.error.issues, STEP_FIELDS).at);
      setFailure(result.error);
      return;
    }
    setErrors({});
    setNote('');
    setKind('');
    setAmount('');
    setReason('');
    setEvent('');
    onDone();
  }
  const fieldErrors = (field: StepField) => (
    <FieldErrors messages={errors[field]} testId={`step-error-${field}`} />
  );
  return (
    <form
      className="filters panel"
      aria-label="Next step"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <label className="field">
        <span>Step</span>
        <select
          name="event"
          value={chosen}
          onChange={(e) => {
            setEvent(e.target.value as CaseEventKind);
          }}
        >
          {events.map((e) => (
            <option key={e} value={e}>
              {EVENT_LABELS[e]}
            </option>
          ))}
        </select>
        {fieldErrors('event')}
      </label>
      <label className="field">
        <span>On</span>
        <input
          name="on"
          value={on}
          onChange={(e) => {
            setOn(e.target.value);
          }}
        />
        {fieldErrors('on')}
      </label>
      <label className="field">
        <span>Note{CASE_EVENT_ACTORS[chosen] === 'hospital' ? ' (required)' : ''}</span>
        <input
          name="note"
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
          }}
        />
        {fieldErrors('note')}
      </label>
      {takesOutcome(chosen) ? (
        <fieldset className="field" data-testid="outcome">
          <legend>Outcome</legend>
          <label className="field">
            <span>Kind</span>
            <select
              name="outcome-kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as CaseOutcomeKind | '');
              }}
            >
              <option value="">
                {chosen === 'decide_appeal' ? 'None: the appeal is rejected' : 'Choose…'}
              </option>
              {CASE_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_LABELS[o]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Amount (元, deduct / recover)</span>
            <input
              name="outcome-amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
              }}
            />
          </label>
          <label className="field">
            <span>Reason</span>
            <input
              name="outcome-reason"
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
              }}
            />
          </label>
          {fieldErrors('outcome')}
        </fieldset>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Saving…' : EVENT_LABELS[chosen]}
      </button>
      {failure === null ? null : (
        <div data-testid="step-error">
          <ErrorState error={failure} />
        </div>
      )}
    </form>
  );
}
