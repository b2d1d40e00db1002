import type { Issue } from '@openpayer/domain';
import { type TreeHead, type VerifyReport, verifyTreeHead } from '@openpayer/supervision';
import { type SyntheticEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiError, refusalOf } from '../api/client.ts';
import { timestamp } from '../ui/format.ts';
import { Async, ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import { type HeadView, downloadExport, getHead } from './api.ts';
import { parseKnownHead, parsePublicKey } from './keys.ts';
import { type VerifyProgress, verifyExportStream } from './stream.ts';

type Run =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly progress: VerifyProgress }
  | { readonly phase: 'done'; readonly report: VerifyReport; readonly known: TreeHead | null }
  | { readonly phase: 'failed'; readonly error: ApiError };

const NO_PROGRESS: VerifyProgress = { lines: 0, entries: 0, heads: 0, bytes: 0 };

/**
 * The latest signed tree head, and "Verify the log": the export is downloaded and checked here,
 * in the browser, by @openpayer/supervision's verifier — every entry's hash, every head's root and
 * signature — with the public key in the field (the API's, unless the reader pastes the fund's
 * key from elsewhere). "Valid" is shown only when the verifier said so after the last line.
 */
export function AuditLogPage() {
  const loaded = useApi(getHead, []);
  return (
    <Async loaded={loaded} what="the signed tree head">
      {(head) => <LogVerifier head={head} reload={loaded.reload} />}
    </Async>
  );
}

function LogVerifier({ head, reload }: { readonly head: HeadView; readonly reload: () => void }) {
  const [keyText, setKeyText] = useState(head.publicKey);
  const [knownText, setKnownText] = useState('');
  const [issues, setIssues] = useState<readonly Issue[]>([]);
  const [run, setRun] = useState<Run>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      controller.current?.abort();
    },
    [],
  );

  // Parsing the key and checking the head's Ed25519 signature are not redone on every render
  // (a running verification re-renders with each progress report).
  const key = useMemo(() => parsePublicKey(keyText), [keyText]);
  const signedByKey = useMemo(
    () => key.ok && verifyTreeHead(head.head, key.value.key),
    [key, head],
  );

  async function verify(event: SyntheticEvent) {
    event.preventDefault();
    const known = parseKnownHead(knownText);
    const problems = [...(key.ok ? [] : key.issues), ...(known.ok ? [] : known.issues)];
    setIssues(problems);
    if (!key.ok || !known.ok) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setRun({ phase: 'running', progress: NO_PROGRESS });
    try {
      const response = await downloadExport(current.signal);
      if (!response.ok) {
        setRun({ phase: 'failed', error: await refusalOf(response) });
        return;
      }
      if (response.body === null) {
        setRun({
          phase: 'failed',
          error: {
            status: response.status,
            code: 'no_body',
            message: 'the export is empty',
            issues: [],
          },
        });
        return;
      }
      const report = await verifyExportStream(response.body, key.value.key, {
        known: known.value === null ? [] : [known.value],
        signal: current.signal,
        onProgress: (progress) => {
          setRun({ phase: 'running', progress });
        },
      });
      setRun({ phase: 'done', report, known: known.value });
    } catch (failure) {
      if (current.signal.aborted) return;
      setRun({
        phase: 'failed',
        error: {
          status: 0,
          code: 'network_error',
          message: `the export could not be downloaded (${failure instanceof Error ? failure.message : String(failure)})`,
          issues: [],
        },
      });
    }
  }

  const fieldIssues = (field: string) => issues.filter((i) => i.path[0] === field);
  const running = run.phase === 'running';
  return (
    <>
      <div className="panel">
        <div className="heading-line">
          <h2>Latest signed tree head 最新签名树头</h2>
          <span className="spacer" />
          <button type="button" onClick={reload}>
            Refresh
          </button>
        </div>
        <dl className="audit-facts" data-testid="tree-head">
          <dt>Tree size 条目数</dt>
          <dd data-testid="tree-size">{head.head.treeSize}</dd>
          <dt>Root hash 根哈希</dt>
          <dd>
            <code className="hash" data-testid="root-hash">
              {head.head.rootHash}
            </code>
          </dd>
          <dt>Signed at 签名时间</dt>
          <dd>
            {signedAt(head.head.timestamp)}{' '}
            <span className="muted">({head.head.timestamp} ms)</span>
          </dd>
          <dt>Key id 密钥标识</dt>
          <dd>
            <code className="hash">{head.head.keyId}</code>
          </dd>
          <dt>Signature 签名</dt>
          <dd data-testid="head-signature">
            {signedByKey ? (
              <span className="badge badge-ok">✓ verified with the key below</span>
            ) : (
              <span className="badge badge-error">✗ not signed by the key below</span>
            )}
          </dd>
        </dl>
        <details>
          <summary>The head as JSON (keep it: paste it later as a known head)</summary>
          <pre className="head-json" data-testid="head-json">
            {JSON.stringify(head.head, null, 2)}
          </pre>
        </details>
      </div>

      <form className="panel audit-verify" onSubmit={(e) => void verify(e)} noValidate>
        <h2>Verify the log 验证日志</h2>
        <p className="muted">
          Downloads the whole export and recomputes, in this browser, every entry’s hash and every
          signed head’s root and signature. The key below is the one the API publishes; paste the
          fund’s key from another source to trust nothing the server says.
        </p>
        <label className="field">
          <span>Public key 公钥 (Ed25519, base64 or hex)</span>
          <input
            name="publicKey"
            value={keyText}
            spellCheck={false}
            aria-invalid={fieldIssues('publicKey').length > 0}
            onChange={(e) => {
              setKeyText(e.target.value);
            }}
          />
          {fieldIssues('publicKey').map((i, n) => (
            <span key={n} className="field-error">
              {i.message} <code>{i.code}</code>
            </span>
          ))}
        </label>
        <label className="field">
          <span>Known head 已知树头 (optional: a head published earlier, JSON)</span>
          <textarea
            name="knownHead"
            rows={3}
            value={knownText}
            spellCheck={false}
            placeholder='{"keyId":"…","rootHash":"…","signature":"…","timestamp":…,"treeSize":…}'
            aria-invalid={fieldIssues('knownHead').length > 0}
            onChange={(e) => {
              setKnownText(e.target.value);
            }}
          />
          {fieldIssues('knownHead').map((i, n) => (
            <span key={n} className="field-error">
              {i.path.length > 1 ? <code>{i.path.slice(1).join('.')}</code> : null} {i.message}{' '}
              <code>{i.code}</code>
            </span>
          ))}
        </label>
        <div className="toolbar">
          <button type="submit" className="primary" disabled={running}>
            Verify the log
          </button>
          {running ? (
            <button
              type="button"
              onClick={() => {
                controller.current?.abort();
                setRun({ phase: 'idle' });
              }}
            >
              Stop
            </button>
          ) : null}
        </div>
      </form>
      <VerifyOutcome run={run} />
    </>
  );
}

