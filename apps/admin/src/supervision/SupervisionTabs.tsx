import { may } from '@openpayer/domain';
import { usePrincipal } from '../app/session-context.ts';
import { Link } from '../ui/Link.tsx';

/** The section's views: rule sets, findings, review runs (for roles that may run them). */
export function SupervisionTabs({
  current,
}: {
  readonly current: 'rule-sets' | 'findings' | 'runs';
}) {
  const principal = usePrincipal();
  const tabs = [
    { key: 'rule-sets', to: '/supervision', label: 'Rule sets 规则库' },
    { key: 'findings', to: '/supervision/findings', label: 'Findings 审核结果' },
    ...(may(principal.role, 'run_review')
      ? [{ key: 'runs', to: '/supervision/runs', label: 'Review runs 事后审核' }]
      : []),
  ];
  return (
    <nav className="section-tabs" aria-label="Smart review views">
      {tabs.map((t) => (
        <Link key={t.key} to={t.to} aria-current={t.key === current ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
