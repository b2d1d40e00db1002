import { type Issue, type Result, fail, issue, ok } from '@openpayer/domain';
import type { CodeRestriction } from '../item/item.ts';
import type { Restriction } from '../restrictions/restriction.ts';
import { parseCsv } from './csv.ts';
import type { ImportIssueCode } from './nrdl.ts';
import type { ImportSettings } from './settings.ts';

/**
 * The national smart-review rule base (医保智能审核 "两库", drug part): one rule per generic name
 * and restriction type (`drug_restrictions.csv`), and the national drug codes each rule covers
 * (`drug_restriction_codes.csv`). Restrictions come out keyed by code, as the rule base keys them.
 */

export interface RuleBaseImport {
  readonly codeRestrictions: CodeRestriction[];
  /** Generic name → the national codes the rule base lists for it (to join codes to entries). */
  readonly codesByGenericName: ReadonlyMap<string, readonly string[]>;
}

/**
 * The columns the importer reads, by name. The published files carry more (`source_file`,
 * `description`, `seq`) and the shipped copy of the code file fewer: both are accepted as they
 * are, in any column order, as long as these are present.
 */
const RULE_COLUMNS = ['batch', 'generic_name', 'restriction_type', 'restriction_value'] as const;
const CODE_COLUMNS = ['batch', 'generic_name', 'national_drug_code', 'restriction_type'] as const;

/** Each wanted column's position in `header`, or the list of those missing. */
/**
 * Where each wanted column is in a published file's header (by name, any order, extra columns
 * ignored), or the `import.header_mismatch` issue naming the file and the missing columns.
 */
export function columnsOf<const C extends string>(
  file: string,
  header: readonly string[],
  wanted: readonly C[],
): Result<Record<C, number>, 'import.header_mismatch'> {
  const names = header.map((h) => h.trim());
  const at = {} as Record<C, number>;
  const missing: C[] = [];
  for (const column of wanted) {
    const index = names.indexOf(column);
    if (index < 0) missing.push(column);
    else at[column] = index;
  }
  if (missing.length === 0) return ok(at);
  return fail([
    issue(
      'import.header_mismatch',
      `${file} line 1: the columns ${missing.join(',')} are missing (needs ${wanted.join(',')})`,
      { path: [file, 1], data: { file, expected: wanted, missing, actual: header } },
    ),
  ]);
}

function restrictionFor(
  type: string,
  value: string,
  text: string,
  settings: ImportSettings,
): Restriction | null {
  const source = 'rule_base' as const;
  switch (type) {
    case '限定性别对象':
      if (value === '女') return { kind: 'sex', source, text, sex: 'female' };
      if (value === '男') return { kind: 'sex', source, text, sex: 'male' };
      return null;
    case '限定年龄对象':
      if (value === '儿童') {
        return { kind: 'age', source, text, maxYears: settings.ages.childrenMaxYears };
      }
      if (value === '成人')
        return { kind: 'age', source, text, minYears: settings.ages.adultMinYears };
      return null;
    case '限定机构等级':
      if (value === '二级') return { kind: 'institution_tier', source, text, minTier: 'secondary' };
      if (value === '三级') return { kind: 'institution_tier', source, text, minTier: 'tertiary' };
      return null;
    case '限定就医方式':
      if (value === '住院') return { kind: 'setting', source, text, settings: ['inpatient'] };
      if (value === '门诊') return { kind: 'setting', source, text, settings: ['outpatient'] };
      return null;
    case '限定支付疗程': {
      const days = /^(\d+)天$/u.exec(value);
      return days?.[1] === undefined
        ? null
        : { kind: 'course', source, text, maxDays: Number(days[1]) };
    }
    case '限定保险类型':
      if (value === '工伤') return { kind: 'scheme', source, text, schemes: ['work_injury'] };
      if (value === '生育') return { kind: 'scheme', source, text, schemes: ['maternity'] };
      return null;
    default:
      return null;
  }
}

