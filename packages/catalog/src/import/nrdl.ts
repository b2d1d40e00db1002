import {
  type Issue,
  type Result,
  Money,
  calendarDate,
  fail,
  isCalendarDate,
  issue,
  ok,
  periodFromInclusive,
} from '@openpayer/domain';
import type {
  CatalogItem,
  PaymentPrice,
  PaymentStandard,
  Structuring,
  SubstitutionGroup,
} from '../item/item.ts';
import { RESTRICTION_KINDS, type RestrictionKind } from '../restrictions/restriction.ts';
import type { CatalogRelease } from '../version/release.ts';
import { conditionMatcher, type ConditionDictionary } from './condition-dictionary.ts';
import { parseCsv } from './csv.ts';
import { remarkParser } from './remark-parser.ts';
import { joinNationalCodes } from './national-codes.ts';
import { type RuleBaseImport, importRuleBase } from './rule-base.ts';
import { splitOutsideBrackets } from './text.ts';
import type { ImportSettings } from './settings.ts';

/**
 * The national drug list importer: the NRDL CSV (see data/nrdl-2024/SOURCE.md) in, one catalog
 * release out, or — if any row is malformed — nothing at all and every problem with its line.
 */

export const IMPORT_ISSUE_CODES = [
  'import.csv_empty',
  'import.csv_unterminated_quote',
  'import.header_mismatch',
  'import.row_width',
  'import.unknown_section',
  'import.unknown_class',
  'import.missing_name',
  'import.bad_category_code',
  'import.bad_validity',
  'import.missing_validity',
  'import.duplicate_item',
  'import.unknown_restriction',
  'import.unknown_status_term',
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

export const NRDL_COLUMNS = [
  'section',
  'category_code',
  'category_name',
  'category_path',
  'drug_class',
  'seq_no',
  'drug_name',
  'dosage_form',
  'payment_standard',
  'remark',
  'validity_period',
  'validity_start',
  'validity_end',
] as const;

export interface ImportSummary {
  readonly releaseId: string;
  readonly rows: number;
  readonly items: number;
  readonly bySection: Readonly<Record<string, number>>;
  readonly byClass: Readonly<Record<string, number>>;
  readonly negotiated: number;
  readonly confidentialPrices: number;
  readonly pricesParsed: number;
  readonly pricesUnparsed: number;
  readonly withRestrictionText: number;
  readonly structuring: Readonly<Record<Structuring, number>>;
  /** Structured restrictions read from the text, by kind (indication alternatives included). */
  readonly restrictionsByKind: Readonly<Record<RestrictionKind, number>>;
  readonly diagnosisWithoutIcd: number;
  readonly unparsedFragments: number;
  readonly ruleBase: {
    readonly codes: number;
    readonly restrictionsByKind: Readonly<Record<RestrictionKind, number>>;
    readonly itemsWithCodes: number;
  } | null;
  readonly primaryCareFormulary: number | null;
  readonly substitutionGroups: number;
}

export interface NrdlImport {
  readonly release: CatalogRelease;
  readonly summary: ImportSummary;
}

export interface NrdlImportInput {
  /** The NRDL CSV text. */
  readonly csv: string;
  readonly settings: ImportSettings;
  readonly conditions: ConditionDictionary;
  /** The rule base's two CSVs, to add sex / age / tier / setting / course / scheme restrictions by code. */
  readonly ruleBase?: { readonly restrictionsCsv: string; readonly codesCsv: string };
}

const CATEGORY_CODE = /^[XZ][A-Z0-9]{1,9}$/u;

const zeroByKind = (): Record<RestrictionKind, number> =>
  Object.fromEntries(RESTRICTION_KINDS.map((k) => [k, 0])) as Record<RestrictionKind, number>;

/** `63.00元(10mg/支)`, `479.00元/盒(…)`, several joined by `；` — or `*` for a confidential price. */
export function parsePaymentStandard(raw: string): PaymentStandard | null {
  const text = raw.trim();
  if (text === '') return null;
  if (text === '*') return { text, confidential: true, prices: [], parsed: true };
  const prices: PaymentPrice[] = [];
  for (const part of splitOutsideBrackets(text.normalize('NFKC'), ';')) {
    const compact = part.replace(/\s+/gu, '');
    if (compact === '') continue;
    const m = /^(\d+(?:\.\d+)?)元(?:\/([^(]+))?\((.+)\)$/u.exec(compact);
    if (!m?.[1] || m[3] === undefined)
      return { text, confidential: false, prices: [], parsed: false };
    prices.push({ amount: Money.of(m[1]), unit: m[2] === undefined ? m[3] : `${m[2]}(${m[3]})` });
  }
  return { text, confidential: false, prices, parsed: prices.length > 0 };
}

export function itemIdOf(categoryCode: string, name: string, dosageForm: string): string {
  return dosageForm === '' ? `${categoryCode}/${name}` : `${categoryCode}/${name}/${dosageForm}`;
}

export function importNrdl(input: NrdlImportInput): Result<NrdlImport, ImportIssueCode> {
  const { settings } = input;
  const issues: Issue<ImportIssueCode>[] = [];
  const csv = parseCsv(input.csv);
  if (csv.issues.length > 0) return fail(csv.issues);
  if (csv.header.join(',') !== NRDL_COLUMNS.join(',')) {
    return fail([
      issue(
        'import.header_mismatch',
        `line 1: expected the columns ${NRDL_COLUMNS.join(',')}; got ${csv.header.join(',')}`,
        { path: [1], data: { expected: NRDL_COLUMNS, actual: csv.header } },
      ),
    ]);
  }

  const sections = new Map(settings.sections.map((s) => [s.name, s]));
  const matcher = conditionMatcher(input.conditions);
  // A procedure's statusTerm names one term of the dictionary, whole.
  const unknownTerms = settings.procedures.flatMap((p, index) =>
    p.statusTerm === undefined ||
    matcher.match(p.statusTerm).terms.join() === p.statusTerm.normalize('NFKC')
      ? []
      : [
          issue(
            'import.unknown_status_term',
            `settings.procedures[${String(index)}].statusTerm: "${p.statusTerm}" is no term of the condition dictionary`,
            {
              path: ['settings', 'procedures', index, 'statusTerm'],
              data: { statusTerm: p.statusTerm },
            },
          ),
        ],
  );
  if (unknownTerms.length > 0) return fail(unknownTerms);
  const parser = remarkParser(settings, matcher);
  const items: CatalogItem[] = [];
  const firstLineOf = new Map<string, number>();
  const at = (line: number, column: string) => [line, column];

  for (const record of csv.records) {
    const { line, fields } = record;
    if (fields.length !== NRDL_COLUMNS.length) {
      issues.push(
        issue(
          'import.row_width',
          `line ${line}: expected ${NRDL_COLUMNS.length} fields, found ${fields.length}`,
          { path: [line], data: { line, expected: NRDL_COLUMNS.length, actual: fields.length } },
        ),
      );
      continue;
    }
    const row = Object.fromEntries(
      NRDL_COLUMNS.map((c, i) => [c, (fields[i] ?? '').trim()]),
    ) as Record<(typeof NRDL_COLUMNS)[number], string>;
    const rowIssues: Issue<ImportIssueCode>[] = [];
    const section = sections.get(row.section);
    if (section === undefined) {
      rowIssues.push(
        issue('import.unknown_section', `line ${line}: unknown section "${row.section}"`, {
          path: at(line, 'section'),
          data: { line, value: row.section },
        }),
      );
    }
    const coverageClass = settings.classes[row.drug_class];
    if (coverageClass === undefined) {
      rowIssues.push(
        issue('import.unknown_class', `line ${line}: unknown drug class "${row.drug_class}"`, {
          path: at(line, 'drug_class'),
          data: { line, value: row.drug_class },
        }),
      );
    }
    if (row.drug_name === '') {
      rowIssues.push(
        issue('import.missing_name', `line ${line}: drug_name is empty`, {
          path: at(line, 'drug_name'),
          data: { line },
        }),
      );
    }
    if (!CATEGORY_CODE.test(row.category_code)) {
      rowIssues.push(
        issue(
          'import.bad_category_code',
          `line ${line}: category_code "${row.category_code}" is not a drug classification code (X… or Z…)`,
          { path: at(line, 'category_code'), data: { line, value: row.category_code } },
        ),
      );
    }
    let agreement: CatalogItem['agreement'] = null;
    const hasStart = row.validity_start !== '';
    const hasEnd = row.validity_end !== '';
    if (hasStart || hasEnd) {
      if (
        !isCalendarDate(row.validity_start) ||
        !isCalendarDate(row.validity_end) ||
        row.validity_end < row.validity_start
      ) {
        rowIssues.push(
          issue(
            'import.bad_validity',
            `line ${line}: validity "${row.validity_start}".."${row.validity_end}" is not two dates in order`,
            {
              path: at(
                line,
                hasStart && isCalendarDate(row.validity_start) ? 'validity_end' : 'validity_start',
              ),
              data: { line, start: row.validity_start, end: row.validity_end },
            },
          ),
        );
      } else {
        agreement = periodFromInclusive(row.validity_start, row.validity_end);
      }
    } else if (section?.negotiated === true) {
      rowIssues.push(
        issue(
          'import.missing_validity',
          `line ${line}: a negotiated drug (${row.section}) needs its agreement validity window`,
          { path: at(line, 'validity_start'), data: { line } },
        ),
      );
    }
    const id = itemIdOf(row.category_code, row.drug_name, row.dosage_form);
    const previous = firstLineOf.get(id);
    if (previous !== undefined) {
      rowIssues.push(
        issue('import.duplicate_item', `line ${line}: the same entry as line ${previous} (${id})`, {
          path: at(line, 'drug_name'),
          data: { line, firstLine: previous, id },
        }),
      );
    }
    if (rowIssues.length > 0 || section === undefined || coverageClass === undefined) {
      issues.push(...rowIssues);
      continue;
    }
    firstLineOf.set(id, line);
    const parsed = parser.parse(row.remark);
    const categoryName = row.category_name === '' ? null : row.category_name;
    items.push({
      id,
      kind: 'drug',
      name: row.drug_name,
      categoryCode: row.category_code,
      categoryName,
      dosageForm: row.dosage_form === '' ? null : row.dosage_form,
      coverageClass,
      section: row.section,
      negotiated: section.negotiated,
      codes: [],
      paymentStandard: parsePaymentStandard(row.payment_standard),
      agreement,
      restrictionText: row.remark === '' ? null : row.remark,
      restrictions: parsed.restrictions,
      indications: parsed.indications,
      structuring: parsed.structuring,
      unparsed: parsed.unparsed,
    });
  }
  if (issues.length > 0) return fail(issues);

  let ruleBase: RuleBaseImport | null = null;
  if (input.ruleBase !== undefined) {
    const imported = importRuleBase({ ...input.ruleBase, settings });
    if (!imported.ok) return fail(imported.issues);
    ruleBase = imported.value;
    joinNationalCodes(items, ruleBase.codesByGenericName);
  }

  const primaryCareFormulary = formularyOf(items, settings);
  const substitutionGroups = sameClassGroups(items, settings);
  const release: CatalogRelease = {
    ...settings.release,
    effective: {
      start: calendarDate(settings.release.effective.start),
      end:
        settings.release.effective.end === null
          ? null
          : calendarDate(settings.release.effective.end),
    },
    publishedOn: calendarDate(settings.release.publishedOn),
    items,
    codeRestrictions: ruleBase?.codeRestrictions ?? [],
    primaryCareFormulary,
    substitutionGroups,
    crosswalk: [],
  };
  return ok({ release, summary: summarize(release, csv.records.length, ruleBase) });
}

function formularyOf(items: readonly CatalogItem[], settings: ImportSettings): string[] | null {
  const rule = settings.primaryCareFormulary;
  if (rule === null) return null;
  return items
    .filter((i) => rule.classes.includes(i.coverageClass) && rule.sections.includes(i.section))
    .map((i) => i.id);
}

/** Same-class groups from the drug classification (ATC level 5 for Western drugs, e.g. XA02BC). */
function sameClassGroups(
  items: readonly CatalogItem[],
  settings: ImportSettings,
): SubstitutionGroup[] {
  const { sameClassCategoryLength, minGroupSize } = settings.substitution;
  const groups = new Map<string, { name: string; ids: string[] }>();
  for (const item of items) {
    const code = item.categoryCode;
    if (code === null || code.length < sameClassCategoryLength) continue;
    const key = code.slice(0, sameClassCategoryLength);
    const group = groups.get(key) ?? { name: item.categoryName ?? key, ids: [] };
    group.ids.push(item.id);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .filter(([, g]) => g.ids.length >= minGroupSize)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({
      id: `same-class:${key}`,
      kind: 'same_class' as const,
      name: g.name,
      codePrefix: key,
      itemIds: g.ids,
    }));
}

function summarize(
  release: CatalogRelease,
  rows: number,
  ruleBase: RuleBaseImport | null,
): ImportSummary {
  const bySection: Record<string, number> = {};
  const byClass: Record<string, number> = {};
  const structuring: Record<Structuring, number> = {
    none_needed: 0,
    complete: 0,
    partial: 0,
    unparsed: 0,
  };
  const restrictionsByKind = zeroByKind();
  let negotiated = 0;
  let confidentialPrices = 0;
  let pricesParsed = 0;
  let pricesUnparsed = 0;
  let withRestrictionText = 0;
  let diagnosisWithoutIcd = 0;
  let unparsedFragments = 0;
  for (const item of release.items) {
    bySection[item.section] = (bySection[item.section] ?? 0) + 1;
    byClass[item.coverageClass] = (byClass[item.coverageClass] ?? 0) + 1;
    if (item.negotiated) negotiated++;
    if (item.paymentStandard?.confidential === true) confidentialPrices++;
    else if (item.paymentStandard?.parsed === true) pricesParsed++;
    else if (item.paymentStandard !== null) pricesUnparsed++;
    if (item.restrictionText !== null) withRestrictionText++;
    structuring[item.structuring]++;
    unparsedFragments += item.unparsed.length;
    for (const r of [...item.restrictions, ...item.indications.flatMap((i) => i.restrictions)]) {
      restrictionsByKind[r.kind]++;
      if (r.kind === 'diagnosis' && r.icdPrefixes.length === 0) diagnosisWithoutIcd++;
    }
  }
  const ruleBaseByKind = zeroByKind();
  for (const entry of release.codeRestrictions) {
    for (const r of entry.restrictions) ruleBaseByKind[r.kind]++;
  }
  return {
    releaseId: release.id,
    rows,
    items: release.items.length,
    bySection,
    byClass,
    negotiated,
    confidentialPrices,
    pricesParsed,
    pricesUnparsed,
    withRestrictionText,
    structuring,
    restrictionsByKind,
    diagnosisWithoutIcd,
    unparsedFragments,
    ruleBase:
      ruleBase === null
        ? null
        : {
            codes: release.codeRestrictions.length,
            restrictionsByKind: ruleBaseByKind,
            itemsWithCodes: release.items.filter((i) => i.codes.length > 0).length,
          },
    primaryCareFormulary: release.primaryCareFormulary?.length ?? null,
    substitutionGroups: release.substitutionGroups.length,
  };
}
