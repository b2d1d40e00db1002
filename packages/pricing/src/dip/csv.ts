import { type Issue, type Result, fail, issue, issuesFromZod } from '@openpayer/domain';
import { columnsOf, parseCsv } from '@openpayer/catalog';
import {
  type DipCatalog,
  type DipCatalogIssueCode,
  type DipCatalogWire,
  type DipGroupWire,
  type DipProcedureKind,
  type KnownCodes,
  dipCatalogMetaSchema,
  loadDipCatalog,
} from './catalog.ts';
import { capIssues } from './issues.ts';

/**
 * A city's published DIP table as CSV (UTF-8, header row, one group per row), the column layout of
 * the municipal 病种分值目录 publications:
 *
 * | column       | required | content                                                                 |
 * | ------------ | -------- | ----------------------------------------------------------------------- |
 * | 病种编码     | yes      | the group's code, unique                                                |
 * | 主要诊断编码 | yes      | ICD-10 医保版 code or prefix; 综合病种: the 3-character category         |
 * | 主要诊断名称 | no       |                                                                         |
 * | 手术操作编码 | no       | ICD-9-CM-3 医保版 codes; several joined by `+` or `/` must ALL occur     |
 * | 手术操作名称 | no       |                                                                         |
 * | 病种类型     | yes      | 核心 / 综合 / 基层 (also 核心病种 …)                                      |
 * | 操作类型     | no       | 手术操作 / 治疗性操作 / 诊断性操作 / 保守治疗; empty = 保守治疗 when no code |
 * | 分值         | yes      | positive decimal                                                        |
 * | 次均费用     | yes      | yuan, at most 2 decimals                                                |
 *
 * Columns are found by name (any order; extra columns are ignored). Every problem is an issue
 * with the file name, the line and the column.
 */
export const DIP_CSV_COLUMNS = {
  id: '病种编码',
  diagnosis: '主要诊断编码',
  diagnosisName: '主要诊断名称',
  procedures: '手术操作编码',
  procedureName: '手术操作名称',
  kind: '病种类型',
  category: '操作类型',
  score: '分值',
  averageCost: '次均费用',
} as const;
const REQUIRED = ['id', 'diagnosis', 'kind', 'score', 'averageCost'] as const;

const KINDS: Readonly<Record<string, DipGroupWire['kind']>> = {
  核心: 'core',
  核心病种: 'core',
  综合: 'comprehensive',
  综合病种: 'comprehensive',
  基层: 'basic',
  基层病种: 'basic',
};
const CATEGORIES: Readonly<Record<string, DipProcedureKind>> = {
  手术操作: 'surgical',
  手术: 'surgical',
  治疗性操作: 'therapeutic',
  治疗性: 'therapeutic',
  诊断性操作: 'diagnostic',
  诊断性: 'diagnostic',
  保守治疗: 'conservative',
  保守: 'conservative',
};

export type DipCatalogMeta = Omit<DipCatalogWire, 'groups'>;

export interface ImportDipCsvOptions {
  /** The file name used in issues. */
  readonly file: string;
  readonly known?: KnownCodes;
}

