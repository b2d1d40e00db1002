import { COVERAGE_CLASSES, RESTRICTION_KINDS } from '@openpayer/catalog';
import { ITEM_KINDS } from '@openpayer/domain';
import { type SyntheticEvent, useId } from 'react';
import { href, navigate } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { OffsetPager } from '../ui/Pager.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type ItemView, type ReleaseSummary, listReleases, newest, searchItems } from './api.ts';
import { PAGE_SIZES, type SearchState, isFiltered, readSearch, searchQuery } from './filters.ts';
import {
  CLASS_LABEL,
  KIND_LABEL,
  RESTRICTION_LABEL,
  RESTRICTION_TAG,
  STRUCTURING_LABEL,
} from './labels.ts';
import { ReleasePicker } from './ReleasePicker.tsx';
import { restrictionKinds } from './Restrictions.tsx';

/** `/catalog`: search and filter the items of a release; every filter is in the URL. */
export function SearchPage({ query }: { readonly query: URLSearchParams }) {
  const releases = useApi(listReleases, []);
  return (
    <Async loaded={releases} what="catalog releases">
      {({ items }) => {
        const latest = newest(items);
        if (latest === undefined) {
          return <Empty>No catalog release has been imported yet.</Empty>;
        }
        return <Search releases={items} fallback={latest} state={readSearch(query)} />;
      }}
    </Async>
  );
}

function go(state: SearchState) {
  navigate(href('/catalog', searchQuery(state)), { replace: true });
}

function Search({
  releases,
  fallback,
  state,
}: {
  readonly releases: readonly ReleaseSummary[];
  readonly fallback: ReleaseSummary;
  readonly state: SearchState;
}) {
  const ids = useId();
  const release = releases.find((r) => r.id === state.release) ?? fallback;
  const results = useApi(
    () => searchItems(release.id, state, state.offset, state.limit),
    [
      release.id,
      state.q,
      state.class,
      state.kind,
      state.restriction,
      state.negotiated,
      state.unparsed,
      state.offset,
      state.limit,
    ],
  );

  /** A filter change starts again from the first page. */
  const set = (change: Partial<SearchState>) => {
    go({ ...state, ...change, offset: 0 });
  };

  function onSubmit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = new FormData(event.currentTarget).get('q');
    set({ q: typeof q === 'string' ? q.trim() : '' });
  }

  const clear = () => {
    go({ ...readSearch(new URLSearchParams()), release: state.release, limit: state.limit });
  };

  return (
    <>
      <form className="filters catalog-filters" role="search" onSubmit={onSubmit}>
        <ReleasePicker
          id={`${ids}-release`}
          label="Release"
          releases={releases}
          value={release.id}
          onChange={(id) => {
            set({ release: id });
          }}
        />
        <div className="field field-grow">
          <label htmlFor={`${ids}-q`}>Name, code or item id</label>
          <div className="search-box">
            <input
              id={`${ids}-q`}
              key={state.q}
              name="q"
              type="search"
              defaultValue={state.q}
              maxLength={100}
              placeholder="e.g. 奥希替尼, XL01EB"
            />
            <button type="submit" className="primary">
              Search
            </button>
          </div>
        </div>
        <Choice
          id={`${ids}-class`}
          label="Class"
          value={state.class}
          options={COVERAGE_CLASSES.map((c) => [c, CLASS_LABEL[c]])}
          onChange={(v) => {
            set({ class: v });
          }}
        />
        <Choice
          id={`${ids}-kind`}
          label="Item kind"
          value={state.kind}
          options={ITEM_KINDS.map((k) => [k, KIND_LABEL[k]])}
          onChange={(v) => {
            set({ kind: v });
          }}
        />
        <Choice
          id={`${ids}-restriction`}
          label="Restriction kind"
          value={state.restriction}
          options={RESTRICTION_KINDS.map((k) => [k, RESTRICTION_LABEL[k]])}
          onChange={(v) => {
            set({ restriction: v });
          }}
        />
        <Choice
          id={`${ids}-negotiated`}
          label="Negotiated"
          value={state.negotiated}
          options={[
            ['true', 'Yes (谈判/竞价)'],
            ['false', 'No'],
          ]}
          onChange={(v) => {
            set({ negotiated: v });
          }}
        />
        <Choice
          id={`${ids}-unparsed`}
          label="Unparsed text"
          value={state.unparsed}
          options={[
            ['true', 'Has unparsed text'],
            ['false', 'None left'],
          ]}
          onChange={(v) => {
            set({ unparsed: v });
          }}
        />
        {isFiltered(state) ? (
          <button type="button" className="link clear-filters" onClick={clear}>
            Clear filters
          </button>
        ) : null}
      </form>

      <Async loaded={results} what="items">
        {(page) =>
          page.total === 0 ? (
            <div className="state state-empty" data-testid="no-results">
              <p>
                No item in <strong>{release.id}</strong> matches {describe(state)}.
              </p>
              <button type="button" onClick={clear}>
                Clear filters
              </button>
            </div>
          ) : (
            <>
              <div className="results-head">
                <p role="status" data-testid="result-count">
                  <strong>{page.total.toLocaleString('en')}</strong>{' '}
                  {page.total === 1 ? 'item' : 'items'} in {release.id}
                  {isFiltered(state) ? ` matching ${describe(state)}` : ''}
                </p>
                <div className="field field-inline">
                  <label htmlFor={`${ids}-limit`}>Per page</label>
                  <select
                    id={`${ids}-limit`}
                    value={state.limit}
                    onChange={(event) => {
                      set({ limit: Number(event.target.value) });
                    }}
                  >
                    {PAGE_SIZES.map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <ResultsTable items={page.items} state={{ ...state, release: release.id }} />
              <OffsetPager
                offset={page.offset}
                limit={page.limit}
                total={page.total}
                label="Result pages"
                onChange={(offset) => {
                  navigate(href('/catalog', searchQuery({ ...state, offset })));
                }}
              />
            </>
          )
        }
      </Async>
    </>
  );
}

