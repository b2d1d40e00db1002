import { APPROVAL_KINDS, APPROVAL_STATUSES, type ApprovalKind } from '@openpayer/catalog';
import { type SyntheticEvent, useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { CursorPager, cursorsOf, pagesParam } from '../ui/Pager.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { KIND_LABELS, STATUS_LABELS, StatusBadge, TIER_LABELS, TITLE_LABELS } from './labels.tsx';
import { pseudonym } from './pseudonym.ts';

const PAGE_SIZE = '20';

/** The queue's filters as they sit in the URL (`status` absent = pending; `all` = any status). */
function filtersOf(query: URLSearchParams) {
  const status = query.get('status') ?? 'requested';
  const kind = query.get('kind') ?? '';
  return {
    status:
      status === 'all' || (APPROVAL_STATUSES as readonly string[]).includes(status)
        ? status
        : 'requested',
    kind: (APPROVAL_KINDS as readonly string[]).includes(kind)
      ? (kind as ApprovalKind)
      : ('' as const),
    institution: query.get('institution') ?? '',
    cursors: cursorsOf(query),
  };
}

type Filters = ReturnType<typeof filtersOf>;

function queueHref(filters: Filters) {
  return href('/approvals', {
    status: filters.status === 'requested' ? undefined : filters.status,
    kind: filters.kind,
    institution: filters.institution,
    pages: pagesParam(filters.cursors),
  });
}

/**
 * The approval queue: pending requests by default (newest first), each with what a reviewer
 * weighs — the item, the (pseudonymised) patient, who asks and why, the alternatives tried.
 */
export function ApprovalQueue() {
  const { query } = useLocation();
  const filters = filtersOf(query);
  const [institution, setInstitution] = useState(filters.institution);
  useEffect(() => {
    setInstitution(filters.institution);
  }, [filters.institution]);

  const after = filters.cursors.at(-1);
  const loaded = useApi(
    () =>
      call(
        api.v1.approvals.$get({
          query: {
            limit: PAGE_SIZE,
            ...(filters.status === 'all'
              ? {}
              : { status: filters.status as (typeof APPROVAL_STATUSES)[number] }),
            ...(filters.kind === '' ? {} : { kind: filters.kind }),
            ...(filters.institution === '' ? {} : { institution: filters.institution }),
            ...(after === undefined ? {} : { after }),
          },
        }),
      ),
    [filters.status, filters.kind, filters.institution, after],
  );

  const go = (change: Partial<Filters>) => {
    navigate(queueHref({ ...filters, cursors: [], ...change }), { replace: true });
  };

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    go({ institution: institution.trim() });
  }

  return (
    <section className="approvals-queue">
      <h1>Approvals</h1>
      <p className="intro-text">
        Out-of-catalog and restricted-use requests (目录外 / 特殊用药审批). Patients are shown by
        pseudonym only.
      </p>
      <form className="filters" role="search" aria-label="Filter approvals" onSubmit={submit}>
        <label className="field">
          <span>Status</span>
          <select
            value={filters.status}
            onChange={(e) => {
              go({ status: e.target.value });
            }}
          >
            {APPROVAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
            <option value="all">Any status</option>
          </select>
        </label>
        <label className="field">
          <span>Kind</span>
          <select
            value={filters.kind}
            onChange={(e) => {
              go({ kind: e.target.value as ApprovalKind | '' });
            }}
          >
            <option value="">Any kind</option>
            {APPROVAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Institution code</span>
          <input
            value={institution}
            placeholder="H23010300012"
            onChange={(e) => {
              setInstitution(e.target.value);
            }}
          />
        </label>
        <button type="submit">Apply</button>
      </form>
      <Async loaded={loaded} what="approvals">
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <Empty>
                {filters.status === 'requested'
                  ? 'No pending requests — the queue is clear.'
                  : 'No approvals match these filters.'}
              </Empty>
            ) : (
              <div className="table-wrap">
                <table className="data" data-testid="approvals">
                  <caption className="visually-hidden">Approvals, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Request</th>
                      <th scope="col">Item</th>
                      <th scope="col">Patient</th>
                      <th scope="col">Requested by</th>
                      <th scope="col">Reason</th>
                      <th scope="col" title="Alternatives considered">
                        Alternatives
                      </th>
                      <th scope="col" className="num">
                        Quantity
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map(({ approval: a }) => (
                      <tr key={a.id}>
                        <td>
                          <Link to={`/approvals/${encodeURIComponent(a.id)}`}>{a.id}</Link>{' '}
                          <StatusBadge status={a.status} />
                          <div className="muted">
                            {a.requestedOn} · {KIND_LABELS[a.kind]}
                          </div>
                        </td>
                        <td>
                          <div>{a.item.name}</div>
                          <code className="muted">{a.item.code}</code>
                        </td>
                        <td>
                          <span className="pseudonym" title="Pseudonym of the insured person">
                            {pseudonym(a.personId)}
                          </span>
                        </td>
                        <td>
                          <div>{a.institution.code}</div>
                          <div className="muted">
                            {TIER_LABELS[a.institution.tier] ?? a.institution.tier} ·{' '}
                            {TITLE_LABELS[a.requestedBy.title]}
                          </div>
                        </td>
                        <td className="reason">
                          <span className="clamp" title={a.reason}>
                            {a.reason}
                          </span>
                        </td>
                        <td>
                          {a.alternativesConsidered.length === 0 ? (
                            <span className="muted">none named</span>
                          ) : (
                            <ul className="alternatives">
                              {a.alternativesConsidered.map((alt) => (
                                <li key={alt}>{alt}</li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td className="num">
                          {a.requestedQuantity}
                          <div className="muted">{a.requestedDays} days</div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <CursorPager
              label="Approval pages"
              cursors={filters.cursors}
              next={page.next}
              onChange={(cursors) => {
                navigate(queueHref({ ...filters, cursors: [...cursors] }));
              }}
            />
          </>
        )}
      </Async>
    </section>
  );
}
