import { may } from '@openpayer/domain';
import { match } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { Link } from '../ui/Link.tsx';
import { SimulationPage } from './SimulationPage.tsx';
import { SimulationsList } from './SimulationsList.tsx';
import './whatif.css';

/**
 * What-if simulation (issue 24), for administrators: /what-if — the form (a baseline and a
 * candidate policy version, catalog releases, a period, a budget) and the past simulations;
 * /what-if/:id — one simulation's progress while it runs, then its report.
 */
export function WhatIfSection({ path }: { readonly path: string }) {
  const principal = usePrincipal();
  if (!may(principal.role, 'simulate')) {
    return (
      <section className="whatif">
        <h1>
          What-if simulation <span className="zh">政策模拟测算</span>
        </h1>
        <p className="state banner banner-error" role="alert">
          Your role may not run or read simulations: they are for administrators.
        </p>
      </section>
    );
  }
  if (path === '/what-if' || path === '/what-if/') return <SimulationsList />;
  const one = match('/what-if/:id', path);
  if (one?.['id'] !== undefined) return <SimulationPage key={one['id']} id={one['id']} />;
  return (
    <section className="whatif">
      <h1>Not found</h1>
      <p className="intro-text">
        No what-if screen at <code>{path}</code>. <Link to="/what-if">All simulations</Link>.
      </p>
    </section>
  );
}
