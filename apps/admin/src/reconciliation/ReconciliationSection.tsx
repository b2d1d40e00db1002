import { match } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { ReconciliationDetail } from './ReconciliationDetail.tsx';
import { ReconciliationList } from './ReconciliationList.tsx';

/**
 * Period reconciliation (结算清算): /reconciliation — the recorded reconciliations and, for an
 * administrator, the form to reconcile a hospital's period; /reconciliation/:id — one, with its
 * figures, pools and cases.
 */
export function ReconciliationSection({ path }: { readonly path: string }) {
  if (path === '/reconciliation' || path === '/reconciliation/') return <ReconciliationList />;
  const detail = match('/reconciliation/:id', path);
  if (detail?.['id'] !== undefined) {
    return <ReconciliationDetail key={detail['id']} id={detail['id']} />;
  }
  return (
    <section>
      <h1>Not found</h1>
      <p className="intro-text">
        No reconciliation screen at <code>{path}</code>.{' '}
        <Link to="/reconciliation">All reconciliations</Link>.
      </p>
    </section>
  );
}
