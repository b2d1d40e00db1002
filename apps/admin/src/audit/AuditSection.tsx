import { SectionTabs } from '../ui/SectionTabs.tsx';
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
      <SectionTabs
        label="Audit views"
        current={chain ? 'chain' : 'log'}
        tabs={[
          { key: 'log', to: '/audit', label: 'Signed log 签名日志' },
          { key: 'chain', to: '/audit/chain', label: 'Chain of changes 变更链' },
        ]}
      />
      {chain ? <ObjectChain /> : <AuditLogPage />}
    </section>
  );
}
