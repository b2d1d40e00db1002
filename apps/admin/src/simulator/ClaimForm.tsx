import {
  CLAIM_TYPES,
  INSTITUTION_TIERS,
  INSURANCE_TYPES,
  ITEM_KINDS,
  type Issue,
  PERSON_CATEGORIES,
  SEXES,
} from '@openpayer/domain';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { api, call } from '../api/client.ts';
import { Empty, ErrorState, Loading } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type Draft, type Json, type Path, get, pathKey, set, text, withAmounts } from './draft.ts';

/**
 * The structured form over the common fields of a claim. Every field shows the validator's issues
 * for its path (aria-invalid, aria-describedby); evidence, procedures and the rarer fields are
 * edited in the JSON.
 */

export interface FormProps {
  readonly draft: Draft;
  readonly issues: readonly Issue[];
  readonly releaseId: string | null;
  readonly onChange: (draft: Draft) => void;
}

const fieldId = (path: Path) => `f-${pathKey(path).replace(/[^A-Za-z0-9_-]/gu, '-')}`;

/** Paths of the fields this form shows, to list the other issues above it. */
export function formPaths(draft: Draft): Set<string> {
  const paths = [
    ['id'],
    ['type'],
    ['person', 'id'],
    ['person', 'birthDate'],
    ['person', 'sex'],
    ['person', 'insuranceType'],
    ['person', 'insuredRegion'],
    ['person', 'categories'],
    ['institution', 'code'],
    ['institution', 'name'],
    ['institution', 'tier'],
    ['institution', 'region'],
    ['admissionDate'],
    ['dischargeDate'],
    ['totalAmount'],
    ['diagnoses'],
    ['lines'],
  ];
  const diagnoses = get(draft, ['diagnoses']);
  if (Array.isArray(diagnoses))
    diagnoses.forEach((_, i) => {
      paths.push(
        ['diagnoses', String(i)],
        ['diagnoses', String(i), 'code'],
        ['diagnoses', String(i), 'role'],
      );
    });
  const lines = get(draft, ['lines']);
  if (Array.isArray(lines))
    lines.forEach((_, i) => {
      for (const f of ['', 'id', 'kind', 'code', 'name', 'quantity', 'unitPrice', 'amount', 'date'])
        paths.push(f === '' ? ['lines', String(i)] : ['lines', String(i), f]);
    });
  return new Set(paths.map(pathKey));
}

function issuesAt(issues: readonly Issue[], path: Path): readonly Issue[] {
  const key = pathKey(path);
  return issues.filter((i) => pathKey(i.path) === key);
}

function FieldIssues({ id, issues }: { readonly id: string; readonly issues: readonly Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <span className="field-error" id={`${id}-error`} role="alert">
      {issues.map((i) => i.message).join('; ')}
    </span>
  );
}

