import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { columnsOf, parseCsv } from '@openpayer/catalog';
import {
  type Issue,
  type Result,
  fail,
  issue,
  issuesFromZod,
  ok,
  validateServiceCode,
} from '@openpayer/domain';
import { toHex } from '../../audit/bytes.ts';
import {
  type RuleBaseFile,
  type RuleBaseReport,
  type SkipReason,
  type SkippedRow,
  type Tally,
} from './report.ts';
import {
  type RuleBaseImportSettings,
  type RuleBaseImportSettingsWire,
  type RuleBaseType,
  ruleBaseImportSettingsSchema,
} from './settings.ts';
import {
  type RuleCheck,
  type RuleSet,
  type RuleSetWire,
  type RuleWire,
  ruleSetSchema,
} from '../rule-set.ts';

/**
 * The national smart-review rule base (医保智能审核 "两库", batches 1–8) as a rule set: the drug
 * rules (`drug_restrictions.csv`, one per batch, generic name and restriction type, with the
 * national drug codes `drug_restriction_codes.csv` lists for it), the service-item rules
 * (`item_restrictions.csv`) and the duplicate-charge pairs (`item_duplicate_charges.csv`). Every
 * row is either imported into a rule or skipped with a reason code, so imported + skipped = rows
 * for every file; a missing column or broken quoting refuses the whole import.
 *
 * Granularity (a finding names its rule, so a rule should read as one sentence):
 * - drug rules: one rule per (batch, generic name, restriction type), items = its drug codes;
 * - item rules: one rule per row (item code and type), except 限定主次操作: one rule per
 *   procedure group (the restriction value) with all its items;
 * - duplicates: one rule per (frequency, main item) holding that item's pairs, named after the main
 *   item ("急诊监护费 重复收费（单日）") — readable, and each rule's code matcher stays small.
 *
 * Codes are stable across re-imports: item rules carry the 15-digit item code, drug rules and
 * procedure groups the batch and a hash of the generic / group name, duplicates the main item code.
 */

export const RULE_IMPORT_ISSUE_CODES = [
  'import.header_mismatch',
  'import.csv_unterminated_quote',
  'import.csv_empty',
  'rule_import.invalid_input',
  'rule_import.invalid_settings',
  'rule_import.invalid_rule_set',
] as const;
export type RuleImportIssueCode = (typeof RULE_IMPORT_ISSUE_CODES)[number];

export interface RuleBaseInput {
  readonly drugRestrictionsCsv: string;
  readonly drugCodesCsv: string;
  readonly itemRestrictionsCsv: string;
  readonly duplicatesCsv: string;
  readonly settings: RuleBaseImportSettingsWire;
}

export interface RuleBaseRuleSet {
  readonly ruleSet: RuleSet;
  readonly report: RuleBaseReport;
}

const FILES = {
  drugRestrictionsCsv: 'drug_restrictions.csv',
  drugCodesCsv: 'drug_restriction_codes.csv',
  itemRestrictionsCsv: 'item_restrictions.csv',
  duplicatesCsv: 'item_duplicate_charges.csv',
} as const satisfies Record<Exclude<keyof RuleBaseInput, 'settings'>, RuleBaseFile>;

/** The columns read, by name (any order; extra columns ignored). */
const DRUG_COLUMNS = [
  'batch',
  'source_file',
  'generic_name',
  'restriction_type',
  'restriction_value',
] as const;
const CODE_COLUMNS = ['batch', 'generic_name', 'national_drug_code', 'restriction_type'] as const;
const ITEM_COLUMNS = [
  'batch',
  'source_file',
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
  'batch',
  'source_file',
  'frequency',
  'main_item_name',
  'main_item_code',
  'secondary_item_name',
  'secondary_item_code',
] as const;

/**
 * Restriction type → rule type and code part, per file. Maps, as every table a CSV value is
 * looked up in: a value such as `constructor` or `__proto__` is an unknown type, not a property
 * of `Object.prototype`.
 */
