import { CHANGE_KINDS } from '@openpayer/catalog';
import { type ReactNode, useId, useState } from 'react';
import { href, navigate } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { OffsetPager } from '../ui/Pager.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import {
  type CatalogDiffView,
  type ItemChangeView,
  type ItemView,
  type ReleaseSummary,
  diffReleases,
  listReleases,
} from './api.ts';
import { ChangeRows } from './ChangeValue.tsx';
import { CHANGE_LABEL, CLASS_LABEL, KIND_LABEL } from './labels.ts';
import { ReleasePicker } from './ReleasePicker.tsx';
import { type CHANGE_COLORS } from './ReleasesPage.tsx';
import { itemHref } from './SearchPage.tsx';

/** How many entries of each list the API is asked for; the counts are always complete. */
const DIFF_LIMIT = 2000;
/** Entries per page of each list (paged here, in the browser). */
const PAGE = 25;

/** `/catalog/diff?from=A&to=B`: what a dynamic adjustment changes, entry by entry. */
export function DiffPage({ query }: { readonly query: URLSearchParams }) {
  const releases = useApi(listReleases, []);
  return (
    <Async loaded={releases} what="catalog releases">
      {({ items }) =>
        items.length < 2 ? (
          <Empty>
            There is only {items.length === 0 ? 'no' : 'one'} release: import another to compare
            versions.
          </Empty>
        ) : (
          <Diff
            releases={items}
            from={query.get('from') ?? items.at(-2)?.id ?? ''}
            to={query.get('to') ?? items.at(-1)?.id ?? ''}
          />
        )
      }
    </Async>
  );
}

function Diff({
  releases,
  from,
  to,
}: {
  readonly releases: readonly ReleaseSummary[];
  readonly from: string;
  readonly to: string;
}) {
  const ids = useId();
  const diff = useApi(() => diffReleases(from, to, DIFF_LIMIT), [from, to]);
  const pick = (next: { from?: string; to?: string }) => {
    navigate(href('/catalog/diff', { from, to, ...next }), { replace: true });
  };
  return (
    <>
      <div className="filters">
        <ReleasePicker
          id={`${ids}-from`}
          label="From (before)"
          releases={releases}
          value={from}
          onChange={(id) => {
            pick({ from: id });
          }}
        />
        <ReleasePicker
          id={`${ids}-to`}
          label="To (after)"
          releases={releases}
          value={to}
          onChange={(id) => {
            pick({ to: id });
          }}
        />
        <button
          type="button"
          onClick={() => {
            pick({ from: to, to: from });
          }}
        >
          ⇄ Swap
        </button>
      </div>
      {from === to ? (
        <Empty>Pick two different releases to compare.</Empty>
      ) : (
        <Async loaded={diff} what="the differences">
          {(data) => <DiffView diff={data} />}
        </Async>
      )}
    </>
  );
}

function DiffView({ diff }: { readonly diff: CatalogDiffView }) {
  const { counts } = diff;
  return (
    <>
      <div className="catalog-counts" data-testid="catalog-counts">
        <Count label="Added" value={counts.added} tone="added" />
        <Count label="Removed" value={counts.removed} tone="removed" />
        <Count label="Changed" value={counts.changed} tone="changed" />
        <Count label="Unchanged" value={counts.unchanged} tone="unchanged" />
      </div>
      {counts.changed > 0 ? (
        <p className="muted by-change">
          Changed fields:{' '}
          {CHANGE_KINDS.filter((k) => counts.byChange[k] > 0)
            .map(
              (k) => `${CHANGE_LABEL[k].toLowerCase()} ${counts.byChange[k].toLocaleString('en')}`,
            )
            .join(' · ')}
        </p>
      ) : null}
      {diff.truncated ? (
        <p className="banner banner-warning" role="note" data-testid="truncated">
          The lists below are cut at the first {DIFF_LIMIT.toLocaleString('en')} entries of each
          kind; the counts above are complete.
        </p>
      ) : null}

      <DiffList
        title="Added"
        testId="added"
        total={counts.added}
        entries={diff.added}
        empty={`Nothing was added in ${diff.to}.`}
        render={(items) => <ItemTable items={items} releaseId={diff.to} />}
      />
      <DiffList
        title="Removed"
        testId="removed"
        total={counts.removed}
        entries={diff.removed}
        empty={`Nothing in ${diff.from} was removed.`}
        render={(items) => <ItemTable items={items} releaseId={diff.from} />}
      />
      <DiffList
        title="Changed"
        testId="changed"
        total={counts.changed}
        entries={diff.changed}
        empty="No entry present in both releases changed."
        render={(changes) => (
          <div className="changes">
            {changes.map((change) => (
              <ChangedItem key={change.itemId} change={change} from={diff.from} to={diff.to} />
            ))}
          </div>
        )}
      />
    </>
  );
}

