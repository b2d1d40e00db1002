import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type CatalogRelease,
  type CatalogReleaseWire,
  catalogReleaseSchema,
} from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { type Issue, issuesFromZod } from '@openpayer/domain';
import { CliError } from './exit-codes.ts';

/**
 * Reading the files users hand the CLI — catalog releases and policy documents — the same way in
 * every command (catalog import / diff / show, policy check, settle and its workers).
 */

/**
 * Why `file` cannot be read, as the CLI reports it (exit 3, "input unreadable"): `what` names the
 * file's role ("the claims", "the policy", …) so the user knows which option to fix.
 */
export function unreadable(what: string, file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new CliError('file_not_found', `${what} ${file}: no such file`);
  }
  if (code === 'EISDIR') return isADirectory(what, file);
  return new CliError(
    'file_unreadable',
    `cannot read ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/**
 * Fails with `unreadable` unless `file` is an existing file (not a directory): checked before a
 * stream is opened on it, whose errors would otherwise arrive as an internal error mid-way.
 */
export function assertReadableFile(what: string, file: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch (error) {
    throw unreadable(what, file, error);
  }
  if (isDirectory) throw isADirectory(what, file);
}

const isADirectory = (what: string, file: string) =>
  new CliError('file_unreadable', `${what} ${file} is a directory, not a file`);

/** The text of a file the user named (`what` says which), or `unreadable`'s error. */
export function readInputText(what: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(what, file, error);
  }
}

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
