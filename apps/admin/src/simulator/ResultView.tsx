import { yuan } from '../ui/format.ts';
import { text } from './draft.ts';
import type { Json } from './draft.ts';
import {
  ACCUMULATOR_FIELDS,
  type DecisionWire,
  type Difference,
  PARTY_LABELS,
  PARTY_SHORT,
  type Party,
  type PolicyWireView,
  SELF_PAY_LABELS,
  type SettlementWire,
  moneyDifference,
  parameterEntry,
  sumMoney,
} from './wire.ts';

/**
 * One settlement, line by line: the coverage decision and its restrictions, the self-pay parts
 * with their reasons, each payer's part, the parameter behind every figure, and the accumulators
 * before and after. Every figure is the engine's exact decimal string.
 */

const OUTCOME_LABELS: Record<string, { label: string; badge: string }> = {
  covered: { label: 'Covered', badge: 'ok' },
  covered_first_self_pay: { label: 'Covered, class B', badge: 'ok' },
  self_pay: { label: 'Self-pay: restriction', badge: 'warning' },
  needs_approval: { label: 'Needs approval', badge: 'warning' },
  not_covered: { label: 'Not covered', badge: 'error' },
};

const RESULT_LABELS = { met: 'met', not_met: 'not met', cannot_tell: 'cannot tell' } as const;

const LAYER_LABELS: Record<string, string> = {
  line: 'Line',
  basic: 'Basic insurance',
  critical_illness: 'Critical illness',
  medical_assistance: 'Medical assistance',
  commercial: 'Commercial',
  sharing: 'Multi-party sharing',
};

function keyText(key: Readonly<Record<string, string>> | undefined): string {
  if (key === undefined || Object.keys(key).length === 0) return 'all claims';
  return Object.entries(key)
    .map(([k, v]) => `${k}=${v}`)
    .join(' · ');
}

