import { type Issue, may } from '@openpayer/domain';
import { parsePolicyText } from '@openpayer/pricing';
import {
  type ChangeEvent,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { stringify } from 'yaml';
import { type ApiError, api, call } from '../api/client.ts';
import { href, navigate, useLocation } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { roleName } from '../session/SignIn.tsx';
import { chosenText } from '../ui/file.ts';
import { Link } from '../ui/Link.tsx';
import { ErrorState } from '../ui/states.tsx';
import { useApi } from '../ui/use-api.ts';
import {
  type DocumentFormat,
  type LocatedIssue,
  guessFormat,
  locateIssues,
  pathText,
} from './model.ts';

/** The API's own limit is 1 MiB; a larger file is refused before it is read. */

interface Sent {
  /** The text that was sent: the API's issues apply to it until it is edited. */
  readonly text: string;
  readonly error: ApiError;
}

export function PolicyUpload() {
  const principal = usePrincipal();
  if (!may(principal.role, 'upload_policy')) {
    return (
      <section className="policies">
        <p className="breadcrumbs">
          <Link to="/policies">Policies</Link> › Upload
        </p>
        <h1>Upload a policy version</h1>
        <div className="banner banner-error" role="alert" data-testid="upload-forbidden">
          <p>
            <strong>Your role ({roleName(principal.role)}) may not upload policy versions.</strong>{' '}
            Administrators upload and activate versions; you can read every version and compare
            them.
          </p>
          <p>
            <Link to="/policies">Back to the policy versions</Link>
          </p>
        </div>
      </section>
    );
  }
  return <UploadForm />;
}

function UploadForm() {
  const { query } = useLocation();
  const startFrom = query.get('from') ?? '';
  const [text, setText] = useState('');
  const [format, setFormat] = useState<DocumentFormat>('yaml');
  const [note, setNote] = useState<string | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [blocked, setBlocked] = useState(false);
  const [busy, setBusy] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const ids = useId();
  const versions = useApi(() => call(api.v1.policies.$get()), []);

  // The document is checked as it is typed, with the parser the API itself uses.
  const checkedText = useDeferredValue(text);
  const local = useMemo(
    () => (checkedText.trim() === '' ? null : parsePolicyText(checkedText, format)),
    [checkedText, format],
  );
  const apiIssues = sent !== null && sent.text === text ? sent.error : null;
  const fromApi = apiIssues !== null && apiIssues.issues.length > 0;
  // The API's issues are about the text that was sent (still the text on screen); the local check's
  // are about the text it checked, which may trail the typing by a moment.
  const located = useMemo(() => {
    if (fromApi) return locateIssues(text, apiIssues.issues);
    const issues: readonly Issue[] = local !== null && !local.ok ? local.issues : [];
    return locateIssues(checkedText, issues);
  }, [fromApi, apiIssues, local, text, checkedText]);
  const issues = located.map((l) => l.issue);
  const lines = useMemo(() => text.split('\n'), [text]);
  const marked = new Map<number, LocatedIssue[]>();
  for (const l of located) {
    if (l.line === null) continue;
    marked.set(l.line, [...(marked.get(l.line) ?? []), l]);
  }

  async function startFromVersion(id: string) {
    if (id === '') return;
    const read = await call(api.v1.policies[':id'].$get({ param: { id } }));
    if (!read.ok) {
      setNote(`Could not read ${id}: ${read.error.message}`);
      return;
    }
    const copy = { ...read.data.policy, id: `${id}-draft` };
    setText(stringify(copy, { lineWidth: 0 }));
    setFormat('yaml');
    setSent(null);
    setBlocked(false);
    setNote(`A copy of ${id} as YAML: give it a new id, edit, then upload.`);
  }

  // "New version from this one" on a version's page lands here with ?from=ID (loaded once per id).
  useEffect(() => {
    if (startFrom !== '') void startFromVersion(startFrom);
  }, [startFrom]);

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = await chosenText(event);
    if (chosen === undefined) return;
    if ('refused' in chosen) {
      setNote(chosen.refused);
      return;
    }
    setText(chosen.text);
    setFormat(guessFormat(chosen.text, chosen.name));
    setSent(null);
    setBlocked(false);
    setNote(chosen.loaded);
  }

  function goToLine(line: number) {
    const area = editor.current;
    if (area === null) return;
    const starts = [0];
    for (let i = 0; i < area.value.length; i++) if (area.value[i] === '\n') starts.push(i + 1);
    const start = starts[line - 1] ?? 0;
    const end = (starts[line] ?? area.value.length + 1) - 1;
    area.focus();
    area.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 4) * lineHeight);
  }

  async function upload(event: { preventDefault(): void }) {
    event.preventDefault();
    const checked = parsePolicyText(text, format);
    if (!checked.ok) {
      setBlocked(true);
      summary.current?.focus();
      return;
    }
    setBlocked(false);
    setBusy(true);
    const result = await call(
      api.v1.policies.$post(
        {},
        {
          headers: { 'content-type': format === 'yaml' ? 'application/yaml' : 'application/json' },
          init: { body: text },
        },
      ),
    );
    setBusy(false);
    if (!result.ok) {
      setSent({ text, error: result.error });
      summary.current?.focus();
      return;
    }
    navigate(href(`/policies/${encodeURIComponent(checked.value.id)}`, { uploaded: '1' }));
  }

  const valid = local?.ok === true ? local.value : null;
  const entryCount =
    valid === null ? 0 : Object.values(valid.parameters).reduce((n, list) => n + list.length, 0);

  return (
    <section className="policies">
      <p className="breadcrumbs">
        <Link to="/policies">Policies</Link> › Upload
      </p>
      <h1>Upload a policy version</h1>
      <p className="intro-text">
        Paste or choose a policy document (YAML or JSON). It is checked here with the same parser
        the API uses — every problem points at its field — and stored without being activated.
      </p>
      <form className="editor upload-form" onSubmit={(e) => void upload(e)} noValidate>
        <div className="toolbar">
          <label className="field inline">
            <span>Start from</span>
            <select
              value=""
              onChange={(e) => void startFromVersion(e.target.value)}
              disabled={versions.state !== 'ok'}
            >
              <option value="">a stored version…</option>
              {versions.state === 'ok'
                ? versions.data.items.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.id}
                    </option>
                  ))
                : null}
            </select>
          </label>
          <label className="file-button">
            Choose file…
            <input
              type="file"
              accept=".yaml,.yml,.json,application/json,application/yaml"
              onChange={(e) => void chooseFile(e)}
            />
          </label>
          <span className="spacer" />
          <label className="field inline">
            <span>Format</span>
            <select
              value={format}
              onChange={(e) => {
                setFormat(e.target.value as DocumentFormat);
              }}
            >
              <option value="yaml">YAML</option>
              <option value="json">JSON</option>
            </select>
          </label>
        </div>
        {note === null ? null : <p className="note">{note}</p>}
        <label htmlFor={`${ids}-text`} className="editor-label">
          Policy document
        </label>
        <div className="code-editor">
          <div className="gutter" ref={gutter} aria-hidden="true">
            {lines.map((_, i) => (
              <div
                key={i}
                className={marked.has(i + 1) ? 'marked' : undefined}
                title={marked
                  .get(i + 1)
                  ?.map((l) => withoutPath(l.issue.message, l.issue.path))
                  .join('\n')}
              >
                {i + 1}
              </div>
            ))}
          </div>
          <textarea
            id={`${ids}-text`}
            ref={editor}
            value={text}
            wrap="off"
            spellCheck={false}
            aria-invalid={issues.length > 0 ? true : undefined}
            aria-describedby={issues.length > 0 ? `${ids}-issues` : undefined}
            placeholder="id: my-region-2026.1&#10;title: …"
            onScroll={(e) => {
              if (gutter.current !== null) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
            onChange={(e) => {
              setText(e.target.value);
              setBlocked(false);
              if (e.target.value.length > 0 && text.trim() === '') {
                setFormat(guessFormat(e.target.value));
              }
            }}
          />
        </div>
        <div ref={summary} tabIndex={-1} className="check-summary">
          {text.trim() === '' ? (
            <p className="muted">Nothing to check yet.</p>
          ) : issues.length === 0 ? (
            valid === null ? (
              <p className="muted">Checking…</p>
            ) : (
              <p className="banner banner-ok" role="status" data-testid="upload-valid">
                Valid: <code>{valid.id}</code> — {valid.title}, region {valid.region}, {entryCount}{' '}
                entries.
              </p>
            )
          ) : (
            <IssueList
              id={`${ids}-issues`}
              located={located}
              lines={lines}
              from={apiIssues === null ? 'check' : 'api'}
              blocked={blocked}
              onGoTo={goToLine}
            />
          )}
          {apiIssues !== null && apiIssues.issues.length === 0 ? (
            <ErrorState error={apiIssues} />
          ) : null}
        </div>
        <div className="toolbar">
          <span className="spacer" />
          <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
            {busy ? 'Uploading…' : 'Upload'}
          </button>
        </div>
      </form>
    </section>
  );
}

