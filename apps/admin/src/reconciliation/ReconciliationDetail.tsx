import { api, call, type SuccessBody } from '../api/client.ts';
import { BarChart, seriesColor } from '../ui/BarChart.tsx';
import { percent, timestamp, yuan } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';

type Stored = SuccessBody<
  Awaited<ReturnType<(typeof api.v1.reconciliations)[':id']['$get']>>
>['reconciliation'];

/** One recorded reconciliation: headline figures, the pools with their shares, and the cases. */
export function ReconciliationDetail({ id }: { readonly id: string }) {
  const loaded = useApi(() => call(api.v1.reconciliations[':id'].$get({ param: { id } })), [id]);
  return (
    <section>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/reconciliation">Reconciliation</Link> / <code>{id}</code>
      </nav>
      <Async loaded={loaded} what="the reconciliation">
        {(stored) => {
          const r = stored.reconciliation;
          return (
            <>
              <h1>
                {r.institution} · {r.period.label} <span className="zh">结算清算</span>
              </h1>
              <p className="intro-text">
                Cases discharged {r.period.start} → {r.period.end} (exclusive), paid by{' '}
                {r.method.toUpperCase()} under policy <code data-testid="policy">{r.policy}</code> (
                {r.tier}, region {r.region}). Recorded by {stored.createdBy} at{' '}
                {timestamp(stored.createdAt)}.
              </p>
              <Figures totals={r.totals} />
              {r.pointValues === undefined ? null : (
                <>
                  <h2>
                    DIP point values <span className="zh">点值</span>
                  </h2>
                  <PointValues pointValues={r.pointValues} region={r.region} />
                </>
              )}
              <h2>Pools by insurance type</h2>
              <Pools pools={r.pools} />
              <h2>Cases</h2>
              <CasesChart cases={r.cases} method={r.method} />
              <Cases cases={r.cases} dip={r.method === 'dip'} />
            </>
          );
        }}
      </Async>
    </section>
  );
}

