import { useEffect, useRef, useState } from 'react';
import { api, call } from '../../api/client.ts';
import { Empty, ErrorState, Loading } from '../../ui/states.tsx';
import { useApi } from '../../ui/use-api.ts';

export interface FoundItem {
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
export function ItemLookup({
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
