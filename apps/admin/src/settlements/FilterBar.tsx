import { type SyntheticEvent, useEffect, useState } from 'react';
import { navigate } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { Link } from '../ui/Link.tsx';
import { type SettlementFilters, filtersHref } from './filters.ts';

/**
 * The filters shared by the list and the totals chart, and the tabs between them (which keep the
 * filters). Selects and dates apply at once; the text fields on Apply (or Enter).
 */
export function FilterBar({
  path,
  filters,
}: {
  readonly path: '/settlements' | '/settlements/totals';
  readonly filters: SettlementFilters;
}) {
  const principal = usePrincipal();
  const ownInstitution =
    principal.role === 'institution_integrator' ? principal.institutionCode : null;
  const [institution, setInstitution] = useState(filters.institution);
  const [claim, setClaim] = useState(filters.claim);
  useEffect(() => {
    setInstitution(filters.institution);
    setClaim(filters.claim);
  }, [filters.institution, filters.claim]);

  const go = (change: Partial<SettlementFilters>) => {
    navigate(filtersHref(path, { ...filters, cursors: [], ...change }), { replace: true });
  };

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    go({ institution: institution.trim(), claim: claim.trim() });
  }

  const tabs = { ...filters, cursors: [] };
  return (
    <>
      <nav className="section-tabs" aria-label="Settlement views">
        <Link
          to={filtersHref('/settlements', tabs)}
          aria-current={path === '/settlements' ? 'page' : undefined}
        >
          List
        </Link>
        <Link
          to={filtersHref('/settlements/totals', tabs)}
          aria-current={path === '/settlements/totals' ? 'page' : undefined}
        >
          Totals by month
        </Link>
      </nav>
      <form className="filters" role="search" aria-label="Filter settlements" onSubmit={submit}>
        <label className="field">
          <span>Institution</span>
          <input
            name="institution"
            value={ownInstitution ?? institution}
            disabled={ownInstitution !== null}
            placeholder="H23010300012"
            onChange={(e) => {
              setInstitution(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span>Status</span>
          <select
            name="status"
            value={filters.status}
            onChange={(e) => {
              go({ status: e.target.value as SettlementFilters['status'] });
            }}
          >
            <option value="">Any status</option>
            <option value="settled">Settled</option>
            <option value="reversed">Reversed</option>
            <option value="held">Held for review (暂缓支付)</option>
            <option value="released">Released</option>
          </select>
        </label>
        <label className="field">
          <span>Service from</span>
          <input
            type="date"
            name="from"
            value={filters.from}
            onChange={(e) => {
              go({ from: e.target.value });
            }}
          />
        </label>
        <label className="field">
          <span>Service to</span>
          <input
            type="date"
            name="to"
            value={filters.to}
            onChange={(e) => {
              go({ to: e.target.value });
            }}
          />
        </label>
        <label className="field">
          <span>Claim id</span>
          <input
            name="claim"
            value={claim}
            onChange={(e) => {
              setClaim(e.target.value);
            }}
          />
        </label>
        <button type="submit">Apply</button>
        <button
          type="button"
          onClick={() => {
            navigate(path, { replace: true });
          }}
        >
          Clear
        </button>
      </form>
    </>
  );
}