export function importDipCatalogCsv(
  text: string,
  meta: DipCatalogMeta,
  options: ImportDipCsvOptions,
): Result<DipCatalog, DipCatalogIssueCode> {
  const { file } = options;
  const csv = parseCsv(text);
  if (csv.issues.length > 0) {
    return fail(
      csv.issues.map((i) =>
        issue('dip_catalog.file', `${file}: ${i.message}`, { path: [file, ...i.path] }),
      ),
    );
  }
  const required = columnsOf(
    file,
    csv.header,
    REQUIRED.map((f) => DIP_CSV_COLUMNS[f]),
  );
  if (!required.ok) {
    const missing = (required.issues[0]?.data?.['missing'] ?? []) as readonly string[];
    return fail(
      missing.map((column) =>
        issue('dip_catalog.missing_column', `${file} line 1: column ${column} is missing`, {
          path: [file, 1, column],
          data: { column },
        }),
      ),
    );
  }
  // The optional columns, where present (columnsOf found the required ones).
  const header = csv.header.map((h) => h.trim());
  const col = Object.fromEntries(
    Object.entries(DIP_CSV_COLUMNS).map(([field, name]) => [field, header.indexOf(name)]),
  ) as Record<keyof typeof DIP_CSV_COLUMNS, number>;
  const issues: Issue<DipCatalogIssueCode>[] = [];
  const groups: DipGroupWire[] = [];
  const lines: number[] = [];
  const bad = (line: number, field: keyof typeof DIP_CSV_COLUMNS, message: string) =>
    issues.push(
      issue('dip_catalog.bad_value', `${file} line ${line}: ${DIP_CSV_COLUMNS[field]} ${message}`, {
        path: [file, line, DIP_CSV_COLUMNS[field]],
      }),
    );
  for (const { line, fields } of csv.records) {
    const get = (f: keyof typeof DIP_CSV_COLUMNS) =>
      col[f] < 0 ? '' : (fields[col[f]] ?? '').trim();
    const before = issues.length;
    const id = get('id');
    if (id === '') bad(line, 'id', 'is empty');
    const diagnosis = get('diagnosis');
    if (diagnosis === '') bad(line, 'diagnosis', 'is empty');
    const kind = KINDS[get('kind')];
    if (kind === undefined) bad(line, 'kind', `"${get('kind')}" is not 核心, 综合 or 基层`);
    const procedures = get('procedures')
      .split(/[+/]/u)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const categoryText = get('category');
    let category: DipProcedureKind | undefined;
    if (categoryText === '') {
      if (procedures.length === 0) category = 'conservative';
      else bad(line, 'category', 'is empty but the row has procedure codes');
    } else {
      category = CATEGORIES[categoryText];
      if (category === undefined) {
        bad(
          line,
          'category',
          `"${categoryText}" is not 手术操作, 治疗性操作, 诊断性操作 or 保守治疗`,
        );
      }
    }
    if (issues.length > before || kind === undefined || category === undefined) continue;
    // The score and the cost are checked by the loader (their line and field named through
    // `origin`); a cost in whole yuan or jiao ("35000", "35000.5") is written at the fen first.
    const cost = get('averageCost');
    const yuan = /^(\d+)(?:\.(\d))?$/u.exec(cost);
    groups.push({
      id,
      kind,
      category,
      diagnosis,
      diagnosisName: get('diagnosisName'),
      procedures,
      procedureName: get('procedureName'),
      score: get('score'),
      averageCost: yuan === null ? cost : `${yuan[1] ?? '0'}.${(yuan[2] ?? '').padEnd(2, '0')}`,
    });
    lines.push(line);
  }
  if (csv.records.length === 0) {
    issues.push(issue('dip_catalog.file', `${file}: no group rows`, { path: [file] }));
  }
  if (groups.length === 0) {
    // No valid row: the rows' own issues say why; the rest of the document is checked alone.
    const m = dipCatalogMetaSchema.safeDecode(meta);
    if (!m.success) {
      issues.push(
        ...issuesFromZod(m.error).map((i) => ({ ...i, code: 'dip_catalog.invalid' as const })),
      );
    }
    issues.sort((a, b) => lineOf(a) - lineOf(b));
    return fail(capIssues(issues, 'dip_catalog.more_issues'));
  }
  const loaded = loadDipCatalog(
    { ...meta, groups },
    {
      ...(options.known === undefined ? {} : { known: options.known }),
      origin: (index) => {
        const line = lines[index];
        return line === undefined ? undefined : { file, line };
      },
    },
  );
  if (!loaded.ok) issues.push(...loaded.issues);
  if (issues.length > 0) {
    issues.sort((a, b) => lineOf(a) - lineOf(b));
    return fail(capIssues(issues, 'dip_catalog.more_issues'));
  }
  return loaded;
}

function lineOf(i: Issue): number {
  const line = i.path[1];
  return typeof line === 'number' ? line : 0;
}
