import { type Issue, type Result, fail, issue, ok } from '@openpayer/domain';
import { parseCsv } from '@openpayer/catalog';
import type { DrgTableIssueCode } from './tables.ts';

/**
 * Which grouper version a region uses on a date: dated data (region, valid_from, valid_to,
 * grouper_version), so a city moving from CHS-DRG 1.0 to its 1.1-based list is a new row, not
 * new code. Dates are ISO days; valid_to empty = open.
 */
export interface GrouperAssignment {
  readonly region: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly version: string;
}

const isDay = (text: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

/** Reads an assignment table; errors name the file and line (bad dates, overlapping rows). */
export function loadGrouperAssignments(
  file: string,
  csvText: string,
  knownVersions: readonly string[],
): Result<GrouperAssignment[], DrgTableIssueCode> {
  const csv = parseCsv(csvText);
  const header = ['region', 'valid_from', 'valid_to', 'grouper_version'];
  if (csv.issues.length > 0 || header.some((h, i) => csv.header[i] !== h)) {
    return fail([
      issue('drg_tables.header', `${file} line 1: expected ${header.join(',')}[,note]`, {
        path: [file, 1],
      }),
    ]);
  }
  const issues: Issue<DrgTableIssueCode>[] = [];
  const rows: (GrouperAssignment & { line: number })[] = [];
  for (const { line, fields } of csv.records) {
    const [region = '', from = '', to = '', version = ''] = fields;
    const at = (message: string, code: DrgTableIssueCode = 'drg_tables.bad_value') =>
      issues.push(issue(code, `${file} line ${line}: ${message}`, { path: [file, line] }));
    if (!/^\d{6}$/u.test(region)) at(`region "${region}" is not a 6-digit division code`);
    else if (!isDay(from) || (to !== '' && (!isDay(to) || to < from)))
      at('valid_from / valid_to must be ISO days, from ≤ to');
    else if (!knownVersions.includes(version))
      at(`unknown grouper version "${version}"`, 'drg_tables.unknown_drg');
    else {
      const clash = rows.find(
        (r) =>
          r.region === region &&
          (r.validTo === null || r.validTo >= from) &&
          (to === '' || to >= r.validFrom),
      );
      if (clash !== undefined)
        at(`overlaps line ${clash.line} for region ${region}`, 'drg_tables.duplicate');
      else rows.push({ region, validFrom: from, validTo: to === '' ? null : to, version, line });
    }
  }
  if (issues.length > 0) return fail(issues);
  return ok(rows.map(({ line: _line, ...r }) => r));
}

/** The version a region uses on a day, or undefined when no row covers it. */
export function grouperVersionFor(
  assignments: readonly GrouperAssignment[],
  region: string,
  day: string,
): string | undefined {
  return assignments.find(
    (a) => a.region === region && a.validFrom <= day && (a.validTo === null || day <= a.validTo),
  )?.version;
}
