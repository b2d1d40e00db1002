import {
  loadImportSettings,
  loadServiceImportSettings,
  readShipped,
} from '@openpayer/catalog/node';
import { describe, expect, it } from 'vitest';
import { ruleSetSchema } from '../rule-set.ts';
import { RULE_BASE_FILES, ruleBaseReportSchema } from './report.ts';
import { type RuleBaseInput, ruleSetFromRuleBase } from './rule-base.ts';
import type { RuleBaseImportSettingsWire } from './settings.ts';
import { importNationalRuleSet, nationalRuleBaseDefaults } from './shipped.ts';

const catalogSettings = loadImportSettings();
const serviceSettings = loadServiceImportSettings();
const defaults = nationalRuleBaseDefaults();

const shippedFiles = {
  drugRestrictionsCsv: readShipped('ruleBaseRestrictions'),
  drugCodesCsv: readShipped('ruleBaseCodes'),
  itemRestrictionsCsv: readShipped('ruleBaseItemRestrictions'),
  duplicatesCsv: readShipped('ruleBaseDuplicateCharges'),
};

const settings: RuleBaseImportSettingsWire = {
  ...defaults,
  ages: catalogSettings.ages,
  itemVocabulary: {
    ageGroups: serviceSettings.ageGroups,
    frequencyUnits: serviceSettings.frequencyUnits,
  },
};

function national() {
  const result = importNationalRuleSet({ ...shippedFiles, catalogSettings, serviceSettings });
  if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
  return result.value;
}

