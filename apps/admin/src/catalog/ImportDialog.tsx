import { catalogReleaseSchema, importSettingsSchema } from '@openpayer/catalog';
import { type Issue, issuesFromZod } from '@openpayer/domain';
import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { ErrorState } from '../ui/states.tsx';
import { type ImportResponse, importRelease } from './api.ts';

/**
 * "Import a release" (administrators): the national drug list as CSV with the new release's
 * header, or a whole release document as JSON. Checked here with the API's own schemas first;
 * what the API still refuses (a duplicate id, CSV rows it cannot read, a 403) is shown as it says.
 */

type Format = 'nrdl-csv' | 'release';

interface Header {
  readonly id: string;
  readonly title: string;
  readonly region: string;
  readonly start: string;
  readonly end: string;
  readonly publishedOn: string;
  readonly source: string;
}

const EMPTY_HEADER: Header = {
  id: '',
  title: '',
  region: '',
  start: '',
  end: '',
  publishedOn: '',
  source: '',
};

/** Where an issue's path is shown: each header field has its own key; everything else is `file`. */
const FIELD_OF: Record<string, keyof Header> = {
  id: 'id', // a release that exists (409) names `id`
  'release.id': 'id',
  'release.title': 'title',
  'release.region': 'region',
  'release.effective.start': 'start',
  'release.effective.end': 'end',
  'release.effective': 'end',
  'release.publishedOn': 'publishedOn',
  'release.source': 'source',
};

function headerOf(h: Header) {
  return {
    id: h.id.trim(),
    title: h.title.trim(),
    region: h.region.trim() === '' ? null : h.region.trim(),
    effective: { start: h.start, end: h.end === '' ? null : h.end },
    publishedOn: h.publishedOn,
    source: h.source.trim(),
  };
}

export function ImportButton({ onImported }: { readonly onImported: () => void }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Focus goes back to the button once the modal dialog is gone (it is inert until then).
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <>
      <button
        type="button"
        className="primary"
        ref={opener}
        onClick={() => {
          setOpen(true);
        }}
      >
        Import a release
      </button>
      {open ? (
        <ImportDialog
          onImported={onImported}
          onClose={() => {
            setOpen(false);
          }}
        />
      ) : null}
    </>
  );
}

