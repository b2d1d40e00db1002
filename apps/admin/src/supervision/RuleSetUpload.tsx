import { type ChangeEvent, type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href, navigate } from '../app/router.ts';
import { Link } from '../ui/Link.tsx';
import { ErrorState } from '../ui/states.tsx';

/**
 * Upload a rule set as JSON (pasted or from a file): the API validates it and answers every
 * problem with the path of its field (422), shown here; a stored set is inactive until activated.
 */
export function RuleSetUpload() {
  const [text, setText] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    setText(await file.text());
    setNote(`Loaded ${file.name} (${file.size.toLocaleString('en')} bytes).`);
  }

  async function upload(event: SyntheticEvent) {
    event.preventDefault();
    setFailure(null);
    let id: unknown;
    try {
      id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    } catch (error) {
      setFailure({
        status: 0,
        code: 'invalid_json',
        message: `the text is not JSON (${error instanceof Error ? error.message : String(error)})`,
        issues: [],
      });
      return;
    }
    setBusy(true);
    const result = await call(
      api.v1['rule-sets'].$post(
        {},
        { headers: { 'content-type': 'application/json' }, init: { body: text } },
      ),
    );
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const stored = typeof id === 'string' ? id : '';
    navigate(href(`/supervision/rule-sets/${encodeURIComponent(stored)}`, { uploaded: '1' }));
  }

  return (
    <section className="supervision">
      <p className="breadcrumbs">
        <Link to="/supervision">Rule sets</Link> › Upload
      </p>
      <h1>
        Upload a rule set <span className="zh">上传规则库</span>
      </h1>
      <p className="intro-text">
        Paste or choose a rule set (JSON). The API checks it — unknown fields, bad windows, a rule
        in force twice — and names the field of every problem; it is stored without being activated.
      </p>
      <form className="editor upload-form" onSubmit={(e) => void upload(e)} noValidate>
        <label className="field">
          <span>JSON file</span>
          <input type="file" accept=".json,application/json" onChange={(e) => void choose(e)} />
        </label>
        {note === null ? null : <p className="muted">{note}</p>}
        <label className="field">
          <span>Rule set (JSON)</span>
          <textarea
            name="rule-set"
            rows={16}
            spellCheck={false}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </label>
        {failure === null ? null : (
          <div data-testid="upload-issues">
            <ErrorState error={failure} />
          </div>
        )}
        <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </form>
    </section>
  );
}
