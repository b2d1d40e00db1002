import { type Issue, formatPath } from '@openpayer/domain';
import { type ChangeEvent, useEffect, useMemo, useState } from 'react';
import type { ApiError, ApiResult } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { chosenText } from '../ui/file.ts';
import { ErrorState, Loading } from '../ui/states.tsx';
import { ClaimForm } from './ClaimForm.tsx';
import { formPaths } from './form/paths.ts';
import demoClaims from './demo-claims.json';
import { type Draft, type Json, get, parseDraft, pathKey } from './draft.ts';
import { Differences, ResultView } from './ResultView.tsx';
import type { SettlementWire } from '@openpayer/pricing';
import { type Difference, compareJson } from './wire.ts';
import type * as EngineModule from './engine.ts';
import './simulator.css';

type Engine = typeof EngineModule;
type PreviewOutcome = Awaited<ReturnType<Engine['runPreview']>>;

interface DemoClaim {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly claim: Draft;
}
const DEMOS = demoClaims as unknown as readonly DemoClaim[];

const pretty = (draft: Json) => `${JSON.stringify(draft, null, 2)}\n`;

/**
 * The claim simulator: build, paste or pick a claim; the engine prices it in the browser as you
 * type (the same packages as the API, on the same inputs), and the API's pre-check gives the
 * authoritative answer — nothing is committed. The two are compared figure by figure.
 */
