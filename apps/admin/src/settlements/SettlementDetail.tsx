import { Decimal } from '@openpayer/domain';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { can } from '../app/permissions.ts';
import { usePrincipal } from '../app/session-context.ts';
import { Link } from '../ui/Link.tsx';
import { timestamp, yuan } from '../ui/format.ts';
import { Async, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type SettlementBody, settlementBodySchema } from './body.ts';
import { inLayerOrder, partiesUsed, partyLabel, partyShort } from './parties.ts';
import { ReverseDialog } from './ReverseDialog.tsx';

const ACCUMULATOR_LABELS: Readonly<Record<string, string>> = {
  deductibleUsed: 'Outpatient deductible used 起付线累计',
  admissions: 'Admissions 住院次数',
  fundPaid: 'Basic fund paid 统筹支付累计',
  criticalIllnessBase: 'Critical-illness base 大病合规累计',
  criticalIllnessPaid: 'Critical illness paid 大病支付累计',
  assistancePaid: 'Assistance paid 救助累计',
  commercialDeductibleUsed: 'Commercial deductible used',
  commercialPaid: 'Commercial paid',
};

const LAYER_LABELS: Readonly<Record<string, string>> = {
  line: 'Line',
  basic: 'Basic insurance',
  critical_illness: 'Critical illness',
  medical_assistance: 'Medical assistance',
  commercial: 'Commercial',
  sharing: 'Sharing',
};

/** One settlement: the claim's lines and their split, the payers, explanations, and reversal. */
export function SettlementDetail({ id }: { readonly id: string }) {
  const principal = usePrincipal();
  const loaded = useApi(() => call(api.v1.settlements[':id'].$get({ param: { id } })), [id]);
  const [confirming, setConfirming] = useState(false);

  return (
    <section className="settlement-detail">
      <p className="breadcrumb">
        <Link to="/settlements">← Settlements</Link>
      </p>
      <Async loaded={loaded} what={`settlement ${id}`}>
        {(stored) => {
          const parsed = settlementBodySchema.safeParse(stored.settlement);
          const mayReverse = can(principal, 'settlement.reverse') && stored.status === 'settled';
          return (
            <>
              <div className="heading-line">
                <h1>Settlement {stored.id}</h1>
                <span
                  className={stored.status === 'reversed' ? 'badge badge-error' : 'badge badge-ok'}
                  data-testid="settlement-status"
                >
                  {stored.status}
                </span>
                <span className="spacer" />
                {mayReverse ? (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirming(true);
                    }}
                  >
                    Reverse…
                  </button>
                ) : null}
              </div>
              {stored.reversal === undefined ? null : (
                <p className="banner banner-error" data-testid="reversal">
                  Reversed {timestamp(stored.reversal.at)} by <strong>{stored.reversal.by}</strong>:{' '}
                  {stored.reversal.reason}
                </p>
              )}
              <div className="panel">
                <dl className="settlement-facts">
                  <dt>Claim</dt>
                  <dd>{stored.claimId}</dd>
                  <dt>Institution</dt>
                  <dd>{stored.institutionCode}</dd>
                  <dt>Service date</dt>
                  <dd>{stored.serviceDate ?? '—'}</dd>
                  {stored.createdAt === undefined ? null : (
                    <>
                      <dt>Settled</dt>
                      <dd>{timestamp(stored.createdAt)}</dd>
                    </>
                  )}
                  {parsed.success ? (
                    <>
                      <dt>Versions used</dt>
                      <dd data-testid="versions">
                        policy <code>{parsed.data.versions.policy}</code> · catalog{' '}
                        <code>{parsed.data.versions.catalog}</code>
                      </dd>
                    </>
                  ) : null}
                </dl>
              </div>
              {parsed.success ? (
                <Body body={parsed.data} />
              ) : (
                <ErrorState
                  error={{
                    status: 0,
                    code: 'unexpected_settlement',
                    message: 'the stored settlement does not have the expected shape',
                    issues: parsed.error.issues.map((i) => ({
                      code: `schema.${i.code}`,
                      severity: 'error' as const,
                      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
                      message: i.message,
                    })),
                  }}
                />
              )}
              {mayReverse || confirming ? (
                <ReverseDialog
                  settlementId={stored.id}
                  claimId={stored.claimId}
                  open={confirming}
                  onClose={() => {
                    setConfirming(false);
                  }}
                  onReversed={() => {
                    setConfirming(false);
                    loaded.reload();
                  }}
                />
              ) : null}
            </>
          );
        }}
      </Async>
    </section>
  );
}

const sum = (amounts: readonly string[]) =>
  amounts.reduce((total, a) => total.add(a), new Decimal(0)).toFixed(2);