function IssueList({
  id,
  located,
  lines,
  from,
  blocked,
  onGoTo,
}: {
  readonly id: string;
  readonly located: readonly LocatedIssue[];
  readonly lines: readonly string[];
  readonly from: 'check' | 'api';
  readonly blocked: boolean;
  readonly onGoTo: (line: number) => void;
}) {
  const n = located.length;
  return (
    <div id={id} className="banner banner-error upload-issues" role="alert">
      <p>
        <strong>
          {n} problem{n === 1 ? '' : 's'}{' '}
          {from === 'api' ? 'reported by the API' : 'found in the document'}
        </strong>
        {blocked ? ` — nothing was sent; fix ${n === 1 ? 'it' : 'them'} and upload again.` : null}
        {from === 'api' ? ' — nothing was saved.' : null}
      </p>
      <table className="data issues-at-fields">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {located.map(({ issue, line, exact }, i) => (
            <tr key={i} data-testid="upload-issue">
              <td className="num">
                {line === null ? (
                  <span className="muted">—</span>
                ) : (
                  <button
                    type="button"
                    className="line-link"
                    onClick={() => {
                      onGoTo(line);
                    }}
                    aria-label={`Go to line ${line}`}
                  >
                    {line}
                  </button>
                )}
              </td>
              <td>
                <code data-testid="issue-path">
                  {issue.path.length > 0 ? pathText(issue.path) : '(document)'}
                </code>
                {line === null ? null : (
                  <pre className="source-line" aria-label={`line ${line}`}>
                    {exact ? '' : '… '}
                    {(lines[line - 1] ?? '').trimEnd()}
                  </pre>
                )}
              </td>
              <td>
                <span className="field-error" data-testid="issue-message">
                  {withoutPath(issue.message, issue.path)}
                </span>{' '}
                <span className="muted">({issue.code})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The engine's messages start with the dotted path, which the table shows in its own column. */
function withoutPath(message: string, path: readonly (string | number)[]): string {
  const prefix = `${path.join('.')}: `;
  return path.length > 0 && message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
