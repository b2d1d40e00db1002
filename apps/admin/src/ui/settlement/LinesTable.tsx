import type { ReactNode } from 'react';
import { Link } from '../Link.tsx';
import { yuan } from '../format.ts';
import { partOf, partiesUsed, partyLabel, partyShort } from './parties.ts';
import type { LineView } from './view.ts';
import { OUTCOME_LABELS, SELF_PAY_LABELS } from './vocabulary.ts';
import './settlement.css';

/**
 * A settlement line by line: the coverage outcome, the self-pay parts with their reasons, each
 * payer's part, and the approval a line drew on. A screen that knows more about a line (the
 * simulator has the claim's line and the coverage decision) fills the item and decision cells;
 * otherwise they show the catalog item and the coverage reasons.
 */
export function LinesTable<L extends LineView>({
  lines,
  item = (line) => line.itemId ?? <span className="muted">not in catalog</span>,
  decision = (line) =>
    line.coverageReasons.length === 0 ? null : (
      <div className="muted">{line.coverageReasons.join(', ')}</div>
    ),
}: {
  readonly lines: readonly L[];
  readonly item?: (line: L, index: number) => ReactNode;
  /** What the cell shows under the outcome. */
  readonly decision?: (line: L, index: number) => ReactNode;
}) {
  const parties = partiesUsed(lines.map((l) => l.payers));
  const approvals = lines.some((l) => l.approvalId !== null);
  return (
    <div className="table-wrap">
      <table className="data settlement-lines" data-testid="lines">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Item</th>
            <th scope="col">Decision</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Eligible
            </th>
            <th scope="col">Self-pay parts</th>
            {parties.map((p) => (
              <th key={p} scope="col" className="num" title={partyLabel(p)}>
                {partyShort(p)}
              </th>
            ))}
            {approvals ? <th scope="col">Approval</th> : null}
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => {
            const outcome = OUTCOME_LABELS[line.outcome] ?? { label: line.outcome, badge: 'info' };
            return (
              <tr key={line.lineId} data-testid={`line-${line.lineId}`}>
                <th scope="row">{line.lineId}</th>
                <td>{item(line, i)}</td>
                <td>
                  <span className={`badge badge-${outcome.badge}`}>{outcome.label}</span>
                  {decision(line, i)}
                  {(line.unparsedRestriction ?? []).length > 0 ? (
                    <div data-testid={`review-${line.lineId}`}>
                      <span className="badge badge-warning">review: restriction text not read</span>
                      <ul className="muted">
                        {(line.unparsedRestriction ?? []).map((fragment) => (
                          <li key={fragment}>{fragment}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </td>
                <td className="num">{yuan(line.amount)}</td>
                <td className="num">{yuan(line.eligible)}</td>
                <td>
                  {line.selfPay.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="self-pay-list">
                      {line.selfPay.map((part) => (
                        <li key={part.reason} data-reason={part.reason}>
                          {SELF_PAY_LABELS[part.reason] ?? part.reason}:{' '}
                          <strong>{yuan(part.amount)}</strong>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                {parties.map((p) => (
                  <td key={p} className="num">
                    {yuan(partOf(line.payers, p))}
                  </td>
                ))}
                {approvals ? (
                  <td>
                    {line.approvalId === null ? (
                      <span className="muted">—</span>
                    ) : (
                      <Link to={`/approvals/${encodeURIComponent(line.approvalId)}`}>
                        {line.approvalId}
                      </Link>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
