import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CatalogRelease,
  type CrosswalkEntry,
  CatalogIndex,
  attachCrosswalk,
  catalogReleaseSchema,
  crosswalkAttachmentSchema,
  crosswalkFromCsv,
  crosswalkSchema,
} from '@openpayer/catalog';
import { type Issue, isCalendarDate, issuesFromZod } from '@openpayer/domain';
import { CliError, EXIT } from '../../exit-codes.ts';
import type { Io } from '../../io.ts';
import { loadCatalog, readText, reportIssues, writeWhole } from './read.ts';
import { periodText, plural } from './text.ts';

export const CROSSWALK_HELP = `Usage: openpayer catalog crosswalk RELEASE CROSSWALK --id ID --effective-from DATE [options]

Attach a crosswalk (对照: a hospital's own item codes → national codes) to a catalog release.
Releases are never edited: the result is a new dated release with the same items, in force from
--effective-from, whose claims' lines that name a hospital code (localCode) match through the
crosswalk. Writes the new release as JSON — the document POST /v1/catalog/releases accepts as
{"format":"release","release":<this document>} — and prints on stderr how many entries' national
codes the release lists.

RELEASE is a release JSON file (as catalog import writes it) or an NRDL CSV.
CROSSWALK is a CSV with a header row naming the columns
  institutionCode,localCode,kind,nationalCode[,localName]      (any order; kind: drug|service|consumable)
or a JSON array of {"institutionCode","localCode","kind","nationalCode","localName"?}.

Options:
  --id ID                 id of the new release (letters, digits and . _ : -)
  --effective-from DATE   first day the new release is in force, YYYY-MM-DD; inside RELEASE's period
  --published-on DATE     the new release's publication date (default: --effective-from)
  --title TEXT            the new release's title (default: RELEASE's)
  --replace               replace RELEASE's crosswalk instead of adding to it (a local code
                          mapped again takes its new national code either way)
  --out FILE              write the release to FILE (replaced whole) instead of standard output
  -h, --help              this help

Exit codes: 0 written · 1 the crosswalk has invalid rows, or does not fit the release (listed;
            nothing written) · 2 usage error · 3 a file is missing, unreadable or not a catalog

Examples:
  openpayer catalog crosswalk nrdl-2024.json hospital-codes.csv --id nrdl-2024-xw1 \\
    --effective-from 2025-07-01 --out nrdl-2024-xw1.json`;

export async function crosswalkCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string' },
      'effective-from': { type: 'string' },
      'published-on': { type: 'string' },
      title: { type: 'string' },
      replace: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${CROSSWALK_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 2)
    throw new CliError(
      'usage',
      `catalog crosswalk takes a RELEASE and a CROSSWALK file, got ${positionals.length}`,
    );
  const from = values['effective-from'];
  if (values.id === undefined) throw new CliError('usage', '--id (the new release id) is required');
  if (from === undefined || !isCalendarDate(from))
    throw new CliError(
      'usage',
      `--effective-from must be a date YYYY-MM-DD, got ${from === undefined ? 'nothing' : `"${from}"`}`,
    );
  const publishedOn = values['published-on'] ?? from;
  if (!isCalendarDate(publishedOn))
    throw new CliError('usage', `--published-on must be a date YYYY-MM-DD, got "${publishedOn}"`);
  const [releaseFile, crosswalkFile] = [positionals[0] ?? '', positionals[1] ?? ''];

  const attachment = crosswalkAttachmentSchema.safeParse({
    id: values.id,
    ...(values.title === undefined ? {} : { title: values.title }),
    effectiveFrom: from,
    publishedOn,
    mode: values.replace ? 'replace' : 'merge',
    entries: [],
  });
  if (!attachment.success) {
    const first = issuesFromZod(attachment.error)[0];
    const option = first?.path[0] === 'title' ? '--title' : '--id';
    throw new CliError('usage', `${option}: ${first?.message ?? 'invalid'}`);
  }

  const base = (await loadCatalog(releaseFile, io)).release;
  const read = await readCrosswalk(crosswalkFile, io);
  if (!read.ok) {
    reportIssues(crosswalkFile, read.issues, io);
    io.stderr.write(`openpayer: ${crosswalkFile} was not attached; nothing written\n`);
    return EXIT.recordsWithErrors;
  }
  const attached = attachCrosswalk(base, { ...attachment.data, entries: read.entries });
  if (!attached.ok) {
    reportIssues(crosswalkFile, attached.issues, io);
    io.stderr.write(`openpayer: ${crosswalkFile} was not attached; nothing written\n`);
    return EXIT.recordsWithErrors;
  }
  const release = attached.value;
  const json = `${JSON.stringify(catalogReleaseSchema.encode(release), null, 2)}\n`;
  if (values.out === undefined) io.stdout.write(json);
  else await writeWhole(path.resolve(io.cwd, values.out), json);
  io.stderr.write(summaryText(base, release, read.entries, crosswalkFile));
  return EXIT.ok;
}

type CrosswalkRead =
  | { readonly ok: true; readonly entries: CrosswalkEntry[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** The crosswalk file as entries: CSV by its header, JSON by its first character. */
async function readCrosswalk(source: string, io: Io): Promise<CrosswalkRead> {
  const { text } = await readText(source, io);
  const trimmed = text.replace(/^\uFEFF/u, '').trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      throw new CliError(
        'malformed_input',
        `${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const parsed = crosswalkSchema.safeParse(json);
    return parsed.success
      ? { ok: true, entries: parsed.data }
      : {
          ok: false,
          issues: issuesFromZod(parsed.error).map((i) => ({ ...i, code: 'crosswalk.invalid' })),
        };
  }
  const parsed = crosswalkFromCsv(text);
  if (parsed.ok) return { ok: true, entries: parsed.value };
  if (parsed.issues.some((i) => i.code === 'crosswalk.header_mismatch')) {
    reportIssues(source, parsed.issues, io);
    throw new CliError('malformed_input', `${source} is not a crosswalk CSV or JSON`);
  }
  return { ok: false, issues: parsed.issues };
}

/** What was attached, and how many entries' national codes the release lists (by code or generic). */
function summaryText(
  base: CatalogRelease,
  release: CatalogRelease,
  entries: readonly CrosswalkEntry[],
  source: string,
): string {
  const index = new CatalogIndex(release);
  let listed = 0;
  for (const e of entries)
    if (index.resolve({ kind: e.kind, code: e.nationalCode }) !== undefined) listed++;
  const institutions = new Set(entries.map((e) => e.institutionCode)).size;
  return (
    `attached ${source} to ${base.id} → release ${release.id}, ${periodText(release.effective)}\n` +
    `  entries       ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} from ${plural(institutions, 'institution')}; the release now maps ${release.crosswalk.length}\n` +
    `  national codes ${listed} of ${entries.length} listed by the release (the rest match nothing until a release lists them)\n`
  );
}
