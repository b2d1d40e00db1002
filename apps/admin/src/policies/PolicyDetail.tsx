import { calendarDateSchema, may } from '@openpayer/domain';
import { type PolicyParameter, versionStates } from '@openpayer/pricing';
import { useEffect, useId, useRef, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href, useLocation } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { timestamp } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import type { PolicyRead, PolicySummaryView } from './api.ts';
import { CompareForm, InForce, StatusBadge } from './PoliciesList.tsx';
import { LAYERS, LAYER_LABELS, PARAMETER_LABELS, today } from './model.ts';
import { EntryKeys, EntryValue, entryNote } from './values.tsx';

type Entry = Readonly<Record<string, unknown>>;

export function PolicyDetail({ id }: { readonly id: string }) {
  const principal = usePrincipal();
  const { query } = useLocation();
  const policy = useApi(() => call(api.v1.policies[':id'].$get({ param: { id } })), [id]);
  // The list gives the version's place among its region's versions (status, until).
  const all = useApi(() => call(api.v1.policies.$get()), []);
  const [activated, setActivated] = useState<PolicySummaryView | null>(null);

  return (
    <section className="policies">
      <p className="breadcrumbs">
        <Link to="/policies">Policies</Link> › <code>{id}</code>
      </p>
      {query.get('uploaded') === '1' ? (
        <p className="banner banner-ok" role="status">
          Uploaded <code>{id}</code>. It is not used for any claim until it is activated.
        </p>
      ) : null}
      {activated === null ? null : (
        <p className="banner banner-ok" role="status" data-testid="activated">
          Activated <code>{activated.id}</code> for region {activated.region} from{' '}
          {activated.activeFrom}.
        </p>
      )}
      <Async loaded={policy} what={`policy ${id}`}>
        {(data) => {
          const items = all.state === 'ok' ? all.data.items : [];
          const summary = items.find((v) => v.id === id) ?? data.summary;
          const state = versionStates(items.length > 0 ? items : [summary], today()).get(id);
          return (
            <>
              <div className="page-head">
                <h1>
                  {data.summary.title} <StatusBadge state={state} />
                </h1>
                <div className="actions">
                  {may(principal.role, 'activate_policy') ? (
                    <ActivateButton
                      summary={summary}
                      onActivated={(next) => {
                        setActivated(next);
                        policy.reload();
                        all.reload();
                      }}
                    />
                  ) : null}
                  {may(principal.role, 'simulate') ? (
                    <Link className="button" to={href('/what-if', { candidate: id })}>
                      Simulate this version
                    </Link>
                  ) : null}
                  {may(principal.role, 'upload_policy') ? (
                    <Link className="button" to={href('/policies/upload', { from: id })}>
                      New version from this one
                    </Link>
                  ) : null}
                </div>
              </div>
              <dl className="summary-facts">
                <div>
                  <dt>Version</dt>
                  <dd>
                    <code>{data.summary.id}</code>
                  </dd>
                </div>
                <div>
                  <dt>Region</dt>
                  <dd>{data.summary.region}</dd>
                </div>
                <div>
                  <dt>Published</dt>
                  <dd>{data.summary.publishedOn}</dd>
                </div>
                <div>
                  <dt>In force</dt>
                  <dd>
                    <InForce summary={summary} state={state} />
                  </dd>
                </div>
                <div>
                  <dt>Activated by</dt>
                  <dd>{summary.activatedBy ?? <span className="muted">not activated</span>}</dd>
                </div>
                <div>
                  <dt>Uploaded</dt>
                  <dd>{timestamp(data.summary.createdAt)}</dd>
                </div>
                <div>
                  <dt>Rounding</dt>
                  <dd>
                    {data.policy.rounding.scale} decimals, {data.policy.rounding.mode}
                  </dd>
                </div>
              </dl>
              {items.length > 1 ? (
                <CompareForm
                  items={items}
                  initialFrom={
                    items.find((v) => v.id !== id && v.region === summary.region)?.id ?? ''
                  }
                  initialTo={id}
                />
              ) : null}
              <nav className="layer-nav" aria-label="Layers">
                {LAYERS.map(({ layer }) => (
                  <a key={layer} href={`#layer-${layer}`}>
                    {LAYER_LABELS[layer].en}
                  </a>
                ))}
              </nav>
              <Parameters policy={data.policy} />
            </>
          );
        }}
      </Async>
    </section>
  );
}

