import { Decimal } from '@openpayer/domain';
import { api, call } from '../api/client.ts';
import { useLocation } from '../app/router.ts';
import { BarChart, seriesColor } from '../ui/BarChart.tsx';
import { yuan } from '../ui/format.ts';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { FilterBar } from './FilterBar.tsx';
import { apiQuery, filtersOf } from './filters.ts';
import { partiesUsed, partyLabel, partyShort } from '../ui/settlement/parties.ts';

/** What the totals count, said in the chart's caption and the table's (a reader must not guess). */
const SHOWN: Record<'settled' | 'reversed', string> = {
  settled: 'Settled (reversals excluded), per month and payer',
  reversed: 'Reversed settlements only, per month and payer',
};

/**
 * Settlement totals per payer, per month of service date: a stacked bar chart to see the shape,
 * and the exact sums (as the API computed them) in the table beside it. Without a status filter
 * the chart shows what stands — settled, not reversed — since a reversed settlement paid nothing
 * (the API's default too); the caption says so.
 */
export function SettlementTotals() {
  const { query } = useLocation();
  const filters = filtersOf(query);
  const params = apiQuery(filters);
  const { claim: _claim, ...totalsParams } = params;
  // The totals sum what stands or what was reversed; held and released ones are listed only.
  const status = filters.status === 'reversed' ? 'reversed' : 'settled';
  const loaded = useApi(
    () =>
      call(
        api.v1.settlements.totals.$get({
          query: { groupBy: 'month', ...totalsParams, status },
        }),
      ),
    [JSON.stringify(totalsParams), status],
  );

  return (
    <section className="settlements">
      <h1>Settlement totals</h1>
      <FilterBar path="/settlements/totals" filters={filters} />
      {filters.status === 'held' || filters.status === 'released' ? (
        <p className="muted">
          The totals count settled or reversed settlements; held and released ones are in the list
          only. Shown: settled.
        </p>
      ) : null}
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
            return <Empty>No {status} settlements in this range.</Empty>;
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
                title={`${SHOWN[status]} (month of service date, yuan)`}
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
                  <caption>Exact totals: {SHOWN[status].toLowerCase()}</caption>
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
