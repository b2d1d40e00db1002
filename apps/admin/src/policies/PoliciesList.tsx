import { may } from '@openpayer/domain';
import {
  type VersionState,
  type VersionStatus,
  VERSION_STATUSES,
  versionStates,
} from '@openpayer/pricing';
import { call, api } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { timestamp } from '../ui/format.ts';
import { CompareForm as IdCompareForm } from '../ui/CompareForm.tsx';
import { Link } from '../ui/Link.tsx';
import { OffsetPager } from '../ui/Pager.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import type { PolicySummaryView } from './api.ts';
import { STATUS_LABELS, today } from './model.ts';

const PAGE = 25;

export function StatusBadge({ state }: { readonly state: VersionState | undefined }) {
  const status = state?.status ?? 'not_activated';
  return (
    <span className={`badge status-${status}`} data-testid="policy-status">
      {STATUS_LABELS[status]}
    </span>
  );
}

/** "2025-01-01 → 2030-01-01", "from 2030-01-01", or "—" (not activated). */
export function InForce({
  summary,
  state,
}: {
  readonly summary: PolicySummaryView;
  readonly state: VersionState | undefined;
}) {
  if (summary.activeFrom === null) return <span className="muted">—</span>;
  return (
    <span className="period">
      {summary.activeFrom} →{' '}
      {state?.until === undefined || state.until === null ? (
        <span className="muted">open</span>
      ) : (
        <span title={`until the day before ${state.until}`}>{state.until}</span>
      )}
    </span>
  );
}

