import { match } from '../app/router.ts';
import { ApprovalDetail } from './ApprovalDetail.tsx';
import { ApprovalQueue } from './ApprovalQueue.tsx';
import './approvals.css';

/** /approvals — the queue; /approvals/:id — one approval, its decision, history and drawdowns. */
export function ApprovalsSection({ path }: { readonly path: string }) {
  const detail = match('/approvals/:id', path);
  if (detail !== null) return <ApprovalDetail id={detail['id'] ?? ''} />;
  return <ApprovalQueue />;
}
