import { type Issue, type Result, fail, issue, ok, validateServiceCode } from '@openpayer/domain';
import { z } from 'zod';
import type { CatalogItem, CoverageClass, Structuring } from '../item/item.ts';
import type { Restriction } from '../restrictions/restriction.ts';
import { parseCsv } from './csv.ts';
import { IMPORT_ISSUE_CODES } from './nrdl.ts';
import { columnsOf } from './rule-base.ts';

/**
 * National medical service items (医疗服务项目) from the smart-review rule base's item part:
 * `item_restrictions.csv` (one row per item and rule: sex, age, per-day frequency, times per
 * period, course, procedure group) and `item_duplicate_charges.csv` (pairs of items that may not
 * be billed together — every code named there is a real service item too). One catalog item per
 * 15-digit code, kind `service`, its rules as restrictions; the class and the price are local
 * policy and come from a price schedule (see `schedule.ts`).
 */

export const SERVICE_IMPORT_ISSUE_CODES = [
  ...IMPORT_ISSUE_CODES,
  'import.bad_item_code',
  'import.schedule_unknown_code',
] as const;
export type ServiceImportIssueCode = (typeof SERVICE_IMPORT_ISSUE_CODES)[number];

/** Reading vocabulary of the item rules — data (`data/services/import-settings.json`), not code. */
export const serviceImportSettingsSchema = z.strictObject({
  /** The section name the items are listed under, e.g. 医疗服务项目. */
  serviceSection: z.string().min(1).max(100),
  consumableSection: z.string().min(1).max(100),
  /**
   * 限定年龄对象 values → the oldest age the item is for: in completed years (儿童 → 17), or in
   * completed days where a year says too little (新生儿 → 27, the first 28 days of life).
   */
  ageGroups: z.record(
    z.string().min(1),
    z.union([
      z.strictObject({ maxYears: z.int().min(0).max(30) }),
      z.strictObject({ maxDays: z.int().min(0).max(3650) }),
    ]),
  ),
  /** 限定频次 units that mean "per day" (日, 天, and 24 小时 = the hours of one day). */
  frequencyUnits: z.array(z.string().min(1)).min(1),
});
export type ServiceImportSettings = z.output<typeof serviceImportSettingsSchema>;

const RULE_COLUMNS = [
  'item_name',
  'item_code',
  'restriction_type',
  'restriction_value',
  'description',
  'limit_quantity',
  'limit_unit',
  'period_days',
] as const;
const DUPLICATE_COLUMNS = [
  'main_item_name',
  'main_item_code',
  'secondary_item_name',
  'secondary_item_code',
] as const;

export interface ServiceImport {
  readonly items: CatalogItem[];
  readonly summary: {
    readonly items: number;
    readonly withRules: number;
    readonly restrictionsByKind: Readonly<Record<string, number>>;
    readonly procedureGroups: number;
    readonly structuring: Readonly<Record<Structuring, number>>;
  };
}

interface Draft {
  name: string;
  texts: string[];
  restrictions: Restriction[];
  unparsed: string[];
  procedureGroup: string | undefined;
}

const DECIMAL = /^\d+(\.\d+)?$/u;
const POSITIVE_INT = /^[1-9]\d{0,3}$/u;

/** One 限定疗程 sentence → restrictions; null when it says something the kinds cannot. */
function courseClause(clause: string, text: string): Restriction[] | null {
  const source = 'rule_base' as const;
  const days = /^(?:一个疾病过程)?(?:支付|总时间)不超过(\d{1,4})天$/u.exec(clause);
  if (days?.[1] !== undefined) return [{ kind: 'course', source, text, maxDays: Number(days[1]) }];
  const interval = /^(?:评定)?间隔时间不短于(\d{1,4})天$/u.exec(clause);
  if (interval?.[1] !== undefined)
    return [{ kind: 'quantity', source, text, maxQuantity: '1', periodDays: Number(interval[1]) }];
  if (/^每周最多支付一次$/u.test(clause))
    return [{ kind: 'quantity', source, text, maxQuantity: '1', periodDays: 7 }];
  return null;
}

