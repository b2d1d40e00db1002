import { yuan } from '../ui/format.ts';
import { AccumulatorsTable } from '../ui/settlement/AccumulatorsTable.tsx';
import { ExplanationsTable } from '../ui/settlement/ExplanationsTable.tsx';
import { LinesTable } from '../ui/settlement/LinesTable.tsx';
import { LayerFigures, PayersTable } from '../ui/settlement/Payers.tsx';
import { FindingsTable } from '../supervision/FindingsTable.tsx';
import { text } from './draft.ts';
import type { Json } from './draft.ts';
import type { LineDecisionWire } from '@openpayer/catalog';
import type { LineSettlementWire, SettlementWire } from '@openpayer/pricing';
import { type Difference, type PolicyWireView, parameterEntry, sumMoney } from './wire.ts';

/**
 * One settlement, line by line: the coverage decision and its restrictions, the self-pay parts
 * with their reasons, each payer's part, the parameter behind every figure, and the accumulators
 * before and after. Every figure is the engine's exact decimal string.
 */

const RESULT_LABELS = { met: 'met', not_met: 'not met', cannot_tell: 'cannot tell' } as const;

export function ResultView({
  settlement,
  decisions,
  policy,
  claimLines,
}: {
  readonly settlement: SettlementWire;
  readonly decisions: readonly LineDecisionWire[] | undefined;
  readonly policy: (PolicyWireView & { readonly activeFrom: string }) | undefined;
  readonly claimLines: readonly Json[];
}) {
  const payerSum = sumMoney(Object.values(settlement.payers));
  const lineSum = sumMoney(settlement.lines.map((l) => l.amount));
  const reconciles = payerSum === settlement.total && lineSum === settlement.total;
  const field = (i: number, name: string) => {
    const source = claimLines[i];
    return text(source === undefined ? undefined : (source as Record<string, Json>)[name]);
  };

  return (
    <div className="sim-result">
      <section aria-labelledby="layers-title" className="panel">
        <h3 id="layers-title">Who pays</h3>
        <div className="sim-layers">
          <PayersTable payers={settlement.payers} total={settlement.total} />
          <LayerFigures settlement={settlement} />
        </div>
        <p
          className={reconciles ? 'banner banner-ok' : 'banner banner-error'}
          data-testid="reconcile"
        >
          {reconciles
            ? `Reconciled: the payers sum to the claim total ${yuan(settlement.total)}, and so do the lines.`
            : `Does not reconcile: payers ${payerSum ?? '?'}, lines ${lineSum ?? '?'}, total ${settlement.total}.`}
        </p>
        <p className="muted">
          Policy <code>{settlement.versions.policy}</code>
          {policy === undefined ? null : (
            <>
              {' '}
              ({policy.title}, active from {policy.activeFrom})
            </>
          )}
          ; catalog <code>{settlement.versions.catalog}</code>.
        </p>
      </section>

      {settlement.findings === undefined || settlement.findings.length === 0 ? null : (
        <section aria-labelledby="findings-title" className="panel" data-testid="sim-findings">
          <h3 id="findings-title">Smart-review findings 智能审核</h3>
          {settlement.held === true ? (
            <p className="banner banner-error" data-testid="sim-held">
              A finding holds this claim for review (暂缓支付): settled, it would be stored held,
              its accumulators untouched until a reviewer releases it.
            </p>
          ) : null}
          <FindingsTable findings={settlement.findings} />
        </section>
      )}

      <section aria-labelledby="lines-title" className="panel">
        <h3 id="lines-title">Line by line</h3>
        <LinesTable
          lines={settlement.lines}
          item={(line, i) => {
            const decision = decisions?.find((d) => d.lineId === line.lineId)?.decision;
            return (
              <div className="sim-item">
                <div>{field(i, 'name')}</div>
                <div className="muted">
                  <code>{field(i, 'code')}</code>
                  {line.itemId === null ? null : <> → {line.itemId}</>}
                  {decision?.matchedBy === 'name' ? ' (matched by name)' : ''}
                </div>
              </div>
            );
          }}
          decision={(line) => <Decision line={line} decisions={decisions} />}
        />
      </section>

      <section aria-labelledby="explanations-title" className="panel">
        <h3 id="explanations-title">The parameter behind every number</h3>
        <ExplanationsTable
          explanations={settlement.explanations}
          policy={{
            version: settlement.versions.policy,
            entry: (parameter) => parameterEntry(policy, parameter),
          }}
        />
      </section>

      <section aria-labelledby="accumulators-title" className="panel">
        <h3 id="accumulators-title">
          Accumulators of {settlement.accumulatorsBefore.personId} in{' '}
          {String(settlement.accumulatorsBefore.year)}
        </h3>
        <AccumulatorsTable
          before={settlement.accumulatorsBefore}
          after={settlement.accumulatorsAfter}
        />
        <p className="muted">
          A pre-check commits nothing: the stored accumulators stay as “before”.
        </p>
      </section>
    </div>
  );
}

/** Under a line's outcome: its coverage class, payment standard, restrictions and reasons. */
function Decision({
  line,
  decisions,
}: {
  readonly line: LineSettlementWire;
  readonly decisions: readonly LineDecisionWire[] | undefined;
}) {
  const decision = decisions?.find((d) => d.lineId === line.lineId)?.decision;
  if (decision === undefined) return <div className="muted">{line.coverageReasons.join(', ')}</div>;
  return (
    <>
      {decision.coverageClass === null ? null : (
        <span className="muted"> class {decision.coverageClass}</span>
      )}
      {decision.paymentStandard === null ? null : (
        <div className="muted">
          standard {decision.paymentStandard.amount} / {decision.paymentStandard.unit}
        </div>
      )}
      {decision.restrictions.length === 0 ? null : (
        <ul className="sim-restrictions" aria-label={`Restrictions of line ${line.lineId}`}>
          {decision.restrictions.map((r, k) => (
            <li key={k} data-result={r.result}>
              <span
                className={`badge badge-${r.result === 'met' ? 'ok' : r.result === 'not_met' ? 'error' : 'warning'}`}
              >
                {RESULT_LABELS[r.result]}
              </span>{' '}
              {r.kind}
              {r.indication === undefined ? '' : ` (alternative ${String(r.indication + 1)})`}:{' '}
              {r.text}{' '}
              <span className="muted">
                ({r.source}, {r.code})
              </span>
            </li>
          ))}
        </ul>
      )}
      <ul className="sim-reasons">
        {decision.reasons
          .filter((r) => r.severity !== 'info' || decision.restrictions.length === 0)
          .map((r, k) => (
            <li key={k}>
              <code>{r.code}</code> {r.message}
            </li>
          ))}
      </ul>
    </>
  );
}

/** Where the preview and the API answer differ (empty = they agree). */
export function Differences({ differences }: { readonly differences: readonly Difference[] }) {
  return (
    <table className="data" data-testid="differences">
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col">Preview (browser)</th>
          <th scope="col">API</th>
        </tr>
      </thead>
      <tbody>
        {differences.slice(0, 50).map((d) => (
          <tr key={d.path}>
            <td>
              <code>{d.path}</code>
            </td>
            <td>{d.preview}</td>
            <td>{d.api}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
