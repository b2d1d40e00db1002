import type { ReactNode } from 'react';
import { BarChart, seriesColor } from '../ui/BarChart.tsx';
import { yuan } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { partyLabel } from '../ui/settlement/parties.ts';
import { href } from '../app/router.ts';
import type { Report, ReportGroup, ReportPayers } from './api.ts';
import { ChangeChart } from './ChangeChart.tsx';
import { byChange, changeClass, shortLabel } from './model.ts';

/** The breakdowns, in the report's order, as they read on screen. */
const BREAKDOWN_LABELS = {
  institution: 'By institution',
  claimType: 'By claim type',
  insuranceType: 'By insurance type',
  personCategory: 'By person category',
  item: 'By catalog item (lines)',
} as const satisfies Record<keyof Report['breakdowns'], string>;

/** Groups shown per breakdown (the largest changes); the rest are counted. */
const SHOWN = 50;

/** A claim's settlements (the list filtered by the claim id). */
const claimHref = (claimId: string) => href('/settlements', { claim: claimId });

function Change({ amount, testId }: { readonly amount: string; readonly testId?: string }) {
  return (
    <span className={changeClass(amount)} data-testid={testId}>
      {yuan(amount)}
    </span>
  );
}

function ClaimLink({ claimId }: { readonly claimId: string }) {
  return (
    <Link to={claimHref(claimId)}>
      <code>{claimId}</code>
    </Link>
  );
}

/** A finished simulation's report: the engine's figures as sent (money as its strings). */
export function ReportView({ report }: { readonly report: Report }) {
  return (
    <div className="whatif-report" data-testid="simulation-report">
      <Claims report={report} />
      <h2>Totals per payer</h2>
      <PayerTotals payers={report.payers} total={report.total} />
      <h2>Budget impact</h2>
      <Budget budget={report.budget} />
      <h2>Out of pocket</h2>
      <OutOfPocket oop={report.outOfPocket} />
      <h2>Breakdowns</h2>
      <InstitutionChart groups={report.breakdowns.institution} />
      {(Object.keys(BREAKDOWN_LABELS) as (keyof Report['breakdowns'])[]).map((key) => (
        <Breakdown
          key={key}
          name={key}
          label={BREAKDOWN_LABELS[key]}
          groups={report.breakdowns[key]}
        />
      ))}
      <h2>Largest out-of-pocket changes</h2>
      <Largest largest={report.outOfPocket.largest} />
      <h2>
        Coverage changes{' '}
        <span className="muted count" data-testid="coverage-count">
          · {report.coverageChanges.count.toLocaleString('en')} claim
          {report.coverageChanges.count === 1 ? '' : 's'}
        </span>
      </h2>
      <Coverage coverage={report.coverageChanges} />
      {report.refusals.count > 0 ? (
        <>
          <h2>Refusals</h2>
          <Refusals refusals={report.refusals} />
        </>
      ) : null}
    </div>
  );
}

/** The basic fund's change per institution: those whose part changes, the 20 largest. */
function InstitutionChart({ groups }: { readonly groups: Report['breakdowns']['institution'] }) {
  const bars = byChange(groups)
    .map(([key, g]) => ({ label: key, value: Number(g.payers.basic_fund?.change ?? 0) }))
    .filter((b) => b.value !== 0)
    .slice(0, 20);
  if (bars.length === 0) {
    return <p className="state state-empty">No institution&rsquo;s basic fund part changes.</p>;
  }
  return (
    <ChangeChart
      title="Change of the basic fund's part per institution (candidate − baseline; the 20 largest)"
      unit="元"
      bars={bars}
    />
  );
}

