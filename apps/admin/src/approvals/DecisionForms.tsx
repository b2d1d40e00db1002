import {
  type ApprovalWire,
  approveDecisionSchema,
  rejectDecisionSchema,
  validityEnd,
} from '@openpayer/catalog';
import { type CalendarDate, type Issue, issuesFromZod } from '@openpayer/domain';
import { type SyntheticEvent, type ReactNode, useId, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { ErrorState } from '../ui/states.tsx';
import { byField } from './form-issues.ts';

/**
 * Approve / reject forms. Each checks its input with the API's own zod schema before sending and
 * shows the API's answer (a schema issue, or the approval policy's refusal) at the field it names.
 */

type Stored = { readonly approval: ApprovalWire; readonly revision: number };

function Field({
  label,
  errors,
  children,
  hint,
}: {
  readonly label: string;
  readonly errors: readonly string[] | undefined;
  readonly hint?: string;
  readonly children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = errors !== undefined && errors.length > 0;
  const describedBy = [invalid ? errorId : '', hint === undefined ? '' : hintId]
    .filter((s) => s !== '')
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': invalid,
        'aria-describedby': describedBy === '' ? undefined : describedBy,
      })}
      {hint === undefined ? null : (
        <span id={hintId} className="muted">
          {hint}
        </span>
      )}
      {invalid ? (
        <span id={errorId} className="field-error">
          {errors.join(' ')}
        </span>
      ) : null}
    </div>
  );
}

const APPROVE_FIELDS = [
  'validFrom',
  'validTo',
  'approvedQuantity',
  'reimbursementRatio',
  'comment',
] as const;

export function ApproveForm({
  approval,
  onDecided,
}: {
  readonly approval: ApprovalWire;
  readonly onDecided: (stored: Stored) => void;
}) {
  const special = approval.kind === 'special_access';
  const [validFrom, setValidFrom] = useState<string>(approval.requestedOn);
  const [validTo, setValidTo] = useState<string>(() =>
    validityEnd(approval.requestedOn as CalendarDate, approval.requestedDays),
  );
  const [quantity, setQuantity] = useState(String(approval.requestedQuantity));
  const [ratio, setRatio] = useState('');
  const [comment, setComment] = useState('');
  const [issues, setIssues] = useState<readonly Issue[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const body = {
      validFrom,
      validTo,
      approvedQuantity: quantity.trim(),
      ...(comment.trim() === '' ? {} : { comment }),
      ...(special || ratio.trim() !== '' ? { reimbursementRatio: ratio.trim() } : {}),
    };
    const checked = approveDecisionSchema.safeParse(body);
    setFailure(null);
    if (!checked.success) {
      setIssues(issuesFromZod(checked.error));
      return;
    }
    setIssues([]);
    setBusy(true);
    const result = await call(
      api.v1.approvals[':id'].approve.$post({ param: { id: approval.id }, json: body }),
    );
    setBusy(false);
    if (result.ok) onDecided(result.data);
    else {
      setIssues(result.error.issues);
      setFailure(result.error);
    }
  }

  const { at, rest } = byField(issues, APPROVE_FIELDS);
  return (
    <form
      className="decision-form"
      aria-label="Approve"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h3>Approve</h3>
      <div className="row">
        <Field label="Valid from" errors={at.validFrom}>
          {(props) => (
            <input
              type="date"
              name="validFrom"
              value={validFrom}
              onChange={(e) => {
                setValidFrom(e.target.value);
              }}
              {...props}
            />
          )}
        </Field>
        <Field label="Valid to" errors={at.validTo} hint="Last day, inclusive">
          {(props) => (
            <input
              type="date"
              name="validTo"
              value={validTo}
              onChange={(e) => {
                setValidTo(e.target.value);
              }}
              {...props}
            />
          )}
        </Field>
      </div>
      <div className="row">
        <Field
          label="Approved quantity"
          errors={at.approvedQuantity}
          hint={`Requested ${approval.requestedQuantity}`}
        >
          {(props) => (
            <input
              name="approvedQuantity"
              inputMode="decimal"
              value={quantity}
              onChange={(e) => {
                setQuantity(e.target.value);
              }}
              {...props}
            />
          )}
        </Field>
        {special ? (
          <Field
            label="Reimbursement ratio"
            errors={at.reimbursementRatio}
            hint="The fund's share, e.g. 0.6"
          >
            {(props) => (
              <input
                name="reimbursementRatio"
                inputMode="decimal"
                value={ratio}
                onChange={(e) => {
                  setRatio(e.target.value);
                }}
                {...props}
              />
            )}
          </Field>
        ) : null}
      </div>
      <Field label="Comment" errors={at.comment}>
        {(props) => (
          <textarea
            name="comment"
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
            }}
            {...props}
          />
        )}
      </Field>
      {rest.length > 0 || (failure !== null && failure.issues.length === 0) ? (
        <ErrorState
          error={
            failure ?? {
              status: 0,
              code: 'invalid_request',
              message: 'the decision is not valid',
              issues: rest,
            }
          }
        />
      ) : null}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Approving…' : 'Approve'}
        </button>
      </div>
    </form>
  );
}

export function RejectForm({
  approval,
  onDecided,
}: {
  readonly approval: ApprovalWire;
  readonly onDecided: (stored: Stored) => void;
}) {
  const [comment, setComment] = useState('');
  const [issues, setIssues] = useState<readonly Issue[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const body = { comment };
    const checked = rejectDecisionSchema.safeParse(body);
    setFailure(null);
    if (!checked.success) {
      setIssues(issuesFromZod(checked.error));
      return;
    }
    setIssues([]);
    setBusy(true);
    const result = await call(
      api.v1.approvals[':id'].reject.$post({ param: { id: approval.id }, json: body }),
    );
    setBusy(false);
    if (result.ok) onDecided(result.data);
    else {
      setIssues(result.error.issues);
      setFailure(result.error);
    }
  }

  const { at, rest } = byField(issues, ['comment'] as const);
  return (
    <form className="decision-form" aria-label="Reject" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Reject</h3>
      <Field
        label="Reason for rejecting"
        errors={at.comment}
        hint="Required; the requester sees it"
      >
        {(props) => (
          <textarea
            name="comment"
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
            }}
            {...props}
          />
        )}
      </Field>
      {rest.length > 0 || (failure !== null && failure.issues.length === 0) ? (
        <ErrorState
          error={
            failure ?? {
              status: 0,
              code: 'invalid_request',
              message: 'the decision is not valid',
              issues: rest,
            }
          }
        />
      ) : null}
      <div>
        <button type="submit" disabled={busy}>
          {busy ? 'Rejecting…' : 'Reject'}
        </button>
      </div>
    </form>
  );
}