const DRUG_TYPES: ReadonlyMap<string, readonly [DrugRuleType, string]> = new Map([
  ['限定性别对象', ['drug_sex', 'SEX']],
  ['限定年龄对象', ['drug_age', 'AGE']],
  ['限定机构等级', ['drug_tier', 'TIER']],
  ['限定就医方式', ['drug_setting', 'SETTING']],
  ['限定支付疗程', ['drug_course', 'COURSE']],
  ['限定保险类型', ['drug_scheme', 'SCHEME']],
] as const);
const ITEM_TYPES: ReadonlyMap<string, readonly [ItemRuleType, string]> = new Map([
  ['限定性别对象', ['item_sex', 'SEX']],
  ['限定年龄对象', ['item_age', 'AGE']],
  ['限定年龄', ['item_age', 'AGE']],
  ['限定频次', ['item_frequency', 'FREQ']],
  ['限定周期', ['item_period', 'PERIOD']],
  ['限定疗程', ['item_course', 'COURSE']],
  ['限定主次操作', ['item_procedure', 'PROC']],
] as const);

type DrugRuleType = Extract<RuleBaseType, `drug_${string}`>;
type ItemRuleType = Extract<RuleBaseType, `item_${string}`>;

/** `table[key]` when `key` is the table's own entry (never an inherited property). */
function entryOf<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const DRUG_CODE = /^[A-Za-z0-9]{2,40}$/u;
const DECIMAL = /^(?:0|[1-9]\d{0,5})(?:\.\d{1,4})?$/u;
const POSITIVE_INT = /^[1-9]\d{0,3}$/u;
const DAYS = /^([1-9]\d{0,3})天$/u;
/** 限定疗程 sentences that give the course in days (支付不超过30天 / 一个疾病过程支付不超过90天 / 总时间不超过90天). */
const COURSE_DAYS = /^(?:一个疾病过程)?(?:支付|总时间)不超过([1-9]\d{0,3})天$/u;
const CN_DIGITS = '一二三四五六七八九十';

/** `第八批-4` → `B8-4`; null for a batch name of another shape. */
function batchCode(batch: string): string | null {
  const m = /^第([一二三四五六七八九十])批(?:-(\d{1,2}))?$/u.exec(batch.replace(/\s+/gu, ''));
  if (m?.[1] === undefined) return null;
  const n = CN_DIGITS.indexOf(m[1]) + 1;
  return m[2] === undefined ? `B${n}` : `B${n}-${m[2]}`;
}

/** A short stable hash of the parts (for names that cannot go into a code). */
function hashOf(...parts: string[]): string {
  return toHex(sha256(utf8ToBytes(parts.join('\u0000')))).slice(0, 10);
}

function emptyTally(): Tally {
  return { rows: 0, imported: 0, skipped: 0 };
}

interface FileTally extends Tally {
  rules: number;
  byType: Record<string, Tally & { rules: number }>;
}

type RuleCheckWire = RuleWire['check'];
type WithoutItems<T> = T extends unknown ? Omit<T, 'items'> : never;
/** A drug rule's check before its drug codes are read (the code file gives its items). */
type DrugCheck = WithoutItems<
  Extract<
    RuleCheckWire,
    { kind: 'item_sex' | 'item_age' | 'item_tier' | 'item_setting' | 'item_course' | 'item_scheme' }
  >
>;

interface DrugDraft {
  readonly line: number;
  readonly type: DrugRuleType;
  readonly restrictionType: string;
  readonly code: string;
  readonly name: string;
  readonly source: string;
  readonly check: DrugCheck;
  readonly items: string[];
}

