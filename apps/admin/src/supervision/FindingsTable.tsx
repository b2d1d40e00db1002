import type { FindingWire } from '@openpayer/domain';
import './supervision.css';
import { Link } from '../ui/Link.tsx';
import {
  ACTION_LABELS,
  RESULT_TYPE_LABELS,
  SEVERITY_LABELS,
  STAGE_LABELS,
  labelOf,
} from './model.ts';

/**
 * The findings a settlement or a pre-check ran with: the rule (code, version, name), what it asks
 * (deduct, hold, self-pay, warn), the lines, and why — the same on the settlement page and in the
 * simulator. `findingsLink` opens the stored findings (with their evidence and answers).
 */
export function FindingsTable({
  findings,
  findingsLink,
}: {
  readonly findings: readonly FindingWire[];
  readonly findingsLink?: string | undefined;
}) {
  return (
    <>
      <div className="table-wrap">
        <table className="data findings-table" data-testid="settlement-findings">
          <caption className="visually-hidden">Review findings</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Severity</th>
              <th scope="col">Result</th>
              <th scope="col">Action</th>
              <th scope="col">Stage</th>
              <th scope="col">Lines</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f, i) => (
              <tr key={i} data-rule={f.rule.code} data-action={f.action}>
                <td>
                  <code>{f.rule.code}</code> <span className="muted">v{f.rule.version}</span>
                  <br />
                  {f.rule.name}
                </td>
                <td>
                  <span className={`badge severity-${f.severity}`}>
                    {labelOf(SEVERITY_LABELS, f.severity)}
                  </span>
                </td>
                <td>{labelOf(RESULT_TYPE_LABELS, f.resultType)}</td>
                <td>{labelOf(ACTION_LABELS, f.action)}</td>
                <td>{labelOf(STAGE_LABELS, f.stage)}</td>
                <td>{f.lineIds.length === 0 ? 'whole claim' : f.lineIds.join(', ')}</td>
                <td>
                  {f.explanation.zh}
                  <br />
                  <span className="muted">{f.explanation.en}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {findingsLink === undefined ? null : (
        <p>
          <Link to={findingsLink} data-testid="findings-link">
            The stored findings, their evidence and answers 审核结果 →
          </Link>
        </p>
      )}
    </>
  );
}
