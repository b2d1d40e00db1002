import { match } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { PoliciesList } from './PoliciesList.tsx';
import { PolicyDetail } from './PolicyDetail.tsx';
import { PolicyDiff } from './PolicyDiff.tsx';
import { PolicyUpload } from './PolicyUpload.tsx';
import './policies.css';

/**
 * Policy versions (待遇政策): which is in force per region, scheduled or only uploaded; one
 * version's parameters by layer; upload (validated in the browser with the API's own parser);
 * activation; the diff of two versions.
 */
export function PoliciesSection({ path }: { readonly path: string }) {
  if (path === '/policies' || path === '/policies/') return <PoliciesList />;
  if (path === '/policies/upload') return <PolicyUpload />;
  if (path === '/policies/diff') return <PolicyDiff />;
  const one = match('/policies/:id', path);
  if (one?.['id'] !== undefined) return <PolicyDetail key={one['id']} id={one['id']} />;
  return (
    <section>
      <h1>Not found</h1>
      <p className="intro-text">
        No policies screen at <code>{path}</code>. <Link to="/policies">All policy versions</Link>.
      </p>
    </section>
  );
}