export function ruleSetFromRuleBase(
  input: RuleBaseInput,
): Result<RuleBaseRuleSet, RuleImportIssueCode> {
  // — Input —
  const inputIssues: Issue<RuleImportIssueCode>[] = [];
  const untrusted: unknown = input;
  if (typeof untrusted !== 'object' || untrusted === null) {
    return fail([issue('rule_import.invalid_input', 'the input must be an object', { path: [] })]);
  }
  for (const field of Object.keys(FILES) as (keyof typeof FILES)[]) {
    if (typeof input[field] !== 'string') {
      inputIssues.push(
        issue('rule_import.invalid_input', `${field} must be the text of ${FILES[field]}`, {
          path: [field],
          data: { field, file: FILES[field] },
        }),
      );
    }
  }
  const parsedSettings = ruleBaseImportSettingsSchema.safeParse(input.settings);
  if (!parsedSettings.success) {
    for (const i of issuesFromZod(parsedSettings.error)) {
      inputIssues.push({
        ...i,
        code: 'rule_import.invalid_settings',
        path: ['settings', ...i.path],
      });
    }
  }
  if (inputIssues.length > 0 || !parsedSettings.success) return fail(inputIssues);
  const settings = parsedSettings.data;

  // — Files: parse, check headers —
  const csvIssues: Issue<RuleImportIssueCode>[] = [];
  const parse = <const C extends string>(field: keyof typeof FILES, wanted: readonly C[]) => {
    const file = FILES[field];
    const csv = parseCsv(input[field]);
    if (csv.issues.length > 0) {
      for (const i of csv.issues) {
        csvIssues.push({ ...i, path: [file, ...i.path], message: `${file}: ${i.message}` });
      }
      return null;
    }
    const at = columnsOf(file, csv.header, wanted);
    if (!at.ok) {
      csvIssues.push(...at.issues);
      return null;
    }
    return { csv, at: at.value, file };
  };
  const drugs = parse('drugRestrictionsCsv', DRUG_COLUMNS);
  const codes = parse('drugCodesCsv', CODE_COLUMNS);
  const items = parse('itemRestrictionsCsv', ITEM_COLUMNS);
  const duplicates = parse('duplicatesCsv', DUPLICATE_COLUMNS);
  if (drugs === null || codes === null || items === null || duplicates === null) {
    return fail(csvIssues);
  }

  // — Report bookkeeping —
  const files = Object.fromEntries(
    Object.values(FILES).map((f) => [
      f,
      // Keyed by restriction types read from the files: no prototype to collide with.
      { ...emptyTally(), rules: 0, byType: Object.create(null) as FileTally['byType'] },
    ]),
  ) as Record<RuleBaseFile, FileTally>;
  const skipped: SkippedRow[] = [];
  const tallyOf = (file: RuleBaseFile, type: string) => {
    const f = files[file];
    const t = (f.byType[type] ??= { ...emptyTally(), rules: 0 });
    return { f, t };
  };
  const count = (file: RuleBaseFile, type: string) => {
    const { f, t } = tallyOf(file, type);
    f.rows++;
    t.rows++;
  };
  const imported = (file: RuleBaseFile, type: string) => {
    const { f, t } = tallyOf(file, type);
    f.imported++;
    t.imported++;
  };
  const skip = (
    file: RuleBaseFile,
    type: string,
    line: number,
    reason: SkipReason,
    message: string,
  ) => {
    const { f, t } = tallyOf(file, type);
    f.skipped++;
    t.skipped++;
    skipped.push({ file, line, reason, message: `${file} line ${line}: ${message}` });
  };
  const ruleMade = (file: RuleBaseFile, type: string) => {
    const { f, t } = tallyOf(file, type);
    f.rules++;
    t.rules++;
  };

  /** Row fields by column, trimmed; null (and skipped) when the row's width is wrong. */
  const rowsOf = function* <const C extends string>(
    source: {
      csv: ReturnType<typeof parseCsv>;
      at: Record<C, number>;
      file: RuleBaseFile;
    },
    typeColumn: NoInfer<C>,
  ): Generator<{ line: number; type: string; get: (c: C) => string }> {
    const width = source.csv.header.length;
    for (const { line, fields } of source.csv.records) {
      const get = (c: C) => (fields[source.at[c]] ?? '').trim();
      const type = fields.length === width ? get(typeColumn) : '(malformed)';
      count(source.file, type);
      if (fields.length !== width) {
        skip(
          source.file,
          type,
          line,
          'malformed_row',
          `expected ${width} fields, found ${fields.length}`,
        );
        continue;
      }
      yield { line, type, get };
    }
  };

  const rules: RuleWire[] = [];
  const base = (type: RuleBaseType) => {
    const d = settings.types[type];
    return {
      category: d.category,
      stages: d.stages,
      resultType: d.resultType,
      severity: d.severity,
      action: d.action,
      from: settings.effectiveFrom,
    };
  };
  const voc = settings.vocabulary;

  // — Drug rules —
  const drugDrafts = new Map<string, DrugDraft>();
  const drugFile = FILES.drugRestrictionsCsv;
  for (const { line, type: restrictionType, get } of rowsOf(drugs, 'restriction_type')) {
    const known = DRUG_TYPES.get(restrictionType);
    if (known === undefined) {
      skip(
        drugFile,
        restrictionType,
        line,
        'unknown_type',
        `unknown restriction type "${restrictionType}"`,
      );
      continue;
    }
    const [type, part] = known;
    const batch = get('batch');
    const genericName = get('generic_name');
    const value = get('restriction_value');
    if (batch === '' || genericName === '' || value === '') {
      skip(
        drugFile,
        restrictionType,
        line,
        'missing_value',
        'batch, generic_name and restriction_value must not be empty',
      );
      continue;
    }
    const check = drugCheck(type, value, settings);
    if (check === null) {
      skip(
        drugFile,
        restrictionType,
        line,
        'unknown_value',
        `cannot read ${restrictionType} = "${value}"`,
      );
      continue;
    }
    const key = `${batch}\u0000${genericName}\u0000${restrictionType}`;
    const earlier = drugDrafts.get(key);
    if (earlier !== undefined) {
      skip(
        drugFile,
        restrictionType,
        line,
        'duplicate_row',
        `${genericName} / ${restrictionType} is already given at line ${earlier.line}`,
      );
      continue;
    }
    const b = batchCode(batch);
    drugDrafts.set(key, {
      line,
      type,
      restrictionType,
      code: `NHSA-DRUG-${part}-${b === null ? '' : `${b}-`}${hashOf(batch, genericName, restrictionType)}`,
      name: `${genericName} ${restrictionType}：${value}`,
      source: `${batch} / ${get('source_file')}`,
      check,
      items: [],
    });
  }

  const codeFile = FILES.drugCodesCsv;
  for (const { line, type: restrictionType, get } of rowsOf(codes, 'restriction_type')) {
    const batch = get('batch');
    const genericName = get('generic_name');
    const code = get('national_drug_code');
    const draft = drugDrafts.get(`${batch}\u0000${genericName}\u0000${restrictionType}`);
    if (draft === undefined) {
      skip(
        codeFile,
        restrictionType,
        line,
        'no_rule',
        `no imported rule for ${genericName} / ${restrictionType} in batch ${batch}`,
      );
      continue;
    }
    if (!DRUG_CODE.test(code)) {
      skip(codeFile, restrictionType, line, 'bad_code', `"${code}" is not a national drug code`);
      continue;
    }
    if (draft.items.includes(code)) {
      skip(
        codeFile,
        restrictionType,
        line,
        'duplicate_row',
        `${code} is already listed for ${genericName} / ${restrictionType}`,
      );
      continue;
    }
    draft.items.push(code);
  }

  for (const draft of drugDrafts.values()) {
    if (draft.items.length === 0) {
      skip(
        drugFile,
        draft.restrictionType,
        draft.line,
        'no_codes',
        `${draft.name}: the code file lists no drug codes for it`,
      );
      continue;
    }
    imported(drugFile, draft.restrictionType);
    for (const _ of draft.items) imported(codeFile, draft.restrictionType);
    ruleMade(drugFile, draft.restrictionType);
    const window = settings.types[draft.type].window;
    rules.push({
      code: draft.code,
      name: draft.name,
      ...base(draft.type),
      ...(window === undefined ? {} : { window }),
      source: draft.source,
      check: { ...draft.check, items: draft.items },
    });
  }

  // — Item rules —
  const itemFile = FILES.itemRestrictionsCsv;
  /** Rule code → the line that made it. */
  const itemRules = new Map<string, number>();
  /** Procedure group (batch and group name) → its first line and its rule's items. */
  const groups = new Map<string, { line: number; items: string[] }>();
  for (const { line, type: restrictionType, get } of rowsOf(items, 'restriction_type')) {
    const known = ITEM_TYPES.get(restrictionType);
    if (known === undefined) {
      skip(
        itemFile,
        restrictionType,
        line,
        'unknown_type',
        `unknown restriction type "${restrictionType}"`,
      );
      continue;
    }
    const [type, part] = known;
    const code = get('item_code');
    const itemName = get('item_name') || code;
    const value = get('restriction_value');
    const codeProblems = validateServiceCode(code);
    if (codeProblems.length > 0) {
      skip(
        itemFile,
        restrictionType,
        line,
        'bad_code',
        codeProblems[0]?.message ?? `"${code}" is not a service code`,
      );
      continue;
    }
    const source = `${get('batch')} / ${get('source_file')}`;
    const meta = { ...base(type), source };
    if (type === 'item_procedure') {
      if (value === '') {
        skip(
          itemFile,
          restrictionType,
          line,
          'missing_value',
          `${itemName}: the procedure group (restriction_value) is empty`,
        );
        continue;
      }
      const groupKey = `${get('batch')}\u0000${value}`;
      const group = groups.get(groupKey);
      if (group === undefined) {
        const b = batchCode(get('batch'));
        // The rule holds the group's items array: later rows of the group add to it.
        const groupItems = [code];
        groups.set(groupKey, { line, items: groupItems });
        rules.push({
          code: `NHSA-ITEM-${part}-${b === null ? '' : `${b}-`}${hashOf(get('batch'), value)}`,
          name: `${value} ${restrictionType}：同一切口第二及以后的手术应折价计收`,
          ...meta,
          check: { kind: 'secondary_procedure', group: value, items: groupItems },
        });
        ruleMade(itemFile, restrictionType);
      } else if (group.items.includes(code)) {
        skip(
          itemFile,
          restrictionType,
          line,
          'duplicate_row',
          `${itemName} (${code}) is already in ${value} (line ${group.line})`,
        );
        continue;
      } else {
        group.items.push(code);
      }
      imported(itemFile, restrictionType);
      continue;
    }
    const read = itemCheck(type, restrictionType, code, get, settings);
    if ('reason' in read) {
      skip(itemFile, restrictionType, line, read.reason, `${itemName}: ${read.message}`);
      continue;
    }
    const ruleCode = `NHSA-ITEM-${part}-${code}`;
    const earlier = itemRules.get(ruleCode);
    if (earlier !== undefined) {
      skip(
        itemFile,
        restrictionType,
        line,
        'duplicate_row',
        `${itemName} (${code}) already has a ${restrictionType} rule (line ${earlier})`,
      );
      continue;
    }
    itemRules.set(ruleCode, line);
    rules.push({
      code: ruleCode,
      name: `${itemName} ${restrictionType}：${read.label}`,
      ...meta,
      ...(read.window === undefined ? {} : { window: read.window }),
      check: read.check,
    });
    imported(itemFile, restrictionType);
    ruleMade(itemFile, restrictionType);
  }

  // — Duplicate charges —
  const dupFile = FILES.duplicatesCsv;
  const dupRules = new Map<string, { pairs: { main: string; secondary: string }[] }>();
  for (const { line, type: frequency, get } of rowsOf(duplicates, 'frequency')) {
    const window = entryOf(voc.duplicateWindows, frequency);
    if (window === undefined) {
      skip(
        dupFile,
        frequency,
        line,
        'window_unsupported',
        `frequency "${frequency}" has no rule window (claim lines carry dates, not times; see settings.vocabulary.duplicateWindows)`,
      );
      continue;
    }
    const main = get('main_item_code');
    const secondary = get('secondary_item_code');
    const bad = [main, secondary].find((c) => validateServiceCode(c).length > 0);
    if (bad !== undefined) {
      skip(dupFile, frequency, line, 'bad_code', `"${bad}" is not a 15-digit service code`);
      continue;
    }
    if (main === secondary) {
      skip(dupFile, frequency, line, 'self_pair', `${main} is paired with itself`);
      continue;
    }
    const ruleCode = `NHSA-DUP-${window.code}-${main}`;
    let entry = dupRules.get(ruleCode);
    if (entry === undefined) {
      entry = { pairs: [] };
      dupRules.set(ruleCode, entry);
      const mainName = get('main_item_name') || main;
      rules.push({
        code: ruleCode,
        name: `${mainName} 重复收费（${frequency}）`,
        ...base('duplicate'),
        window: window.window,
        source: `${get('batch')} / ${get('source_file')}`,
        check: { kind: 'duplicate_charge', pairs: entry.pairs },
      });
      ruleMade(dupFile, frequency);
    }
    if (entry.pairs.some((p) => p.secondary === secondary)) {
      skip(
        dupFile,
        frequency,
        line,
        'duplicate_row',
        `${main} / ${secondary} is already paired (${frequency})`,
      );
      continue;
    }
    entry.pairs.push({ main, secondary });
    imported(dupFile, frequency);
  }

  // — The rule set, validated —
  const wire: RuleSetWire = {
    id: settings.ruleSet.id,
    title: settings.ruleSet.title,
    region: settings.ruleSet.region,
    publishedOn: settings.ruleSet.publishedOn,
    rules,
  };
  const decoded = ruleSetSchema.safeDecode(wire);
  if (!decoded.success) {
    return fail(
      issuesFromZod(decoded.error)
        .slice(0, 50)
        .map((i) => ({ ...i, code: 'rule_import.invalid_rule_set' as const })),
    );
  }

  const byKind: Partial<Record<RuleCheck['kind'], number>> = {};
  for (const rule of decoded.data.rules) {
    byKind[rule.check.kind] = (byKind[rule.check.kind] ?? 0) + 1;
  }
  return ok({
    ruleSet: decoded.data,
    report: {
      files,
      rules: { total: decoded.data.rules.length, byKind },
      skipped,
    },
  });
}

