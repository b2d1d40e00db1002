import { type RestrictionEditWire, restrictionEditSchema } from '@openpayer/catalog';
import { type Issue, issuesFromZod } from '@openpayer/domain';
import { type ReactNode, type SyntheticEvent, useId, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { ErrorState } from '../ui/states.tsx';
import type { ItemView } from './api.ts';
import { ChangeRows } from './ChangeValue.tsx';
import { RESTRICTION_LABEL, periodText } from './labels.ts';
import {
  type DraftValue,
  type FieldSpec,
  type RestrictionDraft,
  draftOf,
  emptyDraft,
  fieldLabel,
  kindSpec,
  restrictionKindSpecs,
  restrictionOf,
  withKind,
} from './restriction-form.ts';
import { itemHref } from './SearchPage.tsx';
import './restriction-editor.css';

/**
 * "Edit restrictions" on an item's page: the administrator restructures the restricted payment
 * scope by hand — one form per restriction, built from the catalog's schema, the text as published
 * beside it — and publishes it as a new dated release (the release shown is never changed). The
 * API records the author and answers the diff, shown here with the new release.
 */

const edits = api.v1.catalog.releases[':id'].items[':itemId'].restrictions;

type EditResult = Extract<Awaited<ReturnType<typeof send>>, { ok: true }>['data'];

const send = (releaseId: string, itemId: string, body: RestrictionEditWire) =>
  call(edits.$post({ param: { id: releaseId, itemId: encodeURIComponent(itemId) }, json: body }));

interface IndicationDraft {
  readonly text: string;
  readonly restrictions: readonly RestrictionDraft[];
}

interface Fragment {
  readonly text: string;
  /** Still not structured (kept in the new release's unparsed list). */
  readonly keep: boolean;
}

/** The kind's label; one the labels do not know yet (a kind new in the schema) by its name. */
const kindLabel = (kind: string) =>
  (RESTRICTION_LABEL as Partial<Record<string, string>>)[kind] ?? fieldLabel(kind);

/** Issues whose path starts with `prefix`, with the prefix taken off. */
function issuesUnder(issues: readonly Issue[], prefix: readonly (string | number)[]): Issue[] {
  return issues
    .filter((i) => prefix.every((segment, n) => i.path[n] === segment))
    .map((i) => ({ ...i, path: i.path.slice(prefix.length) }));
}

const messagesAt = (issues: readonly Issue[], name: string) =>
  issues.filter((i) => i.path[0] === name).map((i) => i.message);

function Field({
  label,
  errors,
  children,
}: {
  readonly label: string;
  readonly errors: readonly string[];
  readonly children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const id = useId();
  const invalid = errors.length > 0;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': invalid,
        'aria-describedby': invalid ? `${id}-error` : undefined,
      })}
      {invalid ? (
        <span id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </span>
      ) : null}
    </div>
  );
}

