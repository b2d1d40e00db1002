import { match } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { FindingDetail } from './FindingDetail.tsx';
import { FindingsList } from './FindingsList.tsx';
import { ReviewRuns } from './ReviewRuns.tsx';
import { RuleSetDetail } from './RuleSetDetail.tsx';
import { RuleSetDiff } from './RuleSetDiff.tsx';
import { RuleSetUpload } from './RuleSetUpload.tsx';
import { RuleSetsList } from './RuleSetsList.tsx';
import './supervision.css';

/**
 * Smart review (智能审核): the rule sets (browse each rule's metadata and parameters, upload,
 * activate, diff), the findings (filter, evidence, the hospital's answer) and post-payment runs.
 */
export function SupervisionSection({ path }: { readonly path: string }) {
  if (path === '/supervision' || path === '/supervision/') return <RuleSetsList />;
  if (path === '/supervision/rule-sets/upload') return <RuleSetUpload />;
  if (path === '/supervision/rule-sets/diff') return <RuleSetDiff />;
  if (path === '/supervision/findings') return <FindingsList />;
  if (path === '/supervision/runs') return <ReviewRuns />;
  const set = match('/supervision/rule-sets/:id', path);
  if (set?.['id'] !== undefined) return <RuleSetDetail key={set['id']} id={set['id']} />;
  const finding = match('/supervision/findings/:id', path);
  if (finding?.['id'] !== undefined) {
    return <FindingDetail key={finding['id']} id={finding['id']} />;
  }
  return (
    <section>
      <h1>Not found</h1>
      <p className="intro-text">
        No smart-review screen at <code>{path}</code>. <Link to="/supervision">All rule sets</Link>.
      </p>
    </section>
  );
}
