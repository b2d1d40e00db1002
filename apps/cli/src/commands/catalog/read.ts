import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CatalogRelease } from '@openpayer/catalog';
import { readShipped } from '@openpayer/catalog/node';
import { type Issue } from '@openpayer/domain';
import { CliError } from '../../exit-codes.ts';
import type { Io } from '../../io.ts';
import { inputFile } from '../../records.ts';
import { catalogFromText } from '../../sources.ts';
import { plural } from './text.ts';

/** Reading and writing catalog files: what every catalog subcommand shares. */

/** Import issues that mean the file is not an NRDL table at all, rather than a table with bad rows. */
export const STRUCTURAL_ISSUES: ReadonlySet<string> = new Set([
  'import.csv_empty',
  'import.csv_unterminated_quote',
  'import.header_mismatch',
]);

export async function readText(source: string, io: Io): Promise<{ file: string; text: string }> {
  const file = await inputFile(source, io.cwd);
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (error) {
    throw new CliError(
      'file_unreadable',
      `cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function ruleBaseFiles() {
  return {
    restrictionsCsv: readShipped('ruleBaseRestrictions'),
    codesCsv: readShipped('ruleBaseCodes'),
  };
}

/** Writes the issues of a refused import to stderr: every issue, then the count by code. */
export function reportIssues(source: string, issues: readonly Issue[], io: Io): void {
  for (const i of issues) io.stderr.write(`  ${i.code}  ${i.message}\n`);
  io.stderr.write(`${source}: ${plural(issues.length, 'issue')} (${byCodeText(issues)})\n`);
}

export function byCodeText(issues: readonly Issue[]): string {
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(i.code, (counts.get(i.code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code} ${n}`).join(', ');
}

export interface LoadedCatalog {
  readonly release: CatalogRelease;
  /** The file as the user named it, for messages. */
  readonly label: string;
}

/** A release from a release JSON file or an NRDL CSV; anything else is an input error (exit 3). */
export async function loadCatalog(source: string, io: Io): Promise<LoadedCatalog> {
  const { file, text } = await readText(source, io);
  const read = catalogFromText(file, text);
  if (read.ok) return { release: read.release, label: source };
  if (read.kind === 'import') {
    reportIssues(source, read.issues, io);
    throw new CliError('malformed_input', `${source} cannot be imported as an NRDL CSV`);
  }
  if (read.kind === 'json') {
    throw new CliError(
      'malformed_input',
      `${source} is neither an NRDL CSV nor JSON: ${read.message}`,
    );
  }
  for (const i of read.issues.slice(0, 20)) io.stderr.write(`  ${i.code}  ${i.message}\n`);
  if (read.issues.length > 20) io.stderr.write(`  … and ${read.issues.length - 20} more\n`);
  throw new CliError(
    'malformed_input',
    `${source} is not a catalog release (${plural(read.issues.length, 'problem')})`,
  );
}

/** Replaces `file` whole: a crash or a full disk leaves the old file (or none), never half of one. */
export async function writeWhole(file: string, text: string): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(
      'file_unreadable',
      `cannot write ${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