/** One property of a restriction, with the widget its schema calls for. */
function RestrictionField({
  field,
  value,
  errors,
  onChange,
}: {
  readonly field: FieldSpec;
  readonly value: DraftValue | undefined;
  readonly errors: readonly string[];
  readonly onChange: (value: DraftValue) => void;
}) {
  const w = field.widget;
  const label = `${fieldLabel(field.name)}${field.required ? '' : ' (optional)'}`;
  const text = typeof value === 'string' ? value : '';
  if (w.type === 'choices' || w.type === 'flag') {
    const chosen = Array.isArray(value) ? (value as readonly string[]) : [];
    return (
      <fieldset className="field choices" data-field={field.name}>
        <legend>{label}</legend>
        {w.type === 'flag' ? (
          <label>
            <input
              type="checkbox"
              name={field.name}
              checked={value === true}
              onChange={(e) => {
                onChange(e.target.checked);
              }}
            />{' '}
            yes
          </label>
        ) : (
          w.options.map((option) => (
            <label key={option}>
              <input
                type="checkbox"
                name={field.name}
                value={option}
                checked={chosen.includes(option)}
                onChange={(e) => {
                  onChange(
                    e.target.checked ? [...chosen, option] : chosen.filter((c) => c !== option),
                  );
                }}
              />{' '}
              {option}
            </label>
          ))
        )}
        {errors.length > 0 ? <span className="field-error">{errors.join(' ')}</span> : null}
      </fieldset>
    );
  }
  return (
    <Field label={label} errors={errors}>
      {(props) =>
        w.type === 'choice' ? (
          <select
            name={field.name}
            value={text}
            onChange={(e) => {
              onChange(e.target.value);
            }}
            {...props}
          >
            <option value="">{field.required ? 'choose…' : '(none)'}</option>
            {w.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : w.type === 'lines' || w.type === 'json' ? (
          <textarea
            name={field.name}
            rows={w.type === 'lines' ? 2 : 1}
            value={text}
            placeholder={w.type === 'lines' ? 'one per line' : 'JSON'}
            onChange={(e) => {
              onChange(e.target.value);
            }}
            {...props}
          />
        ) : (
          <input
            name={field.name}
            inputMode={w.type === 'integer' || w.type === 'number' ? 'numeric' : undefined}
            value={text}
            {...(w.type === 'text' && w.pattern !== null ? { title: w.pattern } : {})}
            onChange={(e) => {
              onChange(e.target.value);
            }}
            {...props}
          />
        )
      }
    </Field>
  );
}

function RestrictionCard({
  draft,
  issues,
  onChange,
  onRemove,
}: {
  readonly draft: RestrictionDraft;
  readonly issues: readonly Issue[];
  readonly onChange: (draft: RestrictionDraft) => void;
  readonly onRemove: () => void;
}) {
  const spec = kindSpec(draft.kind);
  const others = issues.filter(
    (i) => typeof i.path[0] !== 'string' || !spec.fields.some((f) => f.name === i.path[0]),
  );
  return (
    <fieldset className="restriction-card" data-kind={draft.kind}>
      <legend>
        {kindLabel(draft.kind)}{' '}
        <span className="muted small">
          {draft.origin === null ? 'new' : `read from the ${draft.origin.source}`}
        </span>
      </legend>
      <div className="restriction-card-row">
        <Field label="Kind" errors={messagesAt(issues, 'kind')}>
          {(props) => (
            <select
              name="kind"
              value={draft.kind}
              onChange={(e) => {
                onChange(withKind(draft, e.target.value));
              }}
              {...props}
            >
              {restrictionKindSpecs().map((s) => (
                <option key={s.kind} value={s.kind}>
                  {kindLabel(s.kind)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Text it stands for 原文片段" errors={messagesAt(issues, 'text')}>
          {(props) => (
            <input
              name="text"
              lang="zh"
              value={draft.text}
              onChange={(e) => {
                onChange({ ...draft, text: e.target.value });
              }}
              {...props}
            />
          )}
        </Field>
      </div>
      <div className="restriction-card-row">
        {spec.fields.map((field) => (
          <RestrictionField
            key={field.name}
            field={field}
            value={draft.values[field.name]}
            errors={messagesAt(issues, field.name)}
            onChange={(value) => {
              onChange({ ...draft, values: { ...draft.values, [field.name]: value } });
            }}
          />
        ))}
      </div>
      {others.length > 0 ? (
        <p className="field-error">{others.map((i) => i.message).join(' ')}</p>
      ) : null}
      <button type="button" className="link" onClick={onRemove}>
        Remove this restriction
      </button>
    </fieldset>
  );
}

function RestrictionList({
  drafts,
  issues,
  onChange,
  label,
}: {
  readonly drafts: readonly RestrictionDraft[];
  readonly issues: readonly Issue[];
  readonly onChange: (drafts: readonly RestrictionDraft[]) => void;
  readonly label: string;
}) {
  const [kind, setKind] = useState(restrictionKindSpecs()[0]?.kind ?? '');
  const id = useId();
  return (
    <div className="restriction-list">
      {drafts.length === 0 ? <p className="muted small">none</p> : null}
      {drafts.map((draft, i) => (
        <RestrictionCard
          key={i}
          draft={draft}
          issues={issuesUnder(issues, [i])}
          onChange={(next) => {
            onChange(drafts.map((d, n) => (n === i ? next : d)));
          }}
          onRemove={() => {
            onChange(drafts.filter((_, n) => n !== i));
          }}
        />
      ))}
      <div className="add-restriction">
        <label htmlFor={id} className="visually-hidden">
          Kind of restriction to add to {label}
        </label>
        <select
          id={id}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value);
          }}
        >
          {restrictionKindSpecs().map((s) => (
            <option key={s.kind} value={s.kind}>
              {kindLabel(s.kind)}
            </option>
          ))}
        </select>{' '}
        <button
          type="button"
          aria-label={`Add restriction to ${label}`}
          onClick={() => {
            onChange([...drafts, emptyDraft(kind)]);
          }}
        >
          Add restriction
        </button>
      </div>
    </div>
  );
}

/** The "Edit restrictions" button and, once opened, the form; after publishing, the result. */
export function RestrictionEditor({
  item,
  releaseId,
}: {
  readonly item: ItemView;
  readonly releaseId: string;
}) {
  const [open, setOpen] = useState(false);
  const [published, setPublished] = useState<EditResult | null>(null);
  if (published !== null) {
    return <Published result={published} itemId={item.id} />;
  }
  if (!open) {
    return (
      <button
        type="button"
        className="primary"
        onClick={() => {
          setOpen(true);
        }}
      >
        Edit restrictions
      </button>
    );
  }
  return (
    <EditForm
      item={item}
      releaseId={releaseId}
      onCancel={() => {
        setOpen(false);
      }}
      onPublished={setPublished}
    />
  );
}

function EditForm({
  item,
  releaseId,
  onCancel,
  onPublished,
}: {
  readonly item: ItemView;
  readonly releaseId: string;
  readonly onCancel: () => void;
  readonly onPublished: (result: EditResult) => void;
}) {
  const [restrictions, setRestrictions] = useState<readonly RestrictionDraft[]>(() =>
    item.restrictions.map(draftOf),
  );
  const [indications, setIndications] = useState<readonly IndicationDraft[]>(() =>
    item.indications.map((i) => ({ text: i.text, restrictions: i.restrictions.map(draftOf) })),
  );
  const [fragments, setFragments] = useState<readonly Fragment[]>(() =>
    item.unparsed.map((text) => ({ text, keep: true })),
  );
  const [newId, setNewId] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [note, setNote] = useState('');
  const [issues, setIssues] = useState<readonly Issue[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  /** A field's problem goes once the field is changed (the next publish checks it again). */
  const clearIssuesAt = (name: string) => {
    setIssues((all) => all.filter((i) => i.path[0] !== name));
  };

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setFailure(null);
    const body = {
      releaseId: newId.trim(),
      effectiveFrom,
      note: note.trim(),
      restrictions: restrictions.map(restrictionOf),
      indications: indications.map((i) => ({
        text: i.text,
        restrictions: i.restrictions.map(restrictionOf),
      })),
      unparsed: fragments.filter((f) => f.keep).map((f) => f.text),
    };
    const checked = restrictionEditSchema.safeParse(body);
    if (!checked.success) {
      setIssues(issuesFromZod(checked.error));
      return;
    }
    setIssues([]);
    setBusy(true);
    const result = await send(releaseId, item.id, body as RestrictionEditWire);
    setBusy(false);
    if (result.ok) onPublished(result.data);
    else {
      setIssues(result.error.issues);
      setFailure(result.error);
    }
  }

  const shown = new Set([
    'releaseId',
    'effectiveFrom',
    'note',
    'restrictions',
    'indications',
    'unparsed',
  ]);
  const rest = issues.filter((i) => typeof i.path[0] !== 'string' || !shown.has(i.path[0]));
  const listMessages = (name: string) =>
    issues.filter((i) => i.path[0] === name && i.path.length === 1).map((i) => i.message);

  return (
    <form
      className="restriction-editor panel"
      aria-label="Edit restrictions"
      noValidate
      onSubmit={(e) => {
        void submit(e);
      }}
    >
      <h4>Edit restrictions — published as a new release</h4>
      <div className="side-by-side">
        <section className="panel" aria-labelledby="edit-original">
          <h5 id="edit-original">As published 原文</h5>
          {item.restrictionText === null ? (
            <p className="muted">No restriction text.</p>
          ) : (
            <blockquote className="original" lang="zh" data-testid="edit-original-text">
              {item.restrictionText}
            </blockquote>
          )}
          <h5>Not yet structured</h5>
          {fragments.length === 0 ? (
            <p className="muted small">nothing left unparsed</p>
          ) : (
            <ul className="fragments">
              {fragments.map((f, i) => (
                <li key={i}>
                  <label>
                    <input
                      type="checkbox"
                      name="unparsed"
                      checked={f.keep}
                      onChange={(e) => {
                        setFragments(
                          fragments.map((g, n) => (n === i ? { ...g, keep: e.target.checked } : g)),
                        );
                      }}
                    />{' '}
                    <span lang="zh">{f.text}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          <p className="muted small">Untick a fragment once the restrictions cover it.</p>
        </section>
        <section className="panel" aria-labelledby="edit-structured">
          <h5 id="edit-structured">All of these must hold</h5>
          {listMessages('restrictions').map((m) => (
            <p key={m} className="field-error">
              {m}
            </p>
          ))}
          <RestrictionList
            label="all of these must hold"
            drafts={restrictions}
            issues={issuesUnder(issues, ['restrictions'])}
            onChange={setRestrictions}
          />
          <h5>Alternatives (any one must hold)</h5>
          {indications.map((indication, i) => (
            <fieldset key={i} className="indication">
              <legend>
                Alternative {i + 1}{' '}
                <span lang="zh" className="muted small">
                  {indication.text}
                </span>
              </legend>
              <RestrictionList
                label={`alternative ${i + 1}`}
                drafts={indication.restrictions}
                issues={issuesUnder(issues, ['indications', i, 'restrictions'])}
                onChange={(drafts) => {
                  setIndications(
                    indications.map((ind, n) => (n === i ? { ...ind, restrictions: drafts } : ind)),
                  );
                }}
              />
              <button
                type="button"
                className="link"
                onClick={() => {
                  setIndications(indications.filter((_, n) => n !== i));
                }}
              >
                Remove alternative {i + 1}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() => {
              setIndications([...indications, { text: '', restrictions: [] }]);
            }}
          >
            Add alternative
          </button>
        </section>
      </div>
      <div className="release-fields">
        <Field label="New release id" errors={messagesAt(issues, 'releaseId')}>
          {(props) => (
            <input
              name="releaseId"
              value={newId}
              placeholder={`${releaseId}.1`}
              onChange={(e) => {
                setNewId(e.target.value);
                clearIssuesAt('releaseId');
              }}
              {...props}
            />
          )}
        </Field>
        <Field label="In force from" errors={messagesAt(issues, 'effectiveFrom')}>
          {(props) => (
            <input
              name="effectiveFrom"
              type="date"
              value={effectiveFrom}
              onChange={(e) => {
                setEffectiveFrom(e.target.value);
                clearIssuesAt('effectiveFrom');
              }}
              {...props}
            />
          )}
        </Field>
        <Field label="Note (why)" errors={messagesAt(issues, 'note')}>
          {(props) => (
            <textarea
              name="note"
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                clearIssuesAt('note');
              }}
              {...props}
            />
          )}
        </Field>
      </div>
      {rest.length > 0 || (failure !== null && failure.issues.length === 0) ? (
        <ErrorState
          error={
            failure ?? {
              status: 0,
              code: 'invalid_request',
              message: 'the edit is not valid',
              issues: rest,
            }
          }
        />
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Publishing…' : 'Publish new release'}
        </button>{' '}
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Published({ result, itemId }: { readonly result: EditResult; readonly itemId: string }) {
  const { release, edit, diff } = result;
  return (
    <section className="restriction-published panel" aria-labelledby="published-title">
      <h4 id="published-title" className="banner banner-ok" role="status">
        Published release <code data-testid="new-release-id">{release.id}</code>
      </h4>
      <dl className="facts">
        <div>
          <dt>In force</dt>
          <dd>{periodText(release.effective)}</dd>
        </div>
        <div>
          <dt>Made from</dt>
          <dd>
            <code>{edit.baseReleaseId}</code>
          </dd>
        </div>
        <div>
          <dt>Author</dt>
          <dd data-testid="edit-author">{edit.author}</dd>
        </div>
        <div>
          <dt>Note</dt>
          <dd>{edit.note}</dd>
        </div>
      </dl>
      <h5>What changed</h5>
      {diff.changed.map((change) => (
        <table key={change.itemId} className="data change-table" data-testid="edit-diff">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before · {diff.from}</th>
              <th scope="col">After · {diff.to}</th>
            </tr>
          </thead>
          <ChangeRows changes={change.changes} />
        </table>
      ))}
      <p>
        <Link to={itemHref(release.id, itemId, {})}>Open the item in {release.id}</Link> ·{' '}
        <Link to={href('/catalog/diff', { from: diff.from, to: diff.to })}>
          Compare the releases
        </Link>
      </p>
    </section>
  );
}