const { ruleSet, report } = national();
const ruleNamed = (name: string) => {
  const found = ruleSet.rules.filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('ruleSetFromRuleBase over the shipped rule base (batches 1–8)', () => {
  it('counts rows imported and skipped per file and type', () => {
    const byType = (file: (typeof RULE_BASE_FILES)[number]) =>
      Object.fromEntries(
        Object.entries(report.files[file].byType).map(([type, t]) => [
          type,
          [t.rows, t.imported, t.skipped, t.rules],
        ]),
      );
    // [rows, imported, skipped, rules]
    expect(byType('drug_restrictions.csv')).toEqual({
      限定性别对象: [481, 481, 0, 481],
      限定年龄对象: [282, 282, 0, 282],
      限定机构等级: [61, 61, 0, 61],
      限定就医方式: [35, 35, 0, 35],
      限定支付疗程: [30, 30, 0, 30],
      限定保险类型: [12, 12, 0, 12],
    });
    expect(byType('drug_restriction_codes.csv')).toEqual({
      限定性别对象: [6472, 6472, 0, 0],
      限定年龄对象: [4398, 4398, 0, 0],
      限定机构等级: [962, 962, 0, 0],
      限定就医方式: [736, 736, 0, 0],
      限定支付疗程: [1147, 1147, 0, 0],
      限定保险类型: [112, 112, 0, 0],
    });
    expect(byType('item_restrictions.csv')).toEqual({
      限定性别对象: [390, 390, 0, 390],
      限定主次操作: [378, 378, 0, 7],
      限定频次: [67, 67, 0, 67],
      限定年龄对象: [30, 30, 0, 30],
      限定周期: [14, 14, 0, 14],
      限定疗程: [11, 10, 1, 10],
      限定年龄: [1, 0, 1, 0],
    });
    expect(byType('item_duplicate_charges.csv')).toEqual({
      单日: [446, 446, 0, 99],
      单次就诊: [429, 429, 0, 59],
      '6小时': [18, 0, 18, 0],
      同一小时: [7, 0, 7, 0],
    });
    const totals = RULE_BASE_FILES.map((f) => {
      const t = report.files[f];
      return [f, t.rows, t.imported, t.skipped, t.rules];
    });
    expect(totals).toEqual([
      ['drug_restrictions.csv', 901, 901, 0, 901],
      ['drug_restriction_codes.csv', 13827, 13827, 0, 0],
      ['item_restrictions.csv', 891, 889, 2, 518],
      ['item_duplicate_charges.csv', 900, 875, 25, 158],
    ]);
    expect(report.rules.total).toBe(1577);
    expect(ruleSet.rules).toHaveLength(1577);
    expect(report.rules.byKind).toEqual({
      item_sex: 871,
      item_age: 312,
      item_tier: 61,
      item_setting: 35,
      item_course: 40,
      item_scheme: 12,
      item_frequency: 67,
      times_per_window: 14,
      secondary_procedure: 7,
      duplicate_charge: 158,
    });
  });

  it('accounts for every row: imported + skipped = rows, and each skip is listed', () => {
    for (const file of RULE_BASE_FILES) {
      const t = report.files[file];
      expect(t.imported + t.skipped).toBe(t.rows);
      for (const type of Object.values(t.byType)) {
        expect(type.imported + type.skipped).toBe(type.rows);
      }
      expect(report.skipped.filter((s) => s.file === file)).toHaveLength(t.skipped);
    }
    const reasons: Record<string, number> = {};
    for (const s of report.skipped) reasons[s.reason] = (reasons[s.reason] ?? 0) + 1;
    expect(reasons).toEqual({
      age_not_computable: 1,
      course_without_days: 1,
      window_unsupported: 25,
    });
    expect(report.skipped[0]).toEqual({
      file: 'item_restrictions.csv',
      line: 867,
      reason: 'age_not_computable',
      message: expect.stringContaining('职业功能训练') as string,
    });
    // 新生儿 is the first 28 days of life: a bound in days, not "under 1 year".
    const newborn = ruleSet.rules.filter(
      (r) => r.check.kind === 'item_age' && r.check.maxAgeDays !== null,
    );
    expect(newborn).toHaveLength(18);
    for (const r of newborn) expect(r.check).toMatchObject({ maxAge: null, maxAgeDays: 28 });
  });

  it('produces a rule set and a report that parse with their schemas', () => {
    const wire = ruleSetSchema.encode(ruleSet);
    const again = ruleSetSchema.safeDecode(wire);
    expect(again.success).toBe(true);
    expect(ruleBaseReportSchema.safeParse(report).success).toBe(true);
    expect(ruleSet.id).toBe(defaults.ruleSet.id);
    expect(ruleSet.region).toBeNull();
    expect(ruleSet.publishedOn).toBe(defaults.ruleSet.publishedOn);
    expect(new Set(ruleSet.rules.map((r) => r.code)).size).toBe(ruleSet.rules.length);
    expect(ruleSet.rules.every((r) => r.from === defaults.effectiveFrom)).toBe(true);
  });

  it('阿帕他胺片 is for men only, over the codes the code file lists', () => {
    const rule = ruleNamed('阿帕他胺片 限定性别对象：男');
    expect(rule.check).toEqual({
      kind: 'item_sex',
      sex: 'male',
      items: ['XL02BBA326A001010102180', 'XL02BBA326A001010178537', 'XL02BBA326A001020278537'],
    });
    expect(rule.code).toMatch(/^NHSA-DRUG-SEX-B1-[0-9a-f]{10}$/u);
    expect(rule.source).toBe('第一批 / 【第一批】药品规则库(限定性别对象).xlsx');
    const meta = defaults.types.drug_sex;
    expect([rule.category, rule.resultType, rule.severity, rule.action]).toEqual([
      meta.category,
      meta.resultType,
      meta.severity,
      meta.action,
    ]);
    expect(rule.stages).toEqual(['prescribe', 'settle', 'post_payment']);
  });

  it('糖化血红蛋白测定 is at most once per 15 days', () => {
    const rule = ruleNamed('糖化血红蛋白测定 限定周期：15天内1次');
    expect(rule.code).toBe('NHSA-ITEM-PERIOD-002503020030000');
    expect(rule.window).toEqual({ kind: 'days', days: 15 });
    expect(rule.check.kind).toBe('times_per_window');
    if (rule.check.kind !== 'times_per_window') return;
    expect(rule.check.items).toEqual(['002503020030000']);
    expect(rule.check.maxTimes.toFixed()).toBe('1');
  });

  it('急诊诊查费 is a duplicate of 急诊监护费 on the same day', () => {
    const rule = ruleNamed('急诊监护费 重复收费（单日）');
    expect(rule.code).toBe('NHSA-DUP-DAY-001103000010000');
    expect(rule.window).toEqual({ kind: 'natural_day' });
    expect(rule.resultType).toBe('violation');
    expect(rule.check.kind).toBe('duplicate_charge');
    if (rule.check.kind !== 'duplicate_charge') return;
    expect(rule.check.pairs).toContainEqual({
      main: '001103000010000',
      secondary: '001102000030000',
    });
    expect(rule.check.pairs.every((p) => p.main === '001103000010000')).toBe(true);
  });

  it('reads ages, tiers, settings, courses and schemes through the settings', () => {
    const children = ruleSet.rules.find(
      (r) => r.code.startsWith('NHSA-DRUG-AGE-') && r.name.endsWith('：儿童'),
    );
    expect(children?.check).toMatchObject({
      kind: 'item_age',
      minAge: null,
      maxAge: catalogSettings.ages.childrenMaxYears + 1,
    });
    const newborn = ruleNamed('新生儿护理 限定年龄对象：新生儿');
    const neonatal = serviceSettings.ageGroups['新生儿'];
    expect(newborn.check).toMatchObject({
      maxAge: null,
      maxAgeDays: (neonatal !== undefined && 'maxDays' in neonatal ? neonatal.maxDays : -1) + 1,
    });
    const tier = ruleNamed('参附注射液 限定机构等级：二级');
    expect(tier.check).toMatchObject({ kind: 'item_tier', tiers: ['secondary', 'tertiary'] });
    expect(tier.category).toBe('policy');
    const course = ruleSet.rules.find((r) => r.name.endsWith('限定支付疗程：365天'));
    expect(course?.check).toMatchObject({ kind: 'item_course', maxDays: 365 });
    expect(course?.window).toEqual(defaults.types.drug_course.window);
    const itemCourse = ruleNamed('减重支持系统训练 限定疗程：30天');
    expect(itemCourse.check).toMatchObject({ kind: 'item_course', maxDays: 30 });
    const bed = ruleNamed('普通病房床位费 限定频次：1/日');
    expect(bed.check.kind).toBe('item_frequency');
    const ventilator = ruleNamed('呼吸机辅助呼吸 限定频次：24/小时');
    expect(ventilator.check).toMatchObject({ kind: 'item_frequency' });
    if (ventilator.check.kind === 'item_frequency') {
      expect(ventilator.check.maxPerDay.toFixed()).toBe('24');
    }
    const schemes = ruleSet.rules.filter((r) => r.check.kind === 'item_scheme');
    expect(
      new Set(
        schemes.map((r) => JSON.stringify(r.check.kind === 'item_scheme' && r.check.schemes)),
      ),
    ).toEqual(new Set(['["work_injury"]', '["maternity"]']));
    const group = ruleSet.rules.find(
      (r) => r.check.kind === 'secondary_procedure' && r.check.group === '肝胆手术组',
    );
    expect(group?.check.kind === 'secondary_procedure' && group.check.items).toHaveLength(89);
    expect(group?.category).toBe('management');
  });

  it('keeps rule codes stable when the files come in another row order', () => {
    const reversed = (csv: string) => {
      const [header, ...rows] = csv.trimEnd().split('\n');
      return [header, ...rows.reverse()].join('\n');
    };
    const result = ruleSetFromRuleBase({
      drugRestrictionsCsv: reversed(shippedFiles.drugRestrictionsCsv),
      drugCodesCsv: reversed(shippedFiles.drugCodesCsv),
      itemRestrictionsCsv: reversed(shippedFiles.itemRestrictionsCsv),
      duplicatesCsv: reversed(shippedFiles.duplicatesCsv),
      settings,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const codes = (rules: readonly { code: string }[]) => rules.map((r) => r.code).sort();
    expect(codes(result.value.ruleSet.rules)).toEqual(codes(ruleSet.rules));
  });
});

describe('ruleSetFromRuleBase on bad input', () => {
  const DRUGS = [
    'batch,source_file,generic_name,description,restriction_type,restriction_value',
    '第一批,a.xlsx,阿帕他胺片,,限定性别对象,男',
    '第一批,a.xlsx,某药,,限定性别对象,男',
  ].join('\n');
  const CODES = [
    'batch,generic_name,national_drug_code,restriction_type',
    '第一批,阿帕他胺片,XL02BBA326A001010102180,限定性别对象',
  ].join('\n');
  const ITEMS = [
    'batch,source_file,item_name,item_code,restriction_type,restriction_value,description,limit_quantity,limit_unit,period_days',
    '第一批,b.xlsx,宫颈刮片,002502000010000,限定性别对象,女,,,,',
  ].join('\n');
  const DUPS = [
    'batch,source_file,seq,frequency,main_item_name,main_item_code,secondary_item_name,secondary_item_code,note',
    '第七批,c.xlsx,1,单日,急诊监护费,001103000010000,急诊诊查费,001102000030000,含诊查',
  ].join('\n');
  const small: RuleBaseInput = {
    drugRestrictionsCsv: DRUGS,
    drugCodesCsv: CODES,
    itemRestrictionsCsv: ITEMS,
    duplicatesCsv: DUPS,
    settings,
  };

  const imported = (input: RuleBaseInput) => {
    const result = ruleSetFromRuleBase(input);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.value;
  };

  it('imports a small valid set and skips a drug rule without codes', () => {
    const { ruleSet: set, report: r } = imported(small);
    expect(set.rules.map((x) => x.name)).toEqual([
      '阿帕他胺片 限定性别对象：男',
      '宫颈刮片 限定性别对象：女',
      '急诊监护费 重复收费（单日）',
    ]);
    expect(r.skipped).toEqual([
      {
        file: 'drug_restrictions.csv',
        line: 3,
        reason: 'no_codes',
        message: expect.stringContaining('某药') as string,
      },
    ]);
  });

  it('refuses a file with a missing column, naming the file and the column', () => {
    const result = ruleSetFromRuleBase({
      ...small,
      itemRestrictionsCsv: ITEMS.replace('restriction_type,', 'kind,'),
    });
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      code: 'import.header_mismatch',
      path: ['item_restrictions.csv', 1],
      data: { missing: ['restriction_type'] },
    });
    expect(result.issues[0]?.message).toContain('item_restrictions.csv');
  });

  it('refuses broken quoting, naming the file', () => {
    const result = ruleSetFromRuleBase({ ...small, duplicatesCsv: `${DUPS}\n第七批,"c.xlsx,2` });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({
      code: 'import.csv_unterminated_quote',
      path: ['item_duplicate_charges.csv', 3],
    });
  });

  it('skips a row of the wrong width with its file and line', () => {
    const { report: r } = imported({ ...small, drugCodesCsv: `${CODES}\n第一批,阿帕他胺片,XL02` });
    expect(r.skipped).toContainEqual({
      file: 'drug_restriction_codes.csv',
      line: 3,
      reason: 'malformed_row',
      message: 'drug_restriction_codes.csv line 3: expected 4 fields, found 3',
    });
    expect(r.files['drug_restriction_codes.csv']).toMatchObject({
      rows: 2,
      imported: 1,
      skipped: 1,
    });
  });

  it('skips unknown types, unknown values, bad codes and orphan code rows with reasons', () => {
    const { report: r } = imported({
      ...small,
      drugRestrictionsCsv: `${DRUGS}\n第一批,a.xlsx,某药,,限定颜色,红\n第一批,a.xlsx,他药,,限定性别对象,双`,
      drugCodesCsv: `${CODES}\n第一批,阿帕他胺片,XL-BAD!,限定性别对象\n第九批,无药,XL02BBA326A001010102180,限定性别对象`,
      itemRestrictionsCsv: `${ITEMS}\n第八批-1,d.xlsx,某项,001109000010000,限定频次,,,1,月,\n第一批,b.xlsx,坏码,12345,限定性别对象,女,,,,`,
      duplicatesCsv: `${DUPS}\n第七批,c.xlsx,2,同一小时,甲,003102070040000,乙,003107010210000,`,
    });
    const got = r.skipped.map((s) => [s.file, s.line, s.reason]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['drug_restrictions.csv', 4, 'unknown_type'],
        ['drug_restrictions.csv', 5, 'unknown_value'],
        ['drug_restriction_codes.csv', 3, 'bad_code'],
        ['drug_restriction_codes.csv', 4, 'no_rule'],
        ['item_restrictions.csv', 3, 'frequency_unit_unsupported'],
        ['item_restrictions.csv', 4, 'bad_code'],
        ['item_duplicate_charges.csv', 3, 'window_unsupported'],
      ]),
    );
    for (const file of RULE_BASE_FILES) {
      const t = r.files[file];
      expect(t.imported + t.skipped).toBe(t.rows);
    }
  });

  it('skips rows whose types and values are Object.prototype names, leaving it untouched', () => {
    const hostile = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const result = ruleSetFromRuleBase({
      ...small,
      drugRestrictionsCsv: [
        DRUGS,
        ...hostile.map((t) => `第一批,a.xlsx,某药${t},,${t},男`),
        ...hostile.map((v) => `第一批,a.xlsx,值药${v},,限定性别对象,${v}`),
        ...hostile.map((v) => `第一批,a.xlsx,龄药${v},,限定年龄对象,${v}`),
      ].join('\n'),
      itemRestrictionsCsv: [
        ITEMS,
        ...hostile.map((t) => `第一批,b.xlsx,某项,002502000010000,${t},女,,,,`),
        ...hostile.map((v) => `第一批,b.xlsx,某项,002502000020000,限定年龄对象,${v},,,,`),
        ...hostile.map((u) => `第八批-1,d.xlsx,某项,001109000010000,限定频次,,,1,${u},`),
      ].join('\n'),
      duplicatesCsv: [
        DUPS,
        ...hostile.map((f) => `第七批,c.xlsx,2,${f},甲,003102070040000,乙,003107010210000,`),
      ].join('\n'),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { ruleSet: set, report: r } = result.value;
    // Only the small set's rules: no hostile row became a rule.
    expect(set.rules.map((x) => x.name)).toEqual([
      '阿帕他胺片 限定性别对象：男',
      '宫颈刮片 限定性别对象：女',
      '急诊监护费 重复收费（单日）',
    ]);
    // The hostile rows follow the small set's rows (3 lines of drugs, 2 of items).
    const reasons = (file: (typeof RULE_BASE_FILES)[number], after: number) =>
      r.skipped.filter((s) => s.file === file && s.line > after).map((s) => s.reason);
    expect(reasons('drug_restrictions.csv', 3)).toEqual([
      ...hostile.map(() => 'unknown_type'),
      ...hostile.map(() => 'unknown_value'),
      ...hostile.map(() => 'unknown_value'),
    ]);
    expect(reasons('item_restrictions.csv', 2)).toEqual([
      ...hostile.map(() => 'unknown_type'),
      ...hostile.map(() => 'unknown_value'),
      ...hostile.map(() => 'frequency_unit_unsupported'),
    ]);
    expect(
      r.skipped.filter((s) => s.file === 'item_duplicate_charges.csv').map((s) => s.reason),
    ).toEqual(hostile.map(() => 'window_unsupported'));
    // Each hostile type is tallied as a type of its own.
    expect(Object.hasOwn(r.files['drug_restrictions.csv'].byType, '__proto__')).toBe(true);
    expect(r.files['drug_restrictions.csv'].byType.constructor).toMatchObject({
      rows: 1,
      skipped: 1,
    });
    for (const file of RULE_BASE_FILES) {
      const t = r.files[file];
      expect(t.imported + t.skipped).toBe(t.rows);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>)['rows']).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('reads the drug rules’ age words through settings.vocabulary.ages', () => {
    const ageDrugs = `${DRUGS}\n第一批,a.xlsx,阿帕他胺片,,限定年龄对象,成年`;
    const ageCodes = `${CODES}\n第一批,阿帕他胺片,XL02BBA326A001010102180,限定年龄对象`;
    const age = (input: RuleBaseInput) =>
      imported(input).ruleSet.rules.find((x) => x.name === '阿帕他胺片 限定年龄对象：成年');
    const adults = age({ ...small, drugRestrictionsCsv: ageDrugs, drugCodesCsv: ageCodes });
    expect(adults?.check).toMatchObject({
      kind: 'item_age',
      minAge: catalogSettings.ages.adultMinYears,
      maxAge: null,
    });
    const { 成年: _dropped, ...ages } = settings.vocabulary.ages;
    const withoutWord = imported({
      ...small,
      drugRestrictionsCsv: ageDrugs,
      drugCodesCsv: ageCodes,
      settings: { ...settings, vocabulary: { ...settings.vocabulary, ages } },
    });
    expect(withoutWord.report.skipped.map((s) => [s.line, s.reason])).toContainEqual([
      4,
      'unknown_value',
    ]);
  });

  it('rejects settings and inputs of the wrong shape, naming the field', () => {
    const badSettings = ruleSetFromRuleBase({
      ...small,
      settings: { ...settings, effectiveFrom: '2025-02-30' },
    });
    expect(badSettings.ok).toBe(false);
    expect(badSettings.issues[0]).toMatchObject({
      code: 'rule_import.invalid_settings',
      path: ['settings', 'effectiveFrom'],
    });
    const badInput = ruleSetFromRuleBase({ ...small, duplicatesCsv: 42 as unknown as string });
    expect(badInput.ok).toBe(false);
    expect(badInput.issues[0]).toMatchObject({
      code: 'rule_import.invalid_input',
      path: ['duplicatesCsv'],
    });
  });

  it('takes default actions from its settings, not from code', () => {
    const { ruleSet: set } = imported({
      ...small,
      settings: {
        ...settings,
        types: { ...settings.types, item_sex: { ...settings.types.item_sex, action: 'warn' } },
      },
    });
    expect(set.rules.find((x) => x.name === '宫颈刮片 限定性别对象：女')?.action).toBe('warn');
  });
});
