import { todayIn } from '@openpayer/domain';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { LineChart } from '../ui/LineChart.tsx';
import { useOwnInstitution } from '../ui/InstitutionField.tsx';
import { Link } from '../ui/Link.tsx';
import { percent, yuan } from '../ui/format.ts';
import { Async, Empty } from '../ui/states.tsx';
import { type Loaded, useApi } from '../ui/use-api.ts';
import { STATE_LABELS } from '../cases/model.ts';
import type { AnomalyView, BudgetAnswer, BudgetView, KpiDefinitionsView } from './api.ts';
import {
  type KpiUnit,
  budgetBar,
  drawn,
  fullestInstitution,
  institutionsOf,
  kpiFigure,
  monthsLabel,
  openCasesByDeadline,
  trendOf,
  warningLabel,
} from './model.ts';
import './dashboard.css';

const DEFAULT_KPI = 'cost_per_case';
const TOP_ANOMALIES = 5;
const FIRST_CASES = 10;

/**
 * The home screen (/dashboard): the fund's spend this year against its budgets with the run-rate
 * forecast, the most severe anomalies and why, the open cases by deadline, and a KPI's monthly
 * trend against the institution's peers. Each panel asks the API on its own and shows its own
 * error; an institution integrator sees its own institution's figures (the API decides).
 */
export function DashboardSection({ path }: { readonly path: string }) {
  const budgets = useApi(() => call(api.v1.budgets.$get({ query: {} })), []);
  const definitions = useApi(() => call(api.v1.kpis.definitions.$get()), []);
  // The year of the budgets (the server's: this year, or the budgets' last one once it is over);
  // if they cannot be read, this calendar year.
  const year =
    budgets.state === 'ok'
      ? String(budgets.data.year)
      : budgets.state === 'error'
        ? todayIn().slice(0, 4)
        : undefined;
  const units = new Map<string, KpiUnit>(
    definitions.state === 'ok' ? definitions.data.kpis.map((k) => [k.id, k.unit]) : [],
  );

  if (path !== '/dashboard' && path !== '/dashboard/') {
    return (
      <section>
        <h1>Not found</h1>
        <p className="intro-text">
          No dashboard screen at <code>{path}</code>. <Link to="/dashboard">The dashboard</Link>.
        </p>
      </section>
    );
  }
  return (
    <section className="dashboard">
      <h1>
        Dashboard <span className="zh">基金运行概览</span>
      </h1>
      <p className="intro-text">
        The fund&rsquo;s spending{year === undefined ? '' : ` in ${year}`} against its global
        budgets, the anomalies the region&rsquo;s rules find, the cases waiting on a deadline and
        how the indicators move against each institution&rsquo;s peers.
      </p>
      <div className="dashboard-grid">
        <BudgetsPanel loaded={budgets} />
        <AnomaliesPanel year={year} units={units} />
        <CasesPanel />
        <KpiPanel year={year} definitions={definitions} />
      </div>
    </section>
  );
}

function BudgetsPanel({
  loaded,
}: {
  readonly loaded: Loaded<BudgetAnswer> & { readonly reload: () => void };
}) {
  const own = useOwnInstitution();
  return (
    <section className="panel dash-panel dash-wide" aria-labelledby="dash-budgets">
      <h2 id="dash-budgets">
        Fund spend against the budget <span className="zh">总额预算</span>
      </h2>
      <Async loaded={loaded} what="budgets">
        {(answer) => (
          <>
            <p className="muted dash-meta" data-testid="budgets-meta">
              {answer.year} · counted to {answer.asOf} · <code>{answer.budgets}</code>
            </p>
            {answer.items.length === 0 ? (
              <Empty>
                {own === null
                  ? `No budget is set for ${String(answer.year)}.`
                  : `No ${String(answer.year)} budget is set for ${own} (the fund-wide budgets are the fund's).`}
              </Empty>
            ) : (
              <ul className="budgets" data-testid="budgets">
                {answer.items.map((b) => (
                  <Budget key={b.id} budget={b} />
                ))}
              </ul>
            )}
          </>
        )}
      </Async>
    </section>
  );
}

