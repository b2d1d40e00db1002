import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGrouperVersion } from '../../node/load.ts';
import { type DischargeRecord, groupRecord } from './group.ts';
import { OPENDRG_FILES, type OpenDrgFile, loadOpenDrgRules } from './opendrg.ts';
import type { GrouperTables } from './tables.ts';

const read = (folder: string): Record<OpenDrgFile, string> =>
  Object.fromEntries(
    OPENDRG_FILES.map((f) => [
      f,
      readFileSync(new URL(`../../data/${folder}/${f}`, import.meta.url), 'utf8'),
    ]),
  ) as Record<OpenDrgFile, string>;

const version = (id: string): GrouperTables => {
  const loaded = loadGrouperVersion(id);
  if (loaded === undefined || !loaded.ok) throw new Error(`${id}: ${JSON.stringify(loaded)}`);
  return loaded.value;
};

const adult: DischargeRecord = {
  sex: 'female',
  ageYears: 52,
  lengthOfStay: 9,
  principalDiagnosis: 'C50.000',
  secondaryDiagnoses: [],
  otherProcedures: [],
};

describe('OpenDRG rule files', () => {
  it('loads the national CHS-DRG 1.1 rules with no error', () => {
    const loaded = loadOpenDrgRules('CHS-DRG 1.1', read('chs-drg-1.1'));
    expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
    if (!loaded.ok) return;
    const t = loaded.value;
    expect([t.mdcs.size, t.adrgs.size]).toEqual([26, 376]);
    expect([...t.adrgs.values()].reduce((n, a) => n + a.drgs.length, 0)).toBe(628);
    expect(t.adrgs.get('AC1')?.alternatives).toEqual([['AC1_01', 'AC1_02']]);
    expect(t.adrgs.get('JA1')?.alternatives).toEqual([
      ['JA1_T1', 'JA1_T2'],
      ['JA1_T1', 'JA1_T3', 'JA1_T4'],
    ]);
    expect([...t.anyOperationAdrgs].sort()).toEqual(['SB1', 'TB1', 'WJ1', 'XJ1', 'YC1']);
    expect(t.adrgsByAnyDiagnosis.get('P07.300x001')).toEqual(['PS1', 'PS2', 'PS3', 'PS4']);
    expect(t.mcc.size).toBeGreaterThan(4000);
    expect(t.exclusions.get('表 7-1')?.has('A00.900')).toBe(true);
  });

  it('loads Beijing 2022 as another version with no code change', () => {
    const bj = version('chs-drg-1.1-bj-2022');
    expect(bj.version).toBe('CHS-DRG 1.1 Beijing 2022');
    expect([...bj.adrgs.values()].reduce((n, a) => n + a.drgs.length, 0)).toBe(696);
    // Its multiple-trauma table has the nine body regions, without a 主诊表 heading.
    const regions = new Set<string>();
    for (const entries of bj.mdcByDiagnosis.values())
      for (const e of entries) if (e.mdc === 'MDCZ') regions.add(e.table);
    expect(regions.size).toBe(9);
    // Beijing renumbers and splits: its BC1 脑室分流及翻修手术 has BC11 / BC15.
    expect(bj.adrgs.get('BC1')?.drgs.map((d) => d.drg)).toEqual(['BC11', 'BC15']);
    expect(
      version('chs-drg-1.1')
        .adrgs.get('BC1')
        ?.drgs.map((d) => d.drg),
    ).toEqual(['BC19']);
    const r = groupRecord(bj, { ...adult, principalDiagnosis: 'C50.000' });
    expect([r.version, r.status]).toEqual(['CHS-DRG 1.1 Beijing 2022', 'grouped']);
  });

  it('refuses broken files with file and line, loading nothing', () => {
    const files = read('chs-drg-1.1');
    const broken = {
      ...files,
      '3_DRG.txt': `${files['3_DRG.txt'].trimEnd()}\nQQ19 不存在的组\n`,
      '4_ADRG_DETAIL.txt': files['4_ADRG_DETAIL.txt'].replace(
        '37.5100 心脏移植术',
        '37.5100X 心脏移植术',
      ),
      '5_MCC.txt': files['5_MCC.txt'].replace('A01.100 副伤寒甲 表 7-1', 'A01.100 副伤寒甲'),
    };
    const result = loadOpenDrgRules('broken', broken);
    expect(result.ok).toBe(false);
    expect(
      result.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.path.join(':')]),
    ).toEqual([
      ['drg_tables.unknown_adrg', '3_DRG.txt:629'],
      ['drg_tables.bad_code', '4_ADRG_DETAIL.txt:4'],
      ['drg_tables.bad_value', '5_MCC.txt:2'],
    ]);
  });
});

describe('CHS-DRG 1.1 combination rules', () => {
  it('JA1 needs the principal diagnosis and a full set of procedure tables', () => {
    const t = version('chs-drg-1.1');
    const both = groupRecord(t, {
      ...adult,
      principalProcedure: '85.5300x001',
      otherProcedures: ['85.4300x004'],
    });
    expect([both.mdc, both.adrg]).toEqual(['MDCJ', 'JA1']);
    const second = groupRecord(t, {
      ...adult,
      principalProcedure: '85.5300x001',
      otherProcedures: ['85.2100x003', '40.2100'],
    });
    expect(second.adrg).toBe('JA1');
    const tableOneOnly = groupRecord(t, { ...adult, principalProcedure: '85.5300x001' });
    expect(tableOneOnly.adrg).not.toBe('JA1');
    const wrongDiagnosis = groupRecord(t, {
      ...adult,
      principalDiagnosis: 'N60.100',
      principalProcedure: '85.5300x001',
      otherProcedures: ['85.4300x004'],
    });
    expect(wrongDiagnosis.adrg).not.toBe('JA1');
  });

  it('PS1–PS4 take a preterm diagnosis principal or secondary, banded by birth weight', () => {
    const t = version('chs-drg-1.1');
    const baby: DischargeRecord = {
      ...adult,
      sex: 'male',
      ageYears: 0,
      ageDays: 4,
      principalDiagnosis: 'A04.000x001',
    };
    const preterm = { ...baby, secondaryDiagnoses: ['P07.300x001'] };
    expect(groupRecord(t, { ...preterm, birthWeightGrams: 1800 }).adrg).toBe('PS2');
    expect(groupRecord(t, { ...preterm, birthWeightGrams: 2700 }).adrg).toBe('PS4');
    expect(groupRecord(t, { ...baby, birthWeightGrams: 1800 }).adrg).toBe('PU1');
    const noWeight = groupRecord(t, preterm);
    expect([noWeight.status, noWeight.field]).toEqual(['invalid', 'birthWeightGrams']);
  });

  it('"any operation": sepsis with an operation → SB1; HIV secondary with an operation → YC1', () => {
    const t = version('chs-drg-1.1');
    const sepsis = groupRecord(t, {
      ...adult,
      principalDiagnosis: 'A41.900',
      principalProcedure: '34.0301',
    });
    expect([sepsis.mdc, sepsis.adrg]).toEqual(['MDCS', 'SB1']);
    const hiv = groupRecord(t, {
      ...adult,
      principalDiagnosis: 'J18.900',
      secondaryDiagnoses: ['B20.003'],
      principalProcedure: '34.0301',
    });
    expect([hiv.mdc, hiv.adrg]).toEqual(['MDCY', 'YC1']);
  });
});
