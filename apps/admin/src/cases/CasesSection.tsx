import { match } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { CaseDetail } from './CaseDetail.tsx';
import { CasesList } from './CasesList.tsx';

/**
 * Supervision cases (稽核案件): /cases — the cases by deadline, the form to open one and the
 * escalation of overdue ones (reviewers); /cases/:id — one case, its transitions and its next step.
 */
export function CasesSection({ path }: { readonly path: string }) {
  if (path === '/cases' || path === '/cases/') return <CasesList />;
  const detail = match('/cases/:id', path);
  if (detail?.['id'] !== undefined) return <CaseDetail key={detail['id']} id={detail['id']} />;
  return (
    <section>
      <h1>Not found</h1>
      <p className="intro-text">
        No case screen at <code>{path}</code>. <Link to="/cases">All cases</Link>.
      </p>
    </section>
  );
}