function Body({ body }: { readonly body: SettlementBody }) {
  const payerTotal = sum(Object.values(body.payers));
  const balanced = payerTotal === new Decimal(body.total).toFixed(2);
  const lineParties = partiesUsed(body.lines.map((l) => l.payers));
  return (
    <>
      <div className="columns">
        <div className="panel">
          <h2>Payers</h2>
          <table className="data" data-testid="payers">
            <thead>
              <tr>
                <th scope="col">Payer</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {inLayerOrder(Object.keys(body.payers)).map((party) => {
                const amount = body.payers[party] ?? '0.00';
                return (
                  <tr key={party} className={new Decimal(amount).isZero() ? 'zero' : undefined}>
                    <th scope="row">{partyLabel(party)}</th>
                    <td className="num">{yuan(amount)}</td>
                    <td className="num">
                      {new Decimal(body.total).isZero()
                        ? '—'
                        : `${new Decimal(amount).div(body.total).mul(100).toFixed(1)}%`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Sum of payers</th>
                <td className="num" data-testid="payer-sum">
                  {yuan(payerTotal)}
                </td>
                <td />
              </tr>
              <tr>
                <th scope="row">Claim total</th>
                <td className="num" data-testid="claim-total">
                  {yuan(body.total)}
                </td>
                <td className={balanced ? 'check-ok' : 'check-error'}>
                  {balanced ? '✓ balanced' : '✗ does not balance'}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <div className="panel">
          <h2>Layers</h2>
          <dl className="settlement-facts" data-testid="layers">
            <dt>Total</dt>
            <dd>{yuan(body.total)}</dd>
            <dt>Eligible 政策范围内</dt>
            <dd>{yuan(body.eligible)}</dd>
            <dt>Self-pay 自付</dt>
            <dd>{yuan(body.selfPay)}</dd>
            <dt>Deductible 起付线</dt>
            <dd>{yuan(body.layers.basic.deductible)}</dd>
            <dt>Basic fund base</dt>
            <dd>{yuan(body.layers.basic.base)}</dd>
            <dt>Basic fund pays</dt>
            <dd>
              {yuan(body.layers.basic.fund)}
              {body.layers.basic.capReached ? (
                <span className="badge badge-warning"> annual cap reached</span>
              ) : null}
            </dd>
            <dt>Critical illness</dt>
            <dd>{yuan(body.layers.criticalIllness)}</dd>
            <dt>Medical assistance</dt>
            <dd>{yuan(body.layers.medicalAssistance)}</dd>
            <dt>Commercial</dt>
            <dd>{yuan(body.layers.commercial)}</dd>
            <dt>Multi-party sharing</dt>
            <dd>{yuan(body.layers.sharing)}</dd>
          </dl>
        </div>
      </div>

      <div className="panel">
        <h2>Lines</h2>
        <div className="table-wrap">
          <table className="data" data-testid="lines">
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
                {lineParties.map((p) => (
                  <th key={p} scope="col" className="num" title={partyLabel(p)}>
                    {partyShort(p)}
                  </th>
                ))}
                <th scope="col">Approval</th>
              </tr>
            </thead>
            <tbody>
              {body.lines.map((line) => (
                <tr key={line.lineId}>
                  <td>{line.lineId}</td>
                  <td>{line.itemId ?? <span className="muted">not in catalog</span>}</td>
                  <td>
                    {line.outcome}
                    {line.coverageReasons.length === 0 ? null : (
                      <div className="muted">{line.coverageReasons.join(', ')}</div>
                    )}
                  </td>
                  <td className="num">{yuan(line.amount)}</td>
                  <td className="num">{yuan(line.eligible)}</td>
                  <td>
                    {line.selfPay.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="self-pay-list">
                        {line.selfPay.map((part) => (
                          <li key={part.reason}>
                            {part.reason}: {yuan(part.amount)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  {lineParties.map((p) => (
                    <td key={p} className="num">
                      {yuan(line.payers[p] ?? '0.00')}
                    </td>
                  ))}
                  <td>
                    {line.approvalId === null ? (
                      <span className="muted">—</span>
                    ) : (
                      <Link to={`/approvals/${encodeURIComponent(line.approvalId)}`}>
                        {line.approvalId}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <div className="panel">
        <h2>Explanations</h2>
        <div className="table-wrap">
          <table className="data" data-testid="explanations">
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col">What</th>
                <th scope="col">Parameter</th>
                <th scope="col">Value</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {body.explanations.map((e, i) => (
                <tr key={i}>
                  <td>{LAYER_LABELS[e.layer] ?? e.layer}</td>
                  <td>{e.what}</td>
                  <td>{e.parameter === null ? '—' : <code>{e.parameter}</code>}</td>
                  <td>{e.value ?? '—'}</td>
                  <td className="num">{yuan(e.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <Accumulators before={body.accumulatorsBefore} after={body.accumulatorsAfter} />
    </>
  );
}

/** The person's year-to-date figures before and after (not who they are: no person id here). */
function Accumulators({
  before,
  after,
}: {
  readonly before: Readonly<Record<string, unknown>>;
  readonly after: Readonly<Record<string, unknown>>;
}) {
  const keys = Object.keys(after).filter(
    (k) => k !== 'personId' && k !== 'year' && typeof after[k] !== 'object',
  );
  const show = (value: unknown) =>
    typeof value === 'string' ? yuan(value) : typeof value === 'number' ? String(value) : '—';
  return (
    <div className="panel">
      <h2>Accumulators {typeof after['year'] === 'number' ? after['year'] : ''}</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Accumulator</th>
              <th scope="col" className="num">
                Before
              </th>
              <th scope="col" className="num">
                After
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k}>
                <th scope="row">{ACCUMULATOR_LABELS[k] ?? k}</th>
                <td className="num">{show(before[k])}</td>
                <td className="num">{show(after[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
