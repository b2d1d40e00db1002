import { useId, useState } from 'react';
import type { ApiResult } from '../api/client.ts';
import { href, navigate } from '../app/router.ts';
import { BarChart } from '../ui/BarChart.tsx';
import { timestamp } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async, Empty } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type CatalogDiffView, type ReleaseSummary, diffReleases, listReleases } from './api.ts';
import { CrosswalkForm } from './CrosswalkForm.tsx';
import { periodText } from './labels.ts';
import { ReleasePicker, releaseState } from './ReleasePicker.tsx';

/** What changed from one release to the next (counts only: the diff's lists are not needed here). */
interface Step {
  readonly from: string;
  readonly to: string;
  readonly counts: CatalogDiffView['counts'];
}

interface History {
  readonly releases: readonly ReleaseSummary[];
  readonly steps: readonly Step[];
}

/** The releases, then one diff (counts only, `limit=0`) per consecutive pair. */
async function loadHistory(): Promise<ApiResult<History>> {
  const listed = await listReleases();
  if (!listed.ok) return listed;
  const releases = listed.data.items;
  const pairs = releases.slice(1).map((to, i) => [releases[i]?.id ?? '', to.id] as const);
  const diffs = await Promise.all(pairs.map(([from, to]) => diffReleases(from, to, 0)));
  const steps: Step[] = [];
  for (const diff of diffs) {
    if (!diff.ok) return diff;
    steps.push({ from: diff.data.from, to: diff.data.to, counts: diff.data.counts });
  }
  return { ok: true, data: { releases, steps } };
}

export const CHANGE_COLORS = { added: '#0b6e4f', removed: '#b3363b', changed: '#c77d14' } as const;

/** `/catalog/releases`: every release, and how much each one changed from the one before. */
export function ReleasesPage() {
  const history = useApi(loadHistory, []);
  return (
    <Async loaded={history} what="the version history">
      {({ releases, steps }) =>
        releases.length === 0 ? (
          <Empty>No catalog release has been imported yet.</Empty>
        ) : (
          <>
            <ReleaseTable releases={releases} steps={steps} />
            {steps.length === 0 ? (
              <Empty>
                Only one release so far: the chart of changes appears once a second one is imported.
              </Empty>
            ) : (
              <div className="history-chart" data-testid="changes-chart">
                <BarChart
                  title="Catalog changes per version (items added, removed and changed since the previous release)"
                  categories={steps.map((s) => s.to)}
                  series={[
                    {
                      name: 'Added',
                      color: CHANGE_COLORS.added,
                      values: steps.map((s) => s.counts.added),
                    },
                    {
                      name: 'Removed',
                      color: CHANGE_COLORS.removed,
                      values: steps.map((s) => s.counts.removed),
                    },
                    {
                      name: 'Changed',
                      color: CHANGE_COLORS.changed,
                      values: steps.map((s) => s.counts.changed),
                    },
                  ]}
                  unit="items"
                />
              </div>
            )}
            {releases.length > 1 ? <CompareForm releases={releases} /> : null}
            <CrosswalkForm releases={releases} />
          </>
        )
      }
    </Async>
  );
}

function ReleaseTable({
  releases,
  steps,
}: {
  readonly releases: readonly ReleaseSummary[];
  readonly steps: readonly Step[];
}) {
  const rows = [...releases].reverse();
  return (
    <div className="table-wrap">
      <table className="data releases" data-testid="releases">
        <caption className="visually-hidden">Catalog releases, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Release</th>
            <th scope="col">Region</th>
            <th scope="col">In force</th>
            <th scope="col">Published</th>
            <th scope="col" className="num">
              Items
            </th>
            <th scope="col">Imported</th>
            <th scope="col">Since the previous release</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const step = steps.find((s) => s.to === r.id);
            return (
              <tr key={r.id} data-release={r.id}>
                <td>
                  <Link to={href('/catalog', { release: r.id })}>
                    <code>{r.id}</code>
                  </Link>
                  <div lang="zh">{r.title}</div>
                </td>
                <td>{r.region ?? 'national'}</td>
                <td className="nowrap">
                  {periodText(r.effective)}
                  <div className="muted small">{releaseState(r)}</div>
                </td>
                <td className="nowrap">{r.publishedOn}</td>
                <td className="num">{r.itemCount.toLocaleString('en')}</td>
                <td className="nowrap">{timestamp(r.importedAt)}</td>
                <td>
                  {step === undefined ? (
                    <span className="muted">first release</span>
                  ) : (
                    <Link
                      to={href('/catalog/diff', { from: step.from, to: step.to })}
                      data-testid="step-counts"
                      aria-label={`${step.counts.added} added, ${step.counts.removed} removed, ${step.counts.changed} changed since ${step.from}: show the differences`}
                    >
                      +{step.counts.added.toLocaleString('en')} / −
                      {step.counts.removed.toLocaleString('en')} / ~
                      {step.counts.changed.toLocaleString('en')}
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CompareForm({ releases }: { readonly releases: readonly ReleaseSummary[] }) {
  const ids = useId();
  const [from, setFrom] = useState(releases.at(-2)?.id ?? '');
  const [to, setTo] = useState(releases.at(-1)?.id ?? '');
  function onSubmit(event: { preventDefault(): void }) {
    event.preventDefault();
    navigate(href('/catalog/diff', { from, to }));
  }
  return (
    <form className="panel filters compare" onSubmit={onSubmit} aria-label="Compare two releases">
      <ReleasePicker
        id={`${ids}-from`}
        label="Compare"
        releases={releases}
        value={from}
        onChange={setFrom}
      />
      <ReleasePicker
        id={`${ids}-to`}
        label="with"
        releases={releases}
        value={to}
        onChange={setTo}
      />
      <button type="submit" className="primary" disabled={from === to}>
        Show the differences
      </button>
    </form>
  );
}
