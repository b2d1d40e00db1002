import { type SyntheticEvent, useState } from 'react';
import { href, navigate } from '../app/router.ts';

/**
 * Pick two of a list's ids (versions, rule sets) and open their diff at `diffPath?from=…&to=…`.
 * Shown only when there are two to pick from.
 */
export function CompareForm({
  ids,
  diffPath,
  label,
  className = 'filters',
  from: fromSelect,
  to: toSelect,
  missing,
  same,
  initialFrom = '',
  initialTo = '',
}: {
  readonly ids: readonly string[];
  readonly diffPath: string;
  /** The form's accessible name. */
  readonly label: string;
  readonly className?: string;
  /** Each select's label and the text of its empty choice. */
  readonly from: { readonly label: string; readonly placeholder: string };
  readonly to: { readonly label: string; readonly placeholder: string };
  /** What to say when one is not chosen, and when both are the same. */
  readonly missing: string;
  readonly same: string;
  readonly initialFrom?: string;
  readonly initialTo?: string;
}) {
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const [error, setError] = useState<string | null>(null);
  if (ids.length < 2) return null;
  function submit(event: SyntheticEvent) {
    event.preventDefault();
    const problem = from === '' || to === '' ? missing : from === to ? same : null;
    setError(problem);
    if (problem === null) navigate(href(diffPath, { from, to }));
  }
  return (
    <form className={className} onSubmit={submit} aria-label={label}>
      <IdSelect {...fromSelect} ids={ids} value={from} onChange={setFrom} />
      <IdSelect {...toSelect} ids={ids} value={to} onChange={setTo} />
      <button type="submit">Show differences</button>
      {error === null ? null : (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function IdSelect({
  label,
  placeholder,
  ids,
  value,
  onChange,
}: {
  readonly label: string;
  readonly placeholder: string;
  readonly ids: readonly string[];
  readonly value: string;
  readonly onChange: (id: string) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      >
        <option value="">{placeholder}</option>
        {ids.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
}
