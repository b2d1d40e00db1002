import { type Issue, type Result, fail, issue, ok } from '@openpayer/domain';
import { parseCsv } from '@openpayer/catalog';
import { flagsOf } from './opendrg.ts';
import type { AdrgInfo, DrgRow, DrgTableIssueCode, GrouperTables } from './tables.ts';

/**
 * A city's local variant: the national ADRG rules of a base version (MDC, ADRG, severity lists)
 * with the city's own DRG list, derived from its weight table (every code with a weight in the
 * year). Where the city splits an ADRG the nation leaves whole (Harbin BC19 → BC11/13/15), or the
 * reverse, its rows replace the national ones; an ADRG the city lists no DRG for keeps the
 * national rows (and will have no weight: the coverage report says so).
 */

/** One DRG of the city's list, with the line it came from. */
export interface LocalDrg {
  readonly code: string;
  readonly name: string;
  readonly line: number;
}

/**
 * The DRGs with a weight in `year` from a weight table of the Harbin layout (drg_code, drg_name,
 * weight_YYYY …). Errors name the file and line.
 */
export function drgListFromWeights(
  file: string,
  csvText: string,
  year: number,
): Result<LocalDrg[], DrgTableIssueCode> {
  const csv = parseCsv(csvText);
  if (csv.issues.length > 0)
    return fail([issue('drg_tables.csv', `${file}: not valid CSV`, { path: [file] })]);
  const col = csv.header.indexOf(`weight_${year}`);
  if (csv.header[0] !== 'drg_code' || csv.header[1] !== 'drg_name' || col < 0) {
    return fail([
      issue('drg_tables.header', `${file} line 1: needs drg_code, drg_name and weight_${year}`, {
        path: [file, 1],
      }),
    ]);
  }
  const issues: Issue<DrgTableIssueCode>[] = [];
  const seen = new Set<string>();
  const list: LocalDrg[] = [];
  for (const { line, fields } of csv.records) {
    const code = fields[0] ?? '';
    const weight = fields[col] ?? '';
    if (weight === '') continue;
    if (!/^[A-Z]{2}\d[0-9A-Z]$/u.test(code)) {
      issues.push(
        issue('drg_tables.bad_value', `${file} line ${line}: bad DRG code "${code}"`, {
          path: [file, line],
        }),
      );
    } else if (seen.has(code)) {
      issues.push(
        issue('drg_tables.duplicate', `${file} line ${line}: ${code} twice`, {
          path: [file, line],
        }),
      );
    } else {
      seen.add(code);
      list.push({ code, name: fields[1] ?? '', line });
    }
  }
  return issues.length > 0 ? fail(issues) : ok(list);
}

/** The base version's rules with the city's DRG list. */
export function localVariant(
  base: GrouperTables,
  version: string,
  file: string,
  drgs: readonly LocalDrg[],
): Result<GrouperTables, DrgTableIssueCode> {
  const issues: Issue<DrgTableIssueCode>[] = [];
  const rows = new Map<string, DrgRow[]>();
  for (const d of drgs) {
    const adrg = d.code.slice(0, 3);
    const info = base.adrgs.get(adrg);
    const flags = flagsOf(d.code, d.name);
    if (info === undefined || flags === undefined) {
      issues.push(
        issue(
          'drg_tables.unknown_adrg',
          `${file} line ${d.line}: ${d.code} names ADRG ${adrg}, which ${base.version} does not have`,
          { path: [file, d.line] },
        ),
      );
      continue;
    }
    const surgical = info.drgs[0]?.surgical ?? -1;
    const list = rows.get(adrg) ?? [];
    list.push({ drg: d.code, name: d.name || info.name, surgical, ...flags });
    rows.set(adrg, list);
  }
  if (issues.length > 0) return fail(issues);
  const adrgs = new Map<string, AdrgInfo>();
  for (const [code, info] of base.adrgs) {
    const local = rows.get(code);
    adrgs.set(code, local === undefined ? info : { ...info, drgs: local });
  }
  return ok({ ...base, version, adrgs });
}
