import { describe, expect, it } from 'vitest';
import { readNationalTableFiles } from './__fixtures__/tables.ts';
import { groupRecord } from './group.ts';
import { loadGrouperTables } from './tables.ts';

describe('loadGrouperTables', () => {
  it('loads the national CHS-DRG 1.0 tables', () => {
    const loaded = loadGrouperTables('CHS-DRG 1.0', readNationalTableFiles());
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(loaded.value.mdcs.size).toBe(27);
    expect(loaded.value.adrgs.size).toBe(398);
    expect([...loaded.value.adrgs.values()].reduce((n, a) => n + a.drgs.length, 0)).toBe(640);
    expect(loaded.value.adrgs.get('AC1')?.procedureLists).toEqual(['AC1_01', 'AC1_02']);
    // The published tables write four extension codes with a capital X (one of them in the MDC
    // table too); they are read as the lower-case 医保版 codes, with a warning each.
    expect(loaded.issues.map((i) => [i.code, i.severity, i.path.join(':')])).toEqual([
      ['drg_tables.code_normalized', 'warning', 'mdc_principal_diagnosis.csv:1603'],
      ['drg_tables.code_normalized', 'warning', 'adrg_principal_diagnosis.csv:2426'],
      ['drg_tables.code_normalized', 'warning', 'cc_exclusion.csv:8762'],
      ['drg_tables.code_normalized', 'warning', 'cc_exclusion.csv:11678'],
    ]);
    expect(loaded.value.adrgsByDiagnosis.has('G56.100x001')).toBe(true);
    expect(loaded.value.mdcByDiagnosis.get('G56.100x001')?.[0]?.mdc).toBe('MDCB');
    expect(loaded.value.birthWeightBands.get('PT1')).toEqual({ min: 1500, max: 2499 });
  });

  it('refuses codes that are not ICD-10 / ICD-9-CM-3 医保版 codes, with file and line', () => {
    const files = readNationalTableFiles();
    const result = loadGrouperTables('broken', {
      ...files,
      'mcc.csv': files['mcc.csv'].replace('A02.100,沙门菌脓毒症', 'A2.1,沙门菌脓毒症'),
      'adrg_procedure.csv': files['adrg_procedure.csv'].replace(
        'MDCA,AA1,37.5100',
        'MDCA,AA1,3751',
      ),
    });
    expect(result.ok).toBe(false);
    expect(
      result.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.path.join(':')]),
    ).toEqual([
      ['drg_tables.bad_code', 'adrg_procedure.csv:2'],
      ['drg_tables.bad_code', 'mcc.csv:2'],
    ]);
  });

  it('refuses dangling ADRGs and unknown MDCs with file and line, loading nothing', () => {
    const files = readNationalTableFiles();
    const broken = {
      ...files,
      'drg.csv': `${files['drg.csv'].trimEnd()}\r\nMDCE,EX9,EX99,不存在的组,0,-1,-1\r\n`,
      'adrg_procedure.csv': files['adrg_procedure.csv'].replace(
        'MDCA,AA1,37.5100',
        'MDCA,AA7,37.5100',
      ),
      'adrg.csv': files['adrg.csv'].replace(
        'MDCA,先期分组疾病及相关操作,AB1',
        'MDCQQ,先期分组疾病及相关操作,AB1',
      ),
    };
    const result = loadGrouperTables('broken', broken);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path[0], i.path[1]])).toEqual([
      ['drg_tables.unknown_mdc', 'adrg.csv', 4],
      ['drg_tables.unknown_adrg', 'drg.csv', 642],
      ['drg_tables.unknown_adrg', 'adrg_procedure.csv', 2],
    ]);
  });

  it('refuses a wrong header and a short row', () => {
    const files = readNationalTableFiles();
    const result = loadGrouperTables('broken', {
      ...files,
      'mcc.csv': files['mcc.csv'].replace(
        'diagnosis_code,diagnosis_name,exclusion_table',
        'code,name,table',
      ),
      'cc.csv': `${files['cc.csv'].trimEnd()}\r\nA00.000\r\n`,
    });
    expect(result.issues.map((i) => i.code)).toEqual(['drg_tables.header', 'drg_tables.row_width']);
  });

  it('adds a local variant as another version, without code changes', () => {
    // A city splits the lung-cancer group ER1's "without CC" row by adding a local ADRG ER9 for
    // one diagnosis: its own ADRG, DRG and diagnosis-table rows, loaded under its own version.
    const files = readNationalTableFiles();
    const local = {
      ...files,
      'adrg.csv': `${files['adrg.csv'].trimEnd()}\r\nMDCE,呼吸系统疾病及功能障碍,ER9,主支气管恶性肿瘤（地方细分）\r\n`,
      'drg.csv': `${files['drg.csv'].trimEnd()}\r\nMDCE,ER9,ER99,主支气管恶性肿瘤（地方细分）,0,-1,-1\r\n`,
      'adrg_principal_diagnosis.csv': files['adrg_principal_diagnosis.csv'].replace(
        'MDCE,ER1,C34.000,',
        'MDCE,ER9,C34.000,',
      ),
    };
    const loaded = loadGrouperTables('HRB-2025 local', local);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const record = {
      sex: 'male' as const,
      ageYears: 60,
      lengthOfStay: 7,
      principalDiagnosis: 'C34.000',
      secondaryDiagnoses: [],
      otherProcedures: [],
    };
    const localResult = groupRecord(loaded.value, record);
    expect([localResult.version, localResult.drg]).toEqual(['HRB-2025 local', 'ER99']);
    const national = loadGrouperTables('CHS-DRG 1.0', files);
    if (!national.ok) throw new Error('national failed');
    expect(groupRecord(national.value, record).drg).toBe('ER15');
  });
});