function Figures({ totals }: { readonly totals: Stored['totals'] }) {
  const facts = [
    ['Cases', 'total-cases', totals.cases.toLocaleString('en')],
    ['Payment', 'total-payment', yuan(totals.payment)],
    ['Actual cost', 'total-cost', yuan(totals.cost)],
    ['Net', 'total-net', yuan(totals.net)],
    ['Hospital retains', 'total-hospital-retains', yuan(totals.hospitalRetains)],
    ['Care team', 'total-care-team', yuan(totals.careTeam)],
    ['Hospital bears', 'total-hospital-bears', yuan(totals.hospitalBears)],
    ['Fund adjustment', 'total-adjustment', yuan(totals.adjustment)],
  ] as const;
  return (
    <dl className="summary-facts" data-testid="totals">
      {facts.map(([label, testId, value]) => (
        <div key={testId}>
          <dt>{label}</dt>
          <dd className="num" data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** DIP: each fund's budget over the points of the region's cases (every hospital's). */
function PointValues({
  pointValues,
  region,
}: {
  readonly pointValues: NonNullable<Stored['pointValues']>;
  readonly region: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="point-values">
        <caption className="visually-hidden">DIP point values by fund</caption>
        <thead>
          <tr>
            <th scope="col">Insurance</th>
            <th scope="col" className="num">
              Budget (region {region})
            </th>
            <th scope="col" className="num">
              Region&rsquo;s cases
            </th>
            <th scope="col" className="num">
              Region&rsquo;s points
            </th>
            <th scope="col" className="num">
              Point value
            </th>
          </tr>
        </thead>
        <tbody>
          {pointValues.map((v) => (
            <tr key={v.insuranceType} data-point-value={v.insuranceType}>
              <td>{v.insuranceType}</td>
              <td className="num" data-testid="budget">
                {yuan(v.budget)}
              </td>
              <td className="num">{v.cases.toLocaleString('en')}</td>
              <td className="num" data-testid="total-points">
                {v.totalPoints}
              </td>
              <td className="num" data-testid="point-value">
                {v.pointValue}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Pools({ pools }: { readonly pools: Stored['pools'] }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="pools">
        <caption className="visually-hidden">Pools by insurance type</caption>
        <thead>
          <tr>
            <th scope="col">Insurance</th>
            <th scope="col" className="num">
              Cases
            </th>
            <th scope="col" className="num">
              Payment
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Shared net
            </th>
            <th scope="col" className="num">
              Outliers (net)
            </th>
            <th scope="col">Shares: retained / care team / overrun borne</th>
            <th scope="col" className="num">
              Hospital retains
            </th>
            <th scope="col" className="num">
              Care team
            </th>
            <th scope="col" className="num">
              Returned to fund
            </th>
            <th scope="col" className="num">
              Hospital bears
            </th>
            <th scope="col" className="num">
              Fund bears
            </th>
            <th scope="col" className="num">
              Adjustment
            </th>
          </tr>
        </thead>
        <tbody>
          {pools.map((p) => (
            <tr key={p.insuranceType} data-pool={p.insuranceType}>
              <td>{p.insuranceType}</td>
              <td className="num">{p.cases.toLocaleString('en')}</td>
              <td className="num">{yuan(p.payment)}</td>
              <td className="num">{yuan(p.cost)}</td>
              <td className="num">{yuan(p.sharedNet)}</td>
              <td className="num">
                {p.outlierCases.toLocaleString('en')} ({yuan(p.outlierNet)})
              </td>
              <td>
                <span data-testid="shares">
                  {percent(p.shares.surplusRetained)} / {percent(p.shares.careTeamShare)} /{' '}
                  {percent(p.shares.overrunBorne)}
                </span>
                <br />
                <code className="muted" data-testid="shares-source">
                  {p.shares.source}
                </code>
              </td>
              <td className="num">{yuan(p.hospitalRetains)}</td>
              <td className="num">{yuan(p.careTeam)}</td>
              <td className="num">{yuan(p.returnedToFund)}</td>
              <td className="num">{yuan(p.hospitalBears)}</td>
              <td className="num">{yuan(p.fundBears)}</td>
              <td className="num">{yuan(p.adjustment)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Payment beside cost per DRG / DIP group (drawing only: the exact amounts are in the table). */
function CasesChart({
  cases,
  method,
}: {
  readonly cases: Stored['cases'];
  readonly method: Stored['method'];
}) {
  const groups = [...new Set(cases.map((c) => c.group))].sort();
  const sum = (group: string, pick: (c: Stored['cases'][number]) => string) =>
    cases.filter((c) => c.group === group).reduce((total, c) => total + Number(pick(c)), 0);
  const categories = groups.flatMap((g) => [`${g} paid`, `${g} cost`]);
  return (
    <BarChart
      title={`Payment and actual cost per ${method.toUpperCase()} group`}
      unit="元"
      categories={categories}
      series={[
        {
          name: 'Payment',
          color: seriesColor(0),
          values: groups.flatMap((g) => [sum(g, (c) => c.payment), 0]),
        },
        {
          name: 'Actual cost',
          color: seriesColor(2),
          values: groups.flatMap((g) => [0, sum(g, (c) => c.cost)]),
        },
      ]}
    />
  );
}

/** The cases behind the figures; under DIP each with the points its payment is the value of. */
function Cases({ cases, dip }: { readonly cases: Stored['cases']; readonly dip: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="cases">
        <caption className="visually-hidden">Cases</caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Insurance</th>
            <th scope="col">Discharged</th>
            <th scope="col">Group</th>
            <th scope="col">Outlier</th>
            {dip ? (
              <th scope="col" className="num">
                Points
              </th>
            ) : null}
            <th scope="col" className="num">
              Payment
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Difference
            </th>
            <th scope="col">Explanations</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.claimId} data-claim={c.claimId}>
              <td>
                {typeof c.settlementId !== 'string' ? (
                  <code>{c.claimId}</code>
                ) : (
                  <Link to={`/settlements/${encodeURIComponent(c.settlementId)}`}>
                    <code>{c.claimId}</code>
                  </Link>
                )}
              </td>
              <td>{c.insuranceType}</td>
              <td className="date">{c.dischargeDate}</td>
              <td>
                <code>{c.group}</code>
              </td>
              <td>{c.outlier}</td>
              {dip ? (
                <td className="num" data-testid="case-points">
                  {c.points ?? '—'}
                </td>
              ) : null}
              <td className="num">{yuan(c.payment)}</td>
              <td className="num">{yuan(c.cost)}</td>
              <td className="num">{yuan(c.difference)}</td>
              <td>
                {c.explanations.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="issue-list">
                    {c.explanations.map((e, i) => (
                      <li key={i}>{e}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
