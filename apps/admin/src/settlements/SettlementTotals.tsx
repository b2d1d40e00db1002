import { Decimal } from '@openpayer/domain';
import type { InferRequestType } from 'hono/client';
import { api, call } from '../api/client.ts';
import { useLocation } from '../app/router.ts';
import { BarChart, seriesColor } from '../ui/BarChart.tsx';
import { yuan } from '../ui/format.ts';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { FilterBar } from './FilterBar.tsx';
import { type StatusLabels, apiQuery, filtersOf } from './filters.ts';
import { partiesUsed, partyLabel, partyShort } from '../ui/settlement/parties.ts';

/** The statuses the totals endpoint sums (its own enum, from the API's route types). */
type TotalsStatus = NonNullable<
  InferRequestType<typeof api.v1.settlements.totals.$get>['query']['status']
>;

/** The totals' status filter. */
const TOTALS_STATUSES: StatusLabels<TotalsStatus> = {
  settled: 'Settled',
  reversed: 'Reversed',
  all: 'All (settled and reversed)',
};

/** What the totals count, said in the chart's caption and the table's (a reader must not guess). */
const SHOWN: Readonly<Record<TotalsStatus, string>> = {
  settled: 'Settled (reversals excluded), per month and payer',
  reversed: 'Reversed settlements only, per month and payer',
  all: 'Settled and reversed settlements, per month and payer',
};

/** The settlements counted, in "No … settlements in this range". */
const COUNTED: Readonly<Record<TotalsStatus, string>> = {
  settled: 'settled',
  reversed: 'reversed',
  all: 'settled or reversed',
};

/**
 * Settlement totals per payer, per month of service date: a stacked bar chart to see the shape,
 * and the exact sums (as the API computed them) in the table beside it. The status filter offers
 * the totals endpoint's own statuses; without one the API sums its default (what stands), and the
 * captions say what the API answered it counted.
 */
export function SettlementTotals() {
  const { query } = useLocation();
  const filters = filtersOf(query, TOTALS_STATUSES);
  const { claim: _claim, ...totalsParams } = apiQuery(filters);
  const loaded = useApi(
    () => call(api.v1.settlements.totals.$get({ query: { groupBy: 'month', ...totalsParams } })),
    [JSON.stringify(totalsParams)],
  );

  return (
    <section className="settlements">
      <h1>Settlement totals</h1>
      <FilterBar
        path="/settlements/totals"
        filters={filters}
        statuses={TOTALS_STATUSES}
        anyStatus="The API’s default (settled)"
      />
      {filters.claim === '' ? null : (
        <p className="muted">
          The totals are by institution, status and date; the claim filter applies to the list only.
        </p>
      )}
      <Async loaded={loaded} what="settlement totals">
        {(totals) => {
          // Payers by name as the API listed them (`parties`), looked up by string key.
          const periods: readonly {
            readonly period: string;
            readonly settlements: number;
            readonly total: string;
            readonly payers: Readonly<Record<string, string>>;
          }[] = totals.periods;
          if (periods.length === 0) {
            return <Empty>No {COUNTED[totals.status]} settlements in this range.</Empty>;
          }
          const parties = partiesUsed(
            periods.map((p) =>
              Object.fromEntries(totals.parties.map((party) => [party, p.payers[party] ?? '0.00'])),
            ),
          );
          const grand = periods.reduce((sum, p) => sum.add(p.total), new Decimal(0));
          const count = periods.reduce((n, p) => n + p.settlements, 0);
          return (
            <div className="totals-layout">
              <BarChart
                title={`${SHOWN[totals.status]} (month of service date, yuan)`}
                unit="yuan"
                categories={periods.map((p) => p.period)}
                series={parties.map((party, i) => ({
                  name: partyLabel(party),
                  color: seriesColor(i),
                  // Numbers for drawing only; the exact sums are in the table.
                  values: periods.map((p) => Number(p.payers[party] ?? '0')),
                }))}
              />
              <div className="table-wrap">
                <table className="data" data-testid="totals">
                  <caption>Exact totals: {SHOWN[totals.status].toLowerCase()}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Month</th>
                      <th scope="col" className="num">
                        Settlements
                      </th>
                      {parties.map((p) => (
                        <th key={p} scope="col" className="num" title={partyLabel(p)}>
                          {partyShort(p)}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        Total
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {periods.map((p) => (
                      <tr key={p.period}>
                        <th scope="row">{p.period}</th>
                        <td className="num">{p.settlements.toLocaleString('en')}</td>
                        {parties.map((party) => (
                          <td key={party} className="num">
                            {yuan(p.payers[party] ?? '0.00')}
                          </td>
                        ))}
                        <td className="num">{yuan(p.total)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">All</th>
                      <td className="num">{count.toLocaleString('en')}</td>
                      {parties.map((party) => (
                        <td key={party} className="num">
                          {yuan(
                            periods
                              .reduce((sum, p) => sum.add(p.payers[party] ?? '0'), new Decimal(0))
                              .toFixed(2),
                          )}
                        </td>
                      ))}
                      <td className="num" data-testid="grand-total">
                        {yuan(grand.toFixed(2))}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            </div>
          );
        }}
      </Async>
    </section>
  );
}
