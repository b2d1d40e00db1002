import {
  CLAIM_TYPES,
  INSTITUTION_TIERS,
  INSURANCE_TYPES,
  PERSON_CATEGORIES,
  SEXES,
} from '@openpayer/domain';
import { type Draft, get, set, text } from '../draft.ts';
import { Field, FieldIssues, type FormProps, Group, fieldId, issuesAt } from './fields.tsx';

/** The claim's own fields: id, type and dates. */
export function ClaimFields({ props }: { readonly props: FormProps }) {
  return (
    <Group legend="Claim">
      <Field label="Claim id" path={['id']} props={props} />
      <Field label="Type" path={['type']} props={props} options={CLAIM_TYPES} />
      <Field label="Admission / visit date" path={['admissionDate']} props={props} type="date" />
      <Field label="Discharge date" path={['dischargeDate']} props={props} type="date" />
    </Group>
  );
}

/** The insured person (参保人), with their categories as checkboxes. */
export function PersonFields({ props }: { readonly props: FormProps }) {
  const { draft, onChange } = props;
  const categories = get(draft, ['person', 'categories']);
  const chosen = new Set(Array.isArray(categories) ? categories.map((c) => text(c)) : []);
  const categoriesId = fieldId(['person', 'categories']);
  const categoryIssues = issuesAt(props.issues, ['person', 'categories']);
  return (
    <Group legend="Person (参保人)">
      <Field label="Person id" path={['person', 'id']} props={props} />
      <Field
        label="Insurance type"
        path={['person', 'insuranceType']}
        props={props}
        options={INSURANCE_TYPES}
      />
      <Field label="Insured region" path={['person', 'insuredRegion']} props={props} />
      <Field label="Birth date" path={['person', 'birthDate']} props={props} type="date" />
      <Field label="Sex" path={['person', 'sex']} props={props} options={SEXES} />
      <details className="sim-categories">
        <summary>Categories{chosen.size > 0 ? `: ${[...chosen].join(', ')}` : ' (none)'}</summary>
        <div role="group" aria-label="Person categories" id={categoriesId}>
          {PERSON_CATEGORIES.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={chosen.has(c)}
                onChange={(e) => {
                  const next = PERSON_CATEGORIES.filter((x) =>
                    x === c ? e.target.checked : chosen.has(x),
                  );
                  onChange(
                    set(
                      draft,
                      ['person', 'categories'],
                      next.length === 0 ? undefined : [...next],
                    ) as Draft,
                  );
                }}
              />{' '}
              {c}
            </label>
          ))}
        </div>
        <FieldIssues id={categoriesId} issues={categoryIssues} />
      </details>
    </Group>
  );
}

/** The designated institution (定点医疗机构). */
export function InstitutionFields({ props }: { readonly props: FormProps }) {
  return (
    <Group legend="Institution (定点医疗机构)">
      <Field label="Code" path={['institution', 'code']} props={props} />
      <Field label="Name" path={['institution', 'name']} props={props} />
      <Field
        label="Level"
        path={['institution', 'tier']}
        props={props}
        options={INSTITUTION_TIERS}
      />
      <Field label="Region" path={['institution', 'region']} props={props} />
    </Group>
  );
}
