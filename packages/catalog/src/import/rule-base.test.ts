import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImportSettings, readRuleBaseDir, readShipped } from '../../node/load.ts';
import { importRuleBase } from './rule-base.ts';

const settings = loadImportSettings();

/** The first rows of the published files, with their real headers (nhsa-rule-base/SOURCE.md). */
const RULES_PUBLISHED = [
  'batch,source_file,generic_name,description,restriction_type,restriction_value',
  '第一批,【第一批】药品规则库(限定性别对象).xlsx,阿帕他胺片,限转移性激素敏感性前列腺癌(mHSPC)患者。,限定性别对象,男',
  '第五批,【第五批】药品规则库（限定机构等级）.xlsx,参附注射液,限二级及以上医疗机构。,限定机构等级,二级',
].join('\n');
const CODES_PUBLISHED = [
  'batch,source_file,generic_name,seq,national_drug_code,restriction_type',
  '第一批,【第一批】药品规则库(限定性别对象).xlsx,阿帕他胺片,1,XL02BBA326A001010102180,限定性别对象',
  '第五批,【第五批】药品规则库（限定机构等级）.xlsx,参附注射液,1,ZA05CAC0029010102312,限定机构等级',
].join('\n');

describe('importRuleBase', () => {
  it('accepts the files as published: extra columns, any order', () => {
    const result = importRuleBase({
      restrictionsCsv: RULES_PUBLISHED,
      codesCsv: CODES_PUBLISHED,
      settings,
    });
    expect(result.ok).toBe(true);
    expect(result.ok ? result.value.codeRestrictions : []).toMatchObject([
      {
        code: 'XL02BBA326A001010102180',
        restrictions: [{ kind: 'sex', sex: 'male', source: 'rule_base' }],
      },
      {
        code: 'ZA05CAC0029010102312',
        restrictions: [{ kind: 'institution_tier', minTier: 'secondary' }],
      },
    ]);
    // The same codes when the columns come in another order.
    const reordered = CODES_PUBLISHED.split('\n')
      .map((l) => {
        const [batch, file, name, seq, code, type] = l.split(',');
        return [code, type, seq, name, file, batch].join(',');
      })
      .join('\n');
    const again = importRuleBase({
      restrictionsCsv: RULES_PUBLISHED,
      codesCsv: reordered,
      settings,
    });
    expect(again.ok && result.ok ? again.value.codeRestrictions : null).toEqual(
      result.ok ? result.value.codeRestrictions : undefined,
    );
  });

  it('accepts the shipped copy, reduced to the columns it reads, with the same result', () => {
    const shipped = importRuleBase({
      restrictionsCsv: readShipped('ruleBaseRestrictions'),
      codesCsv: readShipped('ruleBaseCodes'),
      settings,
    });
    expect(shipped.ok).toBe(true);
    expect(shipped.ok ? shipped.value.codeRestrictions.length : 0).toBe(13738);
  });

  it('names the missing columns when a file is not the rule base', () => {
    const result = importRuleBase({
      restrictionsCsv: RULES_PUBLISHED,
      codesCsv: 'batch,generic_name,code\n第一批,阿帕他胺片,XL02BBA326A001010102180',
      settings,
    });
    expect(result.ok ? [] : result.issues).toMatchObject([
      {
        code: 'import.header_mismatch',
        path: ['drug_restriction_codes.csv', 1],
        data: { missing: ['national_drug_code', 'restriction_type'] },
      },
    ]);
  });

  it('refuses a row of the wrong width with its line', () => {
    const result = importRuleBase({
      restrictionsCsv: RULES_PUBLISHED,
      codesCsv: `${CODES_PUBLISHED}\n第一批,阿帕他胺片`,
      settings,
    });
    expect(result.ok ? [] : result.issues).toMatchObject([
      { code: 'import.row_width', path: ['drug_restriction_codes.csv', 4] },
    ]);
  });
});

describe('readRuleBaseDir', () => {
  it('reads the published files from a folder, and names each missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openpayer-rule-base-'));
    try {
      writeFileSync(join(dir, 'drug_restrictions.csv'), RULES_PUBLISHED);
      const partial = readRuleBaseDir(dir);
      expect(partial.ok ? [] : partial.issues).toMatchObject([
        { code: 'rule_base.file_missing', path: ['drug_restriction_codes.csv'] },
      ]);
      writeFileSync(join(dir, 'drug_restriction_codes.csv'), CODES_PUBLISHED);
      const files = readRuleBaseDir(dir);
      if (!files.ok) throw new Error(JSON.stringify(files.issues));
      const imported = importRuleBase({ ...files.value, settings });
      expect(imported.ok ? imported.value.codeRestrictions.map((c) => c.code) : []).toEqual([
        'XL02BBA326A001010102180',
        'ZA05CAC0029010102312',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
