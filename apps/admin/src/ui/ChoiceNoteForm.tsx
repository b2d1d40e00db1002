import { type ReactNode, type SyntheticEvent, useId, useState } from 'react';
import type { ApiError, ApiResult } from '../api/client.ts';
import { byField } from './form-issues.ts';
import { ErrorState } from './states.tsx';

/** What a choice-with-note form says wrong before sending, at its two fields. */
export interface ChoiceNoteProblems {
  readonly choice?: string;
  readonly note?: string;
}

/**
 * A form of one choice (radio buttons) and a note, sent to the API: a reviewer's release decision,
 * a hospital's answer to a finding. `check` says what is wrong before sending; the API's refusal
 * shows each issue at the field its path names (every message), the error above the button.
 */
export function ChoiceNoteForm<C extends string, R>({
  label,
  className,
  heading,
  choiceName,
  legend,
  choices,
  choiceLabel,
  noteName,
  noteLabel,
  check,
  send,
  onSent,
  submitLabel,
  busyLabel,
}: {
  /** The form's accessible name. */
  readonly label: string;
  readonly className: string;
  readonly heading?: ReactNode;
  /** The field names the API's issues use for the choice and the note. */
  readonly choiceName: string;
  readonly noteName: string;
  readonly legend: string;
  /** The choices, in order. */
  readonly choices: readonly C[];
  readonly choiceLabel: (choice: C) => string;
  readonly noteLabel: (choice: C | '') => string;
  readonly check: (choice: C | '', note: string) => ChoiceNoteProblems;
  /** Sends the choice and the trimmed note. */
  readonly send: (choice: C, note: string) => Promise<ApiResult<R>>;
  readonly onSent: (data: R) => void;
  readonly submitLabel: string;
  readonly busyLabel: string;
}) {
  const [choice, setChoice] = useState<C | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ choice: string[]; note: string[] }>(NO_ERRORS);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const noteId = useId();

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const problems = check(choice, note);
    setErrors({
      choice: problems.choice === undefined ? [] : [problems.choice],
      note: problems.note === undefined ? [] : [problems.note],
    });
    setFailure(null);
    if (choice === '' || problems.choice !== undefined || problems.note !== undefined) return;
    setBusy(true);
    const result = await send(choice, note.trim());
    setBusy(false);
    if (!result.ok) {
      const { at } = byField(result.error.issues, [choiceName, noteName]);
      setErrors({ choice: at[choiceName] ?? [], note: at[noteName] ?? [] });
      setFailure(result.error);
      return;
    }
    onSent(result.data);
  }

  return (
    <form className={className} aria-label={label} onSubmit={(e) => void submit(e)} noValidate>
      {heading}
      <fieldset>
        <legend>{legend}</legend>
        {choices.map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name={choiceName}
              value={value}
              checked={choice === value}
              onChange={() => {
                setChoice(value);
              }}
            />{' '}
            {choiceLabel(value)}
          </label>
        ))}
        <FieldErrors messages={errors.choice} />
      </fieldset>
      <div className="field">
        <label htmlFor={noteId}>{noteLabel(choice)}</label>
        <textarea
          id={noteId}
          name={noteName}
          value={note}
          aria-invalid={errors.note.length === 0 ? undefined : true}
          onChange={(e) => {
            setNote(e.target.value);
          }}
        />
        <FieldErrors messages={errors.note} />
      </div>
      {failure === null ? null : <ErrorState error={failure} />}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}

const NO_ERRORS: { choice: string[]; note: string[] } = { choice: [], note: [] };

function FieldErrors({ messages }: { readonly messages: readonly string[] }) {
  return messages.map((message, i) => (
    <span key={i} className="field-error" role="alert">
      {message}
    </span>
  ));
}