function ImportDialog({
  onImported,
  onClose,
}: {
  readonly onImported: () => void;
  readonly onClose: () => void;
}) {
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<Format>('nrdl-csv');
  const [header, setHeader] = useState<Header>(EMPTY_HEADER);
  const [ruleBase, setRuleBase] = useState(true);
  const [file, setFile] = useState<File | null>(null);
  const [issues, setIssues] = useState<readonly Issue[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ImportResponse | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
  }, []);

  // The header fields exist only for a CSV; a release document's issues are all about the file.
  const atField = (i: Issue) => format === 'nrdl-csv' && FIELD_OF[i.path.join('.')] !== undefined;
  const fieldIssues = (field: keyof Header) =>
    issues.filter((i) => atField(i) && FIELD_OF[i.path.join('.')] === field);
  const fileIssues = issues.filter((i) => !atField(i));

  async function onSubmit(event: { preventDefault(): void }) {
    event.preventDefault();
    setFailure(null);
    const found: Issue[] = [];
    let body: string | undefined;
    if (file === null) {
      found.push({
        code: 'schema.required',
        severity: 'error',
        path: [format === 'nrdl-csv' ? 'csv' : 'release'],
        message: format === 'nrdl-csv' ? 'choose the CSV file' : 'choose the release JSON file',
      });
    }
    if (format === 'nrdl-csv') {
      const release = headerOf(header);
      const checked = importSettingsSchema.shape.release.safeParse(release);
      if (!checked.success) {
        for (const i of issuesFromZod(checked.error))
          found.push({ ...i, path: ['release', ...i.path] });
      }
      if (found.length === 0 && file !== null) {
        body = JSON.stringify({ format, csv: await file.text(), release, ruleBase });
      }
    } else if (file !== null) {
      let document: unknown;
      try {
        document = JSON.parse(await file.text());
      } catch (error) {
        found.push({
          code: 'schema.malformed_json',
          severity: 'error',
          path: ['release'],
          message: `the file is not JSON (${error instanceof Error ? error.message : String(error)})`,
        });
      }
      if (document !== undefined) {
        const checked = catalogReleaseSchema.safeParse(document);
        if (!checked.success) {
          for (const i of issuesFromZod(checked.error).slice(0, 50)) {
            found.push({ ...i, path: ['release', ...i.path] });
          }
        } else body = JSON.stringify({ format, release: document });
      }
    }
    setIssues(found);
    if (body === undefined) return;
    setBusy(true);
    const result = await importRelease(body);
    setBusy(false);
    if (result.ok) {
      setDone(result.data);
      onImported();
    } else {
      setFailure(result.error);
      setIssues(result.error.issues);
    }
  }

  const set = (field: keyof Header) => (event: { target: { value: string } }) => {
    setHeader({ ...header, [field]: event.target.value });
  };

  const input = (
    field: keyof Header,
    label: string,
    options: { type?: string; hint?: string; required?: boolean } = {},
  ) => {
    const id = `${ids}-${field}`;
    const problems = fieldIssues(field);
    const described = [
      options.hint === undefined ? null : `${id}-hint`,
      problems.length > 0 ? `${id}-error` : null,
    ]
      .filter((x) => x !== null)
      .join(' ');
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={options.type ?? 'text'}
          value={header[field]}
          onChange={set(field)}
          required={options.required ?? true}
          aria-invalid={problems.length > 0}
          aria-describedby={described === '' ? undefined : described}
        />
        {options.hint === undefined ? null : (
          <span id={`${id}-hint`} className="muted small">
            {options.hint}
          </span>
        )}
        {problems.length > 0 ? (
          <span id={`${id}-error`} className="field-error">
            {problems.map((p) => p.message).join('; ')}
          </span>
        ) : null}
      </div>
    );
  };

  const fileId = `${ids}-file`;

  return (
    <dialog
      ref={dialog}
      className="import-dialog"
      aria-labelledby={`${ids}-heading`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={`${ids}-heading`}>Import a catalog release</h2>
      {done !== null ? (
        <div className="banner banner-ok" role="status" data-testid="import-done">
          <p>
            Imported <code>{done.release.id}</code>: {done.release.itemCount.toLocaleString('en')}{' '}
            items.
          </p>
          <div className="toolbar">
            <button
              type="button"
              className="primary"
              onClick={() => {
                onClose();
                navigate('/catalog/releases');
              }}
            >
              View the version history
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(event) => void onSubmit(event)} noValidate>
          <fieldset className="format">
            <legend>Format</legend>
            <label>
              <input
                type="radio"
                name="format"
                value="nrdl-csv"
                checked={format === 'nrdl-csv'}
                onChange={() => {
                  setFormat('nrdl-csv');
                  setIssues([]);
                }}
              />{' '}
              National drug list as CSV (nrdl-csv)
            </label>
            <label>
              <input
                type="radio"
                name="format"
                value="release"
                checked={format === 'release'}
                onChange={() => {
                  setFormat('release');
                  setIssues([]);
                }}
              />{' '}
              A whole release as JSON
            </label>
          </fieldset>

          <div className="field">
            <label htmlFor={fileId}>
              {format === 'nrdl-csv' ? 'CSV file' : 'Release JSON file'}
            </label>
            <input
              id={fileId}
              type="file"
              accept={format === 'nrdl-csv' ? '.csv,text/csv' : '.json,application/json'}
              aria-invalid={fileIssues.length > 0}
              aria-describedby={fileIssues.length > 0 ? `${fileId}-error` : undefined}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
              }}
            />
            {fileIssues.length > 0 ? (
              <ul id={`${fileId}-error`} className="field-error issue-list">
                {fileIssues.slice(0, 20).map((i, n) => (
                  <li key={n}>
                    {i.path.length > 0 ? <code>{i.path.join('.')}</code> : null} {i.message}
                  </li>
                ))}
                {fileIssues.length > 20 ? <li>and {fileIssues.length - 20} more</li> : null}
              </ul>
            ) : null}
          </div>

          {format === 'nrdl-csv' ? (
            <div className="import-grid">
              {input('id', 'Release id', { hint: 'letters, digits and . _ : -, e.g. nrdl-2025' })}
              {input('title', 'Title')}
              {input('region', 'Region code', {
                required: false,
                hint: '6 digits, e.g. 230100; empty = national',
              })}
              {input('publishedOn', 'Published on', { type: 'date' })}
              {input('start', 'In force from', { type: 'date' })}
              {input('end', 'In force until (exclusive)', {
                type: 'date',
                required: false,
                hint: 'empty = open-ended',
              })}
              <div className="field span-2">
                <label htmlFor={`${ids}-source`}>Source</label>
                <input
                  id={`${ids}-source`}
                  value={header.source}
                  onChange={set('source')}
                  aria-invalid={fieldIssues('source').length > 0}
                />
              </div>
              <label className="checkbox span-2">
                <input
                  type="checkbox"
                  checked={ruleBase}
                  onChange={(event) => {
                    setRuleBase(event.target.checked);
                  }}
                />{' '}
                Add the national rule base’s restrictions (sex, age, tier, setting, course, scheme)
              </label>
            </div>
          ) : null}

          {failure === null ? null : (
            // Its issues are shown at their fields, or under the file.
            <ErrorState error={{ ...failure, issues: [] }} />
          )}

          <div className="toolbar">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Importing…' : 'Import'}
            </button>
            <button type="button" onClick={onClose} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
