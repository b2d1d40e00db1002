import { Link } from '../ui/Link.tsx';
import { AuditLogPage } from './AuditLogPage.tsx';
import { ObjectChain } from './ObjectChain.tsx';
import './audit.css';

/**
 * /audit — the latest signed tree head, and the whole log verified in the browser;
 * /audit/chain?type=…&id=… — one object's chain of changes, each entry's inclusion proven.
 */
export function AuditSection({ path }: { readonly path: string }) {
  const chain = path === '/audit/chain';
  return (
    <section className="audit">
      <h1>Audit log 审计日志</h1>
      <nav className="section-tabs" aria-label="Audit views">
        <Link to="/audit" aria-current={chain ? undefined : 'page'}>
          Signed log 签名日志
        </Link>
        <Link to="/audit/chain" aria-current={chain ? 'page' : undefined}>
          Chain of changes 变更链
        </Link>
      </nav>
      {chain ? <ObjectChain /> : <AuditLogPage />}
    </section>
  );
}
