import { type Draft, get, set, text } from '../draft.ts';
import { Field, FieldIssues, type FormProps, Group, fieldId, issuesAt } from './fields.tsx';

/** The diagnoses (ICD-10 医保版): code and role of each, added and removed in place. */
export function DiagnosesFields({ props }: { readonly props: FormProps }) {
  const { draft, onChange } = props;
  const diagnoses = get(draft, ['diagnoses']);
  return (
    <Group legend="Diagnoses (ICD-10 医保版)">
      <FieldIssues id={fieldId(['diagnoses'])} issues={issuesAt(props.issues, ['diagnoses'])} />
      {Array.isArray(diagnoses)
        ? diagnoses.map((d, i) => (
            <div className="sim-inline" key={i}>
              <Field
                label={`Diagnosis ${String(i + 1)} code`}
                path={['diagnoses', i, 'code']}
                props={props}
              />
              <Field
                label="Role"
                path={['diagnoses', i, 'role']}
                props={props}
                options={['principal', 'secondary']}
              />
              <span className="muted sim-name">{text(get(d, ['name']))}</span>
              <button
                type="button"
                className="link"
                aria-label={`Remove diagnosis ${String(i + 1)}`}
                onClick={() => {
                  onChange(set(draft, ['diagnoses', i], undefined) as Draft);
                }}
              >
                Remove
              </button>
            </div>
          ))
        : null}
      <button
        type="button"
        onClick={() => {
          const list = Array.isArray(diagnoses) ? diagnoses : [];
          onChange({
            ...draft,
            diagnoses: [...list, { code: '', role: list.length === 0 ? 'principal' : 'secondary' }],
          });
        }}
      >
        Add diagnosis
      </button>
    </Group>
  );
}