/** Reads one rule row into the item draft: restrictions, or text left for a reviewer. */
function readRule(
  draft: Draft,
  row: Readonly<Record<string, string>>,
  settings: ServiceImportSettings,
): boolean {
  const source = 'rule_base' as const;
  const get = (column: (typeof RULE_COLUMNS)[number]) => row[column] ?? '';
  const type = get('restriction_type');
  const value = get('restriction_value');
  switch (type) {
    case '限定性别对象': {
      const text = `${type}：${value}`;
      draft.texts.push(text);
      if (value === '男') draft.restrictions.push({ kind: 'sex', source, text, sex: 'male' });
      else if (value === '女')
        draft.restrictions.push({ kind: 'sex', source, text, sex: 'female' });
      else return false;
      return true;
    }
    case '限定年龄对象': {
      const text = `${type}：${value}`;
      draft.texts.push(text);
      const group = settings.ageGroups[value];
      if (group === undefined) return false;
      draft.restrictions.push({ kind: 'age', source, text, ...group });
      return true;
    }
    case '限定频次': {
      const text = `${type}：${get('limit_quantity')}/${get('limit_unit')}`;
      draft.texts.push(text);
      if (
        !DECIMAL.test(get('limit_quantity')) ||
        !settings.frequencyUnits.includes(get('limit_unit'))
      )
        return false;
      draft.restrictions.push({
        kind: 'frequency',
        source,
        text,
        maxPerDay: get('limit_quantity'),
      });
      return true;
    }
    case '限定周期': {
      const text = `${type}：${get('period_days')}天内${get('limit_quantity')}次`;
      draft.texts.push(text);
      if (!DECIMAL.test(get('limit_quantity')) || !POSITIVE_INT.test(get('period_days')))
        return false;
      draft.restrictions.push({
        kind: 'quantity',
        source,
        text,
        maxQuantity: get('limit_quantity'),
        periodDays: Number(get('period_days')),
      });
      return true;
    }
    case '限定疗程': {
      const text = `${type}：${get('description')}`;
      draft.texts.push(text);
      const clauses = get('description')
        .split(/[，。；,;]/u)
        .map((c) => c.trim())
        .filter((c) => c !== '');
      if (clauses.length === 0) return false;
      for (const clause of clauses) {
        const read = courseClause(clause, clause);
        if (read === null) draft.unparsed.push(clause);
        else draft.restrictions.push(...read);
      }
      return true;
    }
    case '限定主次操作': {
      draft.texts.push(`${type}：${value}（${get('description')}）`);
      if (value === '') return false;
      draft.procedureGroup = value;
      return true;
    }
    default: {
      // 限定年龄 (法定就业年龄) and anything new: kept verbatim for an administrator.
      const text = `${type}：${value === '' ? get('description') : value}`;
      draft.texts.push(text);
      draft.unparsed.push(text);
      return true;
    }
  }
}

/**
 * A service code's last four digits name an extension of its base item (…0000): 普通病房床位费
 * 001109000010000 → (双人间) 001109000010200. The rule base states most rules on the base item;
 * they hold for its extensions too, unless the extension carries a rule of the same kind itself.
 */
function inheritFromBaseItems(drafts: Map<string, Draft>): void {
  for (const [code, draft] of drafts) {
    if (code.endsWith('0000')) continue;
    const base = drafts.get(`${code.slice(0, 11)}0000`);
    if (base === undefined || base.texts.length === 0) continue;
    const own = new Set(draft.restrictions.map((r) => r.kind));
    const inherited = base.restrictions.filter((r) => !own.has(r.kind));
    const group = draft.procedureGroup === undefined ? base.procedureGroup : undefined;
    if (inherited.length === 0 && group === undefined) continue;
    draft.texts.push(`${base.texts.join('；')}（基础项目 ${code.slice(0, 11)}0000）`);
    draft.restrictions.push(...inherited);
    for (const u of base.unparsed) if (!draft.unparsed.includes(u)) draft.unparsed.push(u);
    if (group !== undefined) draft.procedureGroup = group;
  }
}

/** `SVC/<15-digit code>`: a service item's id, stable across releases. */
export function serviceItemId(code: string): string {
  return `SVC/${code}`;
}

