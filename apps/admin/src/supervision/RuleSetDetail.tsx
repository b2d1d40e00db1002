import { calendarDateSchema, may } from '@openpayer/domain';
import { type SyntheticEvent, useEffect, useMemo, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { timestamp } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { OffsetPager } from '../ui/Pager.tsx';
import { Async, Empty, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import type { RuleSetSummaryView, RuleView } from './api.ts';
import { SeverityBadge } from './SeverityBadge.tsx';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  CHECK_KIND_LABELS,
  RESULT_TYPE_LABELS,
  STAGE_LABELS,
  labelOf,
  pageOf,
  parameterRows,
  ruleMatches,
  windowText,
} from './model.ts';
import { CompareRuleSets } from './RuleSetsList.tsx';

const PAGE = 25;

/** One rule set: its facts, activation, and its rules, searchable and paged in the browser. */
export function RuleSetDetail({ id }: { readonly id: string }) {
  const principal = usePrincipal();
  const { query } = useLocation();
  const loaded = useApi(() => call(api.v1['rule-sets'][':id'].$get({ param: { id } })), [id]);
  const all = useApi(() => call(api.v1['rule-sets'].$get()), []);
  const uploaded = query.get('uploaded') === '1';

  return (
    <section className="supervision">
      <p className="breadcrumbs">
        <Link to="/supervision">Rule sets</Link> › <code>{id}</code>
      </p>
      {uploaded ? (
        <p className="banner banner-ok" role="status">
          Uploaded <code>{id}</code>. It reviews no claim until it is activated.
        </p>
      ) : null}
      <Async loaded={loaded} what={`rule set ${id}`}>
        {({ summary, ruleSet }) => (
          <>
            <div className="page-head">
              <h1>{summary.title}</h1>
            </div>
            <dl className="summary-facts">
              <div>
                <dt>Rule set</dt>
                <dd>
                  <code>{summary.id}</code>
                </dd>
              </div>
              <div>
                <dt>Region</dt>
                <dd>{summary.region ?? 'National 全国'}</dd>
              </div>
              <div>
                <dt>Published</dt>
                <dd>{summary.publishedOn}</dd>
              </div>
              <div>
                <dt>Active from</dt>
                <dd data-testid="active-from">
                  {summary.activeFrom ?? <span className="muted">not activated</span>}
                </dd>
              </div>
              <div>
                <dt>Rules</dt>
                <dd>{summary.rules.toLocaleString('en')}</dd>
              </div>
              <div>
                <dt>Uploaded</dt>
                <dd>{timestamp(summary.createdAt)}</dd>
              </div>
            </dl>
            {may(principal.role, 'manage_rules') ? (
              <ActivateForm
                summary={summary}
                onActivated={() => {
                  loaded.reload();
                  all.reload();
                }}
              />
            ) : null}
            {all.state === 'ok' ? (
              <CompareRuleSets
                items={all.data.items}
                initialFrom={all.data.items.find((s) => s.id !== id)?.id ?? ''}
                initialTo={id}
              />
            ) : null}
            <RulesTable rules={ruleSet.rules} />
          </>
        )}
      </Async>
    </section>
  );
}

function ActivateForm({
  summary,
  onActivated,
}: {
  readonly summary: RuleSetSummaryView;
  readonly onActivated: () => void;
}) {
  const [from, setFrom] = useState(summary.activeFrom ?? '');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const checked = calendarDateSchema.safeParse(from);
    if (!checked.success) {
      setFieldError('Enter a date as YYYY-MM-DD.');
      return;
    }
    setFieldError(null);
    setFailure(null);
    setBusy(true);
    const result = await call(
      api.v1['rule-sets'][':id'].activate.$post({
        param: { id: summary.id },
        json: { from: checked.data },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      const atFrom = result.error.issues.find((i) => i.path[0] === 'from');
      if (atFrom !== undefined) setFieldError(atFrom.message);
      setFailure(result.error);
      return;
    }
    setDone(checked.data);
    onActivated();
  }

  return (
    <form
      className="filters activate-form"
      aria-label="Activate the rule set"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <label className="field">
        <span>First service date reviewed</span>
        <input
          type="date"
          name="from"
          value={from}
          aria-invalid={fieldError === null ? undefined : true}
          onChange={(e) => {
            setFrom(e.target.value);
          }}
        />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {summary.activeFrom === null ? 'Activate' : 'Change activation'}
      </button>
      {fieldError === null ? null : (
        <span className="field-error" role="alert">
          {fieldError}
        </span>
      )}
      {done === null ? null : (
        <span className="banner banner-ok" role="status" data-testid="activated">
          Activated from {done}.
        </span>
      )}
      {failure === null || fieldError !== null ? null : <ErrorState error={failure} />}
    </form>
  );
}

/** The rules, searchable by code, name or check kind, 25 to a page (the national set has 1,577). */
export function RulesTable({ rules }: { readonly rules: readonly RuleView[] }) {
  const { path, query } = useLocation();
  const search = query.get('q') ?? '';
  const [text, setText] = useState(search);
  useEffect(() => {
    setText(search);
  }, [search]);
  const shown = useMemo(() => rules.filter((r) => ruleMatches(r, search)), [rules, search]);
  const { offset, page } = pageOf(shown, Number(query.get('offset') ?? 0) || 0, PAGE);
  const go = (next: { q?: string; offset?: number }) => {
    const q = next.q ?? search;
    const o = next.offset ?? offset;
    navigate(href(path, { q, offset: o === 0 ? undefined : String(o) }), { replace: true });
  };

  return (
    <div className="panel">
      <h2>
        Rules <span className="zh">规则</span>
      </h2>
      <form
        className="filters"
        role="search"
        aria-label="Search rules"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: text.trim(), offset: 0 });
        }}
      >
        <label className="field">
          <span>Code, name or check kind</span>
          <input
            name="q"
            value={text}
            placeholder="NHSA-DRUG-SEX"
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </label>
        <button type="submit">Search</button>
        <span className="muted" data-testid="rule-count">
          {shown.length.toLocaleString('en')} of {rules.length.toLocaleString('en')} rules
        </span>
      </form>
      {shown.length === 0 ? (
        <Empty>No rule matches “{search}”.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data rules-table" data-testid="rules">
            <caption className="visually-hidden">Rules</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Category</th>
                <th scope="col">Stages</th>
                <th scope="col">Result</th>
                <th scope="col">Severity</th>
                <th scope="col">Action</th>
                <th scope="col">Window</th>
                <th scope="col">In force</th>
                <th scope="col">Check and parameters</th>
              </tr>
            </thead>
            <tbody>
              {page.map((rule) => (
                <RuleRow key={`${rule.code}@${String(rule.version ?? 1)}`} rule={rule} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OffsetPager
        offset={offset}
        limit={PAGE}
        total={shown.length}
        label="Rule pages"
        onChange={(next) => {
          go({ offset: next });
        }}
      />
    </div>
  );
}

function RuleRow({ rule }: { readonly rule: RuleView }) {
  const rows = parameterRows(rule.check);
  return (
    <tr data-rule={rule.code}>
      <td>
        <code>{rule.code}</code>
        {rule.version === undefined || rule.version === 1 ? null : (
          <span className="muted"> v{rule.version}</span>
        )}
      </td>
      <td>
        {rule.name}
        {rule.nameEn === undefined ? null : (
          <>
            <br />
            <span className="muted">{rule.nameEn}</span>
          </>
        )}
      </td>
      <td>
        {CATEGORY_LABELS[rule.category].en}{' '}
        <span className="zh">{CATEGORY_LABELS[rule.category].zh}</span>
      </td>
      <td>{rule.stages.map((s) => labelOf(STAGE_LABELS, s)).join(', ')}</td>
      <td>{labelOf(RESULT_TYPE_LABELS, rule.resultType)}</td>
      <td>
        <SeverityBadge severity={rule.severity} />
      </td>
      <td>{labelOf(ACTION_LABELS, rule.action)}</td>
      <td>{windowText(rule.window)}</td>
      <td className="date">
        {rule.from} → {rule.to ?? <span className="muted">open</span>}
      </td>
      <td className="check-cell" data-testid="rule-check">
        <strong>{labelOf(CHECK_KIND_LABELS, rule.check.kind)}</strong>{' '}
        <code className="muted">{rule.check.kind}</code>
        {rows.length === 0 ? null : (
          <dl className="check-parameters">
            {rows.map((row) => (
              <div key={row.name}>
                <dt>
                  {row.name}
                  {row.count > 0 ? <span className="muted"> ({row.count})</span> : null}
                </dt>
                <dd>{row.text}</dd>
              </div>
            ))}
          </dl>
        )}
      </td>
    </tr>
  );
}
