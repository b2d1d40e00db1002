import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CatalogDiff,
  type CatalogItem,
  type CatalogRelease,
  type CatalogReleaseWire,
  CatalogIndex,
  type FieldChange,
  type ImportSettings,
  type ImportSummary,
  type Restriction,
  type ResolvedItem,
  catalogItemSchema,
  catalogReleaseSchema,
  diffReleases,
  importNrdl,
} from '@openpayer/catalog';
import {
  importShippedNrdl2024,
  loadConditionDictionary,
  loadImportSettings,
  readShipped,
} from '@openpayer/catalog/node';
import {
  type Issue,
  type Period,
  isCalendarDate,
  issuesFromZod,
  lastDayOf,
} from '@openpayer/domain';
import { toWire } from '@openpayer/pricing';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { inputFile } from '../records.ts';
import { catalogFromText } from '../sources.ts';

const IMPORT_HELP = `Usage: openpayer catalog import NRDL.csv [options]

Import a national drug list (国家医保药品目录) CSV into a catalog release: every row becomes an
item with its class, section, payment standard, agreement window and the restriction text beside
the restrictions read from it; the national rule base adds restrictions by national code. Prints
a summary on stderr (items by kind / class / section, negotiated items, restrictions parsed and
not, issues by code) and writes the release as JSON — the document POST /v1/catalog/releases
accepts as {"format":"release","release":<this document>}.

NRDL.csv has the columns of the shipped 2024 list (packages/catalog/data/nrdl-2024/nrdl_2024.csv):
  section,category_code,category_name,category_path,drug_class,seq_no,drug_name,dosage_form,
  payment_standard,remark,validity_period,validity_start,validity_end
The import is all or nothing: a bad row is reported with its line and nothing is written.

Options:
  --out FILE             write the release to FILE (replaced whole, never half-written) instead of
                         standard output
  --id ID                the release id (default: nrdl-2024, from the import settings); letters,
                         digits and . _ : -
  --title TEXT           the release title (default: the 2024 list's)
  --effective-from DATE  first day the release is in force, YYYY-MM-DD (default: 2025-01-01)
  --no-rule-base         do not add the rule base's restrictions by national code
  --quiet                no summary on stderr
  -h, --help             this help

Exit codes: 0 imported · 1 some rows have errors (listed; nothing written) · 2 usage error ·
            3 file missing or unreadable, or not an NRDL CSV (header, quoting)

Examples:
  openpayer catalog import nrdl_2024.csv --out nrdl-2024.json
  openpayer catalog import nrdl_2025.csv --id nrdl-2025 --effective-from 2026-01-01 --out nrdl-2025.json`;

const DIFF_HELP = `Usage: openpayer catalog diff A B [options]

What changed from catalog A to catalog B, item by item: items added, removed and changed, with
counts, and for each changed item what changed (class, restriction, payment standard, agreement
window, name, national codes) before → after. Items are matched by id (classification / name /
dosage form).

A and B are release JSON files (as written by catalog import, or the API's import body
{"format":"release","release":…}) or NRDL CSV files (.csv, imported with the shipped settings and
rule base).

Options:
  --json       one JSON document: {from, to, files, counts, added, removed, changed}
  -h, --help   this help

Output (text):
  nrdl-2024 (a.json) → nrdl-2025 (b.json): 1 added, 1 removed, 1 changed, 3823 unchanged

Exit codes: 0 the diff was printed (with or without differences) · 2 usage error ·
            3 a file is missing, unreadable or not a catalog

Examples:
  openpayer catalog diff nrdl-2024.json nrdl-2025.json
  openpayer catalog diff nrdl_2024.csv nrdl_2025.csv --json`;

