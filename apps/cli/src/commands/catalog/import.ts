import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CatalogRelease,
  type CatalogReleaseWire,
  type ImportSettings,
  type ImportSummary,
  UNPARSED_RESTRICTION_OUTCOMES,
  catalogReleaseSchema,
  importNrdl,
} from '@openpayer/catalog';
import {
  loadConditionDictionary,
  loadImportSettings,
  readRuleBaseDir,
} from '@openpayer/catalog/node';
import { type Issue, isCalendarDate, issuesFromZod } from '@openpayer/domain';
import { CliError, EXIT } from '../../exit-codes.ts';
import type { Io } from '../../io.ts';
import {
  STRUCTURAL_ISSUES,
  byCodeText,
  readText,
  reportIssues,
  ruleBaseFiles,
  writeWhole,
} from './read.ts';
import { periodText, plural } from './text.ts';

export const IMPORT_HELP = `Usage: openpayer catalog import NRDL.csv [options]

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
  --rule-base DIR        the rule base's drug_restrictions.csv and drug_restriction_codes.csv from
                         DIR, as NHSA publishes them (default: the copy shipped with the catalog)
  --no-rule-base         do not add the rule base's restrictions by national code
  --unparsed-restrictions flag|hold|self_pay
                         what the release does with a line whose item has restriction text the
                         importer could not read: flag it for review and decide on what was read
                         (default), hold it for review, or leave it to the patient
  --quiet                no summary on stderr
  -h, --help             this help

Exit codes: 0 imported · 1 some rows have errors (listed; nothing written) · 2 usage error ·
            3 file missing or unreadable, or not an NRDL CSV (header, quoting)

Examples:
  openpayer catalog import nrdl_2024.csv --out nrdl-2024.json
  openpayer catalog import nrdl_2024.csv --rule-base ../shared/data/external/nhsa-rule-base --out nrdl-2024.json
  openpayer catalog import nrdl_2025.csv --id nrdl-2025 --effective-from 2026-01-01 --out nrdl-2025.json`;

export async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      id: { type: 'string' },
      title: { type: 'string' },
      'effective-from': { type: 'string' },
      'rule-base': { type: 'string' },
      'no-rule-base': { type: 'boolean', default: false },
      'unparsed-restrictions': { type: 'string' },
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
  const unparsed = values['unparsed-restrictions'];
  const outcome = UNPARSED_RESTRICTION_OUTCOMES.find((o) => o === unparsed);
  if (unparsed !== undefined && outcome === undefined)
    throw new CliError(
      'usage',
      `--unparsed-restrictions must be one of ${UNPARSED_RESTRICTION_OUTCOMES.join(', ')}, got "${unparsed}"`,
    );
  const header = {
    ...headerWith(settings.release, values.id, values.title, from),
    ...(outcome === undefined ? {} : { unparsedRestrictions: outcome }),
  };

  const ruleBaseDir = values['rule-base'];
  if (ruleBaseDir !== undefined && values['no-rule-base'])
    throw new CliError('usage', '--rule-base and --no-rule-base cannot be used together');
  let ruleBase = values['no-rule-base'] ? undefined : ruleBaseFiles();
  if (ruleBaseDir !== undefined) {
    const read = readRuleBaseDir(path.resolve(io.cwd, ruleBaseDir));
    if (!read.ok)
      throw new CliError(
        'file_unreadable',
        `--rule-base ${ruleBaseDir}: ${read.issues.map((i) => i.message).join('; ')}`,
      );
    ruleBase = read.value;
  }

  const { text } = await readText(source, io);
  const started = performance.now();
  const imported = importNrdl({
    csv: text,
    settings: { ...settings, release: header },
    conditions: loadConditionDictionary(),
    ...(ruleBase === undefined ? {} : { ruleBase }),
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
  return {
    id: i,
    title: t,
    region,
    effective,
    publishedOn,
    source,
    unparsedRestrictions: base.unparsedRestrictions,
  };
}

function itemOf(release: CatalogRelease, issuePath: readonly (string | number)[]): string {
  if (issuePath[0] !== 'items' || typeof issuePath[1] !== 'number') return '';
  const item = release.items[issuePath[1]];
  return item === undefined ? '' : ` (item ${item.id})`;
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
