import { describe, expect, it } from 'vitest';
import { loadImportSettings, readShipped } from '../../node/load.ts';
import { nrdl2024 } from '../__fixtures__/nrdl.ts';
import { joinNationalCodes, nameVariants } from './national-codes.ts';
import { importRuleBase } from './rule-base.ts';

describe('nameVariants', () => {
  it('tries the name, the name without brackets and each bracketed alias', () => {
    expect(nameVariants('小儿清热止咳口服液(合剂、 糖浆)')).toEqual([
      '小儿清热止咳口服液(合剂、糖浆)',
      '小儿清热止咳口服液',
    ]);
    expect(nameVariants('小儿珠珀散(原名:珠珀猴枣散)')).toEqual([
      '小儿珠珀散(原名:珠珀猴枣散)',
      '小儿珠珀散',
      '珠珀猴枣散',
    ]);
    expect(nameVariants('注射用艾普拉唑钠')).toEqual(['注射用艾普拉唑钠']);
  });
});

describe('national drug codes joined to the 2024 list', () => {
  it('reports how many entries carry a national code, every code under its entry class', () => {
    const items = nrdl2024().release.items.map((i) => ({ ...i, codes: [] as string[] }));
    const ruleBase = importRuleBase({
      restrictionsCsv: readShipped('ruleBaseRestrictions'),
      codesCsv: readShipped('ruleBaseCodes'),
      settings: loadImportSettings(),
    });
    if (!ruleBase.ok) throw new Error(JSON.stringify(ruleBase.issues.slice(0, 3)));
    const report = joinNationalCodes(items, ruleBase.value.codesByGenericName);
    const share = ((report.withCode / report.entries) * 100).toFixed(1);
    console.log(
      `national codes: ${report.withCode} of ${report.entries} entries (${share}%) carry a code; ` +
        `${report.codesJoined} of ${report.codesOffered} rule-base codes joined; by section ${JSON.stringify(report.bySection)}`,
    );
    expect(report.entries).toBe(3826);
    expect(report.codesOffered).toBe(13738);
    expect(report.withCode).toBe(items.filter((i) => i.codes.length > 0).length);
    expect(report.withCode).toBe(nrdl2024().summary.ruleBase?.itemsWithCodes);
    for (const item of items) {
      for (const code of item.codes) expect(code.startsWith(item.categoryCode ?? '?')).toBe(true);
    }
    // The bracketed alias joins 小儿清热止咳合剂(小儿清热止咳口服液)'s codes to the list's entry.
    const cough = items.find((i) => i.name.startsWith('小儿清热止咳口服液'));
    expect(cough?.codes.length).toBeGreaterThan(0);
  });
});
