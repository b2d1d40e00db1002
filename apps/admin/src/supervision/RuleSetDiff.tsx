import { api, call } from '../api/client.ts';
import { useLocation } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { CompareRuleSets } from './RuleSetsList.tsx';

function show(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What changed between two rule sets: counts, the set's own fields, and the rules by change. */
export function RuleSetDiff() {
  const { query } = useLocation();
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const all = useApi(() => call(api.v1['rule-sets'].$get()), []);
  const diff = useApi(
    () =>
      from !== '' && to !== ''
        ? call(api.v1['rule-sets'].diff.$get({ query: { from, to } }))
        : Promise.resolve({ ok: true as const, data: null }),
    [from, to],
  );
  return (
    <section className="supervision">
      <p className="breadcrumbs">
        <Link to="/supervision">Rule sets</Link> › Differences
      </p>
      <h1>
        Rule set differences <span className="zh">规则库差异</span>
      </h1>
      {all.state === 'ok' ? (
        <CompareRuleSets
          key={`${from}|${to}`}
          items={all.data.items}
          initialFrom={from}
          initialTo={to}
        />
      ) : null}
      <Async loaded={diff} what="the differences">
        {(data) =>
          data === null ? (
            <Empty>Choose two rule sets.</Empty>
          ) : (
            <>
              <dl className="summary-facts" data-testid="diff-counts">
                {Object.entries(data.counts).map(([k, n]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{n.toLocaleString('en')}</dd>
                  </div>
                ))}
              </dl>
              {data.fields.length === 0 ? null : (
                <div className="panel">
                  <h2>The set</h2>
                  <table className="data">
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        <th scope="col">{data.from}</th>
                        <th scope="col">{data.to}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.fields.map((f) => (
                        <tr key={f.field}>
                          <td>{f.field}</td>
                          <td>{show(f.before)}</td>
                          <td>{show(f.after)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {data.rules.length === 0 ? (
                <Empty>No rule differs.</Empty>
              ) : (
                <div className="table-wrap">
                  <table className="data" data-testid="diff-rules">
                    <caption className="visually-hidden">Changed rules</caption>
                    <thead>
                      <tr>
                        <th scope="col">Rule</th>
                        <th scope="col">Change</th>
                        <th scope="col">Name</th>
                        <th scope="col">Fields</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.rules.slice(0, 500).map((r) => (
                        <tr key={`${r.status}|${r.code}|${String(r.version)}`}>
                          <td>
                            <code>{r.code}</code> <span className="muted">v{r.version}</span>
                          </td>
                          <td>
                            <span className={`badge change-${r.status}`}>{r.status}</span>
                          </td>
                          <td>{r.status === 'removed' ? r.before.name : r.after.name}</td>
                          <td>{r.status === 'changed' ? r.fields.join(', ') : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {data.rules.length > 500 ? (
                    <p className="muted">
                      The first 500 of {data.rules.length.toLocaleString('en')} differing rules.
                    </p>
                  ) : null}
                </div>
              )}
            </>
          )
        }
      </Async>
    </section>
  );
}