function Facts({
  facts,
  testId,
}: {
  readonly facts: readonly (readonly [string, string, ReactNode])[];
  readonly testId: string;
}) {
  return (
    <dl className="summary-facts" data-testid={testId}>
      {facts.map(([label, id, value]) => (
        <div key={id}>
          <dt>{label}</dt>
          <dd className="num" data-testid={id}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Claims({ report }: { readonly report: Report }) {
  const c = report.claims;
  return (
    <>
      <Facts
        testId="report-claims"
        facts={[
          ['Claims read', 'claims-read', c.read.toLocaleString('en')],
          ['Compared', 'claims-compared', c.compared.toLocaleString('en')],
          ['Refused', 'claims-refused', c.refused.toLocaleString('en')],
          ['Lines', 'claims-lines', c.lines.toLocaleString('en')],
        ]}
      />
      {report.complete ? null : (
        <p className="banner banner-warning" role="note">
          Not every claim could be compared: the figures are over the {c.compared} compared; the
          refusals are listed at the end.
        </p>
      )}
    </>
  );
}

function ComparisonCells({ c }: { readonly c: Report['total'] }) {
  return (
    <>
      <td className="num">{yuan(c.baseline)}</td>
      <td className="num">{yuan(c.candidate)}</td>
      <td className="num">
        <Change amount={c.change} />
      </td>
    </>
  );
}

function PayerTotals({
  payers,
  total,
}: {
  readonly payers: ReportPayers;
  readonly total: Report['total'];
}) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="payer-totals">
        <caption className="visually-hidden">Totals per payer</caption>
        <thead>
          <tr>
            <th scope="col">Payer</th>
            <th scope="col" className="num">
              Baseline
            </th>
            <th scope="col" className="num">
              Candidate
            </th>
            <th scope="col" className="num">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(payers).map(([party, c]) => (
            <tr key={party} data-payer={party}>
              <td>{partyLabel(party)}</td>
              <td className="num" data-testid="baseline">
                {yuan(c.baseline)}
              </td>
              <td className="num" data-testid="candidate">
                {yuan(c.candidate)}
              </td>
              <td className="num">
                <Change amount={c.change} testId="change" />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-payer="total">
            <td>All payers</td>
            <ComparisonCells c={total} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Budget({ budget }: { readonly budget: Report['budget'] }) {
  const pct = (p: string | null) => (p === null ? '—' : `${p}%`);
  return (
    <>
      <Facts
        testId="budget"
        facts={[
          ['Fund', 'budget-fund', partyLabel(budget.fund)],
          [
            'Budget',
            'budget-amount',
            budget.amount === null ? <span className="muted">not given</span> : yuan(budget.amount),
          ],
          ['Baseline spending', 'budget-baseline', yuan(budget.baseline)],
          ['Candidate spending', 'budget-candidate', yuan(budget.candidate)],
          ['Change', 'budget-change', <Change key="c" amount={budget.change} />],
          ['Change of the budget', 'budget-change-percent', pct(budget.changePercent)],
          ['Baseline uses', 'budget-baseline-percent', pct(budget.baselinePercent)],
          ['Candidate uses', 'budget-candidate-percent', pct(budget.candidatePercent)],
        ]}
      />
      {budget.overBudget === true ? (
        <p className="banner banner-error" role="note" data-testid="over-budget">
          The candidate&rsquo;s spending exceeds the budget.
        </p>
      ) : budget.overBudget === false ? (
        <p className="banner banner-ok" role="note" data-testid="within-budget">
          The candidate&rsquo;s spending stays within the budget.
        </p>
      ) : null}
    </>
  );
}

function OutOfPocket({ oop }: { readonly oop: Report['outOfPocket'] }) {
  const p = oop.percentiles;
  return (
    <>
      <Facts
        testId="out-of-pocket"
        facts={[
          ['People', 'oop-people', oop.people.toLocaleString('en')],
          ['Pay less', 'oop-less', oop.less.toLocaleString('en')],
          ['Pay more', 'oop-more', oop.more.toLocaleString('en')],
          ['Pay the same', 'oop-same', oop.same.toLocaleString('en')],
        ]}
      />
      <Facts
        testId="oop-percentiles"
        facts={[
          ['Lowest change', 'oop-p0', <Change key="p0" amount={p.p0} />],
          ['10th percentile', 'oop-p10', <Change key="p10" amount={p.p10} />],
          ['Median', 'oop-p50', <Change key="p50" amount={p.p50} />],
          ['90th percentile', 'oop-p90', <Change key="p90" amount={p.p90} />],
          ['Highest change', 'oop-p100', <Change key="p100" amount={p.p100} />],
        ]}
      />
      <div className="columns">
        <BarChart
          title="People by the change of what they pay out of pocket (元)"
          unit="people"
          categories={oop.histogram.map((b) => shortLabel(b.label))}
          series={[
            { name: 'People', color: seriesColor(1), values: oop.histogram.map((b) => b.count) },
          ]}
        />
        <div className="table-wrap">
          <table className="data" data-testid="oop-histogram">
            <caption className="visually-hidden">People by out-of-pocket change</caption>
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col" className="num">
                  From
                </th>
                <th scope="col" className="num">
                  To (exclusive)
                </th>
                <th scope="col" className="num">
                  People
                </th>
              </tr>
            </thead>
            <tbody>
              {oop.histogram.map((b) => (
                <tr key={b.label} data-bucket={b.label}>
                  <td>{b.label}</td>
                  <td className="num">{b.from === null ? '—' : yuan(b.from)}</td>
                  <td className="num">{b.to === null ? '—' : yuan(b.to)}</td>
                  <td className="num">{b.count.toLocaleString('en')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}

function Breakdown({
  name,
  label,
  groups,
}: {
  readonly name: string;
  readonly label: string;
  readonly groups: Readonly<Record<string, ReportGroup>>;
}) {
  const sorted = byChange(groups);
  const shown = sorted.slice(0, SHOWN);
  const unit = name === 'item' ? 'Lines' : 'Claims';
  return (
    <section className="breakdown" aria-labelledby={`breakdown-${name}`}>
      <h3 id={`breakdown-${name}`}>
        {label}{' '}
        <span className="muted count">
          · {sorted.length.toLocaleString('en')} group{sorted.length === 1 ? '' : 's'}
          {sorted.length > SHOWN ? `, the ${SHOWN} largest changes shown` : ''}
        </span>
      </h3>
      <div className="table-wrap">
        <table className="data" data-testid={`breakdown-${name}`}>
          <caption className="visually-hidden">{label}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="num">
                {unit}
              </th>
              <th scope="col" className="num">
                Baseline total
              </th>
              <th scope="col" className="num">
                Candidate total
              </th>
              <th scope="col" className="num">
                Change
              </th>
              <th scope="col" className="num">
                Fund change
              </th>
              <th scope="col" className="num">
                Patient change
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map(([key, g]) => (
              <tr key={key} data-group={key}>
                <td>
                  <code>{key}</code>
                </td>
                <td className="num">{g.count.toLocaleString('en')}</td>
                <ComparisonCells c={g.total} />
                <td className="num">
                  <Change amount={g.payers.basic_fund?.change ?? '0.00'} />
                </td>
                <td className="num">
                  <Change amount={g.payers.patient?.change ?? '0.00'} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Largest({ largest }: { readonly largest: Report['outOfPocket']['largest'] }) {
  if (largest.length === 0)
    return <p className="state state-empty">No one&rsquo;s out of pocket changes.</p>;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="largest">
        <caption className="visually-hidden">Largest out-of-pocket changes</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Year</th>
            <th scope="col" className="num">
              Claims
            </th>
            <th scope="col" className="num">
              Baseline
            </th>
            <th scope="col" className="num">
              Candidate
            </th>
            <th scope="col" className="num">
              Change
            </th>
            <th scope="col">Claims that changed most</th>
          </tr>
        </thead>
        <tbody>
          {largest.map((p) => (
            <tr key={`${p.personId}-${p.year}`} data-person={p.personId}>
              <td>
                <code>{p.personId}</code>
              </td>
              <td>{p.year}</td>
              <td className="num">{p.claims.toLocaleString('en')}</td>
              <td className="num">{yuan(p.baseline)}</td>
              <td className="num">{yuan(p.candidate)}</td>
              <td className="num">
                <Change amount={p.change} testId="person-change" />
              </td>
              <td>
                <ul className="claim-list">
                  {p.changedClaims.map((c) => (
                    <li key={c.record}>
                      <ClaimLink claimId={c.claimId} /> <Change amount={c.change} />
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Coverage({ coverage }: { readonly coverage: Report['coverageChanges'] }) {
  if (coverage.claims.length === 0) {
    return <p className="state state-empty">No claim&rsquo;s coverage outcome changes.</p>;
  }
  return (
    <>
      {coverage.count > coverage.claims.length ? (
        <p className="note">
          The first {coverage.claims.length} of {coverage.count.toLocaleString('en')} claims.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data" data-testid="coverage-changes">
          <caption className="visually-hidden">Claims whose coverage changes</caption>
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Person</th>
              <th scope="col">Lines: baseline → candidate</th>
            </tr>
          </thead>
          <tbody>
            {coverage.claims.map((c) => (
              <tr key={c.record} data-claim={c.claimId}>
                <td>
                  <ClaimLink claimId={c.claimId} />
                </td>
                <td>
                  <code>{c.personId}</code>
                </td>
                <td>
                  <ul className="claim-list">
                    {c.lines.map((l) => (
                      <li key={l.lineId}>
                        <code>{l.lineId}</code> <code className="muted">{l.code}</code>:{' '}
                        {l.baseline} → <strong>{l.candidate}</strong>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Refusals({ refusals }: { readonly refusals: Report['refusals'] }) {
  const s = refusals.bySide;
  return (
    <>
      <Facts
        testId="refusals"
        facts={[
          ['Refused', 'refusals-count', refusals.count.toLocaleString('en')],
          ['Unreadable', 'refusals-input', s.input.toLocaleString('en')],
          ['Baseline only', 'refusals-baseline', s.baseline.toLocaleString('en')],
          ['Candidate only', 'refusals-candidate', s.candidate.toLocaleString('en')],
          ['Both', 'refusals-both', s.both.toLocaleString('en')],
        ]}
      />
      <div className="table-wrap">
        <table className="data" data-testid="refusals-first">
          <caption className="visually-hidden">The first refusals</caption>
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Refused by</th>
              <th scope="col">Issue</th>
            </tr>
          </thead>
          <tbody>
            {refusals.first.map((r) => (
              <tr key={r.record}>
                <td>
                  {r.claimId === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <ClaimLink claimId={r.claimId} />
                  )}
                </td>
                <td>{r.side}</td>
                <td>
                  {r.message} <span className="muted">({r.code})</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
