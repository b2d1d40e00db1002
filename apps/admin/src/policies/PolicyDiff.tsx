import type { PolicyParameter } from '@openpayer/pricing';
import { api, call } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import type { PolicyDiffView } from './api.ts';
import { CompareForm } from './PoliciesList.tsx';
import { LAYERS, LAYER_LABELS, PARAMETER_LABELS } from './model.ts';
import { EntryKeys, EntryValue, Period, entryNote } from './values.tsx';

type Entry = Readonly<Record<string, unknown>>;
type ParameterChange = PolicyDiffView['parameters'][number];
type EntryChange = ParameterChange['entries'][number];

const STATUS_TEXT = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

export function PolicyDiff() {
  const { query } = useLocation();
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const versions = useApi(() => call(api.v1.policies.$get()), []);
  const ready = from !== '' && to !== '';
  const diff = useApi(
    () =>
      ready
        ? call(api.v1.policies.diff.$get({ query: { from, to } }))
        : Promise.resolve({ ok: true as const, data: null }),
    [from, to],
  );

  return (
    <section className="policies">
      <p className="breadcrumbs">
        <Link to="/policies">Policies</Link> › Compare versions
      </p>
      <h1>Compare policy versions</h1>
      {versions.state === 'ok' ? (
        <CompareForm
          key={`${from}|${to}`}
          items={versions.data.items}
          initialFrom={from}
          initialTo={to}
        />
      ) : null}
      {ready ? (
        <p className="diff-direction">
          From{' '}
          <Link to={`/policies/${encodeURIComponent(from)}`}>
            <code>{from}</code>
          </Link>{' '}
          to{' '}
          <Link to={`/policies/${encodeURIComponent(to)}`}>
            <code>{to}</code>
          </Link>{' '}
          <button
            type="button"
            onClick={() => {
              navigate(href('/policies/diff', { from: to, to: from }));
            }}
          >
            ⇄ Swap
          </button>
        </p>
      ) : (
        <Empty>Choose two versions to see what changed between them.</Empty>
      )}
      <Async loaded={diff} what="the differences">
        {(data) => (data === null ? null : <DiffView diff={data} />)}
      </Async>
    </section>
  );
}

function DiffView({ diff }: { readonly diff: PolicyDiffView }) {
  const { counts } = diff;
  const nothing = diff.fields.length === 0 && diff.parameters.length === 0;
  return (
    <>
      <dl className="diff-counts" data-testid="diff-counts">
        <div>
          <dt>Parameters changed</dt>
          <dd>{counts.parameters.changed}</dd>
        </div>
        <div>
          <dt>Parameters added</dt>
          <dd>{counts.parameters.added}</dd>
        </div>
        <div>
          <dt>Parameters removed</dt>
          <dd>{counts.parameters.removed}</dd>
        </div>
        <div className="change-changed">
          <dt>Entries changed</dt>
          <dd data-testid="count-entries-changed">{counts.entries.changed}</dd>
        </div>
        <div className="change-added">
          <dt>Entries added</dt>
          <dd data-testid="count-entries-added">{counts.entries.added}</dd>
        </div>
        <div className="change-removed">
          <dt>Entries removed</dt>
          <dd data-testid="count-entries-removed">{counts.entries.removed}</dd>
        </div>
        <div>
          <dt>Entries unchanged</dt>
          <dd>{counts.entries.unchanged}</dd>
        </div>
      </dl>
      {nothing ? (
        <Empty>
          The two versions have the same parameters
          {diff.from === diff.to ? ' (it is the same version)' : ''}.
        </Empty>
      ) : null}
      {diff.fields.length > 0 ? (
        <section className="panel">
          <h2>Version fields</h2>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {diff.fields.map((f) => (
                <tr key={f.field}>
                  <td>{f.field}</td>
                  <td className="before">{show(f.before)}</td>
                  <td className="after">{show(f.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {LAYERS.map(({ layer }) => {
        const changes = diff.parameters.filter((p) => p.layer === layer);
        if (changes.length === 0) return null;
        return (
          <section key={layer} className="layer" aria-labelledby={`diff-${layer}`}>
            <h2 id={`diff-${layer}`}>
              {LAYER_LABELS[layer].en} <span className="zh">{LAYER_LABELS[layer].zh}</span>
            </h2>
            {changes.map((p) => (
              <ParameterDiff key={p.parameter} change={p} />
            ))}
          </section>
        );
      })}
    </>
  );
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function ParameterDiff({ change }: { readonly change: ParameterChange }) {
  const name = change.parameter;
  const label = PARAMETER_LABELS[name];
  return (
    <div className="parameter" data-testid={`diff-${name}`}>
      <h3>
        {label.en} <span className="zh">{label.zh}</span> <code className="param-name">{name}</code>{' '}
        <span className={`badge change-${change.status}`}>{STATUS_TEXT[change.status]}</span>{' '}
        <span className="muted">
          {change.counts.changed} changed · {change.counts.added} added · {change.counts.removed}{' '}
          removed · {change.counts.unchanged} unchanged
        </span>
      </h3>
      <div className="table-wrap">
        <table className="data diff-table">
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Applies to</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {change.entries.map((entry, i) => (
              <EntryRow key={i} parameter={name} entry={entry} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function EntryRow({
  parameter,
  entry,
}: {
  readonly parameter: PolicyParameter;
  readonly entry: EntryChange;
}) {
  const before = entry.before as Entry | null;
  const after = entry.after as Entry | null;
  const changed = new Set(entry.fields);
  return (
    <tr className={`change-${entry.status}`} data-testid="diff-entry">
      <td>
        <span className={`badge change-${entry.status}`}>{STATUS_TEXT[entry.status]}</span>
        {entry.fields.length > 0 ? (
          <div className="muted changed-fields">{entry.fields.join(', ')}</div>
        ) : null}
      </td>
      <td>
        <EntryKeys entry={after ?? before ?? {}} />
      </td>
      <Side parameter={parameter} entry={before} changed={changed} side="before" />
      <Side parameter={parameter} entry={after} changed={changed} side="after" />
    </tr>
  );
}

function Side({
  parameter,
  entry,
  changed,
  side,
}: {
  readonly parameter: PolicyParameter;
  readonly entry: Entry | null;
  readonly changed: ReadonlySet<string>;
  readonly side: 'before' | 'after';
}) {
  if (entry === null) {
    return (
      <td className={side}>
        <span className="muted">—</span>
      </td>
    );
  }
  const valueChanged = [...changed].some((f) => !['from', 'to', 'note', 'key'].includes(f));
  return (
    <td className={side} data-testid={`diff-${side}`}>
      <div className={valueChanged ? 'changed-part' : undefined}>
        <EntryValue parameter={parameter} entry={entry} />
      </div>
      <div className={changed.has('from') || changed.has('to') ? 'changed-part' : 'muted'}>
        <Period entry={entry} />
      </div>
      {entryNote(entry) === '' ? null : (
        <div className={changed.has('note') ? 'changed-part note-cell' : 'muted note-cell'}>
          {entryNote(entry)}
        </div>
      )}
    </td>
  );
}
