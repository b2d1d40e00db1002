import { may } from '@openpayer/domain';
import { useId, useState } from 'react';
import { type ApiError, api, call } from '../api/client.ts';
import { href } from '../app/router.ts';
import { usePrincipal } from '../app/session-context.ts';
import { Link } from '../ui/Link.tsx';
import { ErrorState } from '../ui/states.tsx';
import type { ReleaseSummary } from './api.ts';
import { type CrosswalkBody, type CrosswalkFields, crosswalkBody } from './crosswalk-body.ts';
import { ReleasePicker } from './ReleasePicker.tsx';

/**
 * "Attach a crosswalk" (administrators): a hospital's own item codes → national codes, uploaded as
 * CSV (header `institutionCode,localCode,kind,nationalCode[,localName]`) or a JSON array, into a
 * new dated release made from the chosen one (POST /v1/catalog/releases/{id}/crosswalk). The base
 * release is not changed; what the API refuses is shown as it says, naming the CSV line.
 */

const attach = api.v1.catalog.releases[':id'].crosswalk;

type Attached = Awaited<ReturnType<typeof attachCrosswalk>>;

function attachCrosswalk(base: string, body: CrosswalkBody) {
  return call(attach.$post({ param: { id: base }, json: body }));
}

export function CrosswalkForm({ releases }: { readonly releases: readonly ReleaseSummary[] }) {
  const principal = usePrincipal();
  const ids = useId();
  const [fields, setFields] = useState<CrosswalkFields>({
    base: releases.at(-1)?.id ?? '',
    id: '',
    effectiveFrom: '',
    publishedOn: '',
    replace: false,
  });
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Extract<Attached, { ok: true }>['data'] | null>(null);
  if (!may(principal.role, 'import_catalog')) return null;
  const set = (patch: Partial<CrosswalkFields>) => {
    setFields((f) => ({ ...f, ...patch }));
  };

  async function onSubmit(event: { preventDefault(): void }) {
    event.preventDefault();
    if (file === null) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const checked = crosswalkBody(fields, await file.text());
    if (!checked.ok) {
      setError({
        status: 0,
        code: 'crosswalk.invalid',
        message: 'the crosswalk file has problems; nothing was sent',
        issues: checked.issues,
      });
      setBusy(false);
      return;
    }
    const result = await attachCrosswalk(fields.base, checked.body);
    setBusy(false);
    if (result.ok) setDone(result.data);
    else setError(result.error);
  }

  return (
    <form
      className="panel crosswalk-form"
      aria-label="Attach a crosswalk"
      data-testid="crosswalk-form"
      onSubmit={(event) => void onSubmit(event)}
    >
      <h2>
        Attach a crosswalk <span className="muted zh">对照</span>
      </h2>
      <p className="muted">
        Hospital codes → national codes, as a CSV with the header{' '}
        <code>institutionCode,localCode,kind,nationalCode,localName</code> or a JSON array. The
        result is a new release in force from the date given; the chosen release is not changed.
      </p>
      <div className="filters">
        <ReleasePicker
          id={`${ids}-base`}
          label="Release"
          releases={releases}
          value={fields.base}
          onChange={(base) => {
            set({ base });
          }}
        />
        <div className="field">
          <label htmlFor={`${ids}-id`}>New release id</label>
          <input
            id={`${ids}-id`}
            required
            value={fields.id}
            onChange={(e) => {
              set({ id: e.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>In force from</label>
          <input
            id={`${ids}-from`}
            type="date"
            required
            value={fields.effectiveFrom}
            onChange={(e) => {
              set({ effectiveFrom: e.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-published`}>Published on</label>
          <input
            id={`${ids}-published`}
            type="date"
            required
            value={fields.publishedOn}
            onChange={(e) => {
              set({ publishedOn: e.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-file`}>Crosswalk file</label>
          <input
            id={`${ids}-file`}
            type="file"
            accept=".csv,.json,text/csv,application/json"
            required
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
            }}
          />
        </div>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={fields.replace}
              onChange={(e) => {
                set({ replace: e.target.checked });
              }}
            />{' '}
            Replace the release’s crosswalk (default: add to it)
          </label>
        </div>
        <button type="submit" className="primary" disabled={busy || file === null}>
          {busy ? 'Attaching…' : 'Attach'}
        </button>
      </div>
      {error === null ? null : <ErrorState error={error} />}
      {done === null ? null : (
        <div className="banner banner-ok" role="status" data-testid="crosswalk-done">
          Published <code>{done.release.id}</code> from <code>{done.baseReleaseId}</code>:{' '}
          {done.crosswalk.attached} entries attached ({done.crosswalk.listed} of them name a
          national code the release lists); the release maps {done.crosswalk.total} hospital codes.{' '}
          <Link to={href('/catalog', { release: done.release.id })}>Open it</Link>
        </div>
      )}
    </form>
  );
}
