import { parseArgs } from 'node:util';
import {
  type CatalogItem,
  type CatalogRelease,
  CatalogIndex,
  type Restriction,
  type ResolvedItem,
  catalogItemSchema,
} from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { CliError, EXIT } from '../../exit-codes.ts';
import type { Io } from '../../io.ts';
import { byCodeText, loadCatalog } from './read.ts';
import { listed, periodText, restrictionText } from './text.ts';

export const SHOW_HELP = `Usage: openpayer catalog show CODE [options]

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

type Match = Pick<ResolvedItem, 'item'> & {
  readonly matchedBy: 'id' | 'name' | ResolvedItem['matchedBy'];
  readonly nationalCode: string | null;
};

export async function showCommand(args: string[], io: Io): Promise<number> {
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