export function PoliciesList() {
  const principal = usePrincipal();
  const { query } = useLocation();
  const region = query.get('region') ?? '';
  const status = (query.get('status') ?? '') as VersionStatus | '';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const loaded = useApi(() => call(api.v1.policies.$get()), []);
  const date = today();

  const go = (next: Record<string, string | undefined>) => {
    navigate(
      href('/policies', {
        region,
        status,
        offset: offset === 0 ? undefined : String(offset),
        ...next,
      }),
      { replace: true },
    );
  };

  return (
    <section className="policies">
      <div className="page-head">
        <h1>Policies</h1>
        {may(principal.role, 'upload_policy') ? (
          <Link to="/policies/upload" className="button primary">
            Upload a version
          </Link>
        ) : null}
      </div>
      <p className="intro-text">
        Benefit-design versions (待遇政策) by region. A version is used for claims with a service
        date from its activation on, until the region&rsquo;s next version starts.
      </p>
      <Async loaded={loaded} what="policy versions">
        {({ items }) => {
          const states = versionStates(items, date);
          const regions = [...new Set(items.map((v) => v.region))].sort();
          const shown = items.filter(
            (v) =>
              (region === '' || v.region === region) &&
              (status === '' || states.get(v.id)?.status === status),
          );
          const page = shown.slice(offset, offset + PAGE);
          return (
            <>
              <InForceToday items={items} states={states} date={date} />
              <CompareForm items={items} />
              <div className="filters" role="search">
                <label className="field">
                  <span>Region</span>
                  <select
                    value={region}
                    onChange={(e) => {
                      go({ region: e.target.value, offset: undefined });
                    }}
                  >
                    <option value="">All regions</option>
                    {regions.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Status</span>
                  <select
                    value={status}
                    onChange={(e) => {
                      go({ status: e.target.value, offset: undefined });
                    }}
                  >
                    <option value="">Any status</option>
                    {VERSION_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {STATUS_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {shown.length === 0 ? (
                <Empty>
                  {items.length === 0
                    ? 'No policy versions are stored yet.'
                    : 'No version matches these filters.'}
                </Empty>
              ) : (
                <div className="table-wrap">
                  <table className="data" data-testid="policy-versions">
                    <caption className="visually-hidden">Policy versions</caption>
                    <thead>
                      <tr>
                        <th scope="col">Version</th>
                        <th scope="col">Title</th>
                        <th scope="col">Region</th>
                        <th scope="col">Status</th>
                        <th scope="col">In force</th>
                        <th scope="col">Published</th>
                        <th scope="col">Activated by</th>
                        <th scope="col">Uploaded</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.map((v) => (
                        <tr key={v.id} data-policy={v.id}>
                          <td className="version-id">
                            <Link to={`/policies/${encodeURIComponent(v.id)}`}>
                              <code>{v.id}</code>
                            </Link>
                          </td>
                          <td>{v.title}</td>
                          <td>{v.region}</td>
                          <td>
                            <StatusBadge state={states.get(v.id)} />
                          </td>
                          <td>
                            <InForce summary={v} state={states.get(v.id)} />
                          </td>
                          <td className="date">{v.publishedOn}</td>
                          <td>{v.activatedBy ?? <span className="muted">—</span>}</td>
                          <td className="date">{timestamp(v.createdAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <OffsetPager
                offset={offset}
                limit={PAGE}
                total={shown.length}
                label="Policy version pages"
                onChange={(next) => {
                  go({ offset: next === 0 ? undefined : String(next) });
                }}
              />
            </>
          );
        }}
      </Async>
    </section>
  );
}

/** Per region: the version in force today, and what is scheduled next. */
function InForceToday({
  items,
  states,
  date,
}: {
  readonly items: readonly PolicySummaryView[];
  readonly states: Map<string, VersionState>;
  readonly date: string;
}) {
  const regions = [...new Set(items.map((v) => v.region))].sort();
  if (regions.length === 0) return null;
  return (
    <div className="region-cards" aria-label={`In force today, ${date}`} role="group">
      {regions.map((region) => {
        const ofRegion = items.filter((v) => v.region === region);
        const active = ofRegion.find((v) => states.get(v.id)?.status === 'active');
        const scheduled = ofRegion
          .filter((v) => states.get(v.id)?.status === 'scheduled')
          .sort((a, b) => ((a.activeFrom ?? '') < (b.activeFrom ?? '') ? -1 : 1));
        const uploaded = ofRegion.filter(
          (v) => states.get(v.id)?.status === 'not_activated',
        ).length;
        return (
          <article className="panel region-card" key={region} data-region={region}>
            <h2>
              Region <span className="region-code">{region}</span>
            </h2>
            {active === undefined ? (
              <p className="muted">No version in force today ({date}).</p>
            ) : (
              <p data-testid="active-version">
                In force today:{' '}
                <Link to={`/policies/${encodeURIComponent(active.id)}`}>
                  <code>{active.id}</code>
                </Link>{' '}
                since {active.activeFrom}
                <br />
                <span className="muted">{active.title}</span>
              </p>
            )}
            {scheduled.length > 0 ? (
              <ul className="scheduled">
                {scheduled.map((v) => (
                  <li key={v.id}>
                    Scheduled:{' '}
                    <Link to={`/policies/${encodeURIComponent(v.id)}`}>
                      <code>{v.id}</code>
                    </Link>{' '}
                    from {v.activeFrom}
                  </li>
                ))}
              </ul>
            ) : null}
            {uploaded > 0 ? (
              <p className="muted">
                {uploaded} uploaded version{uploaded === 1 ? '' : 's'} not activated
              </p>
            ) : null}
          </article>
        );
      })}
    </div>
  );
}

/** Pick two versions and open their diff. */
export function CompareForm({
  items,
  initialFrom = '',
  initialTo = '',
}: {
  readonly items: readonly PolicySummaryView[];
  readonly initialFrom?: string;
  readonly initialTo?: string;
}) {
  return (
    <IdCompareForm
      ids={items.map((v) => v.id)}
      diffPath="/policies/diff"
      label="Compare two versions"
      className="filters compare-form"
      from={{ label: 'From version', placeholder: 'Earlier version…' }}
      to={{ label: 'To version', placeholder: 'Later version…' }}
      missing="Choose both versions."
      same="Choose two different versions."
      initialFrom={initialFrom}
      initialTo={initialTo}
    />
  );
}