/** A drug rule's check (without its drug codes) for its value, or null when the value cannot be read. */
function drugCheck(
  type: DrugRuleType,
  value: string,
  settings: RuleBaseImportSettings,
): DrugCheck | null {
  const voc = settings.vocabulary;
  switch (type) {
    case 'drug_sex': {
      const sex = entryOf(voc.sexes, value);
      return sex === undefined ? null : { kind: 'item_sex', sex };
    }
    case 'drug_age': {
      switch (entryOf(voc.ages, value)) {
        case 'children':
          return { kind: 'item_age', minAge: null, maxAge: settings.ages.childrenMaxYears + 1 };
        case 'adults':
          return { kind: 'item_age', minAge: settings.ages.adultMinYears, maxAge: null };
        default:
          return null;
      }
    }
    case 'drug_tier': {
      const tiers = entryOf(voc.tiers, value);
      return tiers === undefined ? null : { kind: 'item_tier', tiers };
    }
    case 'drug_setting': {
      const claimTypes = entryOf(voc.settings, value);
      return claimTypes === undefined ? null : { kind: 'item_setting', claimTypes };
    }
    case 'drug_course': {
      const days = DAYS.exec(value)?.[1];
      return days === undefined ? null : { kind: 'item_course', maxDays: Number(days) };
    }
    case 'drug_scheme': {
      const schemes = entryOf(voc.schemes, value);
      return schemes === undefined ? null : { kind: 'item_scheme', schemes };
    }
  }
}

