import { todayIn } from '@openpayer/domain';
import { api, call, type SuccessBody } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { percent, yuan } from '../ui/format.ts';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { treatedCount } from './model.ts';

type Contract = SuccessBody<
  Awaited<ReturnType<(typeof api.v1.value.contracts)['$get']>>
>['items'][number];

const DEFAULT_REGION = '230100';
const DATE = /^\d{4}-\d{2}-\d{2}$/u;
const REGION = /^\d{6}$/u;

/**
 * The region's risk-sharing contracts (风险分担) with their cohorts as of a date: who was treated
 * and evaluated, who survived, the tier reached and the refund the manufacturer owes, and whose
 * evaluation is still due. The date and region live in the query string.
 */
export function ContractsPage() {
  const { query } = useLocation();
  const date = query.get('date') ?? todayIn();
  const region = query.get('region') ?? DEFAULT_REGION;
  const valid = DATE.test(date) && REGION.test(region);
  const loaded = useApi(
    () =>
      valid
        ? call(api.v1.value.contracts.$get({ query: { date, region } }))
        : Promise.resolve({
            ok: false as const,
            error: {
              status: 0,
              code: 'invalid_filter',
              message: 'Enter a date (YYYY-MM-DD) and a 6-digit region code.',
              issues: [],
            },
          }),
    [date, region, valid],
  );
  const set = (change: { date?: string; region?: string }) => {
    navigate(href('/value/contracts', { date, region, ...change }), { replace: true });
  };
  return (
    <>
      <p className="intro-text">
        A high-cost therapy is paid once; if its patients&rsquo; outcome at follow-up falls below a
        threshold, the manufacturer refunds a share. Each contract&rsquo;s cohort is read from the
        recorded outcome events as of the date.
      </p>
      <form
        className="filters"
        aria-label="Cohorts as of"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="field">
          <span>As of</span>
          <input
            type="date"
            name="date"
            value={date}
            onChange={(e) => {
              set({ date: e.target.value });
            }}
          />
        </label>
        <label className="field">
          <span>Region</span>
          <input
            name="region"
            value={region}
            onChange={(e) => {
              set({ region: e.target.value.trim() });
            }}
          />
        </label>
      </form>
      <Async loaded={loaded} what="risk-sharing contracts">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>
              No risk-sharing contract in the policy of {region} on {date}.
            </Empty>
          ) : (
            <div data-testid="contracts">
              {items.map((c) => (
                <ContractCard key={c.id} contract={c} />
              ))}
            </div>
          )
        }
      </Async>
    </>
  );
}

function ContractCard({ contract }: { readonly contract: Contract }) {
  const { cohort } = contract;
  const facts = [
    ['Treated', 'cohort-treated', String(treatedCount(cohort))],
    ['Evaluable', 'cohort-evaluable', String(cohort.evaluable)],
    ['Survivors', 'cohort-survivors', String(cohort.survivors)],
    ['Survival rate', 'cohort-rate', cohort.rate === null ? '—' : percent(cohort.rate)],
    [
      'Tier',
      'cohort-tier',
      cohort.tier === null
        ? 'none yet'
        : `≥ ${percent(cohort.tier.atLeast)} → refund ${percent(cohort.tier.refund)}`,
    ],
    ['Paid (evaluated)', 'cohort-paid-base', yuan(cohort.paidBase)],
    ['Refund owed', 'cohort-refund-owed', yuan(cohort.refundOwed)],
  ] as const;
  return (
    <article
      className="panel"
      data-contract={contract.id}
      aria-labelledby={`contract-${contract.id}`}
    >
      <h2 id={`contract-${contract.id}`}>
        {contract.name} <code>{contract.id}</code>
      </h2>
      <p className="intro-text">
        {contract.manufacturer} · one-time payment {yuan(contract.payment)} per patient · items{' '}
        {contract.items.map((item, i) => (
          <span key={item}>
            {i > 0 ? ', ' : null}
            <code>{item}</code>
          </span>
        ))}{' '}
        · indicator {cohort.indicator} · as of {cohort.asOf}
      </p>
      <dl className="summary-facts">
        {facts.map(([label, testId, value]) => (
          <div key={testId}>
            <dt>{label}</dt>
            <dd className="num" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {cohort.explanations.length === 0 ? null : (
        <ul className="issue-list" data-testid="cohort-explanations">
          {cohort.explanations.map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      )}
      <h3>Due evaluations</h3>
      {cohort.dueEvaluations.length === 0 ? (
        <Empty>No evaluation is still due.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="due-evaluations">
            <caption className="visually-hidden">Due evaluations of {contract.id}</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Due on</th>
              </tr>
            </thead>
            <tbody>
              {cohort.dueEvaluations.map((d) => (
                <tr key={`${d.personId}-${d.index}`} data-person={d.personId}>
                  <td>
                    <code>{d.personId}</code>
                  </td>
                  <td className="date">{d.dueOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cohort.excluded.length === 0 ? null : (
        <>
          <h3>Lost to follow-up</h3>
          <ul className="issue-list" data-testid="excluded">
            {cohort.excluded.map((x) => (
              <li key={`${x.personId}-${x.index}`}>
                <code>{x.personId}</code> lost on {x.lostToFollowUpOn} (evaluation was due{' '}
                {x.evaluationDate})
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
