import { describe, expect, it } from 'vitest';
import { nationalTables } from './__fixtures__/tables.ts';
import { type DischargeRecord, groupRecord } from './group.ts';
import { dischargeRecordSchema } from './record.ts';

/**
 * One test per grouper defect found by the differential test (issue 20). Records are our own,
 * built from real codes of the CHS-DRG 1.0 tables and the ICD-10 医保版 list.
 */
const adult: DischargeRecord = {
  sex: 'male',
  ageYears: 54,
  lengthOfStay: 7,
  principalDiagnosis: 'J18.900',
  secondaryDiagnoses: [],
  otherProcedures: [],
};
const newborn = (over: Partial<DischargeRecord>): DischargeRecord => ({
  ...adult,
  ageYears: 0,
  ageDays: 6,
  ...over,
});

describe('MDC P takes a newborn only by the MDC P rules', () => {
  it('a newborn whose principal diagnosis is not in the MDC P table groups by its own MDC', () => {
    const r = groupRecord(
      nationalTables(),
      newborn({ principalDiagnosis: 'J18.900', birthWeightGrams: 3200 }),
    );
    expect([r.status, r.mdc, r.adrg]).toEqual(['grouped', 'MDCE', 'ES2']);
    expect(r.trace.join(' ')).toContain('not in the MDCP table');
  });

  it('birth weight alone does not make a preterm group: a term diagnosis of 1,200 g → PU1', () => {
    // A04.000x001 新生儿肠致病性大肠杆菌肠炎 is on the PU1 list, on no PS / PT list.
    const r = groupRecord(
      nationalTables(),
      newborn({ principalDiagnosis: 'A04.000x001', birthWeightGrams: 1200 }),
    );
    expect([r.mdc, r.adrg]).toEqual(['MDCP', 'PU1']);
  });

  it('a preterm diagnosis without a birth weight is invalid, naming birthWeightGrams', () => {
    const r = groupRecord(nationalTables(), newborn({ principalDiagnosis: 'P07.300' }));
    expect([r.status, r.field, r.drg]).toEqual(['invalid', 'birthWeightGrams', null]);
    expect(r.trace.join(' ')).toContain('birthWeightGrams is missing');
  });

  it('the weight picks the band among the preterm groups (P07.300 of 1,300 g → PS1)', () => {
    const r = groupRecord(
      nationalTables(),
      newborn({ principalDiagnosis: 'P07.300', birthWeightGrams: 1300 }),
    );
    expect(r.adrg).toBe('PS1');
  });

  it('an age of 0 years with a newborn diagnosis and no age in days is invalid, naming ageDays', () => {
    const r = groupRecord(nationalTables(), {
      ...newborn({ principalDiagnosis: 'P07.300', birthWeightGrams: 1300 }),
      ageDays: undefined,
    });
    expect([r.status, r.field]).toEqual(['invalid', 'ageDays']);
  });
});

describe('HIV', () => {
  it('an HIV infection as a secondary diagnosis leads to MDC Y (ADRG by that diagnosis)', () => {
    const r = groupRecord(nationalTables(), {
      ...adult,
      principalDiagnosis: 'J18.900',
      secondaryDiagnoses: ['B20.600x001'],
    });
    expect([r.status, r.mdc, r.adrg]).toEqual(['grouped', 'MDCY', 'YR1']);
  });

  it('an HIV-related diagnosis with an operation reaches YC1, not YQY', () => {
    // B20.003 人类免疫缺陷病毒病性肺结核 is on the YC1 list; 34.0301 is an operation (ED1 …).
    const r = groupRecord(nationalTables(), {
      ...adult,
      principalDiagnosis: 'B20.003',
      principalProcedure: '34.0301',
    });
    expect([r.status, r.mdc, r.adrg, r.drg]).toEqual(['grouped', 'MDCY', 'YC1', 'YC15']);
  });

  it('an operation with an HIV diagnosis not on the YC1 list stays in YQY', () => {
    const r = groupRecord(nationalTables(), {
      ...adult,
      principalDiagnosis: 'B20.600x001',
      principalProcedure: '34.0301',
    });
    expect([r.status, r.adrg]).toEqual(['ambiguous', 'YQY']);
  });
});

describe('operations', () => {
  it('a non-operating-room procedure of another MDC (K–Q ADRG list) does not make an ambiguity group', () => {
    // 36.0601 is only on FM1's list (经皮心血管操作: second letter M, not an operation).
    const r = groupRecord(nationalTables(), { ...adult, principalProcedure: '36.0601' });
    expect([r.status, r.mdc, r.adrg]).toEqual(['grouped', 'MDCE', 'ES2']);
  });
});

describe('codes and ages', () => {
  it('reads the capital-X code of the MDC table as the 医保版 x code (G56.100x001 → MDCB)', () => {
    const r = groupRecord(nationalTables(), { ...adult, principalDiagnosis: 'G56.100x001' });
    expect(r.mdc).toBe('MDCB');
    expect(r.reason).not.toBe('principal_diagnosis_unknown');
  });

  it('accepts an age in days above 366 that agrees with the years', () => {
    const wire = dischargeRecordSchema.safeParse({
      sex: 'male',
      ageYears: 54,
      ageDays: 19_800,
      lengthOfStay: 7,
      principalDiagnosis: 'J18.900',
    });
    expect(wire.success).toBe(true);
    const r = groupRecord(nationalTables(), { ...adult, ageDays: 19_800 });
    expect([r.status, r.adrg]).toEqual(['grouped', 'ES2']);
  });

  it('refuses days that contradict the years, naming ageDays', () => {
    const r = groupRecord(nationalTables(), { ...adult, ageDays: 400 });
    expect([r.status, r.field]).toEqual(['invalid', 'ageDays']);
    expect(r.trace[0]).toContain('400 days does not match an age of 54');
  });

  it('warns about an unknown secondary diagnosis, naming its field', () => {
    const r = groupRecord(nationalTables(), {
      ...adult,
      secondaryDiagnoses: ['I10.x00x002', 'Q99.999x999', 'bogus'],
    });
    expect(r.status).toBe('grouped');
    expect(r.warnings.map((w) => [w.code, w.field])).toEqual([
      ['secondary_diagnosis_unknown', 'secondaryDiagnoses.1'],
      ['secondary_diagnosis_unknown', 'secondaryDiagnoses.2'],
    ]);
  });

  it('names the age as the problem for a newborn-only diagnosis of an adult', () => {
    const r = groupRecord(nationalTables(), {
      ...adult,
      sex: 'female',
      principalDiagnosis: 'P07.300',
    });
    expect([r.status, r.reason]).toEqual(['ungroupable', 'age_conflict']);
    const text = r.trace.join(' ');
    expect(text).toContain('only in the newborn MDCP table');
    expect(text).not.toContain('does not fit sex');
  });
});