function Parameters({ policy }: { readonly policy: PolicyRead['policy'] }) {
  const parameters = policy.parameters as Readonly<Record<string, readonly Entry[] | undefined>>;
  return (
    <>
      {LAYERS.map(({ layer, parameters: names }) => {
        const total = names.reduce((n, p) => n + (parameters[p]?.length ?? 0), 0);
        return (
          <section
            key={layer}
            id={`layer-${layer}`}
            className="layer"
            aria-labelledby={`layer-${layer}-title`}
            data-layer={layer}
          >
            <h2 id={`layer-${layer}-title`}>
              {LAYER_LABELS[layer].en} <span className="zh">{LAYER_LABELS[layer].zh}</span>
              <span className="muted count">
                {' '}
                · {total} entr{total === 1 ? 'y' : 'ies'}
              </span>
            </h2>
            {names.map((name) => (
              <ParameterTable key={name} name={name} entries={parameters[name] ?? []} />
            ))}
          </section>
        );
      })}
    </>
  );
}

function ParameterTable({
  name,
  entries,
}: {
  readonly name: PolicyParameter;
  readonly entries: readonly Entry[];
}) {
  const label = PARAMETER_LABELS[name];
  const titleId = useId();
  return (
    <div className="parameter" data-testid={`parameter-${name}`}>
      <h3 id={titleId}>
        {label.en} <span className="zh">{label.zh}</span> <code className="param-name">{name}</code>
      </h3>
      <p className="note">{label.about}</p>
      {entries.length === 0 ? (
        <p className="muted empty-parameter">No entries: this layer does not apply.</p>
      ) : (
        <div className="table-wrap">
          <table className="data entries" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Applies to</th>
                <th scope="col">Value</th>
                <th scope="col">From</th>
                <th scope="col">To (exclusive)</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, i) => (
                <tr key={i}>
                  <td className="num muted">{i}</td>
                  <td>
                    <EntryKeys entry={entry} />
                  </td>
                  <td>
                    <EntryValue parameter={name} entry={entry} />
                  </td>
                  <td className="date">{String(entry['from'])}</td>
                  <td className="date">
                    {typeof entry['to'] === 'string' ? (
                      entry['to']
                    ) : (
                      <span className="muted">open</span>
                    )}
                  </td>
                  <td className="note-cell">{entryNote(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Activate from a date, in a modal dialog that says what will happen and shows the API's issues. */
function ActivateButton({
  summary,
  onActivated,
}: {
  readonly summary: PolicySummaryView;
  readonly onActivated: (summary: PolicySummaryView) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [apiError, setApiError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const date = today();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  function close() {
    setOpen(false);
    opener.current?.focus();
  }

  async function submit(event: { preventDefault(): void }) {
    event.preventDefault();
    const checked = calendarDateSchema.safeParse(from);
    if (!checked.success) {
      setFieldError('Enter a date as YYYY-MM-DD.');
      return;
    }
    setFieldError(null);
    setApiError(null);
    setBusy(true);
    const result = await call(
      // The route reads its JSON body itself (no validator), so the client sends it as is.
      api.v1.policies[':id'].activate.$post(
        { param: { id: summary.id } },
        {
          headers: { 'content-type': 'application/json' },
          init: { body: JSON.stringify({ from: checked.data }) },
        },
      ),
    );
    setBusy(false);
    if (!result.ok) {
      setApiError(result.error);
      const atDate = result.error.issues.find(
        (i) => i.path[0] === 'from' || i.path[0] === 'activeFrom',
      );
      if (atDate !== undefined) setFieldError(atDate.message);
      return;
    }
    close();
    onActivated(result.data as PolicySummaryView);
  }

  return (
    <>
      <button
        ref={opener}
        type="button"
        className="primary"
        onClick={() => {
          setFrom(summary.activeFrom ?? '');
          setFieldError(null);
          setApiError(null);
          setOpen(true);
        }}
      >
        {summary.activeFrom === null ? 'Activate…' : 'Change activation…'}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${errorId}-title`}
        onClose={() => {
          setOpen(false);
        }}
      >
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h2 id={`${errorId}-title`}>Activate {summary.id}</h2>
          <p>
            Claims of region <strong>{summary.region}</strong> with a service date on or after the
            date below will be settled with this version, until a later version of the region
            starts.
          </p>
          <div className="field">
            <label htmlFor={`${errorId}-from`}>First service date</label>
            <input
              id={`${errorId}-from`}
              type="date"
              value={from}
              required
              aria-invalid={fieldError === null ? undefined : true}
              aria-describedby={fieldError === null ? undefined : errorId}
              onChange={(e) => {
                setFrom(e.target.value);
              }}
            />
            {fieldError === null ? null : (
              <span id={errorId} className="field-error">
                {fieldError}
              </span>
            )}
          </div>
          {from !== '' && from <= date ? (
            <p className="banner banner-warning" role="note">
              {from} is not in the future: claims settled from now on with a service date on or
              after it use this version. Settlements already made are not recalculated.
            </p>
          ) : null}
          {apiError === null ? null : <ErrorState error={apiError} />}
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Activating…' : `Activate from ${from === '' ? '…' : from}`}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
