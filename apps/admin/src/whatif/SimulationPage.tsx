import { useEffect, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { timestamp } from '../ui/format.ts';
import { Link } from '../ui/Link.tsx';
import { Async, ErrorState, Loading } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type SimulationJob, readJob, readReport } from './api.ts';
import { isRunning, progressPercent } from './model.ts';
import { ReportView } from './ReportView.tsx';
import { JobStatus, SideLabel } from './SimulationsList.tsx';

/** How often a running job is asked for its progress. */
const POLL_MS = 500;

type Watched =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: ApiError }
  | { readonly state: 'ok'; readonly job: SimulationJob };

/**
 * The job, asked again every POLL_MS while it runs; `refresh` shows an answer at once (a cancel's).
 * A network hiccup while polling keeps the last progress shown and asks again.
 */
function useJob(id: string): Watched & { readonly refresh: (job: SimulationJob) => void } {
  const [watched, setWatched] = useState<Watched>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await readJob(id);
      if (!current) return;
      if (result.ok) {
        setWatched({ state: 'ok', job: result.data });
        if (isRunning(result.data)) timer = setTimeout(() => void poll(), POLL_MS);
        return;
      }
      setWatched((shown) =>
        shown.state === 'ok' && result.error.status === 0
          ? shown
          : { state: 'error', error: result.error },
      );
      if (result.error.status === 0) timer = setTimeout(() => void poll(), POLL_MS * 4);
    };
    void poll();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [id, generation]);
  return {
    ...watched,
    refresh: (job) => {
      setWatched({ state: 'ok', job });
      setGeneration((g) => g + 1);
    },
  };
}

/** One simulation: its request, its progress while it runs (with Cancel), then its report. */
export function SimulationPage({ id }: { readonly id: string }) {
  const watched = useJob(id);
  return (
    <section className="whatif">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/what-if">What-if</Link> / <code>{id}</code>
      </nav>
      {watched.state === 'loading' ? (
        <Loading what="the simulation" />
      ) : watched.state === 'error' ? (
        <ErrorState error={watched.error} />
      ) : (
        <>
          <h1>
            What-if <code>{watched.job.request.candidate.policy}</code>{' '}
            <span className="zh">政策模拟测算</span> <JobStatus job={watched.job} />
          </h1>
          <Request job={watched.job} />
          <Progress job={watched.job} onCancelled={watched.refresh} />
          {watched.job.status === 'finished' ? <Report id={id} /> : null}
        </>
      )}
    </section>
  );
}

function Request({ job }: { readonly job: SimulationJob }) {
  const r = job.request;
  return (
    <dl className="summary-facts" data-testid="simulation-request">
      <div>
        <dt>Baseline</dt>
        <dd>
          <SideLabel side={r.baseline} />
        </dd>
      </div>
      <div>
        <dt>Candidate</dt>
        <dd>
          <SideLabel side={r.candidate} />
        </dd>
      </div>
      <div>
        <dt>Service dates</dt>
        <dd className="date">
          {r.from} → {r.to} <span className="muted">(exclusive)</span>
        </dd>
      </div>
      <div>
        <dt>Region</dt>
        <dd>{job.region}</dd>
      </div>
      <div>
        <dt>Requested</dt>
        <dd>
          {job.requestedBy}, {timestamp(job.createdAt)}
        </dd>
      </div>
      {job.finishedAt === null ? null : (
        <div>
          <dt>Ended</dt>
          <dd>{timestamp(job.finishedAt)}</dd>
        </div>
      )}
    </dl>
  );
}

function Progress({
  job,
  onCancelled,
}: {
  readonly job: SimulationJob;
  readonly onCancelled: (job: SimulationJob) => void;
}) {
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const running = isRunning(job);

  async function cancel() {
    setBusy(true);
    setFailure(null);
    const result = await call(api.v1.simulations[':id'].cancel.$post({ param: { id: job.id } }));
    setBusy(false);
    if (result.ok) onCancelled(result.data);
    else setFailure(result.error);
  }

  return (
    <div className="whatif-progress panel" data-testid="simulation-progress">
      <label className="progress-line">
        <span>
          Claims compared:{' '}
          <strong data-testid="processed">{job.processed.toLocaleString('en')}</strong> /{' '}
          <strong data-testid="total">{job.total.toLocaleString('en')}</strong>
          {running ? <span className="muted"> ({progressPercent(job)}%)</span> : null}
        </span>
        <progress
          max={Math.max(1, job.total)}
          value={job.total === 0 && !running ? 1 : job.processed}
        >
          {progressPercent(job)}%
        </progress>
      </label>
      {running ? (
        <button type="button" onClick={() => void cancel()} disabled={busy}>
          {busy ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : null}
      {job.status === 'cancelled' ? (
        <p className="banner banner-warning" role="status">
          Cancelled: no report is kept. Run it again from <Link to="/what-if">the form</Link>.
        </p>
      ) : null}
      {job.status === 'failed' ? (
        <p className="banner banner-error" role="alert" data-testid="simulation-failed">
          The simulation failed: {job.error ?? 'no reason given'}.
        </p>
      ) : null}
      {failure === null ? null : <ErrorState error={failure} />}
    </div>
  );
}

function Report({ id }: { readonly id: string }) {
  const loaded = useApi(() => readReport(id), [id]);
  return (
    <Async loaded={loaded} what="the report">
      {(report) => <ReportView report={report} />}
    </Async>
  );
}
