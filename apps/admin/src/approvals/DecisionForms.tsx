import {
  type ApprovalWire,
  approveDecisionSchema,
  rejectDecisionSchema,
  validityEnd,
} from '@openpayer/catalog';
import { type CalendarDate, type Issue, issuesFromZod } from '@openpayer/domain';
import { type SyntheticEvent, type ReactNode, useId, useState } from 'react';
import type { z } from 'zod';
import { type ApiError, type ApiResult, api, call } from '../api/client.ts';
import { ErrorState } from '../ui/states.tsx';
import { byField } from '../ui/form-issues.ts';

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

/** A comment box (the approver's note, or the reason for rejecting). */
function CommentField({
  label,
  hint,
  errors,
  value,
  onChange,
}: {
  readonly label: string;
  readonly hint?: string;
  readonly errors: readonly string[] | undefined;
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <Field label={label} errors={errors} {...(hint === undefined ? {} : { hint })}>
      {(props) => (
        <textarea
          name="comment"
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
          }}
          {...props}
        />
      )}
    </Field>
  );
}

/**
 * What both forms do with a decision: check it with the API's schema before sending, send it, and
 * keep the answer — issues split by the field they belong to (`at`, the others in `rest`) or the
 * refusal.
 */
function useDecision<F extends string>(fields: readonly F[], onDecided: (stored: Stored) => void) {
  const [issues, setIssues] = useState<readonly Issue[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(
    checked: z.ZodSafeParseResult<unknown>,
    send: () => Promise<ApiResult<Stored>>,
  ) {
    setFailure(null);
    if (!checked.success) {
      setIssues(issuesFromZod(checked.error));
      return;
    }
    setIssues([]);
    setBusy(true);
    const result = await send();
    setBusy(false);
    if (result.ok) onDecided(result.data);
    else {
      setIssues(result.error.issues);
      setFailure(result.error);
    }
  }

  return { ...byField(issues, fields), failure, busy, decide };
}

/** The problems no field of the form shows: issues about nothing on it, or a refusal without any. */
function FormProblems({
  rest,
  failure,
}: {
  readonly rest: readonly Issue[];
  readonly failure: ApiError | null;
}) {
  if (rest.length === 0 && (failure === null || failure.issues.length > 0)) return null;
  return (
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
  const { at, rest, failure, busy, decide } = useDecision(APPROVE_FIELDS, onDecided);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const body = {
      validFrom,
      validTo,
      approvedQuantity: quantity.trim(),
      ...(comment.trim() === '' ? {} : { comment }),
      ...(special || ratio.trim() !== '' ? { reimbursementRatio: ratio.trim() } : {}),
    };
    await decide(approveDecisionSchema.safeParse(body), () =>
      call(api.v1.approvals[':id'].approve.$post({ param: { id: approval.id }, json: body })),
    );
  }

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
      <CommentField label="Comment" errors={at.comment} value={comment} onChange={setComment} />
      <FormProblems rest={rest} failure={failure} />
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Approving…' : 'Approve'}
        </button>
      </div>
    </form>
  );
}

const REJECT_FIELDS = ['comment'] as const;

export function RejectForm({
  approval,
  onDecided,
}: {
  readonly approval: ApprovalWire;
  readonly onDecided: (stored: Stored) => void;
}) {
  const [comment, setComment] = useState('');
  const { at, rest, failure, busy, decide } = useDecision(REJECT_FIELDS, onDecided);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const body = { comment };
    await decide(rejectDecisionSchema.safeParse(body), () =>
      call(api.v1.approvals[':id'].reject.$post({ param: { id: approval.id }, json: body })),
    );
  }

  return (
    <form className="decision-form" aria-label="Reject" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Reject</h3>
      <CommentField
        label="Reason for rejecting"
        hint="Required; the requester sees it"
        errors={at.comment}
        value={comment}
        onChange={setComment}
      />
      <FormProblems rest={rest} failure={failure} />
      <div>
        <button type="submit" disabled={busy}>
          {busy ? 'Rejecting…' : 'Reject'}
        </button>
      </div>
    </form>
  );
}
