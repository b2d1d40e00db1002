import { type ChangeEvent, type SyntheticEvent, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href, navigate } from '../app/router.ts';
import { chosenText } from '../ui/file.ts';
import { Link } from '../ui/Link.tsx';
import { ErrorState } from '../ui/states.tsx';

/**
 * The largest rule set the API takes (apps/api routes/review.ts RULE_SET_MAX_BYTES: the national
 * rule base is a few MB, above the API's default body limit).
 */
const RULE_SET_MAX_BYTES = 32 * 1024 * 1024;

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
    const chosen = await chosenText(event, RULE_SET_MAX_BYTES);
    if (chosen === undefined) return;
    if ('refused' in chosen) {
      setNote(chosen.refused);
      return;
    }
    setText(chosen.text);
    setNote(chosen.loaded);
  }

  async function upload(event: SyntheticEvent) {
    event.preventDefault();
    setFailure(null);
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
    // The stored set's id, as the API answered it (201; the route's typed answer is lost to its
    // body-limit middleware, so the id is read, not assumed).
    const stored: unknown = 'id' in result.data ? result.data.id : undefined;
    if (typeof stored !== 'string') {
      setFailure({
        status: 201,
        code: 'unexpected_response',
        message: 'the API stored the rule set but did not answer its id',
        issues: [],
      });
      return;
    }
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