const SHOW_HELP = `Usage: openpayer catalog show CODE [options]

One catalog item: names, class, section, drug classification, dosage form, kind, negotiated or
not, payment standard, agreement window, the ORIGINAL restriction text (限定支付范围) beside the
structured restrictions read from it (and what was left unparsed), national codes and the rule
base's restrictions by code.

CODE is an item id (e.g. "XL01EB/达可替尼片"), a national code (国家医保编码, e.g.
XL01EEQ180E001010178241; matched exactly, then by its first 10 characters — the same generic of
another manufacturer or specification), or an item's exact name. A national code the catalog does
not list is matched by --name within its classification, as a claim line is (flagged for review).

Options:
  --catalog FILE   a release JSON or NRDL CSV file (default: the shipped 2024 national drug list)
  --name NAME      the item's name, to match a code the catalog does not list by name
  --json           the item as JSON: {release, matchedBy, nationalCode, item, codeRestrictions}
  -h, --help       this help

Exit codes: 0 found · 1 no such item · 2 usage error · 3 --catalog missing, unreadable or not a catalog

Examples:
  openpayer catalog show XL01EB/达可替尼片
  openpayer catalog show XL01EBD350A001010100000 --name 达可替尼片
  openpayer catalog show XL01EEQ180E001010178241 --catalog nrdl-2025.json --json`;

export const CATALOG_HELP = `Usage: openpayer catalog SUBCOMMAND [options]

The reimbursement catalog (医保目录): import the national drug list, diff two releases, show an item.

Subcommands:
  import NRDL.csv   import a national drug list CSV into a release (JSON), with a summary
  diff A B          items added, removed and changed between two releases (JSON or CSV)
  show CODE         one item by national code, item id or name, with its restriction text

Run openpayer catalog SUBCOMMAND --help for its options.

Exit codes: 0 success · 1 import: rows with errors; show: no such item · 2 usage error ·
            3 input missing, unreadable or not a catalog · 70 internal error

Examples:
  openpayer catalog import nrdl_2024.csv --out nrdl-2024.json
  openpayer catalog diff nrdl-2024.json nrdl-2025.json
  openpayer catalog show XL01EB/达可替尼片`;

const SUBCOMMANDS: Record<
  string,
  { help: string; run: (args: string[], io: Io) => Promise<number> }
> = {
  import: { help: IMPORT_HELP, run: importCommand },
  diff: { help: DIFF_HELP, run: diffCommand },
  show: { help: SHOW_HELP, run: showCommand },
};

export async function catalogCommand(args: string[], io: Io): Promise<number> {
  const [name, ...rest] = args;
  if (name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' && rest[0] !== undefined ? SUBCOMMANDS[rest[0]] : undefined;
    io.stdout.write(`${topic?.help ?? CATALOG_HELP}\n`);
    return EXIT.ok;
  }
  if (name === undefined)
    throw new CliError(
      'usage',
      'catalog needs a subcommand: import, diff or show; run openpayer catalog --help',
    );
  const subcommand = SUBCOMMANDS[name];
  if (subcommand === undefined)
    throw new CliError(
      'usage',
      `unknown catalog subcommand "${name}"; run openpayer catalog --help`,
    );
  return subcommand.run(rest, io);
}

// ---------------------------------------------------------------------------------------------
// Reading catalogs

/** Import issues that mean the file is not an NRDL table at all, rather than a table with bad rows. */
const STRUCTURAL_ISSUES: ReadonlySet<string> = new Set([
  'import.csv_empty',
  'import.csv_unterminated_quote',
  'import.header_mismatch',
]);

