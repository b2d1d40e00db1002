import { may } from '@openpayer/domain';
import { api, call } from '../api/client.ts';
import { usePrincipal } from '../app/session-context.ts';
import { timestamp } from '../ui/format.ts';
import { CompareForm } from '../ui/CompareForm.tsx';
import { Link } from '../ui/Link.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import type { RuleSetSummaryView } from './api.ts';
import { SupervisionTabs } from './SupervisionTabs.tsx';

/** The stored rule sets: id, title, region (全国 for the national set), activation, rules. */
export function RuleSetsList() {
  const principal = usePrincipal();
  const loaded = useApi(() => call(api.v1['rule-sets'].$get()), []);
  return (
    <section className="supervision">
      <SupervisionTabs current="rule-sets" />
      <div className="page-head">
        <h1>
          Rule sets <span className="zh">审核规则库</span>
        </h1>
        {may(principal.role, 'manage_rules') ? (
          <Link to="/supervision/rule-sets/upload" className="button primary">
            Upload a rule set
          </Link>
        ) : null}
      </div>
      <p className="intro-text">
        Smart-review rules (智能审核规则) as versioned data. A set reviews the claims of its region
        (the national set: every region) with a service date from its activation on.
      </p>
      <Async loaded={loaded} what="rule sets">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No rule sets are stored yet.</Empty>
          ) : (
            <>
              <CompareRuleSets items={items} />
              <div className="table-wrap">
                <table className="data" data-testid="rule-sets">
                  <caption className="visually-hidden">Rule sets</caption>
                  <thead>
                    <tr>
                      <th scope="col">Rule set</th>
                      <th scope="col">Title</th>
                      <th scope="col">Region</th>
                      <th scope="col">Active from</th>
                      <th scope="col" className="num">
                        Rules
                      </th>
                      <th scope="col">Published</th>
                      <th scope="col">Uploaded</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((s) => (
                      <tr key={s.id} data-rule-set={s.id}>
                        <td>
                          <Link to={`/supervision/rule-sets/${encodeURIComponent(s.id)}`}>
                            <code>{s.id}</code>
                          </Link>
                        </td>
                        <td>{s.title}</td>
                        <td>{s.region ?? 'National 全国'}</td>
                        <td className="date">
                          {s.activeFrom ?? <span className="muted">not activated</span>}
                        </td>
                        <td className="num">{s.rules.toLocaleString('en')}</td>
                        <td className="date">{s.publishedOn}</td>
                        <td className="date">{timestamp(s.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </Async>
    </section>
  );
}

/** Pick two rule sets and open their diff. */
export function CompareRuleSets({
  items,
  initialFrom = '',
  initialTo = '',
}: {
  readonly items: readonly RuleSetSummaryView[];
  readonly initialFrom?: string;
  readonly initialTo?: string;
}) {
  return (
    <CompareForm
      ids={items.map((s) => s.id)}
      diffPath="/supervision/rule-sets/diff"
      label="Compare two rule sets"
      from={{ label: 'From rule set', placeholder: 'Choose…' }}
      to={{ label: 'To rule set', placeholder: 'Choose…' }}
      missing="Choose two different rule sets."
      same="Choose two different rule sets."
      initialFrom={initialFrom}
      initialTo={initialTo}
    />
  );
}