export function ResultView({
  settlement,
  decisions,
  policy,
  claimLines,
}: {
  readonly settlement: SettlementWire;
  readonly decisions: readonly DecisionWire[] | undefined;
  readonly policy: (PolicyWireView & { readonly activeFrom: string }) | undefined;
  readonly claimLines: readonly Json[];
}) {
  const parties = (Object.keys(PARTY_LABELS) as Party[]).filter(
    (p) => p === 'patient' || settlement.payers[p] !== '0.00',
  );
  const payerSum = sumMoney(parties.map((p) => settlement.payers[p]));
  const lineSum = sumMoney(settlement.lines.map((l) => l.amount));
  const reconciles = payerSum === settlement.total && lineSum === settlement.total;
  const lineParties = (Object.keys(PARTY_LABELS) as Party[]).filter((p) =>
    settlement.lines.some((l) => (l.payers[p] ?? '0.00') !== '0.00'),
  );

  return (
    <div className="sim-result">
      <section aria-labelledby="layers-title" className="panel">
        <h3 id="layers-title">Who pays</h3>
        <div className="sim-layers">
          <table className="data" data-testid="payers">
            <thead>
              <tr>
                <th scope="col">Payer</th>
                <th scope="col" className="num">
                  Amount (yuan)
                </th>
              </tr>
            </thead>
            <tbody>
              {parties.map((p) => (
                <tr key={p}>
                  <th scope="row">{PARTY_LABELS[p]}</th>
                  <td className="num" data-testid={`payer-${p}`}>
                    {yuan(settlement.payers[p])}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num" data-testid="total">
                  {yuan(settlement.total)}
                </td>
              </tr>
            </tfoot>
          </table>
          <dl className="sim-figures">
            <dt>Claim total</dt>
            <dd>{yuan(settlement.total)}</dd>
            <dt>Self-paid before the layers</dt>
            <dd>{yuan(settlement.selfPay)}</dd>
            <dt>Eligible (政策范围内)</dt>
            <dd>{yuan(settlement.eligible)}</dd>
            <dt>Deductible (起付线)</dt>
            <dd data-testid="layer-deductible">{yuan(settlement.layers.basic.deductible)}</dd>
            <dt>Above the deductible</dt>
            <dd>{yuan(settlement.layers.basic.base)}</dd>
            <dt>Basic fund</dt>
            <dd data-testid="layer-basic">
              {yuan(settlement.layers.basic.fund)}
              {settlement.layers.basic.capReached ? ' (annual cap reached)' : ''}
            </dd>
            <dt>Critical illness</dt>
            <dd data-testid="layer-critical-illness">{yuan(settlement.layers.criticalIllness)}</dd>
            <dt>Medical assistance</dt>
            <dd data-testid="layer-medical-assistance">
              {yuan(settlement.layers.medicalAssistance)}
            </dd>
            <dt>Commercial</dt>
            <dd>{yuan(settlement.layers.commercial)}</dd>
          </dl>
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

      <section aria-labelledby="lines-title" className="panel">
        <h3 id="lines-title">Line by line</h3>
        <div className="table-wrap">
          <table className="data sim-lines-table" data-testid="result-lines">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Decision</th>
                <th scope="col">Self-pay parts</th>
                <th scope="col" className="num">
                  Eligible
                </th>
                {lineParties.map((p) => (
                  <th scope="col" className="num" key={p}>
                    {PARTY_SHORT[p]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {settlement.lines.map((line, i) => {
                const decision = decisions?.find((d) => d.lineId === line.lineId)?.decision;
                const source = claimLines[i];
                const outcome = OUTCOME_LABELS[line.outcome] ?? {
                  label: line.outcome,
                  badge: 'info',
                };
                return (
                  <tr key={line.lineId} data-testid={`line-${line.lineId}`}>
                    <th scope="row">{line.lineId}</th>
                    <td className="sim-item">
                      <div>
                        {text(
                          source === undefined
                            ? undefined
                            : (source as Record<string, Json>)['name'],
                        )}
                      </div>
                      <div className="muted">
                        <code>
                          {text(
                            source === undefined
                              ? undefined
                              : (source as Record<string, Json>)['code'],
                          )}
                        </code>
                        {line.itemId === null ? null : <> → {line.itemId}</>}
                        {decision?.matchedBy === 'name' ? ' (matched by name)' : ''}
                      </div>
                    </td>
                    <td className="num">{yuan(line.amount)}</td>
                    <td>
                      <span className={`badge badge-${outcome.badge}`}>{outcome.label}</span>
                      {decision?.coverageClass === null || decision === undefined ? null : (
                        <span className="muted"> class {decision.coverageClass}</span>
                      )}
                      {decision === undefined || decision.paymentStandard === null ? null : (
                        <div className="muted">
                          standard {decision.paymentStandard.amount} /{' '}
                          {decision.paymentStandard.unit}
                        </div>
                      )}
                      {decision === undefined || decision.restrictions.length === 0 ? null : (
                        <ul
                          className="sim-restrictions"
                          aria-label={`Restrictions of line ${line.lineId}`}
                        >
                          {decision.restrictions.map((r, k) => (
                            <li key={k} data-result={r.result}>
                              <span
                                className={`badge badge-${r.result === 'met' ? 'ok' : r.result === 'not_met' ? 'error' : 'warning'}`}
                              >
                                {RESULT_LABELS[r.result]}
                              </span>{' '}
                              {r.kind}
                              {r.indication === undefined
                                ? ''
                                : ` (alternative ${String(r.indication + 1)})`}
                              : {r.text}{' '}
                              <span className="muted">
                                ({r.source}, {r.code})
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                      {decision === undefined ? (
                        <div className="muted">{line.coverageReasons.join(', ')}</div>
                      ) : (
                        <ul className="sim-reasons">
                          {decision.reasons
                            .filter(
                              (r) => r.severity !== 'info' || decision.restrictions.length === 0,
                            )
                            .map((r, k) => (
                              <li key={k}>
                                <code>{r.code}</code> {r.message}
                              </li>
                            ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      {line.selfPay.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <ul className="sim-selfpay">
                          {line.selfPay.map((s, k) => (
                            <li key={k} data-reason={s.reason}>
                              {SELF_PAY_LABELS[s.reason]}: <strong>{yuan(s.amount)}</strong>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="num">{yuan(line.eligible)}</td>
                    {lineParties.map((p) => (
                      <td className="num" key={p}>
                        {yuan(line.payers[p] ?? '0.00')}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="explanations-title" className="panel">
        <h3 id="explanations-title">The parameter behind every number</h3>
        <div className="table-wrap">
          <table className="data" data-testid="explanations">
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col">What</th>
                <th scope="col">Parameter</th>
                <th scope="col">Applies to</th>
                <th scope="col">Value</th>
                <th scope="col">In force</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {settlement.explanations.map((e, i) => {
                const entry = parameterEntry(policy, e.parameter);
                return (
                  <tr key={i}>
                    <td>{LAYER_LABELS[e.layer] ?? e.layer}</td>
                    <td>
                      {e.what}
                      {entry?.note === undefined ? null : <div className="muted">{entry.note}</div>}
                    </td>
                    <td>
                      {e.parameter === null ? (
                        <span className="muted">—</span>
                      ) : (
                        <code>{e.parameter}</code>
                      )}
                      {entry === undefined ? null : (
                        <div className="muted">policy {settlement.versions.policy}</div>
                      )}
                    </td>
                    <td>{entry === undefined ? '' : keyText(entry.key)}</td>
                    <td>
                      <code>{e.value ?? '—'}</code>
                    </td>
                    <td>
                      {entry === undefined
                        ? ''
                        : `from ${entry.from}${entry.to === undefined || entry.to === null ? '' : ` until ${entry.to}`}`}
                    </td>
                    <td className="num">{yuan(e.amount)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="accumulators-title" className="panel">
        <h3 id="accumulators-title">
          Accumulators of {settlement.accumulatorsBefore.personId} in{' '}
          {String(settlement.accumulatorsBefore.year)}
        </h3>
        <table className="data" data-testid="accumulators">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">
                Before
              </th>
              <th scope="col" className="num">
                This claim
              </th>
              <th scope="col" className="num">
                After
              </th>
            </tr>
          </thead>
          <tbody>
            {ACCUMULATOR_FIELDS.map(([field, label]) => {
              const before = String(settlement.accumulatorsBefore[field]);
              const after = String(settlement.accumulatorsAfter[field]);
              const change =
                field === 'admissions'
                  ? String(Number(after) - Number(before))
                  : (moneyDifference(before, after) ?? '');
              return (
                <tr key={field} data-testid={`acc-${field}`}>
                  <th scope="row">{label}</th>
                  <td className="num">{field === 'admissions' ? before : yuan(before)}</td>
                  <td className="num">{field === 'admissions' ? change : yuan(change)}</td>
                  <td className="num">{field === 'admissions' ? after : yuan(after)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="muted">
          A pre-check commits nothing: the stored accumulators stay as “before”.
        </p>
      </section>
    </div>
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
