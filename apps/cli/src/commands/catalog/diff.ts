import { parseArgs } from 'node:util';
import {
  type CatalogDiff,
  type CatalogItem,
  type FieldChange,
  type Restriction,
  catalogItemSchema,
  diffReleases,
  encodeItemChange,
} from '@openpayer/catalog';
import { CliError, EXIT } from '../../exit-codes.ts';
import type { Io } from '../../io.ts';
import { loadCatalog } from './read.ts';
import { listed, periodText, restrictionText } from './text.ts';

export const DIFF_HELP = `Usage: openpayer catalog diff A B [options]

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

export async function diffCommand(args: string[], io: Io): Promise<number> {
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
        changed: diff.changed.map(encodeItemChange),
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
  switch (change.kind) {
    case 'class':
    case 'name':
      return [`${change.kind}: ${change.before} → ${change.after}`];
    case 'restriction': {
      const was = restrictionsOf(change.before);
      const now = restrictionsOf(change.after);
      const lost = was.filter((r) => !now.includes(r));
      const gained = now.filter((r) => !was.includes(r));
      return [
        `restriction text: ${quoted(textOf(change.before))}`,
        `               → ${quoted(textOf(change.after))}`,
        lost.length + gained.length === 0 ? 'structured: unchanged' : 'structured:',
        ...lost.map((r) => `  - ${r}`),
        ...gained.map((r) => `  + ${r}`),
      ];
    }
    case 'payment_standard':
      return [
        `payment standard: ${quoted(textOf(change.before))} → ${quoted(textOf(change.after))}`,
      ];
    case 'agreement_window': {
      const { before, after } = change;
      return [
        `agreement window: ${before === null ? '(none)' : periodText(before)} → ${after === null ? '(none)' : periodText(after)}`,
      ];
    }
    case 'codes': {
      const was = new Set(change.before);
      const now = new Set(change.after);
      const gained = [...now].filter((c) => !was.has(c));
      const lost = [...was].filter((c) => !now.has(c));
      return [
        `national codes: ${gained.length} added${gained.length > 0 ? ` (${listed(gained)})` : ''}, ${lost.length} removed${lost.length > 0 ? ` (${listed(lost)})` : ''}`,
      ];
    }
  }
}
