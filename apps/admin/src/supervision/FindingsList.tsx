import { FINDING_SEVERITIES, REVIEW_STAGES } from '@openpayer/domain';
import { type SyntheticEvent, useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { InstitutionField } from '../ui/InstitutionField.tsx';
import { Link } from '../ui/Link.tsx';
import { CursorPager, cursorsOf, pagesParam } from '../ui/Pager.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type FindingFilters, findingQuery, findingsFiltersOf } from './filters.ts';
import { SEVERITY_LABELS, STAGE_LABELS, labelOf } from './model.ts';
import { FindingsTable } from './FindingsTable.tsx';
import { SupervisionTabs } from './SupervisionTabs.tsx';

const PAGE_SIZE = 25;

/** The findings, newest first, filtered in the URL, with cursor paging. */
export function FindingsList() {
  const { query } = useLocation();
  const filters = findingsFiltersOf(query);
  const cursors = cursorsOf(query);
  const after = cursors.at(-1);
  const params = findingQuery(filters);
  const key = JSON.stringify([params, after]);
  const loaded = useApi(
    () =>
      call(
        api.v1.findings.$get({
          query: {
            ...params,
            limit: String(PAGE_SIZE),
            ...(after === undefined ? {} : { after }),
          },
        }),
      ),
    [key],
  );
  const [institution, setInstitution] = useState(filters.institution);
  const [rule, setRule] = useState(filters.rule);
  useEffect(() => {
    setInstitution(filters.institution);
    setRule(filters.rule);
  }, [filters.institution, filters.rule]);

  const go = (change: Partial<FindingFilters>, pages: readonly string[] = []) => {
    navigate(href('/supervision/findings', { ...filters, ...change, pages: pagesParam(pages) }), {
      replace: true,
    });
  };
  function submit(event: SyntheticEvent) {
    event.preventDefault();
    go({ institution: institution.trim(), rule: rule.trim() });
  }

  return (
    <section className="supervision">
      <SupervisionTabs current="findings" />
      <h1>
        Findings <span className="zh">审核结果</span>
      </h1>
      <form className="filters" role="search" aria-label="Filter findings" onSubmit={submit}>
        <InstitutionField value={institution} onChange={setInstitution} />
        <label className="field">
          <span>Rule code</span>
          <input
            name="rule"
            value={rule}
            onChange={(e) => {
              setRule(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span>Severity</span>
          <select
            name="severity"
            value={filters.severity}
            onChange={(e) => {
              go({ severity: e.target.value as FindingFilters['severity'] });
            }}
          >
            <option value="">Any severity</option>
            {FINDING_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {labelOf(SEVERITY_LABELS, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Stage</span>
          <select
            name="stage"
            value={filters.stage}
            onChange={(e) => {
              go({ stage: e.target.value as FindingFilters['stage'] });
            }}
          >
            <option value="">Any stage</option>
            {REVIEW_STAGES.map((s) => (
              <option key={s} value={s}>
                {labelOf(STAGE_LABELS, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Answered</span>
          <select
            name="answered"
            value={filters.answered}
            onChange={(e) => {
              go({ answered: e.target.value as FindingFilters['answered'] });
            }}
          >
            <option value="">Answered or not</option>
            <option value="false">Unanswered</option>
            <option value="true">Answered</option>
          </select>
        </label>
        <button type="submit">Apply</button>
        <button
          type="button"
          onClick={() => {
            navigate('/supervision/findings', { replace: true });
          }}
        >
          Clear
        </button>
      </form>
      {filters.runId === '' && filters.settlementId === '' && filters.claimId === '' ? null : (
        <p className="muted" data-testid="scope">
          {filters.runId === '' ? null : (
            <>
              Review run <code>{filters.runId}</code>.{' '}
            </>
          )}
          {filters.settlementId === '' ? null : (
            <>
              Settlement{' '}
              <Link to={`/settlements/${encodeURIComponent(filters.settlementId)}`}>
                <code>{filters.settlementId}</code>
              </Link>
              .{' '}
            </>
          )}
          {filters.claimId === '' ? null : (
            <>
              Claim <code>{filters.claimId}</code>.{' '}
            </>
          )}
          <Link
            to={href('/supervision/findings', {
              ...filters,
              runId: '',
              settlementId: '',
              claimId: '',
            })}
          >
            All findings
          </Link>
        </p>
      )}
      <Async loaded={loaded} what="findings">
        {({ items, next }) => (
          <>
            {items.length === 0 ? (
              <Empty>No finding matches these filters.</Empty>
            ) : (
              <FindingsTable stored={items} />
            )}
            <CursorPager
              cursors={cursors}
              next={next}
              label="Finding pages"
              onChange={(pages) => {
                go({}, pages);
              }}
            />
          </>
        )}
      </Async>
    </section>
  );
}