function Field({
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

function Group({ legend, children }: { readonly legend: string; readonly children: ReactNode }) {
  return (
    <fieldset className="sim-group">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}

export function ClaimForm(props: FormProps) {
  const { draft, onChange } = props;
  const [lookupLine, setLookupLine] = useState<number | null>(null);
  const categories = get(draft, ['person', 'categories']);
  const chosen = new Set(Array.isArray(categories) ? categories.map((c) => text(c)) : []);
  const diagnoses = get(draft, ['diagnoses']);
  const lines = get(draft, ['lines']);
  const categoriesId = fieldId(['person', 'categories']);
  const categoryIssues = issuesAt(props.issues, ['person', 'categories']);

  return (
    <div className="sim-form">
      <div className="sim-form-row">
        <Group legend="Claim">
          <Field label="Claim id" path={['id']} props={props} />
          <Field label="Type" path={['type']} props={props} options={CLAIM_TYPES} />
          <Field
            label="Admission / visit date"
            path={['admissionDate']}
            props={props}
            type="date"
          />
          <Field label="Discharge date" path={['dischargeDate']} props={props} type="date" />
        </Group>
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
            <summary>
              Categories{chosen.size > 0 ? `: ${[...chosen].join(', ')}` : ' (none)'}
            </summary>
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
      </div>

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
              diagnoses: [
                ...list,
                { code: '', role: list.length === 0 ? 'principal' : 'secondary' },
              ],
            });
          }}
        >
          Add diagnosis
        </button>
      </Group>

      <Group legend="Lines">
        <FieldIssues id={fieldId(['lines'])} issues={issuesAt(props.issues, ['lines'])} />
        <div className="sim-lines">
          {Array.isArray(lines)
            ? lines.map((_, i) => (
                <div className="sim-line" key={i} data-testid={`form-line-${String(i)}`}>
                  <Field label="Line" path={['lines', i, 'id']} props={props} className="narrow" />
                  <Field
                    label="Kind"
                    path={['lines', i, 'kind']}
                    props={props}
                    options={ITEM_KINDS}
                    className="narrow"
                  />
                  <Field
                    label="National code"
                    path={['lines', i, 'code']}
                    props={props}
                    className="code"
                  />
                  <Field label="Name" path={['lines', i, 'name']} props={props} className="wide" />
                  <Field
                    label="Quantity"
                    path={['lines', i, 'quantity']}
                    props={props}
                    className="narrow"
                  />
                  <Field
                    label="Unit price"
                    path={['lines', i, 'unitPrice']}
                    props={props}
                    className="narrow"
                  />
                  <Field
                    label="Amount"
                    path={['lines', i, 'amount']}
                    props={props}
                    className="narrow"
                    readOnly
                  />
                  <Field label="Date" path={['lines', i, 'date']} props={props} type="date" />
                  <div className="sim-line-actions">
                    <button
                      type="button"
                      onClick={() => {
                        setLookupLine(i);
                      }}
                      aria-label={`Look up the item of line ${String(i + 1)} in the catalog`}
                    >
                      Look up…
                    </button>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Remove line ${String(i + 1)}`}
                      onClick={() => {
                        onChange(withAmounts(set(draft, ['lines', i], undefined) as Draft));
                      }}
                    >
                      Remove
                    </button>
                  </div>
                  <FieldIssues
                    id={fieldId(['lines', i])}
                    issues={issuesAt(props.issues, ['lines', i])}
                  />
                </div>
              ))
            : null}
        </div>
        <div className="sim-inline">
          <button
            type="button"
            onClick={() => {
              const list = Array.isArray(lines) ? lines : [];
              const date =
                text(get(draft, ['dischargeDate'])) || text(get(draft, ['admissionDate']));
              onChange(
                withAmounts({
                  ...draft,
                  lines: [
                    ...list,
                    {
                      id: `L${String(list.length + 1)}`,
                      kind: 'drug',
                      code: '',
                      name: '',
                      quantity: '1',
                      unitPrice: '0.00',
                      amount: '0.00',
                      date,
                    },
                  ],
                }),
              );
            }}
          >
            Add line
          </button>
          <span className="spacer" />
          <Field
            label="Total amount"
            path={['totalAmount']}
            props={props}
            className="narrow"
            readOnly
          />
        </div>
      </Group>
      {lookupLine === null ? null : (
        <ItemLookup
          releaseId={props.releaseId}
          onClose={() => {
            setLookupLine(null);
          }}
          onPick={(item) => {
            let next: Json = set(draft, ['lines', lookupLine, 'name'], item.name);
            next = set(next, ['lines', lookupLine, 'kind'], item.kind);
            const code = item.codes[0];
            if (code !== undefined) next = set(next, ['lines', lookupLine, 'code'], code);
            onChange(next as Draft);
            setLookupLine(null);
          }}
        />
      )}
    </div>
  );
}

interface FoundItem {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly coverageClass: string;
  readonly codes: readonly string[];
  readonly categoryName: string | null;
  readonly dosageForm: string | null;
  readonly restrictionText: string | null;
}

/** Search the catalog release for an item and put it on the line (a modal dialog). */
function ItemLookup({
  releaseId,
  onClose,
  onPick,
}: {
  readonly releaseId: string | null;
  readonly onClose: () => void;
  readonly onPick: (item: FoundItem) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const d = dialog.current;
    if (d !== null && !d.open) d.showModal();
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(q.trim());
    }, 250);
    return () => {
      clearTimeout(timer);
    };
  }, [q]);
  const releases = useApi(() => call(api.v1.catalog.releases.$get()), []);
  const release =
    releaseId ?? (releases.state === 'ok' ? (releases.data.items.at(-1)?.id ?? null) : null);
  const found = useApi(
    () =>
      release === null || query === ''
        ? Promise.resolve({ ok: true as const, data: { items: [] as FoundItem[], total: 0 } })
        : call(
            api.v1.catalog.releases[':id'].items.$get({
              param: { id: release },
              query: { q: query, limit: '20' },
            }),
          ),
    [release, query],
  );
  return (
    <dialog ref={dialog} className="sim-lookup" aria-labelledby="lookup-title" onClose={onClose}>
      <h2 id="lookup-title">Look up a catalog item</h2>
      <p className="muted">
        Release <code>{release ?? '…'}</code>. Name contains, or code starts with. Items listed
        without a national code keep the line&apos;s code and are matched by name within their drug
        class.
      </p>
      <div className="field">
        <label htmlFor="lookup-q">Search</label>
        <input
          id="lookup-q"
          autoFocus
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
          }}
        />
      </div>
      {query === '' ? (
        <Empty>Type part of a name (e.g. 替尼) or a code.</Empty>
      ) : found.state === 'loading' ? (
        <Loading what="items" />
      ) : found.state === 'error' ? (
        <ErrorState error={found.error} onRetry={found.reload} />
      ) : found.data.items.length === 0 ? (
        <Empty>No item matches “{query}”.</Empty>
      ) : (
        <table className="data">
          <caption className="muted">
            {found.data.total} match{found.data.total === 1 ? '' : 'es'}
            {found.data.total > found.data.items.length
              ? `, first ${String(found.data.items.length)}`
              : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Class</th>
              <th scope="col">Codes</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {(found.data.items as readonly FoundItem[]).map((item) => (
              <tr key={item.id}>
                <td>
                  {item.name}{' '}
                  <span className="muted">
                    {item.dosageForm ?? ''} {item.categoryName ?? ''}
                  </span>
                </td>
                <td>{item.coverageClass}</td>
                <td>
                  {item.codes.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <code>{item.codes[0]}</code>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      onPick(item);
                    }}
                  >
                    Use
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="sim-inline">
        <span className="spacer" />
        <button
          type="button"
          onClick={() => {
            dialog.current?.close();
          }}
        >
          Close
        </button>
      </div>
    </dialog>
  );
}