function VerifyOutcome({ run }: { readonly run: Run }) {
  if (run.phase === 'idle') return null;
  if (run.phase === 'failed') return <ErrorState error={run.error} />;
  if (run.phase === 'running') {
    const { entries, heads, bytes } = run.progress;
    return (
      <p className="state state-loading" role="status" aria-live="polite" data-testid="progress">
        <span className="spinner" aria-hidden="true" /> Verifying… {entries} entries, {heads} heads
        read ({kib(bytes)})
      </p>
    );
  }
  const { report, known } = run;
  if (report.valid) {
    return (
      <div className="banner banner-ok" role="status" data-testid="verify-result">
        <p>
          <strong>
            valid: {report.entries} entries, {report.heads} signed heads
          </strong>
        </p>
        {report.latest === null ? null : (
          <p>
            The log’s last head: size {report.latest.treeSize}, root{' '}
            <code className="hash">{report.latest.rootHash}</code>.
            {known === null
              ? null
              : ` It still contains the known head of ${known.treeSize} entries: the log only grew.`}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="banner banner-error" role="alert" data-testid="verify-result">
      <p>
        <strong>
          not valid: {report.problemCount} problem{report.problemCount === 1 ? '' : 's'}
        </strong>{' '}
        <span className="muted">
          ({report.entries} entries, {report.heads} heads read)
        </span>
      </p>
      <ul className="issue-list" data-testid="verify-problems">
        {report.problems.map((p, i) => (
          <li key={i}>
            <code>{p.code}</code> {p.message}
            {lineOf(p) === undefined ? null : <span className="muted"> (line {lineOf(p)})</span>}
            {p.path.length > 0 ? (
              <span className="muted">
                {' '}
                at <code>{p.path.join('.')}</code>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {report.problemCount > report.problems.length ? (
        <p className="muted">…and {report.problemCount - report.problems.length} more.</p>
      ) : null}
    </div>
  );
}

function lineOf(problem: Issue): number | undefined {
  const line = problem.data?.['line'];
  return typeof line === 'number' && line > 0 ? line : undefined;
}

/** A head's timestamp (ms) as a local time; one no Date can hold is shown only as its number. */
function signedAt(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '—' : timestamp(date.toISOString());
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KiB`;
}
