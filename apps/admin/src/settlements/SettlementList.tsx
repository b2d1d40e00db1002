import { Decimal } from '@openpayer/domain';
import { api, call } from '../api/client.ts';
import { navigate, useLocation } from '../app/router.ts';
import { yuan } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { CursorPager } from '../ui/Pager.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { FilterBar } from './FilterBar.tsx';
import {
  SETTLEMENT_STATUS_LABELS,
  STATUS_BADGE,
  apiQuery,
  filtersHref,
  filtersOf,
} from './filters.ts';
import { partiesUsed, partyLabel, partyShort } from '../ui/settlement/parties.ts';

const PAGE_SIZE = '25';

type Payers = Readonly<Record<string, string>>;

/** The payers map of a listed settlement's body (amounts as the engine wrote them). */
function payersOf(settlement: Readonly<Record<string, unknown>>): Payers {
  const payers = settlement['payers'];
  if (payers === null || typeof payers !== 'object') return {};
  return Object.fromEntries(
    Object.entries(payers).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

const totalOf = (settlement: Readonly<Record<string, unknown>>) =>
  typeof settlement['total'] === 'string' ? settlement['total'] : '';

/** Settlements, newest first, filtered by the URL; each row with its split among the payers. */
export function SettlementList() {
  const { query } = useLocation();
  const filters = filtersOf(query, SETTLEMENT_STATUS_LABELS);
  const after = filters.cursors.at(-1);
  const params = apiQuery(filters);
  const loaded = useApi(
    () =>
      call(
        api.v1.settlements.$get({
          query: { ...params, limit: PAGE_SIZE, ...(after === undefined ? {} : { after }) },
        }),
      ),
    [JSON.stringify(params), after],
  );

  return (
    <section className="settlements">
      <h1>Settlements</h1>
      <FilterBar
        path="/settlements"
        filters={filters}
        statuses={SETTLEMENT_STATUS_LABELS}
        anyStatus="Any status"
      />
      <Async loaded={loaded} what="settlements">
        {(page) => {
          const payers = page.items.map((s) => payersOf(s.settlement));
          const parties = partiesUsed(payers);
          const pageTotal = page.items.reduce(
            (sum, s) => sum.add(totalOf(s.settlement) || '0'),
            new Decimal(0),
          );
          return (
            <>
              {page.items.length === 0 ? (
                <Empty>No settlements match these filters.</Empty>
              ) : (
                <div className="table-wrap">
                  <table className="data settlement-table" data-testid="settlements">
                    <caption className="visually-hidden">
                      Settlements, newest first, with each payer's part
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Settlement · claim</th>
                        <th scope="col">Institution · service date</th>
                        <th scope="col">Status</th>
                        <th scope="col" className="num">
                          Total
                        </th>
                        {parties.map((p) => (
                          <th key={p} scope="col" className="num" title={partyLabel(p)}>
                            {partyShort(p)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {page.items.map((s, i) => (
                        <tr key={s.id}>
                          <td>
                            <Link to={`/settlements/${encodeURIComponent(s.id)}`} data-col="id">
                              {s.id}
                            </Link>
                            <div className="muted" data-col="claim">
                              {s.claimId}
                            </div>
                          </td>
                          <td>
                            <span data-col="institution">{s.institutionCode}</span>
                            <div className="muted" data-col="service-date">
                              {s.serviceDate ?? '—'}
                            </div>
                          </td>
                          <td data-col="status">
                            <span className={STATUS_BADGE[s.status]}>{s.status}</span>
                          </td>
                          <td className="num">{yuan(totalOf(s.settlement))}</td>
                          {parties.map((p) => (
                            <td key={p} className="num">
                              {yuan(payers[i]?.[p] ?? '0.00')}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row" colSpan={3}>
                          This page ({page.items.length})
                        </th>
                        <td className="num" data-testid="page-total">
                          {yuan(pageTotal.toFixed(2))}
                        </td>
                        {parties.map((p) => (
                          <td key={p} className="num">
                            {yuan(
                              payers
                                .reduce((sum, m) => sum.add(m[p] ?? '0'), new Decimal(0))
                                .toFixed(2),
                            )}
                          </td>
                        ))}
                      </tr>
                    </tfoot>
                  </table>
                </div>
              )}
              <CursorPager
                label="Settlement pages"
                cursors={filters.cursors}
                next={page.next}
                onChange={(cursors) => {
                  navigate(filtersHref('/settlements', { ...filters, cursors }));
                }}
              />
            </>
          );
        }}
      </Async>
    </section>
  );
}
