import path from 'node:path';
import {
  type CatalogRelease,
  type CatalogReleaseWire,
  catalogReleaseSchema,
} from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { type Issue, issuesFromZod } from '@openpayer/domain';

/**
 * Reading the files users hand the CLI — catalog releases and policy documents — the same way in
 * every command (catalog import / diff / show, policy check, settle and its workers).
 */

const startsLikeJson = (text: string) =>
  text
    .replace(/^\uFEFF/u, '')
    .trimStart()
    .startsWith('{');

/** An NRDL CSV by extension, or by content when the extension does not say. */
export function looksLikeCsv(file: string, text: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return true;
  if (ext === '.json') return false;
  return !startsLikeJson(text);
}

/** JSON or YAML by extension, or by content. */
export function policyFormatOf(file: string, text: string): 'json' | 'yaml' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return startsLikeJson(text) ? 'json' : 'yaml';
}

export type CatalogText =
  | { readonly ok: true; readonly release: CatalogRelease }
  /** The NRDL importer refused the CSV (its issues say which rows). */
  | { readonly ok: false; readonly kind: 'import'; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly kind: 'json'; readonly message: string }
  /** JSON, but not a catalog release. */
  | { readonly ok: false; readonly kind: 'release'; readonly issues: readonly Issue[] };

/**
 * A release from a release JSON file (bare, or wrapped as the API's import body
 * `{"format":"release","release":{…}}`) or from an NRDL CSV, imported with the shipped settings,
 * condition dictionary and national rule base.
 */
export function catalogFromText(file: string, text: string): CatalogText {
  if (looksLikeCsv(file, text)) {
    const imported = importShippedNrdl2024({ csv: text });
    return imported.ok
      ? { ok: true, release: imported.value.release }
      : { ok: false, kind: 'import', issues: imported.issues };
  }
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    return {
      ok: false,
      kind: 'json',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  if (
    typeof document === 'object' &&
    document !== null &&
    'format' in document &&
    document.format === 'release' &&
    'release' in document
  ) {
    document = document.release;
  }
  const decoded = catalogReleaseSchema.safeDecode(document as CatalogReleaseWire);
  return decoded.success
    ? { ok: true, release: decoded.data }
    : { ok: false, kind: 'release', issues: issuesFromZod(decoded.error) };
}