type ItemRead =
  | {
      readonly check: RuleCheckWire;
      readonly label: string;
      readonly window?: RuleWire['window'];
    }
  | { readonly reason: SkipReason; readonly message: string };

/** An item rule's check (and the label its name shows), or why the row cannot be a rule. */
function itemCheck(
  type: Exclude<ItemRuleType, 'item_procedure'>,
  restrictionType: string,
  code: string,
  get: (column: (typeof ITEM_COLUMNS)[number]) => string,
  settings: RuleBaseImportSettings,
): ItemRead {
  const items = [code];
  const value = get('restriction_value');
  const description = get('description');
  const quantity = get('limit_quantity');
  const unit = get('limit_unit');
  const courseWindow = settings.types[type].window;
  switch (type) {
    case 'item_sex': {
      const sex = entryOf(settings.vocabulary.sexes, value);
      return sex === undefined
        ? { reason: 'unknown_value', message: `cannot read ${restrictionType} = "${value}"` }
        : { check: { kind: 'item_sex', items, sex }, label: value };
    }
    case 'item_age': {
      const group = entryOf(settings.itemVocabulary.ageGroups, value);
      if (group === undefined) {
        const what = value === '' ? description : value;
        return {
          reason: value === '' ? 'age_not_computable' : 'unknown_value',
          message:
            value === ''
              ? `"${what}" gives no age bound in years (it depends on the person's sex and the statutory working age)`
              : `the age group "${value}" is not in the catalog's age groups`,
        };
      }
      // The catalog's bounds are inclusive (completed years or days); the check's are exclusive.
      return {
        check:
          'maxDays' in group
            ? { kind: 'item_age', items, minAge: null, maxAge: null, maxAgeDays: group.maxDays + 1 }
            : {
                kind: 'item_age',
                items,
                minAge: null,
                maxAge: group.maxYears + 1,
                maxAgeDays: null,
              },
        label: value,
      };
    }
    case 'item_frequency': {
      if (!DECIMAL.test(quantity) || Number(quantity) === 0) {
        return {
          reason: 'bad_number',
          message: `limit_quantity "${quantity}" is not a positive number`,
        };
      }
      const label = `${quantity}/${unit}`;
      if (settings.itemVocabulary.frequencyUnits.includes(unit)) {
        return {
          check: { kind: 'item_frequency', items, maxPerDay: quantity },
          label,
          window: { kind: 'natural_day' },
        };
      }
      const days = entryOf(settings.vocabulary.frequencyPeriods, unit);
      if (days !== undefined) {
        return {
          check: { kind: 'times_per_window', items, maxTimes: quantity },
          label,
          window: { kind: 'days', days },
        };
      }
      return {
        reason: 'frequency_unit_unsupported',
        message: `the unit "${unit}" is neither a per-day unit nor a period of days`,
      };
    }
    case 'item_period': {
      const period = get('period_days');
      if (!DECIMAL.test(quantity) || Number(quantity) === 0 || !POSITIVE_INT.test(period)) {
        return {
          reason: 'bad_number',
          message: `limit_quantity "${quantity}" / period_days "${period}" are not positive numbers`,
        };
      }
      return {
        check: { kind: 'times_per_window', items, maxTimes: quantity },
        label: `${period}天内${quantity}次`,
        window: { kind: 'days', days: Number(period) },
      };
    }
    case 'item_course': {
      const clauses = description
        .split(/[，。；,;]/u)
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const days = clauses.map((c) => COURSE_DAYS.exec(c)?.[1]).find((d) => d !== undefined);
      if (days === undefined) {
        return {
          reason: 'course_without_days',
          message: `the description "${description}" gives no course in days`,
        };
      }
      return {
        check: { kind: 'item_course', items, maxDays: Number(days) },
        label: `${days}天`,
        ...(courseWindow === undefined ? {} : { window: courseWindow }),
      };
    }
  }
}
