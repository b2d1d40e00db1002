import { match } from '../app/router.ts';
import { SettlementDetail } from './SettlementDetail.tsx';
import { SettlementList } from './SettlementList.tsx';
import { SettlementTotals } from './SettlementTotals.tsx';
import './settlements.css';

/**
 * /settlements — the list; /settlements/totals — totals per payer by month (chart and table);
 * /settlements/:id — one settlement, its lines and payers, and its reversal.
 */
export function SettlementsSection({ path }: { readonly path: string }) {
  if (path === '/settlements/totals') return <SettlementTotals />;
  const detail = match('/settlements/:id', path);
  if (detail !== null) return <SettlementDetail id={detail['id'] ?? ''} />;
  return <SettlementList />;
}
