import type { Issue } from '@openpayer/domain';
import type { ReactNode } from 'react';
import { type Draft, type Path, get, pathKey, set, text, withAmounts } from '../draft.ts';

/**
 * The claim form's building blocks: a field bound to a path of the draft, showing the validator's
 * issues for that path (aria-invalid, aria-describedby), and a group of fields.
 */

export interface FormProps {
  readonly draft: Draft;
  readonly issues: readonly Issue[];
  readonly releaseId: string | null;
  readonly onChange: (draft: Draft) => void;
}

export const fieldId = (path: Path) => `f-${pathKey(path).replace(/[^A-Za-z0-9_-]/gu, '-')}`;

export function issuesAt(issues: readonly Issue[], path: Path): readonly Issue[] {
  const key = pathKey(path);
  return issues.filter((i) => pathKey(i.path) === key);
}

export function FieldIssues({
  id,
  issues,
}: {
  readonly id: string;
  readonly issues: readonly Issue[];
}) {
  if (issues.length === 0) return null;
  return (
    <span className="field-error" id={`${id}-error`} role="alert">
      {issues.map((i) => i.message).join('; ')}
    </span>
  );
}

export function Field({
  label,
  path,
  props,
  type = 'text',
  options,
  className,
  readOnly,
}: {
  readonly label: string;
  readonly path: Path;
  readonly props: FormProps;
  readonly type?: string;
  readonly options?: readonly string[];
  readonly className?: string;
  readonly readOnly?: boolean;
}) {
  const id = fieldId(path);
  const issues = issuesAt(props.issues, path);
  const invalid = issues.length > 0;
  const value = text(get(props.draft, path));
  const change = (next: string) => {
    const updated = set(props.draft, path, next === '' ? undefined : next) as Draft;
    props.onChange(
      path[0] === 'lines' && (path[2] === 'quantity' || path[2] === 'unitPrice')
        ? withAmounts(updated)
        : updated,
    );
  };
  const common = {
    id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
  } as const;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {options === undefined ? (
        <input
          {...common}
          type={type}
          value={value}
          readOnly={readOnly}
          inputMode={
            type === 'text' && /Price|quantity/u.test(String(path.at(-1))) ? 'decimal' : undefined
          }
          onChange={(e) => {
            change(e.target.value);
          }}
        />
      ) : (
        <select
          {...common}
          value={value}
          onChange={(e) => {
            change(e.target.value);
          }}
        >
          {value === '' ? <option value="">—</option> : null}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
      <FieldIssues id={id} issues={issues} />
    </div>
  );
}

export function Group({
  legend,
  children,
}: {
  readonly legend: string;
  readonly children: ReactNode;
}) {
  return (
    <fieldset className="sim-group">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