function Choice<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: T | '';
  readonly options: readonly (readonly [T, string])[];
  readonly onChange: (value: T | '') => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          const picked = options.find(([v]) => v === event.target.value);
          onChange(picked === undefined ? '' : picked[0]);
        }}
      >
        <option value="">Any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The active filters in words, for the result line and the empty state. */
function describe(state: SearchState): string {
  const parts: string[] = [];
  if (state.q.trim() !== '') parts.push(`“${state.q.trim()}”`);
  if (state.class !== '') parts.push(`class ${CLASS_LABEL[state.class]}`);
  if (state.kind !== '') parts.push(`kind ${KIND_LABEL[state.kind]}`);
  if (state.restriction !== '') {
    parts.push(`restriction ${RESTRICTION_LABEL[state.restriction]}`);
  }
  if (state.negotiated !== '')
    parts.push(state.negotiated === 'true' ? 'negotiated' : 'not negotiated');
  if (state.unparsed !== '') {
    parts.push(state.unparsed === 'true' ? 'with unparsed text' : 'without unparsed text');
  }
  return parts.length === 0 ? 'these filters' : parts.join(', ');
}

export function itemHref(releaseId: string, itemId: string, state: Partial<SearchState>) {
  return href('/catalog/items', { ...searchQuery({ ...state, release: releaseId }), id: itemId });
}

function ResultsTable({
  items,
  state,
}: {
  readonly items: readonly ItemView[];
  readonly state: SearchState;
}) {
  return (
    <div className="table-wrap">
      <table className="data catalog-results">
        <caption className="visually-hidden">Catalog items</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Name</th>
            <th scope="col">Class</th>
            <th scope="col" className="col-kind">
              Kind · form
            </th>
            <th scope="col" className="col-price">
              Payment standard
            </th>
            <th scope="col">Restriction</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td className="item-id">
                <code>{item.categoryCode ?? item.id.split('/')[0]}</code>
                {item.codes.length > 0 ? (
                  <div className="muted small">
                    {item.codes.length === 1 ? (
                      <code>{item.codes[0]}</code>
                    ) : (
                      `${item.codes.length.toLocaleString('en')} codes`
                    )}
                  </div>
                ) : null}
              </td>
              <td lang="zh">
                <Link to={itemHref(state.release, item.id, state)} className="item-name">
                  {item.name}
                </Link>
                {item.negotiated ? (
                  <>
                    {' '}
                    <span className="badge badge-info">negotiated</span>
                  </>
                ) : null}
                {item.categoryName === null ? null : (
                  <div className="muted small">{item.categoryName}</div>
                )}
              </td>
              <td>
                <span className={`badge class-${item.coverageClass}`}>
                  {CLASS_LABEL[item.coverageClass]}
                </span>
              </td>
              <td className="col-kind">
                {KIND_LABEL[item.kind]}
                {item.dosageForm === null ? null : (
                  <div className="muted small">{item.dosageForm}</div>
                )}
              </td>
              <td className="col-price">
                {item.paymentStandard === null ? (
                  <span className="muted">—</span>
                ) : item.paymentStandard.confidential ? (
                  <span className="muted">confidential (*)</span>
                ) : (
                  <span lang="zh">{item.paymentStandard.text}</span>
                )}
              </td>
              <td className="restriction-summary">
                <RestrictionSummary item={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RestrictionSummary({ item }: { readonly item: ItemView }) {
  if (item.restrictionText === null) return <span className="muted">none</span>;
  const kinds = restrictionKinds(item);
  return (
    <>
      <span className="clamp" lang="zh" title={item.restrictionText}>
        {item.restrictionText}
      </span>
      <div className="chips">
        {kinds.map((k) => (
          <span key={k} className="chip">
            {RESTRICTION_TAG[k]}
          </span>
        ))}
        {item.indications.length > 0 ? (
          <span className="chip">{item.indications.length} indications</span>
        ) : null}
        {item.unparsed.length > 0 ? (
          <span className="badge badge-warning" title={STRUCTURING_LABEL[item.structuring]}>
            {item.unparsed.length} unparsed
          </span>
        ) : null}
      </div>
    </>
  );
}
