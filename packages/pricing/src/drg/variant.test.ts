import { FEN_HALF_UP } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { loadGrouperVersion, loadHarbinDrgParameters } from '../../node/load.ts';
import { type DischargeRecord, groupRecord } from './group.ts';
import { generateRecords } from './generate.ts';
import { caseStandard } from './payment.ts';
import type { GrouperTables } from './tables.ts';
import { drgListFromWeights, localVariant } from './variant.ts';

const version = (id: string): GrouperTables => {
  const loaded = loadGrouperVersion(id);
  if (loaded === undefined || !loaded.ok) throw new Error(`${id}: ${JSON.stringify(loaded)}`);
  return loaded.value;
};
const harbinParameters = () => {
  const p = loadHarbinDrgParameters();
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return p.value;
};

const prostatectomy: DischargeRecord = {
  sex: 'male',
  ageYears: 68,
  lengthOfStay: 10,
  principalDiagnosis: 'C61.x00',
  secondaryDiagnoses: [],
  principalProcedure: '60.5x02',
  otherProcedures: [],
};

describe('Harbin 2024 local variant (CHS-DRG 1.1 ADRGs + the Harbin DRG list)', () => {
  it('groups a prostatectomy to the Harbin subgroup of MA1, which has a weight and a standard', () => {
    expect(groupRecord(version('chs-drg-1.1'), prostatectomy).drg).toBe('MA19');
    const harbin = version('harbin-2024');
    const plain = groupRecord(harbin, prostatectomy);
    const withCc = groupRecord(harbin, { ...prostatectomy, secondaryDiagnoses: ['J18.900'] });
    expect([plain.version, plain.adrg, plain.drg, withCc.drg]).toEqual([
      'Harbin 2024 (CHS-DRG 1.1 ADRGs + Harbin DRG list)',
      'MA1',
      'MA15',
      'MA13',
    ]);
    const standard = caseStandard(
      harbinParameters(),
      { drg: plain.drg ?? '', year: 2024, insuranceType: 'employee' },
      FEN_HALF_UP,
    );
    expect(standard.ok).toBe(true);
  });

  it('takes the city split where the nation has none (BC19 → BC11 / BC13 / BC15)', () => {
    expect(
      version('chs-drg-1.1')
        .adrgs.get('BC1')
        ?.drgs.map((d) => d.drg),
    ).toEqual(['BC19']);
    expect(
      version('harbin-2024')
        .adrgs.get('BC1')
        ?.drgs.map((d) => d.drg),
    ).toEqual(['BC11', 'BC13', 'BC15']);
  });

  it('refuses a city DRG whose ADRG the base version lacks, with file and line', () => {
    const list = drgListFromWeights(
      'w.csv',
      'drg_code,drg_name,weight_2024\nMA13,x,3.3\nQQ15,y,1.0\n',
      2024,
    );
    if (!list.ok) throw new Error('list');
    const result = localVariant(version('chs-drg-1.1'), 'bad', 'w.csv', list.value);
    expect(result.issues.map((i) => [i.code, i.path.join(':')])).toEqual([
      ['drg_tables.unknown_adrg', 'w.csv:3'],
    ]);
  });

  it('gives ≥ 95 % of the grouped generated records a weight and a standard', () => {
    const harbin = version('harbin-2024');
    const params = harbinParameters();
    const weights = params.weights.get(2024);
    let grouped = 0;
    let paid = 0;
    const rest = new Map<string, number>();
    for (const record of generateRecords(version('chs-drg-1.1'), 20_000, 2024)) {
      const g = groupRecord(harbin, record);
      if (g.status !== 'grouped' || g.drg === null) continue;
      grouped++;
      const s = caseStandard(
        params,
        { drg: g.drg, year: 2024, insuranceType: 'resident' },
        FEN_HALF_UP,
      );
      if (weights?.has(g.drg) === true && s.ok) paid++;
      else rest.set(g.drg, (rest.get(g.drg) ?? 0) + 1);
    }
    console.log(
      `Harbin 2024: ${paid} / ${grouped} grouped records have a weight and a standard; without: ${JSON.stringify(Object.fromEntries(rest))}`,
    );
    expect(grouped).toBeGreaterThan(15_000);
    expect(paid / grouped).toBeGreaterThanOrEqual(0.95);
  });
});
