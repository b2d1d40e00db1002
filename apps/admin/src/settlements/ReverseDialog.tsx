import { type SyntheticEvent, useEffect, useId, useRef, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { ErrorState } from '../ui/states.tsx';

/**
 * Reversal asks first: a modal <dialog> (focus moves into it, Escape or Cancel closes it and
 * nothing happens) that needs the reason the ledger records with the reversal.
 */
export function ReverseDialog({
  settlementId,
  claimId,
  open,
  onClose,
  onReversed,
}: {
  readonly settlementId: string;
  readonly claimId: string;
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onReversed: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const reasonId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) {
      setReason('');
      setFieldError(null);
      setFailure(null);
      element.showModal();
    } else if (!open && element.open) element.close();
  }, [open]);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (reason.trim() === '') {
      setFieldError('Say why the settlement is reversed; the ledger records it.');
      return;
    }
    setFieldError(null);
    setFailure(null);
    setBusy(true);
    const result = await call(
      api.v1.settlements[':id'].reverse.$post({
        param: { id: settlementId },
        json: { reason: reason.trim() },
      }),
    );
    setBusy(false);
    if (result.ok) {
      onReversed();
      return;
    }
    const atReason = result.error.issues.find((i) => i.path[0] === 'reason');
    if (atReason !== undefined) setFieldError(atReason.message);
    else setFailure(result.error);
  }

  return (
    <dialog
      ref={dialog}
      className="reverse-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid="reverse-dialog"
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={titleId}>Reverse settlement {settlementId}?</h2>
        <p>
          Claim <strong>{claimId}</strong>: the person's accumulators go back by exactly what this
          settlement added, and any approval it drew on is given back. This cannot be undone.
        </p>
        <div className="field">
          <label htmlFor={reasonId}>Reason</label>
          <textarea
            id={reasonId}
            name="reason"
            value={reason}
            autoFocus
            aria-invalid={fieldError !== null}
            aria-describedby={fieldError === null ? undefined : `${reasonId}-error`}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          />
          {fieldError === null ? null : (
            <span id={`${reasonId}-error`} className="field-error">
              {fieldError}
            </span>
          )}
        </div>
        {failure === null ? null : <ErrorState error={failure} />}
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => {
              dialog.current?.close();
            }}
          >
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy}>
            {busy ? 'Reversing…' : 'Confirm reversal'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
