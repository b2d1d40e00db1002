import { match } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { Link } from '../ui/Link.tsx';
import { SectionTabs } from '../ui/SectionTabs.tsx';
import { AdjustmentsPage } from './AdjustmentsPage.tsx';
import { ContractsPage } from './ContractsPage.tsx';
import { type ValueView, viewsFor } from './model.ts';
import { PeriodRuns } from './PeriodRuns.tsx';
import { RunDetail } from './RunDetail.tsx';

const TABS = [
  { key: 'runs', to: '/value', label: 'Period results 期末结算' },
  { key: 'contracts', to: '/value/contracts', label: 'Contracts and cohorts 风险分担' },
  { key: 'adjustments', to: '/value/adjustments', label: 'Proposed adjustments 动态调整' },
] as const;

/**
 * Value-based payment (按价值付费, PRODUCT.md §4.3): /value — the recorded period runs and, for an
 * administrator, the form to run a period; /value/runs/:id — one run's entries; /value/contracts —
 * the risk-sharing contracts with their cohorts (administrators, reviewers); /value/adjustments —
 * dynamic adjustments proposed from measures (administrators).
 */
export function ValueSection({ path }: { readonly path: string }) {
  const principal = usePrincipal();
  const views = viewsFor(principal.role);
  const run = match('/value/runs/:id', path);
  const view: ValueView | null =
    path === '/value' || path === '/value/' || run !== null
      ? 'runs'
      : path === '/value/contracts'
        ? 'contracts'
        : path === '/value/adjustments'
          ? 'adjustments'
          : null;

  return (
    <section className="value">
      <h1>
        Value-based payment <span className="zh">按价值付费</span>
      </h1>
      <SectionTabs
        label="Value-based payment views"
        current={view ?? 'runs'}
        tabs={TABS.filter((t) => views.includes(t.key))}
      />
      {view === null ? (
        <>
          <h2>Not found</h2>
          <p className="intro-text">
            No value-based payment screen at <code>{path}</code>.{' '}
            <Link to="/value">All period results</Link>.
          </p>
        </>
      ) : !views.includes(view) ? (
        <p className="state banner banner-error" role="alert">
          Your role may not open this view. <Link to="/value">Period results</Link>.
        </p>
      ) : run?.['id'] !== undefined ? (
        <RunDetail key={run['id']} id={run['id']} />
      ) : view === 'contracts' ? (
        <ContractsPage />
      ) : view === 'adjustments' ? (
        <AdjustmentsPage />
      ) : (
        <PeriodRuns />
      )}
    </section>
  );
}
