import exampleClaim from '@openpayer/domain/examples/inpatient-prostatectomy.claim.json';
import { type ChangeEvent, useRef, useState } from 'react';
import { chosenText } from '../ui/file.ts';
import { IssuesTable } from './IssuesTable.tsx';
import { type ValidationOutcome, validateClaimText } from './api.ts';

/** Larger files are refused in the browser before upload (the API's own limit is 1 MiB). */

type State =
  | { readonly phase: 'idle' }
  | { readonly phase: 'validating' }
  | { readonly phase: 'done'; readonly outcome: ValidationOutcome }
  | { readonly phase: 'failed'; readonly message: string };

export function ValidatePage() {
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [fileNote, setFileNote] = useState<string | null>(null);
  const pending = useRef<AbortController | null>(null);

  async function validate(event: { preventDefault(): void }) {
    event.preventDefault();
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setState({ phase: 'validating' });
    try {
      const outcome = await validateClaimText(text, controller.signal);
      if (!controller.signal.aborted) setState({ phase: 'done', outcome });
    } catch (error) {
      if (controller.signal.aborted) return;
      setState({
        phase: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  function loadExample() {
    setText(JSON.stringify(exampleClaim, null, 2));
    setFileNote('Example: inpatient radical prostatectomy (C61.x00, 60.5x02), 3 lines.');
    setState({ phase: 'idle' });
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const chosen = await chosenText(event);
    if (chosen === undefined) return;
    if ('refused' in chosen) {
      setFileNote(chosen.refused);
      return;
    }
    setText(chosen.text);
    setFileNote(chosen.loaded);
    setState({ phase: 'idle' });
  }

  return (
    <section className="validate" aria-labelledby="validate-title">
      <div className="intro">
        <h1 id="validate-title">Validate a claim</h1>
        <p>
          Paste or upload a claim as JSON (the API&apos;s wire format). The API checks its shape,
          the national codes of diagnoses, procedures and items, the dates, and that each line
          amount equals quantity × unit price.
        </p>
      </div>
      <form onSubmit={(e) => void validate(e)} className="editor">
        <div className="toolbar">
          <button type="button" onClick={loadExample}>
            Load example claim
          </button>
          <label className="file-button">
            Upload JSON file…
            <input
              type="file"
              accept=".json,application/json"
              onChange={(e) => void upload(e)}
              aria-label="Upload claim file"
            />
          </label>
          <span className="spacer" />
          <button
            type="submit"
            className="primary"
            disabled={text.trim() === '' || state.phase === 'validating'}
          >
            {state.phase === 'validating' ? 'Validating…' : 'Validate'}
          </button>
        </div>
        {fileNote !== null && <p className="note">{fileNote}</p>}
        <label htmlFor="claim-json" className="visually-hidden">
          Claim JSON
        </label>
        <textarea
          id="claim-json"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
          spellCheck={false}
          placeholder='{ "id": "C-2025-000001", "type": "inpatient", … }'
        />
      </form>
      <Result state={state} />
    </section>
  );
}

function Result({ state }: { readonly state: State }) {
  if (state.phase === 'idle' || state.phase === 'validating') return null;
  if (state.phase === 'failed') {
    return (
      <div role="alert" className="banner banner-error">
        Could not reach the API: {state.message}
      </div>
    );
  }
  const { outcome } = state;
  if (outcome.kind === 'rejected') {
    return (
      <div role="alert" className="banner banner-error" data-testid="result">
        <strong>Request rejected ({outcome.status}).</strong> <code>{outcome.code}</code>:{' '}
        {outcome.message}
      </div>
    );
  }
  const errors = outcome.issues.filter((i) => i.severity === 'error').length;
  const warnings = outcome.issues.length - errors;
  return (
    <div className="result" data-testid="result">
      {outcome.kind === 'valid' ? (
        <div role="status" className="banner banner-ok">
          <strong>Claim {outcome.claimId} is valid</strong>: {outcome.lineCount} lines, total{' '}
          {outcome.totalAmount} yuan
          {warnings > 0 ? `, ${String(warnings)} warning${warnings === 1 ? '' : 's'}` : ''}.
        </div>
      ) : (
        <div role="alert" className="banner banner-error">
          <strong>
            {errors} problem{errors === 1 ? '' : 's'} found
          </strong>
          {warnings > 0 ? ` and ${String(warnings)} warning${warnings === 1 ? '' : 's'}` : ''}. The
          claim cannot be settled as sent.
        </div>
      )}
      {outcome.issues.length > 0 && <IssuesTable issues={outcome.issues} />}
    </div>
  );
}