function Budget({ budget: b }: { readonly budget: BudgetView }) {
  const bar = budgetBar(b);
  const level =
    b.warnings.length === 0
      ? 'ok'
      : b.warnings.some((w) => w.by === 'spend')
        ? 'spend'
        : 'forecast';
  return (
    <li className={`budget budget-${level}`} data-budget={b.id}>
      <div className="budget-head">
        <h3>{b.title}</h3>
        <span className="muted">
          {b.institution === null ? 'Whole fund' : <code>{b.institution}</code>}
          {b.category === null ? null : <> · {b.category}</>}
        </span>
      </div>
      <p className="budget-figures">
        <span>
          <strong data-testid="budget-spent">{yuan(b.spent)}</strong> of{' '}
          <span data-testid="budget-amount">{yuan(b.amount)}</span> 元 spent ·{' '}
          <strong data-testid="budget-burn">{percent(b.burn)}</strong>
        </span>
        <span>
          Forecast <span data-testid="budget-forecast">{yuan(b.forecast)}</span> 元 ·{' '}
          <strong data-testid="budget-forecast-burn">{percent(b.forecastBurn)}</strong>
        </span>
      </p>
      <div
        className="burn-bar"
        role="img"
        aria-label={`${percent(b.burn)} of the budget spent, ${percent(b.forecastBurn)} forecast for the year`}
      >
        <span className="burn-forecast" style={{ width: `${String(bar.forecast * 100)}%` }} />
        <span className="burn-spent" style={{ width: `${String(bar.spent * 100)}%` }} />
        <span
          className="burn-budget"
          style={{ left: `${String(bar.budget * 100)}%` }}
          title="The budget"
        />
        <span
          className="burn-marker"
          style={{ left: `${String(bar.forecast * 100)}%` }}
          title={`Forecast ${percent(b.forecastBurn)}`}
        />
      </div>
      <p className="muted budget-days">
        Day {b.daysElapsed} of {b.daysInYear}
      </p>
      {b.warnings.length === 0 ? null : (
        <ul className="budget-warnings" data-testid="budget-warnings">
          {b.warnings.map((w) => (
            <li key={`${w.by}-${w.level}`}>
              <span className={`badge ${w.by === 'spend' ? 'badge-error' : 'badge-warning'}`}>
                {warningLabel(w)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="budget-explanation" data-testid="budget-explanation">
        {b.explanation}
      </p>
    </li>
  );
}

const SEVERITY_CLASS: Readonly<Record<AnomalyView['severity'], string>> = {
  info: 'badge-info',
  warning: 'badge-warning',
  critical: 'badge-error',
};

function AnomaliesPanel({
  year,
  units,
}: {
  readonly year: string | undefined;
  readonly units: ReadonlyMap<string, KpiUnit>;
}) {
  const [all, setAll] = useState(false);
  const loaded = useApi(
    () =>
      year === undefined
        ? new Promise<never>(() => undefined)
        : call(api.v1.anomalies.$get({ query: { period: year } })),
    [year],
  );
  return (
    <section className="panel dash-panel" aria-labelledby="dash-anomalies">
      <h2 id="dash-anomalies">
        Top anomalies <span className="zh">异常监测</span>
      </h2>
      <Async loaded={loaded} what="anomalies">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No anomalies in {year}.</Empty>
          ) : (
            <>
              <p className="muted dash-meta" data-testid="anomalies-count">
                {items.length} {items.length === 1 ? 'anomaly' : 'anomalies'} in {year}, most severe
                first
              </p>
              <ol className="anomalies" data-testid="anomalies">
                {(all ? items : items.slice(0, TOP_ANOMALIES)).map((a, i) => {
                  const unit = units.get(a.kpi);
                  return (
                    <li key={`${a.rule}-${a.institution ?? ''}-${a.from}-${String(i)}`}>
                      <div className="anomaly-head">
                        <span className={`badge ${SEVERITY_CLASS[a.severity]}`}>{a.severity}</span>
                        <strong>{a.title}</strong>
                      </div>
                      <p className="muted anomaly-where">
                        {a.institution === null ? 'Whole fund' : <code>{a.institution}</code>} ·{' '}
                        {monthsLabel(a.from, a.to)} · {kpiFigure(a.value, unit)} against{' '}
                        {kpiFigure(a.reference, unit)}
                      </p>
                      <p className="anomaly-explanation" data-testid="anomaly-explanation">
                        {a.explanation}
                      </p>
                    </li>
                  );
                })}
              </ol>
              <ShowAll
                all={all}
                count={items.length}
                first={TOP_ANOMALIES}
                fewer={`Show the top ${String(TOP_ANOMALIES)}`}
                onToggle={setAll}
              />
            </>
          )
        }
      </Async>
    </section>
  );
}

/** The toggle of a list cut to its first `first` items: none when it is not longer. */
function ShowAll({
  all,
  count,
  first,
  fewer,
  onToggle,
}: {
  readonly all: boolean;
  readonly count: number;
  readonly first: number;
  readonly fewer: string;
  readonly onToggle: (all: boolean) => void;
}) {
  if (count <= first) return null;
  return (
    <button
      type="button"
      className="link"
      onClick={() => {
        onToggle(!all);
      }}
    >
      {all ? fewer : `Show all ${String(count)}`}
    </button>
  );
}

function CasesPanel() {
  const [all, setAll] = useState(false);
  const loaded = useApi(() => call(api.v1.cases.$get({ query: {} })), []);
  return (
    <section className="panel dash-panel" aria-labelledby="dash-cases">
      <h2 id="dash-cases">
        Open cases by deadline <span className="zh">待办案件</span>
      </h2>
      <Async loaded={loaded} what="cases">
        {({ items }) => {
          const open = openCasesByDeadline(items);
          if (open.length === 0) return <Empty>No open case.</Empty>;
          const overdue = open.filter((s) => s.overdue).length;
          return (
            <>
              <p className="muted dash-meta" data-testid="cases-count">
                {open.length} open, {overdue} overdue · <Link to="/cases">All cases</Link>
              </p>
              <div className="table-wrap">
                <table className="data" data-testid="open-cases">
                  <caption className="visually-hidden">Open cases by deadline</caption>
                  <thead>
                    <tr>
                      <th scope="col">Deadline</th>
                      <th scope="col">Case</th>
                      <th scope="col">Institution · state</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(all ? open : open.slice(0, FIRST_CASES)).map(({ case: c, overdue: late }) => (
                      <tr key={c.id} data-case={c.id} className={late ? 'overdue' : undefined}>
                        <td className="date" data-testid="case-deadline">
                          {c.deadline ?? <span className="muted">—</span>}
                          {late ? (
                            <>
                              {' '}
                              <span className="badge badge-error" data-testid="overdue">
                                overdue
                              </span>
                            </>
                          ) : null}
                        </td>
                        <td>
                          <Link to={`/cases/${encodeURIComponent(c.id)}`}>
                            <code>{c.id}</code>
                          </Link>
                          <div className="muted case-summary">{c.summary}</div>
                        </td>
                        <td>
                          <code>{c.subject.institution}</code>
                          <div className="muted case-summary">{STATE_LABELS[c.state]}</div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <ShowAll
                all={all}
                count={open.length}
                first={FIRST_CASES}
                fewer={`Show the first ${String(FIRST_CASES)}`}
                onToggle={setAll}
              />
            </>
          );
        }}
      </Async>
    </section>
  );
}

function KpiPanel({
  year,
  definitions,
}: {
  readonly year: string | undefined;
  readonly definitions: Loaded<KpiDefinitionsView> & { readonly reload: () => void };
}) {
  const { query } = useLocation();
  const kpis = definitions.state === 'ok' ? definitions.data.kpis : [];
  const asked = query.get('kpi') ?? '';
  const kpi = kpis.some((k) => k.id === asked)
    ? asked
    : kpis.some((k) => k.id === DEFAULT_KPI) || kpis.length === 0
      ? DEFAULT_KPI
      : (kpis[0]?.id ?? DEFAULT_KPI);
  const definition = kpis.find((k) => k.id === kpi);
  const loaded = useApi(
    () =>
      year === undefined || definitions.state !== 'ok'
        ? new Promise<never>(() => undefined)
        : call(api.v1.kpis.$get({ query: { period: year, by: 'institution,month', kpi } })),
    [year, kpi, definitions.state],
  );
  const pick = (next: Record<string, string>) => {
    navigate(
      href('/dashboard', {
        kpi: query.get('kpi') ?? '',
        institution: query.get('institution') ?? '',
        ...next,
      }),
      { replace: true },
    );
  };

  return (
    <section className="panel dash-panel dash-wide" aria-labelledby="dash-kpis">
      <h2 id="dash-kpis">
        KPI trends against the peers <span className="zh">监管指标</span>
      </h2>
      <Async loaded={definitions} what="KPI definitions">
        {() => (
          <Async loaded={loaded} what="KPIs">
            {(answer) => {
              const institutions = institutionsOf(answer);
              const askedInstitution = query.get('institution') ?? '';
              const institution = institutions.includes(askedInstitution)
                ? askedInstitution
                : (fullestInstitution(answer, kpi) ?? '');
              const trend = trendOf(answer, kpi, institution);
              const unit = definition?.unit;
              const title = definition?.title ?? kpi;
              return (
                <>
                  <form
                    className="filters"
                    aria-label="Pick a KPI"
                    onSubmit={(e) => {
                      e.preventDefault();
                    }}
                  >
                    <label className="field">
                      <span>KPI</span>
                      <select
                        name="kpi"
                        value={kpi}
                        onChange={(e) => {
                          pick({ kpi: e.target.value });
                        }}
                      >
                        {kpis.map((k) => (
                          <option key={k.id} value={k.id}>
                            {k.title}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label className="field">
                      <span>Institution</span>
                      <select
                        name="institution"
                        value={institution}
                        disabled={institutions.length <= 1}
                        onChange={(e) => {
                          pick({ institution: e.target.value });
                        }}
                      >
                        {institutions.map((i) => (
                          <option key={i} value={i}>
                            {i}
                          </option>
                        ))}
                      </select>
                    </label>
                  </form>
                  {institution === '' || trend.rows.length === 0 ? (
                    <Empty>
                      No {title.toLowerCase()} figures in {year}.
                    </Empty>
                  ) : (
                    <div className="kpi-trend">
                      <LineChart
                        title={`${title} of ${institution} by month, ${answer.from} to ${answer.to} (exclusive)`}
                        categories={trend.rows.map((r) => r.month)}
                        tick={(v) => axisLabel(v, unit)}
                        series={[
                          {
                            name: institution,
                            color: '#0b6e4f',
                            values: trend.rows.map((r) => drawn(r.value)),
                          },
                          {
                            name:
                              trend.tier === undefined || trend.tier === ''
                                ? 'Peer average'
                                : `Peer average (${trend.tier})`,
                            color: '#c77d14',
                            dashed: true,
                            values: trend.rows.map((r) => drawn(r.peer)),
                          },
                        ]}
                      />
                      <div className="table-wrap">
                        <table className="data" data-testid="kpi-table">
                          <caption className="visually-hidden">
                            {title} of {institution} by month, with its tier&rsquo;s peer average
                          </caption>
                          <thead>
                            <tr>
                              <th scope="col">Month</th>
                              <th scope="col" className="num">
                                {institution}
                              </th>
                              <th scope="col" className="num">
                                Peer average
                              </th>
                              <th scope="col" className="num">
                                Peers
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            {trend.rows.map((r) => (
                              <tr key={r.month} data-month={r.month}>
                                <th scope="row">{r.month}</th>
                                <td
                                  className="num"
                                  data-testid="kpi-value"
                                  data-value={r.value ?? ''}
                                >
                                  {r.value === undefined || r.value === null ? (
                                    <span className="muted">—</span>
                                  ) : (
                                    kpiFigure(r.value, unit)
                                  )}
                                </td>
                                <td className="num" data-value={r.peer ?? ''}>
                                  {r.peer === undefined ? (
                                    <span className="muted">—</span>
                                  ) : (
                                    kpiFigure(r.peer, unit)
                                  )}
                                </td>
                                <td className="num">{r.peers ?? ''}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    </div>
                  )}
                </>
              );
            }}
          </Async>
        )}
      </Async>
    </section>
  );
}

/** An axis label in the KPI's unit (a number for drawing; the table has the exact figures). */
function axisLabel(value: number, unit: KpiUnit | undefined): string {
  if (unit === 'ratio') return `${String(Number((value * 100).toPrecision(3)))}%`;
  if (Math.abs(value) >= 1e4) return `${(value / 1e4).toFixed(1)}万`;
  if (unit === 'count') return value.toFixed(0);
  return String(Number(value.toPrecision(4)));
}
