import { may } from '@openpayer/domain';
import { usePrincipal } from '../app/session-context.ts';
import { type SectionTab, SectionTabs } from '../ui/SectionTabs.tsx';

type SupervisionView = 'rule-sets' | 'findings' | 'runs';

const ALL_TABS: readonly SectionTab<SupervisionView>[] = [
  { key: 'rule-sets', to: '/supervision', label: 'Rule sets 规则库' },
  { key: 'findings', to: '/supervision/findings', label: 'Findings 审核结果' },
  { key: 'runs', to: '/supervision/runs', label: 'Review runs 事后审核' },
];

/** The section's views: rule sets, findings, review runs (for roles that may run them). */
export function SupervisionTabs({ current }: { readonly current: SupervisionView }) {
  const principal = usePrincipal();
  const runs = may(principal.role, 'run_review');
  const tabs = ALL_TABS.filter((t) => runs || t.key !== 'runs');
  return <SectionTabs label="Smart review views" tabs={tabs} current={current} />;
}
