import { type SyntheticEvent, useId, useState } from 'react';
import type { InferRequestType } from 'hono/client';
import { type ApiError, api, call } from '../api/client.ts';
import { href, navigate } from '../app/router.ts';
import { ErrorState } from '../ui/states.tsx';

type Decision = InferRequestType<
  (typeof api.v1.settlements)[':id']['release']['$post']
>['json']['decision'];

const DECISIONS: readonly { readonly value: Decision; readonly label: string }[] = [
  { value: 'pay', label: 'Pay: the holding findings become warnings (支付)' },
  { value: 'deduct', label: 'Deduct: the held lines are deducted (扣款)' },
];

/**
 * A reviewer releases a claim a finding held: pay or deduct, with a note the ledger records. The
 * claim is settled anew (a new settlement); the page moves to it.
 */
export function ReleaseForm({ settlementId }: { readonly settlementId: string }) {
  const [decision, setDecision] = useState<Decision | ''>('');
  const [note, setNote] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const noteId = useId();

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (decision === '') errors['decision'] = 'Choose pay or deduct.';
    if (note.trim() === '') errors['note'] = 'Say why; the ledger records the note.';
    setFieldErrors(errors);
    setFailure(null);
    if (decision === '' || Object.keys(errors).length > 0) return;
    setBusy(true);
    const result = await call(
      api.v1.settlements[':id'].release.$post({
        param: { id: settlementId },
        json: { decision, note: note.trim() },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      const byField: Record<string, string> = {};
      for (const i of result.error.issues) {
        const field = i.path[0];
        if (field === 'decision' || field === 'note') byField[field] = i.message;
      }
      setFieldErrors(byField);
      setFailure(result.error);
      return;
    }
    navigate(
      href(`/settlements/${encodeURIComponent(result.data.id)}`, { released: settlementId }),
    );
  }

  return (
    <form
      className="panel release-form"
      aria-label="Release the held claim"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h2>Release the held claim 审核放行</h2>
      <fieldset>
        <legend>Decision</legend>
        {DECISIONS.map((d) => (
          <label key={d.value} className="choice">
            <input
              type="radio"
              name="decision"
              value={d.value}
              checked={decision === d.value}
              onChange={() => {
                setDecision(d.value);
              }}
            />{' '}
            {d.label}
          </label>
        ))}
        {fieldErrors['decision'] === undefined ? null : (
          <span className="field-error" role="alert">
            {fieldErrors['decision']}
          </span>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={noteId}>Note</label>
        <textarea
          id={noteId}
          name="note"
          value={note}
          aria-invalid={fieldErrors['note'] === undefined ? undefined : true}
          onChange={(e) => {
            setNote(e.target.value);
          }}
        />
        {fieldErrors['note'] === undefined ? null : (
          <span className="field-error" role="alert">
            {fieldErrors['note']}
          </span>
        )}
      </div>
      {failure === null ? null : <ErrorState error={failure} />}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Releasing…' : 'Release'}
      </button>
    </form>
  );
}
