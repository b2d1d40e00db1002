import { type SyntheticEvent, useEffect, useState } from 'react';
import { navigate } from '../app/router.ts';
import { InstitutionField } from '../ui/InstitutionField.tsx';
import { SectionTabs } from '../ui/SectionTabs.tsx';
import { type SettlementFilters, type StatusLabels, filtersHref, statusIn } from './filters.ts';

/**
 * The filters shared by the list and the totals chart, and the tabs between them (which keep the
 * filters). Selects and dates apply at once; the text fields on Apply (or Enter). The status
 * select offers the statuses the screen's endpoint takes (`statuses`), and `anyStatus` for none.
 */
export function FilterBar<S extends string>({
  path,
  filters,
  statuses,
  anyStatus,
}: {
  readonly path: '/settlements' | '/settlements/totals';
  readonly filters: SettlementFilters<S>;
  readonly statuses: StatusLabels<S>;
  readonly anyStatus: string;
}) {
  const [institution, setInstitution] = useState(filters.institution);
  const [claim, setClaim] = useState(filters.claim);
  useEffect(() => {
    setInstitution(filters.institution);
    setClaim(filters.claim);
  }, [filters.institution, filters.claim]);

  const go = (change: Partial<SettlementFilters<S>>) => {
    navigate(filtersHref(path, { ...filters, cursors: [], ...change }), { replace: true });
  };

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    go({ institution: institution.trim(), claim: claim.trim() });
  }

  const tabs = { ...filters, cursors: [] };
  return (
    <>
      <SectionTabs
        label="Settlement views"
        current={path}
        tabs={[
          { key: '/settlements', to: filtersHref('/settlements', tabs), label: 'List' },
          {
            key: '/settlements/totals',
            to: filtersHref('/settlements/totals', tabs),
            label: 'Totals by month',
          },
        ]}
      />
      <form className="filters" role="search" aria-label="Filter settlements" onSubmit={submit}>
        <InstitutionField value={institution} onChange={setInstitution} />
        <label className="field">
          <span>Status</span>
          <select
            name="status"
            value={filters.status}
            onChange={(e) => {
              go({ status: statusIn(statuses, e.target.value) });
            }}
          >
            <option value="">{anyStatus}</option>
            {Object.entries<string>(statuses).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
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
