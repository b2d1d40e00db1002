import {
  type Issue,
  type Result,
  fail,
  issue,
  ok,
  validateConsumableClassification,
} from '@openpayer/domain';
import type { CatalogItem, CoverageClass } from '../item/item.ts';
import { parseCsv } from './csv.ts';
import { columnsOf } from './rule-base.ts';
import type { ServiceImportIssueCode, ServiceImportSettings } from './services.ts';

/**
 * National medical consumables (医用耗材分类与代码, release 20200628): one catalog item per
 * 15-character classification (`C` + categories + common name + material + characteristic).
 * A claim line carries the product code — the classification plus the manufacturer (20
 * characters) and the specification (27) — and resolves to its classification's item.
 */

const COLUMNS = [
  'specificationCode',
  'catalogcode',
  'catalogname3',
  'commonname',
  'matrial',
  'characteristic',
] as const;

/** `CON/<15-character classification>`. */
export function consumableItemId(classification: string): string {
  return `CON/${classification}`;
}

export function importConsumables(input: {
  /** `medical_consumables_20200628.csv` as published, or reduced to at least `COLUMNS`. */
  readonly csv: string;
  readonly settings: ServiceImportSettings;
  /** The class of a consumable the local schedule does not list. */
  readonly coverageClass: CoverageClass;
}): Result<CatalogItem[], ServiceImportIssueCode> {
  const file = 'medical_consumables.csv';
  const csv = parseCsv(input.csv);
  if (csv.issues.length > 0) return fail(csv.issues);
  const columns = columnsOf(file, csv.header, COLUMNS);
  if (!columns.ok) return columns;
  const at = columns.value;
  const issues: Issue<ServiceImportIssueCode>[] = [];
  const items: CatalogItem[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of csv.records) {
    if (fields.length !== csv.header.length) {
      issues.push(
        issue('import.row_width', `${file} line ${line}: expected ${csv.header.length} fields`, {
          path: [file, line],
          data: { line, actual: fields.length },
        }),
      );
      continue;
    }
    const field = (c: (typeof COLUMNS)[number]) => (fields[at[c]] ?? '').trim();
    const code = field('specificationCode');
    const problems = validateConsumableClassification(code);
    if (problems.length > 0) {
      issues.push(
        issue('import.bad_item_code', `${file} line ${line}: ${problems[0]?.message ?? ''}`, {
          path: [file, line, 'specificationCode'],
          data: { line, value: code },
        }),
      );
      continue;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      issues.push(
        issue('import.duplicate_item', `${file} line ${line}: the same code as line ${first}`, {
          path: [file, line, 'specificationCode'],
          data: { line, firstLine: first, id: code },
        }),
      );
      continue;
    }
    seen.set(code, line);
    const detail = [field('matrial'), field('characteristic')].filter((t) => t !== '');
    const common = field('commonname');
    const category = field('catalogcode');
    items.push({
      id: consumableItemId(code),
      kind: 'consumable',
      name: detail.length === 0 ? common : `${common}(${detail.join('，')})`,
      categoryCode: category === '' ? null : category,
      categoryName: field('catalogname3') === '' ? null : field('catalogname3'),
      dosageForm: null,
      coverageClass: input.coverageClass,
      section: input.settings.consumableSection,
      negotiated: false,
      codes: [code],
      paymentStandard: null,
      agreement: null,
      restrictionText: null,
      restrictions: [],
      indications: [],
      structuring: 'none_needed',
      unparsed: [],
    });
  }
  if (issues.length > 0) return fail(issues);
  return ok(items);
}