function Count({
  label,
  value,
  tone,
}: {
  readonly label: string;
  readonly value: number;
  readonly tone: keyof typeof CHANGE_COLORS | 'unchanged';
}) {
  return (
    <div className={`count count-${tone}`} data-testid={`count-${tone}`}>
      <span className="count-value">{value.toLocaleString('en')}</span>
      <span className="count-label">{label}</span>
    </div>
  );
}

function DiffList<T>({
  title,
  testId,
  total,
  entries,
  empty,
  render,
}: {
  readonly title: string;
  readonly testId: string;
  readonly total: number;
  readonly entries: readonly T[];
  readonly empty: string;
  readonly render: (page: readonly T[]) => ReactNode;
}) {
  const [offset, setOffset] = useState(0);
  const headingId = useId();
  return (
    <section className="diff-list" aria-labelledby={headingId} data-testid={`list-${testId}`}>
      <h3 id={headingId}>
        {title} <span className="muted">({total.toLocaleString('en')})</span>
      </h3>
      {total === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          {entries.length < total ? (
            <p className="muted small">
              Showing the first {entries.length.toLocaleString('en')} of{' '}
              {total.toLocaleString('en')} (the list was cut by the API).
            </p>
          ) : null}
          {render(entries.slice(offset, offset + PAGE))}
          {entries.length > PAGE ? (
            <OffsetPager
              offset={offset}
              limit={PAGE}
              total={entries.length}
              label={`${title} pages`}
              onChange={setOffset}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function ItemTable({
  items,
  releaseId,
}: {
  readonly items: readonly ItemView[];
  readonly releaseId: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Class</th>
            <th scope="col">Kind</th>
            <th scope="col">Restriction</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td lang="zh">
                <Link to={itemHref(releaseId, item.id, {})}>{item.name}</Link>
                <div className="muted small">
                  <code>{item.id}</code>
                </div>
              </td>
              <td>{CLASS_LABEL[item.coverageClass]}</td>
              <td>{KIND_LABEL[item.kind]}</td>
              <td className="restriction-summary">
                {item.restrictionText === null ? (
                  <span className="muted">none</span>
                ) : (
                  <span className="clamp" lang="zh" title={item.restrictionText}>
                    {item.restrictionText}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangedItem({
  change,
  from,
  to,
}: {
  readonly change: ItemChangeView;
  readonly from: string;
  readonly to: string;
}) {
  return (
    <article className="change panel" data-item={change.itemId}>
      <h4 lang="zh">
        <Link to={itemHref(to, change.itemId, {})}>{change.name}</Link>{' '}
        <code className="muted small">{change.itemId}</code>
      </h4>
      <div className="table-wrap">
        <table className="data change-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">
                Before <span className="muted">· {from}</span>
              </th>
              <th scope="col">
                After <span className="muted">· {to}</span>
              </th>
            </tr>
          </thead>
          <ChangeRows changes={change.changes} />
        </table>
      </div>
    </article>
  );
}
