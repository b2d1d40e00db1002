import type { FindingWire } from '@openpayer/domain';
import './supervision.css';
import { Link } from '../ui/Link.tsx';
import type { StoredFindingView } from './api.ts';
import {
  ACTION_LABELS,
  RESPONSE_LABELS,
  RESULT_TYPE_LABELS,
  STAGE_LABELS,
  labelOf,
} from './model.ts';
import { SeverityBadge } from './SeverityBadge.tsx';

/**
 * Findings as a table. With `findings`: those a settlement or a pre-check ran with — the rule
 * (code, version, name), what it asks (deduct, hold, self-pay, warn), the stage, the lines and
 * why — the same on the settlement page and in the simulator; `findingsLink` opens the stored
 * findings (with their evidence and answers). With `stored`: the stored findings list — each rule
 * linking to its finding, with the claim, the institution and the hospital's answer.
 */
export function FindingsTable(
  props:
    | { readonly findings: readonly FindingWire[]; readonly findingsLink?: string | undefined }
    | { readonly stored: readonly StoredFindingView[] },
) {
  if ('stored' in props) {
    return (
      <div className="table-wrap">
        <table className="data" data-testid="findings">
          <caption className="visually-hidden">Findings</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <SharedHeaders />
              <th scope="col">Claim</th>
              <th scope="col">Institution</th>
              <th scope="col">Lines</th>
              <th scope="col">Answered</th>
            </tr>
          </thead>
          <tbody>
            {props.stored.map((f) => (
              <tr key={f.id} data-finding={f.id}>
                <td data-col="rule">
                  <Link to={`/supervision/findings/${encodeURIComponent(f.id)}`}>
                    <code>{f.finding.rule.code}</code>
                  </Link>
                  <br />
                  {f.finding.rule.name}
                </td>
                <SharedCells finding={f.finding} />
                <td data-col="claim">{f.claimId}</td>
                <td data-col="institution">{f.institutionCode}</td>
                <LinesCell lineIds={f.finding.lineIds} />
                <td data-col="answered">
                  {f.response === null ? (
                    <span className="muted">no</span>
                  ) : (
                    labelOf(RESPONSE_LABELS, f.response.answer)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  const { findings, findingsLink } = props;
  return (
    <>
      <div className="table-wrap">
        <table className="data findings-table" data-testid="settlement-findings">
          <caption className="visually-hidden">Review findings</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <SharedHeaders />
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
                <SharedCells finding={f} />
                <td>{labelOf(STAGE_LABELS, f.stage)}</td>
                <LinesCell lineIds={f.lineIds} />
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

/** The columns every findings table has after the rule. */
function SharedHeaders() {
  return (
    <>
      <th scope="col">Severity</th>
      <th scope="col">Result</th>
      <th scope="col">Action</th>
    </>
  );
}

function SharedCells({
  finding,
}: {
  readonly finding: Pick<FindingWire, 'severity' | 'resultType' | 'action'>;
}) {
  return (
    <>
      <td data-col="severity" data-value={finding.severity}>
        <SeverityBadge severity={finding.severity} />
      </td>
      <td>{labelOf(RESULT_TYPE_LABELS, finding.resultType)}</td>
      <td>{labelOf(ACTION_LABELS, finding.action)}</td>
    </>
  );
}

function LinesCell({ lineIds }: { readonly lineIds: readonly string[] }) {
  return <td>{lineIds.length === 0 ? 'whole claim' : lineIds.join(', ')}</td>;
}
