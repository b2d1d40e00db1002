import { api, call, type SuccessBody } from '../api/client.ts';
import { BarChart, seriesColor } from '../ui/BarChart.tsx';
import { timestamp, yuan } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { VALUE_MODEL_LABELS, entriesChart } from './model.ts';

type Stored = SuccessBody<Awaited<ReturnType<(typeof api.v1.value)['period-runs'][':id']['$get']>>>;
type Entry = Stored['run']['entries'][number];

/** One recorded period run: its entries with their parts and explanations, the total, what is due. */
export function RunDetail({ id }: { readonly id: string }) {
  const loaded = useApi(
    () => call(api.v1.value['period-runs'][':id'].$get({ param: { id } })),
    [id],
  );
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/value">Period results</Link> / <code>{id}</code>
      </nav>
      <Async loaded={loaded} what="the period run">
        {(stored) => (
          <>
            <h2>
              {stored.scope === 'institution' ? 'Institution' : 'Contract'}{' '}
              <code data-testid="run-subject">{stored.subject}</code> · {stored.period}
            </h2>
            <p className="intro-text">
              Run as of {stored.run.asOf} (the period&rsquo;s last day) under policy{' '}
              <Link to={`/policies/${encodeURIComponent(stored.policy)}`}>
                <code data-testid="run-policy">{stored.policy}</code>
              </Link>
              . Recorded by {stored.createdBy} at {timestamp(stored.createdAt)}. A positive amount
              is paid by the fund; a negative one is owed to it.
            </p>
            <dl className="summary-facts">
              <div>
                <dt>Entries</dt>
                <dd className="num" data-testid="run-entry-count">
                  {stored.run.entries.length}
                </dd>
              </div>
              <div>
                <dt>Total booked</dt>
                <dd className="num" data-testid="run-total">
                  {yuan(stored.total)}
                </dd>
              </div>
              {stored.scope === 'contract' ? (
                <div>
                  <dt>Evaluations still due</dt>
                  <dd className="num">{(stored.run.due ?? []).length}</dd>
                </div>
              ) : null}
            </dl>
            <h3>Entries</h3>
            {stored.run.entries.length === 0 ? (
              <Empty>Nothing was booked in this period.</Empty>
            ) : (
              <>
                <EntriesChart entries={stored.run.entries} />
                <Entries entries={stored.run.entries} total={stored.total} />
              </>
            )}
            {stored.scope === 'contract' ? <Due due={stored.run.due ?? []} /> : null}
          </>
        )}
      </Async>
    </>
  );
}

/** The entries as bars (drawing only: the exact amounts are in the table below). */
function EntriesChart({ entries }: { readonly entries: readonly Entry[] }) {
  const chart = entriesChart(entries);
  return (
    <BarChart
      title="Entries of the run"
      unit="元"
      categories={chart.categories}
      series={[
        { name: 'Paid by the fund', color: seriesColor(0), values: chart.paid },
        { name: 'Owed to the fund', color: seriesColor(4), values: chart.owed },
      ]}
    />
  );
}

function Entries({
  entries,
  total,
}: {
  readonly entries: readonly Entry[];
  readonly total: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="run-entries">
        <caption className="visually-hidden">Entries of the run</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Model</th>
            <th scope="col">Rule</th>
            <th scope="col">Counterparty</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Parts</th>
            <th scope="col">Explanations</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.rule}-${i}`} data-rule={e.rule} data-model={e.model}>
              <td className="num">{i + 1}</td>
              <td>
                {VALUE_MODEL_LABELS[e.model].en}{' '}
                <span className="zh">{VALUE_MODEL_LABELS[e.model].zh}</span>
              </td>
              <td>
                <code>{e.rule}</code>
              </td>
              <td>{e.counterparty}</td>
              <td className="num" data-testid="entry-amount">
                {yuan(e.amount)}
              </td>
              <td>
                {e.parts.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="issue-list" data-testid="entry-parts">
                    {e.parts.map((p, j) => (
                      <li key={j}>
                        {p.what}: <span className="num">{yuan(p.amount)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                {e.explanations.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="issue-list" data-testid="entry-explanations">
                    {e.explanations.map((x, j) => (
                      <li key={j}>{x}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              Total
            </th>
            <td className="num">{yuan(total)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Due({ due }: { readonly due: NonNullable<Stored['run']['due']> }) {
  return (
    <>
      <h3>Evaluations not yet due at the period&rsquo;s end</h3>
      {due.length === 0 ? (
        <Empty>Every treated patient was evaluated by the period&rsquo;s end.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="run-due">
            <caption className="visually-hidden">Evaluations not yet due</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Due on</th>
              </tr>
            </thead>
            <tbody>
              {due.map((d, i) => (
                <tr key={`${d.personId}-${i}`}>
                  <td>
                    <code>{d.personId}</code>
                  </td>
                  <td className="date">{d.due}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