async function readText(source: string, io: Io): Promise<{ file: string; text: string }> {
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

function ruleBaseFiles() {
  return {
    restrictionsCsv: readShipped('ruleBaseRestrictions'),
    codesCsv: readShipped('ruleBaseCodes'),
  };
}

/** Writes the issues of a refused import to stderr: every issue, then the count by code. */
function reportIssues(source: string, issues: readonly Issue[], io: Io): void {
  for (const i of issues) io.stderr.write(`  ${i.code}  ${i.message}\n`);
  io.stderr.write(`${source}: ${plural(issues.length, 'issue')} (${byCodeText(issues)})\n`);
}

function byCodeText(issues: readonly Issue[]): string {
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(i.code, (counts.get(i.code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code} ${n}`).join(', ');
}

interface LoadedCatalog {
  readonly release: CatalogRelease;
  /** The file as the user named it, for messages. */
  readonly label: string;
}

/** A release from a release JSON file or an NRDL CSV; anything else is an input error (exit 3). */
async function loadCatalog(source: string, io: Io): Promise<LoadedCatalog> {
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

// ---------------------------------------------------------------------------------------------
// import

async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      id: { type: 'string' },
      title: { type: 'string' },
      'effective-from': { type: 'string' },
      'no-rule-base': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${IMPORT_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new CliError(
      'usage',
      `catalog import takes exactly one NRDL.csv, got ${positionals.length}`,
    );
  const source = positionals[0] ?? '';
  const settings = loadImportSettings();
  const from = values['effective-from'];
  if (from !== undefined && !isCalendarDate(from))
    throw new CliError('usage', `--effective-from must be a date YYYY-MM-DD, got "${from}"`);
  const header = headerWith(settings.release, values.id, values.title, from);

  const { text } = await readText(source, io);
  const started = performance.now();
  const imported = importNrdl({
    csv: text,
    settings: { ...settings, release: header },
    conditions: loadConditionDictionary(),
    ...(values['no-rule-base'] ? {} : { ruleBase: ruleBaseFiles() }),
  });
  if (!imported.ok) {
    reportIssues(source, imported.issues, io);
    if (imported.issues.some((i) => STRUCTURAL_ISSUES.has(i.code)))
      throw new CliError('malformed_input', `${source} is not an NRDL CSV; nothing written`);
    io.stderr.write(`openpayer: ${source} was not imported; nothing written\n`);
    return EXIT.recordsWithErrors;
  }
  const { release, summary } = imported.value;

  // What is written is exactly what the API accepts: encode, then check it decodes again.
  const encoded = catalogReleaseSchema.safeEncode(release);
  const wire = encoded.success ? (JSON.parse(JSON.stringify(encoded.data)) as unknown) : undefined;
  const check = encoded.success
    ? catalogReleaseSchema.safeDecode(wire as CatalogReleaseWire)
    : encoded;
  if (!check.success) {
    const issues = issuesFromZod(check.error).map((i) => ({
      ...i,
      message: `${i.message}${itemOf(release, i.path)}`,
    }));
    reportIssues(source, issues, io);
    io.stderr.write(`openpayer: the release is not valid; nothing written\n`);
    return EXIT.recordsWithErrors;
  }
  const json = `${JSON.stringify(wire, null, 2)}\n`;
  if (values.out === undefined) io.stdout.write(json);
  else await writeWhole(path.resolve(io.cwd, values.out), json);

  if (!values.quiet) {
    io.stderr.write(
      importSummaryText(
        source,
        release,
        summary,
        imported.issues,
        (performance.now() - started) / 1000,
      ),
    );
    if (values.out !== undefined)
      io.stderr.write(`wrote ${values.out} (${Buffer.byteLength(json)} bytes)\n`);
  }
  return EXIT.ok;
}

/** The release header with the options applied, validated as the release schema validates it. */
function headerWith(
  base: ImportSettings['release'],
  id: string | undefined,
  title: string | undefined,
  from: string | undefined,
): ImportSettings['release'] {
  const wanted = {
    ...base,
    ...(id === undefined ? {} : { id }),
    ...(title === undefined ? {} : { title }),
    ...(from === undefined ? {} : { effective: { ...base.effective, start: from } }),
  };
  const checked = catalogReleaseSchema.safeDecode({ ...wanted, items: [] });
  if (!checked.success) {
    const first = issuesFromZod(checked.error)[0];
    const field = first?.path[0];
    const option =
      field === 'id'
        ? '--id'
        : field === 'title'
          ? '--title'
          : field === 'effective'
            ? '--effective-from'
            : 'the release';
    throw new CliError('usage', `${option}: ${first?.message ?? 'invalid'}`);
  }
  const { id: i, title: t, region, effective, publishedOn, source } = checked.data;
  return { id: i, title: t, region, effective, publishedOn, source };
}

function itemOf(release: CatalogRelease, issuePath: readonly (string | number)[]): string {
  if (issuePath[0] !== 'items' || typeof issuePath[1] !== 'number') return '';
  const item = release.items[issuePath[1]];
  return item === undefined ? '' : ` (item ${item.id})`;
}

/** Replaces `file` whole: a crash or a full disk leaves the old file (or none), never half of one. */
async function writeWhole(file: string, text: string): Promise<void> {
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

function importSummaryText(
  source: string,
  release: CatalogRelease,
  summary: ImportSummary,
  issues: readonly Issue[],
  seconds: number,
): string {
  const byKind = new Map<string, number>();
  for (const item of release.items) byKind.set(item.kind, (byKind.get(item.kind) ?? 0) + 1);
  const counts = (record: Readonly<Record<string, number>>) =>
    Object.entries(record)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(' · ') || 'none';
  const s = summary.structuring;
  const lines = [
    `imported ${source} in ${seconds.toFixed(2)} s → release ${release.id} “${release.title}”, ${release.region ?? 'national'}, ${periodText(release.effective)}`,
    `  rows          ${summary.rows} → ${plural(summary.items, 'item')}`,
    `  by kind       ${counts(Object.fromEntries(byKind))}`,
    `  by class      ${counts(summary.byClass)}`,
    `  by section    ${counts(summary.bySection)}`,
    `  negotiated    ${summary.negotiated} (with agreement windows); payment standards ${summary.pricesParsed} parsed, ${summary.pricesUnparsed} unparsed, ${summary.confidentialPrices} confidential`,
    `  restrictions  ${summary.withRestrictionText} items with restriction text: ${s.complete} parsed completely, ${s.partial} partly, ${s.unparsed} not parsed (${plural(summary.unparsedFragments, 'fragment')} left for review); ${s.none_needed} with none`,
    `  structured    ${counts(summary.restrictionsByKind)}`,
    `  rule base     ${summary.ruleBase === null ? 'not used' : `${summary.ruleBase.codes} national codes with restrictions (${counts(summary.ruleBase.restrictionsByKind)}); ${summary.ruleBase.itemsWithCodes} items carry national codes`}`,
    `  groups        ${summary.substitutionGroups} same-class substitution groups; primary-care formulary ${summary.primaryCareFormulary ?? 'none'}`,
    `  issues        ${issues.length === 0 ? 'none' : byCodeText(issues)}`,
  ];
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// diff

async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${DIFF_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 2)
    throw new CliError(
      'usage',
      `catalog diff takes two catalogs A and B, got ${positionals.length}`,
    );
  const [a, b] = [positionals[0] ?? '', positionals[1] ?? ''];
  const from = await loadCatalog(a, io);
  const to = await loadCatalog(b, io);
  const diff = diffReleases(from.release, to.release);
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({
        from: diff.from,
        to: diff.to,
        files: { from: from.label, to: to.label },
        counts: diff.counts,
        added: diff.added.map((i) => catalogItemSchema.encode(i)),
        removed: diff.removed.map((i) => catalogItemSchema.encode(i)),
        changed: toWire(diff.changed),
      })}\n`,
    );
  } else {
    io.stdout.write(diffText(diff, from.label, to.label));
  }
  return EXIT.ok;
}

function diffText(diff: CatalogDiff, fromLabel: string, toLabel: string): string {
  const { counts } = diff;
  const lines = [
    `${diff.from} (${fromLabel}) → ${diff.to} (${toLabel}): ${counts.added} added, ${counts.removed} removed, ${counts.changed} changed, ${counts.unchanged} unchanged`,
  ];
  const byChange = Object.entries(counts.byChange).filter(([, n]) => n > 0);
  if (byChange.length > 0)
    lines.push(`changes by kind: ${byChange.map(([k, n]) => `${k} ${n}`).join(' · ')}`);
  const heading = (title: string, n: number) => {
    if (n > 0) lines.push('', `${title} (${n}):`);
  };
  heading('Added', diff.added.length);
  for (const item of diff.added) lines.push(`  + ${itemLine(item)}`);
  heading('Removed', diff.removed.length);
  for (const item of diff.removed) lines.push(`  - ${itemLine(item)}`);
  heading('Changed', diff.changed.length);
  for (const change of diff.changed) {
    lines.push(`  ~ ${change.itemId}`);
    for (const c of change.changes) lines.push(...fieldChangeLines(c).map((l) => `      ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

function itemLine(item: CatalogItem): string {
  return `${item.id}  (class ${item.coverageClass}, ${item.section}${item.negotiated ? ', negotiated' : ''})`;
}

const quoted = (value: string | null) => (value === null ? '(none)' : `“${value}”`);

/** The `text` of a diff's before / after view (restriction or payment standard), if any. */
function textOf(view: unknown): string | null {
  return typeof view === 'object' &&
    view !== null &&
    'text' in view &&
    typeof view.text === 'string'
    ? view.text
    : null;
}

/** Every structured restriction of a restriction view (indications included), as a reader says it. */
function restrictionsOf(view: unknown): string[] {
  if (typeof view !== 'object' || view === null) return [];
  const all: Restriction[] = [];
  if ('restrictions' in view && Array.isArray(view.restrictions))
    all.push(...(view.restrictions as Restriction[]));
  if ('indications' in view && Array.isArray(view.indications))
    for (const i of view.indications as { restrictions: Restriction[] }[])
      all.push(...i.restrictions);
  return all.map(restrictionText);
}

function fieldChangeLines(change: FieldChange): string[] {
  const { kind, before, after } = change;
  switch (kind) {
    case 'class':
    case 'name':
      return [`${kind}: ${String(before)} → ${String(after)}`];
    case 'restriction': {
      const was = restrictionsOf(before);
      const now = restrictionsOf(after);
      const lost = was.filter((r) => !now.includes(r));
      const gained = now.filter((r) => !was.includes(r));
      return [
        `restriction text: ${quoted(textOf(before))}`,
        `               → ${quoted(textOf(after))}`,
        lost.length + gained.length === 0 ? 'structured: unchanged' : 'structured:',
        ...lost.map((r) => `  - ${r}`),
        ...gained.map((r) => `  + ${r}`),
      ];
    }
    case 'payment_standard':
      return [`payment standard: ${quoted(textOf(before))} → ${quoted(textOf(after))}`];
    case 'agreement_window':
      return [
        `agreement window: ${before === null ? '(none)' : periodText(before as Period)} → ${after === null ? '(none)' : periodText(after as Period)}`,
      ];
    case 'codes': {
      const was = new Set(before as string[]);
      const now = new Set(after as string[]);
      const gained = [...now].filter((c) => !was.has(c));
      const lost = [...was].filter((c) => !now.has(c));
      return [
        `national codes: ${gained.length} added${gained.length > 0 ? ` (${listed(gained)})` : ''}, ${lost.length} removed${lost.length > 0 ? ` (${listed(lost)})` : ''}`,
      ];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// show

type Match = Pick<ResolvedItem, 'item'> & {
  readonly matchedBy: 'id' | 'name' | ResolvedItem['matchedBy'];
  readonly nationalCode: string | null;
};

async function showCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      catalog: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${SHOW_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw new CliError(
      'usage',
      `catalog show takes exactly one CODE (national code, item id or name), got ${positionals.length}`,
    );
  const code = (positionals[0] ?? '').trim();
  if (code === '') throw new CliError('usage', 'catalog show: CODE is empty');

  let release: CatalogRelease;
  if (values.catalog === undefined) {
    const shipped = importShippedNrdl2024();
    if (!shipped.ok)
      throw new Error(`the shipped 2024 list does not import: ${byCodeText(shipped.issues)}`);
    release = shipped.value.release;
  } else {
    release = (await loadCatalog(values.catalog, io)).release;
  }
  const index = new CatalogIndex(release);
  const match = findItem(index, code, values.name);
  if (match === undefined || Array.isArray(match)) {
    const where = `${release.id}${values.catalog === undefined ? '' : ` (${values.catalog})`}`;
    io.stderr.write(`openpayer: ${notFoundText(index, code, where, match, values.name)}\n`);
    return EXIT.recordsWithErrors;
  }
  const codeRestrictions = match.item.codes
    .map((c) => ({ code: c, restrictions: index.codeRestrictions(c) }))
    .filter((entry) => entry.restrictions.length > 0);
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({
        release: { id: release.id, title: release.title },
        matchedBy: match.matchedBy,
        nationalCode: match.nationalCode,
        item: catalogItemSchema.encode(match.item),
        codeRestrictions,
      })}\n`,
    );
  } else {
    io.stdout.write(showText(release, match, codeRestrictions));
  }
  return EXIT.ok;
}

/** The item, or the items sharing that exact name when it is ambiguous, or nothing. */
function findItem(
  index: CatalogIndex,
  code: string,
  name: string | undefined,
): Match | CatalogItem[] | undefined {
  const byId = index.item(code);
  if (byId !== undefined) return { item: byId, matchedBy: 'id', nationalCode: null };
  const kind = /^[XZ][A-Z]/u.test(code) ? 'drug' : /^C/u.test(code) ? 'consumable' : 'service';
  const resolved = index.resolve({ kind, code, ...(name === undefined ? {} : { name }) });
  if (resolved !== undefined) return resolved;
  const named = [...index.items()].filter((i) => i.name === code);
  if (named.length === 1 && named[0] !== undefined)
    return { item: named[0], matchedBy: 'name', nationalCode: null };
  return named.length > 1 ? named : undefined;
}

function notFoundText(
  index: CatalogIndex,
  code: string,
  where: string,
  ambiguous: CatalogItem[] | undefined,
  name: string | undefined,
): string {
  if (ambiguous !== undefined)
    return `"${code}" names ${ambiguous.length} items in ${where}: ${listed(ambiguous.map((i) => i.id))}; show one by its id`;
  let text = `no item "${code}" in ${where}`;
  // A national code the catalog does not list: name its classification's entries as a hint.
  for (let length = Math.min(code.length, 7); length >= 3; length--) {
    const prefix = code.slice(0, length);
    const candidates = [...index.items()].filter((i) => i.categoryCode === prefix);
    if (candidates.length === 0) continue;
    text += `; ${prefix} lists ${listed(candidates.map((i) => i.name))}`;
    if (name === undefined) text += ' — pass --name NAME to match one by name';
    break;
  }
  return text;
}

function matchedByText(match: Match): string {
  const code = match.nationalCode;
  switch (match.matchedBy) {
    case 'id':
      return 'item id';
    case 'code':
      return `national code ${code ?? ''}`;
    case 'generic':
      return `the generic part (first 10 characters) of national code ${code ?? ''}`;
    case 'name':
      return code === null
        ? 'exact name'
        : `name within the classification of national code ${code} — check it`;
  }
}

function showText(
  release: CatalogRelease,
  match: Match,
  codeRestrictions: readonly { code: string; restrictions: readonly Restriction[] }[],
): string {
  const { item } = match;
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const price = item.paymentStandard;
  const lines = [
    `${item.name}${item.dosageForm === null ? '' : ` (${item.dosageForm})`}`,
    `  item id          ${item.id}`,
    `  release          ${release.id} “${release.title}”, ${periodText(release.effective)}`,
    `  matched by       ${matchedByText(match)}`,
    `  kind             ${item.kind}`,
    `  class            ${item.coverageClass} (${CLASS_NAMES[item.coverageClass]})`,
    `  section          ${item.section}`,
    `  classification   ${item.categoryCode ?? '—'}${item.categoryName === null ? '' : ` ${item.categoryName}`}`,
    `  dosage form      ${item.dosageForm ?? '—'}`,
    `  negotiated       ${yesNo(item.negotiated)}`,
    `  payment standard ${priceText(price)}`,
    `  validity         ${item.agreement === null ? 'no agreement window (in force with the release)' : `agreement window ${periodText(item.agreement)}`}`,
    `  national codes   ${item.codes.length === 0 ? 'none known' : `${item.codes.length}: ${listed(item.codes)}`}`,
    '',
    'Restriction (限定支付范围), as published:',
    `  ${item.restrictionText ?? '(none)'}`,
    '',
    `Structured restrictions (${item.structuring}):`,
  ];
  if (item.restrictions.length === 0 && item.indications.length === 0) lines.push('  (none)');
  if (item.restrictions.length > 0) {
    lines.push('  all of:');
    for (const r of item.restrictions) lines.push(`    - ${restrictionText(r)}`);
  }
  if (item.indications.length > 0) {
    lines.push('  any one of:');
    item.indications.forEach((indication, i) => {
      lines.push(`    ${i + 1}. ${indication.text}`);
      for (const r of indication.restrictions) lines.push(`       - ${restrictionText(r)}`);
    });
  }
  if (item.unparsed.length > 0) {
    lines.push('  not parsed (for an administrator):');
    for (const fragment of item.unparsed) lines.push(`    ? ${fragment}`);
  }
  if (codeRestrictions.length > 0) {
    lines.push('', 'Rule-base restrictions by national code:');
    const byText = new Map<string, string[]>();
    for (const entry of codeRestrictions) {
      const text = entry.restrictions.map(restrictionText).join('; ');
      byText.set(text, [...(byText.get(text) ?? []), entry.code]);
    }
    for (const [text, codes] of byText) lines.push(`  ${text}  (${listed(codes)})`);
  }
  return `${lines.join('\n')}\n`;
}

const CLASS_NAMES = { A: '甲类', B: '乙类', C: '丙类' } as const;

function priceText(price: CatalogItem['paymentStandard']): string {
  if (price === null) return '—';
  if (price.confidential) return '* (negotiated, not disclosed)';
  if (!price.parsed) return `${price.text} (not parsed)`;
  return price.prices
    .map(
      (p) =>
        `${p.amount.toDecimalString()} per ${p.unit}${p.tier === undefined ? '' : ` at ${p.tier}`}`,
    )
    .join('; ');
}

/** One restriction as a reader would say it, with the text it was read from. */
function restrictionText(r: Restriction): string {
  const what = ((): string => {
    switch (r.kind) {
      case 'diagnosis':
        return `diagnosis ${r.conditions.join(' / ')}${r.icdPrefixes.length === 0 ? ' (no ICD-10 mapping)' : ` → ICD-10 ${r.icdPrefixes.join(', ')}`}`;
      case 'evidence':
        return `evidence ${r.test} ${r.result}`;
      case 'age':
        return `age ${
          r.minYears !== undefined && r.maxYears !== undefined
            ? `${r.minYears}–${r.maxYears} years`
            : r.minYears !== undefined
              ? `${r.minYears} years or older`
              : `at most ${r.maxYears ?? '?'} years`
        }`;
      case 'sex':
        return `sex ${r.sex}`;
      case 'institution_tier':
        return `institution tier ${r.minTier} or above`;
      case 'setting':
        return `setting ${r.settings.join(' / ')}`;
      case 'line_of_therapy':
        return `line of therapy ${r.maxLine === undefined ? `${r.minLine} or later` : r.maxLine === r.minLine ? `${r.minLine}` : `${r.minLine}–${r.maxLine}`}`;
      case 'course':
        return `course at most ${r.maxDays} days`;
      case 'quantity':
        return `quantity at most ${r.maxQuantity} per ${r.periodDays} days`;
      case 'prescriber_title':
        return `prescriber ${r.minTitle} or above`;
      case 'scheme':
        return `scheme ${r.schemes.join(' / ')}`;
      case 'approval':
        return 'approval required';
    }
  })();
  return r.text === '' ? `${what} [${r.source}]` : `${what} [${r.source}: “${r.text}”]`;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

function periodText(p: Period): string {
  const last = lastDayOf(p);
  return last === null ? `from ${p.start} (open-ended)` : `${p.start} to ${last} (inclusive)`;
}

function listed(values: readonly string[], max = 8): string {
  return values.length <= max
    ? values.join(', ')
    : `${values.slice(0, max).join(', ')} … and ${values.length - max} more`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
