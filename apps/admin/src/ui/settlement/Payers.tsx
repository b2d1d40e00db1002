import { Decimal } from '@openpayer/domain';
import { yuan } from '../format.ts';
import { inLayerOrder, partiesUsed, partyLabel } from './parties.ts';
import type { LayersView } from './view.ts';
import './settlement.css';

/**
 * Who pays how much of the claim: each payer that pays (and the patient, always), its share, and
 * whether the payers sum to the claim total.
 */
export function PayersTable({
  payers,
  total,
}: {
  readonly payers: Readonly<Record<string, string>>;
  readonly total: string;
}) {
  const sum = Object.values(payers)
    .reduce((acc, amount) => acc.add(amount), new Decimal(0))
    .toFixed(2);
  const balanced = sum === new Decimal(total).toFixed(2);
  return (
    <table className="data settlement-payers" data-testid="payers">
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
        {inLayerOrder([...partiesUsed([payers]), 'patient']).map((party) => {
          const amount = payers[party] ?? '0.00';
          return (
            <tr key={party} className={new Decimal(amount).isZero() ? 'zero' : undefined}>
              <th scope="row">{partyLabel(party)}</th>
              <td className="num" data-testid={`payer-${party}`}>
                {yuan(amount)}
              </td>
              <td className="num">
                {new Decimal(total).isZero()
                  ? '—'
                  : `${new Decimal(amount).div(total).mul(100).toFixed(1)}%`}
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Sum of payers</th>
          <td className="num" data-testid="payer-sum">
            {yuan(sum)}
          </td>
          <td />
        </tr>
        <tr>
          <th scope="row">Claim total</th>
          <td className="num" data-testid="claim-total">
            {yuan(total)}
          </td>
          <td className={balanced ? 'check-ok' : 'check-error'}>
            {balanced ? '✓ balanced' : '✗ does not balance'}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** How the claim total went through the layers, figure by figure. */
export function LayerFigures({ settlement }: { readonly settlement: LayersView }) {
  const { basic } = settlement.layers;
  return (
    <dl className="settlement-facts" data-testid="layers">
      <dt>Claim total</dt>
      <dd data-testid="total">{yuan(settlement.total)}</dd>
      <dt>Self-paid before the layers 自付</dt>
      <dd>{yuan(settlement.selfPay)}</dd>
      <dt>Eligible 政策范围内</dt>
      <dd>{yuan(settlement.eligible)}</dd>
      <dt>Deductible 起付线</dt>
      <dd data-testid="layer-deductible">{yuan(basic.deductible)}</dd>
      <dt>Above the deductible</dt>
      <dd>{yuan(basic.base)}</dd>
      <dt>Basic fund pays</dt>
      <dd data-testid="layer-basic">
        {yuan(basic.fund)}
        {basic.capReached ? <span className="badge badge-warning"> annual cap reached</span> : null}
      </dd>
      <dt>Critical illness</dt>
      <dd data-testid="layer-critical-illness">{yuan(settlement.layers.criticalIllness)}</dd>
      <dt>Medical assistance</dt>
      <dd data-testid="layer-medical-assistance">{yuan(settlement.layers.medicalAssistance)}</dd>
      <dt>Commercial</dt>
      <dd>{yuan(settlement.layers.commercial)}</dd>
      <dt>Multi-party sharing</dt>
      <dd>{yuan(settlement.layers.sharing)}</dd>
    </dl>
  );
}