export function importRuleBase(input: {
  readonly restrictionsCsv: string;
  readonly codesCsv: string;
  readonly settings: ImportSettings;
}): Result<RuleBaseImport, ImportIssueCode> {
  const issues: Issue<ImportIssueCode>[] = [];
  const rules = parseCsv(input.restrictionsCsv);
  const codes = parseCsv(input.codesCsv);
  if (rules.issues.length > 0 || codes.issues.length > 0) {
    return fail([...rules.issues, ...codes.issues]);
  }
  const ruleAt = columnsOf('drug_restrictions.csv', rules.header, RULE_COLUMNS);
  const codeAt = columnsOf('drug_restriction_codes.csv', codes.header, CODE_COLUMNS);
  for (const found of [ruleAt, codeAt]) if (!found.ok) issues.push(...found.issues);
  if (!ruleAt.ok || !codeAt.ok) return fail(issues);

  const ruleByKey = new Map<string, Restriction>();
  for (const { line, fields } of rules.records) {
    if (fields.length !== rules.header.length) {
      issues.push(
        issue(
          'import.row_width',
          `drug_restrictions.csv line ${line}: expected ${rules.header.length} fields`,
          {
            path: ['drug_restrictions.csv', line],
            data: { line, actual: fields.length },
          },
        ),
      );
      continue;
    }
    const field = (column: (typeof RULE_COLUMNS)[number]) =>
      (fields[ruleAt.value[column]] ?? '').trim();
    const batch = field('batch');
    const genericName = field('generic_name');
    const type = field('restriction_type');
    const value = field('restriction_value');
    const restriction = restrictionFor(type, value, `${type}：${value}`, input.settings);
    if (restriction === null) {
      issues.push(
        issue(
          'import.unknown_restriction',
          `drug_restrictions.csv line ${line}: unknown restriction ${type} = "${value}"`,
          {
            path: ['drug_restrictions.csv', line, 'restriction_value'],
            data: { line, type, value },
          },
        ),
      );
      continue;
    }
    ruleByKey.set(`${batch}\u0000${genericName}\u0000${type}`, restriction);
  }

  const byCode = new Map<string, Restriction[]>();
  const codesByGenericName = new Map<string, string[]>();
  for (const { line, fields } of codes.records) {
    if (fields.length !== codes.header.length) {
      issues.push(
        issue(
          'import.row_width',
          `drug_restriction_codes.csv line ${line}: expected ${codes.header.length} fields`,
          {
            path: ['drug_restriction_codes.csv', line],
            data: { line, actual: fields.length },
          },
        ),
      );
      continue;
    }
    const field = (column: (typeof CODE_COLUMNS)[number]) =>
      (fields[codeAt.value[column]] ?? '').trim();
    const batch = field('batch');
    const genericName = field('generic_name');
    const code = field('national_drug_code');
    const type = field('restriction_type');
    const restriction = ruleByKey.get(`${batch}\u0000${genericName}\u0000${type}`);
    if (restriction === undefined) {
      issues.push(
        issue(
          'import.unknown_restriction',
          `drug_restriction_codes.csv line ${line}: no rule for ${genericName} / ${type} in batch ${batch}`,
          { path: ['drug_restriction_codes.csv', line], data: { line, batch, genericName, type } },
        ),
      );
      continue;
    }
    const list = byCode.get(code) ?? [];
    if (!list.some((r) => r.kind === restriction.kind && r.text === restriction.text))
      list.push(restriction);
    byCode.set(code, list);
    const known = codesByGenericName.get(genericName) ?? [];
    if (!known.includes(code)) known.push(code);
    codesByGenericName.set(genericName, known);
  }
  if (issues.length > 0) return fail(issues);
  const codeRestrictions = [...byCode.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, restrictions]) => ({ code, restrictions }));
  return ok({ codeRestrictions, codesByGenericName });
}
