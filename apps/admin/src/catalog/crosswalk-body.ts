import { type CrosswalkEntry, crosswalkFromCsv, crosswalkSchema } from '@openpayer/catalog';
import { type Issue, issuesFromZod } from '@openpayer/domain';
import type { z } from 'zod';

/**
 * The body of "attach a crosswalk" from the form's fields and the uploaded file's text, checked
 * with the catalog's own reader first (the same one the API runs), so a bad row is named by its
 * CSV line or array index before anything is sent.
 */

export interface CrosswalkFields {
  readonly base: string;
  readonly id: string;
  readonly effectiveFrom: string;
  readonly publishedOn: string;
  readonly replace: boolean;
}

interface Header {
  readonly id: string;
  readonly effectiveFrom: string;
  readonly publishedOn: string;
  readonly mode: 'merge' | 'replace';
}

export type CrosswalkBody =
  | (Header & { readonly format: 'csv'; readonly csv: string })
  | (Header & { readonly format: 'entries'; readonly entries: z.input<typeof crosswalkSchema> });

export type CrosswalkBodyResult =
  | { readonly ok: true; readonly body: CrosswalkBody; readonly entries: readonly CrosswalkEntry[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** A JSON array (first character `[`) is sent as entries; anything else is read as CSV. */
export function crosswalkBody(fields: CrosswalkFields, text: string): CrosswalkBodyResult {
  const header: Header = {
    id: fields.id.trim(),
    effectiveFrom: fields.effectiveFrom,
    publishedOn: fields.publishedOn,
    mode: fields.replace ? 'replace' : 'merge',
  };
  const trimmed = text.replace(/^\uFEFF/u, '').trimStart();
  if (!trimmed.startsWith('[')) {
    const read = crosswalkFromCsv(text);
    if (!read.ok) return { ok: false, issues: read.issues };
    return { ok: true, body: { format: 'csv', ...header, csv: text }, entries: read.value };
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          code: 'crosswalk.invalid',
          severity: 'error',
          path: ['file'],
          message: `the file is not JSON: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
  const parsed = crosswalkSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: issuesFromZod(parsed.error).map((i) => ({ ...i, path: ['entries', ...i.path] })),
    };
  }
  const entries = json as z.input<typeof crosswalkSchema>;
  return { ok: true, body: { format: 'entries', ...header, entries }, entries: parsed.data };
}