export function importServiceItems(input: {
  /** `item_restrictions.csv` as published (any column order; extra columns ignored). */
  readonly restrictionsCsv: string;
  /** `item_duplicate_charges.csv`, for the item codes it names; optional. */
  readonly duplicateChargesCsv?: string | undefined;
  readonly settings: ServiceImportSettings;
  /** The class of an item the local schedule does not list (see `ServiceSchedule.defaultClass`). */
  readonly coverageClass: CoverageClass;
}): Result<ServiceImport, ServiceImportIssueCode> {
  const issues: Issue<ServiceImportIssueCode>[] = [];
  const drafts = new Map<string, Draft>();
  const draftFor = (code: string, name: string): Draft => {
    let draft = drafts.get(code);
    if (draft === undefined) {
      draft = { name, texts: [], restrictions: [], unparsed: [], procedureGroup: undefined };
      drafts.set(code, draft);
    }
    return draft;
  };
  const codeOk = (file: string, line: number, column: string, code: string): boolean => {
    const problems = validateServiceCode(code);
    if (problems.length === 0) return true;
    issues.push(
      issue(
        'import.bad_item_code',
        `${file} line ${line}: ${problems[0]?.message ?? 'not a service code'}`,
        {
          path: [file, line, column],
          data: { line, value: code },
        },
      ),
    );
    return false;
  };

  const files: [string, string, readonly string[]][] = [
    ['item_restrictions.csv', input.restrictionsCsv, RULE_COLUMNS],
  ];
  if (input.duplicateChargesCsv !== undefined)
    files.push(['item_duplicate_charges.csv', input.duplicateChargesCsv, DUPLICATE_COLUMNS]);
  for (const [file, text, wanted] of files) {
    const csv = parseCsv(text);
    if (csv.issues.length > 0) return fail(csv.issues);
    const columns = columnsOf(file, csv.header, wanted);
    if (!columns.ok) return columns;
    const at = columns.value;
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
      const row = Object.fromEntries(
        wanted.map((c) => [c, (fields[at[c] ?? -1] ?? '').trim()]),
      ) as Record<string, string>;
      if (file === 'item_restrictions.csv') {
        const code = row['item_code'] ?? '';
        if (!codeOk(file, line, 'item_code', code)) continue;
        const draft = draftFor(code, row['item_name'] ?? code);
        if (!readRule(draft, row, input.settings))
          issues.push(
            issue(
              'import.unknown_restriction',
              `${file} line ${line}: cannot read ${row['restriction_type'] ?? ''} = "${row['restriction_value'] ?? ''}"`,
              {
                path: [file, line, 'restriction_value'],
                data: { line, type: row['restriction_type'], value: row['restriction_value'] },
              },
            ),
          );
      } else {
        for (const side of ['main', 'secondary'] as const) {
          const code = row[`${side}_item_code`] ?? '';
          if (!codeOk(file, line, `${side}_item_code`, code)) continue;
          draftFor(code, row[`${side}_item_name`] ?? code);
        }
      }
    }
  }
  if (issues.length > 0) return fail(issues);

  inheritFromBaseItems(drafts);

  const structuring: Record<Structuring, number> = {
    none_needed: 0,
    complete: 0,
    partial: 0,
    unparsed: 0,
  };
  const restrictionsByKind: Record<string, number> = {};
  const items: CatalogItem[] = [];
  for (const [code, d] of [...drafts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const state: Structuring =
      d.texts.length === 0
        ? 'none_needed'
        : d.unparsed.length === 0
          ? 'complete'
          : d.restrictions.length === 0 && d.procedureGroup === undefined
            ? 'unparsed'
            : 'partial';
    structuring[state]++;
    for (const r of d.restrictions)
      restrictionsByKind[r.kind] = (restrictionsByKind[r.kind] ?? 0) + 1;
    items.push({
      id: serviceItemId(code),
      kind: 'service',
      name: d.name,
      categoryCode: null,
      categoryName: null,
      dosageForm: null,
      coverageClass: input.coverageClass,
      section: input.settings.serviceSection,
      negotiated: false,
      codes: [code],
      paymentStandard: null,
      agreement: null,
      restrictionText: d.texts.length === 0 ? null : d.texts.join('；'),
      restrictions: d.restrictions,
      indications: [],
      ...(d.procedureGroup === undefined ? {} : { procedureGroup: d.procedureGroup }),
      structuring: state,
      unparsed: d.unparsed,
    });
  }
  return ok({
    items,
    summary: {
      items: items.length,
      withRules: items.filter((i) => i.restrictionText !== null).length,
      restrictionsByKind,
      procedureGroups: items.filter((i) => i.procedureGroup !== undefined).length,
      structuring,
    },
  });
}