export function SimulatorSection({ path }: { readonly path: string }) {
  const { query } = useLocation();
  const demoKey = query.get('demo') ?? DEMOS[0]?.key ?? '';
  const demo = DEMOS.find((d) => d.key === demoKey);
  const [text, setText] = useState(() => (demo === undefined ? '' : pretty(demo.claim)));
  const [note, setNote] = useState<string | null>(demo?.description ?? null);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [engine, setEngine] = useState<Engine | null>(null);
  const [engineError, setEngineError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ text: string; outcome: PreviewOutcome } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const [authoritative, setAuthoritative] = useState<
    { text: string; result: ApiResult<SettlementWire> } | 'running' | null
  >(null);

  useEffect(() => {
    let live = true;
    import('./engine.ts')
      .then((module) => {
        if (live) setEngine(module);
      })
      .catch((error: unknown) => {
        if (live) setEngineError(error instanceof Error ? error.message : String(error));
      });
    return () => {
      live = false;
    };
  }, []);

  const parsed = useMemo(() => parseDraft(text), [text]);
  const validation = useMemo(
    () => (engine === null || !parsed.ok ? null : engine.validate(parsed.draft)),
    [engine, parsed],
  );

  // The preview follows every edit (after a short pause in typing).
  useEffect(() => {
    if (engine === null || validation === null || !validation.ok) return;
    let live = true;
    const timer = setTimeout(() => {
      setPreviewing(true);
      engine
        .runPreview(validation.claim, text)
        .then((outcome) => {
          if (live) setPreview({ text, outcome });
        })
        .catch((error: unknown) => {
          if (live)
            setPreview({
              text,
              outcome: {
                ok: false,
                error: {
                  status: 0,
                  code: 'client_error',
                  message: error instanceof Error ? error.message : String(error),
                  issues: [],
                },
              },
            });
        })
        .finally(() => {
          if (live) setPreviewing(false);
        });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, validation, text, refresh]);

  function load(next: Draft, why: string) {
    setText(pretty(next));
    setNote(why);
    setAuthoritative(null);
  }

  function pickDemo(key: string) {
    const chosen = DEMOS.find((d) => d.key === key);
    if (chosen === undefined) return;
    navigate(href(path, { demo: key }), { replace: true });
    load(chosen.claim, chosen.description);
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const chosen = await chosenText(event);
    if (chosen === undefined) return;
    if ('refused' in chosen) {
      setNote(chosen.refused);
      return;
    }
    setText(chosen.text);
    setNote(chosen.loaded);
    setAuthoritative(null);
  }

  async function runPrecheck() {
    if (engine === null) return;
    const sent = text;
    setAuthoritative('running');
    setRefresh((r) => r + 1); // the preview asks again for the accumulators too
    const result = await engine.postClaim<SettlementWire>('/v1/claims/precheck', sent);
    setAuthoritative({ text: sent, result });
  }

  const issues: readonly Issue[] = validation?.issues ?? [];
  const shown = parsed.ok ? formPaths(parsed.draft) : new Set<string>();
  const otherIssues = issues.filter((i) => !shown.has(pathKey(i.path)));
  const valid = validation?.ok === true;
  const currentPreview = preview !== null && preview.text === text ? preview.outcome : null;
  const currentApi =
    authoritative !== null && authoritative !== 'running' && authoritative.text === text
      ? authoritative.result
      : null;
  let comparison: { differences: Difference[]; compared: number } | null = null;
  if (currentPreview?.ok === true && currentApi?.ok === true) {
    // Smart review runs on the server, with the rule sets stored there: the pre-check's `findings`
    // and `held` are never in the preview, so they are shown on their own, not counted as
    // differences. (A finding that deducts a line or holds the claim still shows in the figures.)
    const { findings: _findings, held: _held, ...settled } = currentApi.data;
    comparison = compareJson(currentPreview.preview.settlement, settled);
  }
  const shownSettlement: { settlement: SettlementWire; source: 'api' | 'preview' } | null =
    currentApi?.ok === true
      ? { settlement: currentApi.data, source: 'api' }
      : currentPreview?.ok === true
        ? { settlement: currentPreview.preview.settlement, source: 'preview' }
        : preview?.outcome.ok === true
          ? { settlement: preview.outcome.preview.settlement, source: 'preview' }
          : null;
  const previewData = preview?.outcome.ok === true ? preview.outcome.preview : undefined;
  const lines = parsed.ok ? get(parsed.draft, ['lines']) : undefined;

  return (
    <section className="simulator" aria-labelledby="sim-title">
      <div className="intro">
        <h1 id="sim-title">Claim simulator</h1>
        <p className="intro-text">
          What would this claim pay? The engine runs here in the browser as you edit (the same
          packages as the API, on the policy, catalog and accumulators the API uses), and{' '}
          <strong>Run pre-check</strong> asks the API for the authoritative answer. Nothing is
          settled or stored.
        </p>
      </div>

      <div className="panel sim-source">
        <div className="sim-inline">
          <label htmlFor="sim-demo">Demo claim</label>
          <select
            id="sim-demo"
            value={DEMOS.some((d) => d.key === demoKey) ? demoKey : ''}
            onChange={(e) => {
              pickDemo(e.target.value);
            }}
          >
            {DEMOS.map((d) => (
              <option key={d.key} value={d.key}>
                {d.title}
              </option>
            ))}
          </select>
          <label className="file-button">
            Upload JSON…
            <input
              type="file"
              accept=".json,application/json"
              aria-label="Upload claim file"
              onChange={(e) => void upload(e)}
            />
          </label>
          <span className="spacer" />
          <div role="group" aria-label="Edit as" className="sim-tabs">
            <button
              type="button"
              aria-pressed={mode === 'form'}
              onClick={() => {
                setMode('form');
              }}
            >
              Form
            </button>
            <button
              type="button"
              aria-pressed={mode === 'json'}
              onClick={() => {
                setMode('json');
              }}
            >
              JSON
            </button>
          </div>
        </div>
        {note === null ? null : (
          <p className="muted" data-testid="sim-note">
            {note}
          </p>
        )}
      </div>

      <div className="panel">
        {engineError !== null ? (
          <ErrorState
            error={{ status: 0, code: 'engine_not_loaded', message: engineError, issues: [] }}
          />
        ) : engine === null ? (
          <Loading what="the engine" />
        ) : null}
        {otherIssues.length > 0 ? (
          <div className="banner banner-error" role="alert" data-testid="claim-issues">
            <strong>
              {otherIssues.length} problem{otherIssues.length === 1 ? '' : 's'}
              {mode === 'form' ? ' outside the form’s fields' : ''}:
            </strong>
            <ul className="issue-list">
              {otherIssues.map((i, k) => (
                <li key={k}>
                  <code>{i.path.length === 0 ? '(claim)' : formatPath(i.path)}</code> {i.message}{' '}
                  <span className="muted">({i.code})</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {mode === 'json' || !parsed.ok ? (
          <div className="field">
            <label htmlFor="sim-json">Claim JSON (the API&apos;s wire format)</label>
            <textarea
              id="sim-json"
              className="sim-json"
              spellCheck={false}
              value={text}
              aria-invalid={!parsed.ok || undefined}
              aria-describedby={parsed.ok ? undefined : 'sim-json-error'}
              onChange={(e) => {
                setText(e.target.value);
              }}
            />
            {parsed.ok ? null : (
              <span className="field-error" id="sim-json-error" role="alert">
                Not JSON: {parsed.message}
              </span>
            )}
          </div>
        ) : (
          <ClaimForm
            draft={parsed.draft}
            issues={issues}
            releaseId={previewData?.release.id ?? null}
            onChange={(draft) => {
              setText(pretty(draft));
            }}
          />
        )}
        {mode === 'form' && parsed.ok ? (
          <p className="muted">
            Evidence (biomarker results), procedures and prescribers are edited in the JSON view.
          </p>
        ) : null}
      </div>

      <div className="panel sim-run">
        <div className="sim-inline">
          <button
            type="button"
            className="primary"
            disabled={!valid || authoritative === 'running'}
            onClick={() => void runPrecheck()}
          >
            {authoritative === 'running' ? 'Pre-checking…' : 'Run pre-check'}
          </button>
          <span className="muted" role="status" aria-live="polite" data-testid="preview-status">
            {!parsed.ok
              ? 'Fix the JSON to see a preview.'
              : validation === null
                ? 'Loading the engine…'
                : !valid
                  ? 'The claim is not valid: fix the fields marked above.'
                  : previewing || currentPreview === null
                    ? 'Preview: computing…'
                    : currentPreview.ok
                      ? `Preview up to date (in the browser, ${previewData?.release.items ?? 0} catalog items loaded).`
                      : 'Preview failed.'}
          </span>
        </div>
        {currentPreview !== null && !currentPreview.ok ? (
          <PreviewError error={currentPreview.error} />
        ) : null}
        {currentApi !== null && !currentApi.ok ? <ErrorState error={currentApi.error} /> : null}
        {authoritative !== null && authoritative !== 'running' && authoritative.text !== text ? (
          <p className="banner banner-warning" data-testid="api-stale">
            The claim changed since the last pre-check: the figures below are the browser&apos;s
            preview. Run the pre-check again for the API&apos;s answer.
          </p>
        ) : null}
        {comparison === null ? null : comparison.differences.length === 0 ? (
          <p className="banner banner-ok" data-testid="agreement">
            Preview and API agree: all {comparison.compared} figures are equal.
          </p>
        ) : (
          <div className="banner banner-error" data-testid="agreement">
            <p>
              Preview and API differ in {comparison.differences.length} of {comparison.compared}{' '}
              figures.
            </p>
            <Differences differences={comparison.differences} />
          </div>
        )}
      </div>

      {shownSettlement === null ? null : (
        <section aria-labelledby="result-title" data-testid="result">
          <h2 id="result-title">
            Result{' '}
            <span className={`badge badge-${shownSettlement.source === 'api' ? 'ok' : 'info'}`}>
              {shownSettlement.source === 'api'
                ? 'API pre-check (authoritative)'
                : 'Preview (in the browser)'}
            </span>
            {currentPreview === null && shownSettlement.source === 'preview' ? (
              <span className="muted">
                {valid ? ' — updating…' : ' — of the last valid version of the claim'}
              </span>
            ) : null}
          </h2>
          <ResultView
            settlement={shownSettlement.settlement}
            decisions={previewData?.decisions}
            policy={previewData?.policy}
            claimLines={Array.isArray(lines) ? lines : []}
          />
        </section>
      )}
    </section>
  );
}

function PreviewError({ error }: { readonly error: ApiError }) {
  return (
    <div className="banner banner-error" role="alert">
      <p>
        <strong>The preview could not run:</strong> {error.message} <code>{error.code}</code>
      </p>
      {error.issues.length > 0 ? (
        <ul className="issue-list">
          {error.issues.map((i, k) => (
            <li key={k}>
              {i.path.length > 0 ? <code>{formatPath(i.path)}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
