import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGrouperVersion } from '../../node/load.ts';
import { nationalTables } from './__fixtures__/tables.ts';
import { type DischargeRecord, groupRecord } from './group.ts';

interface Golden {
  readonly name: string;
  readonly why: string;
  readonly record: Partial<DischargeRecord> & { principalDiagnosis: string };
  readonly expect: Record<string, unknown>;
}

const golden = (file: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${file}`, import.meta.url), 'utf8')) as Golden[];
const cases = golden('golden-cases.json');
const cases11 = golden('golden-cases-1.1.json');

function viewOf(r: ReturnType<typeof groupRecord>): Record<string, unknown> {
  return {
    status: r.status,
    mdc: r.mdc,
    adrg: r.adrg,
    drg: r.drg,
    reason: r.reason,
    field: r.field,
    counted: r.counted.map((x) => x.code),
    excluded: r.excluded.map((x) => x.code),
    validProcedures: r.validProcedures,
  };
}

const base: Omit<DischargeRecord, 'principalDiagnosis'> = {
  sex: 'male',
  ageYears: 50,
  lengthOfStay: 8,
  secondaryDiagnoses: [],
  otherProcedures: [],
};

describe('CHS-DRG 1.0 golden cases (built from the national tables; the reason is in each case)', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
  for (const c of cases) {
    it(c.name, () => {
      const r = groupRecord(nationalTables(), { ...base, ...c.record });
      const view = viewOf(r);
      for (const [k, v] of Object.entries(c.expect))
        expect(view[k], `${k}: ${r.trace.join(' › ')}`).toEqual(v);
      expect(r.version).toBe('CHS-DRG 1.0');
      expect(r.trace.length).toBeGreaterThan(0);
    });
  }
});

describe('CHS-DRG 1.1 golden cases (OpenDRG national rules; the reason is in each case)', () => {
  const loaded = loadGrouperVersion('chs-drg-1.1');
  for (const c of cases11) {
    it(c.name, () => {
      if (loaded === undefined || !loaded.ok) throw new Error('CHS-DRG 1.1 failed to load');
      const r = groupRecord(loaded.value, { ...base, ...c.record });
      const view = viewOf(r);
      for (const [k, v] of Object.entries(c.expect))
        expect(view[k], `${k}: ${r.trace.join(' › ')}`).toEqual(v);
      expect(r.version).toBe('CHS-DRG 1.1');
    });
  }
});
