import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dischargeRecordSchema, toDischargeRecord } from '../drg/record.ts';
import type { DischargeRecord } from '../drg/group.ts';
import { calendarDate, regionCodeSchema } from '@openpayer/domain';
import { loadDipCatalog } from './catalog.ts';
import { groupDip } from './group.ts';
import { demoCatalog, fixture } from './__fixtures__/load.ts';

const catalog = demoCatalog();

interface Worked {
  readonly name: string;
  readonly record: unknown;
  readonly expect: {
    readonly status: string;
    readonly group?: string;
    readonly kind?: string;
    readonly category?: string;
    readonly field?: string;
  };
}
const worked = (fixture('./grouping-cases.json') as { cases: Worked[] }).cases;

describe('DIP grouping: worked cases (data)', () => {
  it.each(worked.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const record = toDischargeRecord(dischargeRecordSchema.parse(c.record));
    const r = groupDip(catalog, record);
    expect(r.status).toBe(c.expect.status);
    if (c.expect.group !== undefined) expect(r.group).toBe(c.expect.group);
    if (c.expect.kind !== undefined) expect(r.kind).toBe(c.expect.kind);
    if (c.expect.category !== undefined) expect(r.category).toBe(c.expect.category);
    if (c.expect.field !== undefined) expect(r.field).toBe(c.expect.field);
    expect(r.trace.length).toBeGreaterThan(0);
  });

  it('covers every step of the priority and every status', () => {
    const steps = new Set(
      worked.map((c) => `${c.expect.kind ?? c.expect.status}/${c.expect.category ?? ''}`),
    );
    for (const step of [
      'core/surgical',
      'core/therapeutic',
      'core/diagnostic',
      'core/conservative',
      'basic/conservative',
      'comprehensive/surgical',
      'comprehensive/therapeutic',
      'invalid/',
      'ungroupable/',
    ]) {
      expect(steps.has(step), step).toBe(true);
    }
  });
});

describe('DIP grouping: the trace says why', () => {
  it('names the fallback to the comprehensive group', () => {
    const r = groupDip(catalog, {
      sex: 'male',
      ageYears: 55,
      lengthOfStay: 7,
      principalDiagnosis: 'I21.900',
      principalProcedure: '00.6600',
      secondaryDiagnoses: [],
      otherProcedures: [],
    });
    expect(r.trace.join('\n')).toMatch(/none fits the procedures/u);
    expect(r.trace.at(-1)).toMatch(/comprehensive group of category I21, surgical: .*ZI21S01/u);
  });

  it('warns, naming the field, about a procedure it cannot classify', () => {
    const small = { ...catalog, procedureKinds: new Map(), longestProcedurePrefix: 0 };
    const r = groupDip(small, {
      sex: 'male',
      ageYears: 66,
      lengthOfStay: 6,
      principalDiagnosis: 'C34.900',
      principalProcedure: '34.91',
      secondaryDiagnoses: [],
      otherProcedures: [],
    });
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: 'procedure_kind_unknown', field: 'principalProcedure' }),
    ]);
  });
});

describe('DIP grouping: records it must refuse, not throw on', () => {
  const good: DischargeRecord = {
    sex: 'male',
    ageYears: 55,
    lengthOfStay: 7,
    principalDiagnosis: 'K80.100',
    secondaryDiagnoses: [],
    otherProcedures: ['51.2300'],
  };
  const untyped = (r: Record<string, unknown>) => r as unknown as DischargeRecord;

  it.each([
    ['no principal diagnosis', { ...good, principalDiagnosis: undefined }, 'principalDiagnosis'],
    ['a numeric procedure', { ...good, otherProcedures: ['51.2300', 51.23] }, 'otherProcedures.1'],
    ['no otherProcedures list', { ...good, otherProcedures: undefined }, 'otherProcedures'],
    ['a numeric principal procedure', { ...good, principalProcedure: 51 }, 'principalProcedure'],
    ['a stay longer than ten years', { ...good, lengthOfStay: 4000 }, 'lengthOfStay'],
    ['a birth weight for an adult', { ...good, birthWeightGrams: 3000 }, 'birthWeightGrams'],
  ] as const)('%s', (_name, record, field) => {
    const r = groupDip(catalog, untyped(record));
    expect(r.status).toBe('invalid');
    expect(r.field).toBe(field);
  });

  it('with a date and region, the catalog must apply to them', () => {
    const region = regionCodeSchema.parse('230100');
    const at = (date: string, where = region) =>
      groupDip(catalog, good, { date: calendarDate(date), region: where });
    expect(at('2024-06-30').status).toBe('grouped');
    expect(at('2023-12-31')).toEqual(expect.objectContaining({ status: 'invalid', field: 'date' }));
    expect(at('2024-06-30', regionCodeSchema.parse('110000'))).toEqual(
      expect.objectContaining({ status: 'invalid', field: 'region' }),
    );
  });

  it('groups by a lettered procedure code as the code list spells it (17.912A0)', () => {
    const c = loadDipCatalog({
      id: 'lettered',
      region: '230100',
      from: '2024-01-01',
      groups: [
        {
          id: 'G1',
          kind: 'core',
          category: 'surgical',
          diagnosis: 'G40.9',
          procedures: ['17.912A0'],
          score: '900',
          averageCost: '9000.00',
        },
      ],
    });
    if (!c.ok) throw new Error(JSON.stringify(c.issues));
    const record = { ...good, principalDiagnosis: 'G40.900', otherProcedures: [' 17.912A0 '] };
    expect(groupDip(c.value, record)).toEqual(
      expect.objectContaining({ status: 'grouped', group: 'G1' }),
    );
    expect(groupDip(c.value, { ...record, otherProcedures: ['17.912a0'] })).toEqual(
      expect.objectContaining({ status: 'invalid', field: 'otherProcedures.0' }),
    );
  });
});

describe('DIP grouping: properties', () => {
  const diagnoses = [...catalog.byDiagnosis.keys(), 'Z99.2', 'A00.000'];
  const procedures = [...catalog.procedureKinds.keys()].filter((p) => p.length > 2);
  const record: fc.Arbitrary<DischargeRecord> = fc.record({
    sex: fc.constantFrom('male', 'female', 'unknown'),
    ageYears: fc.integer({ min: 0, max: 110 }),
    lengthOfStay: fc.integer({ min: 0, max: 60 }),
    principalDiagnosis: fc.constantFrom(...diagnoses),
    secondaryDiagnoses: fc.constant([]),
    otherProcedures: fc.array(fc.constantFrom(...procedures), { maxLength: 4 }),
  });

  it('always answers with a status, a group exactly when grouped, deterministically', () => {
    fc.assert(
      fc.property(record, (r) => {
        const a = groupDip(catalog, r);
        const b = groupDip(catalog, { ...r, otherProcedures: [...r.otherProcedures] });
        expect(b).toEqual(a);
        expect(a.group !== null).toBe(a.status === 'grouped');
        if (a.status !== 'grouped') expect(a.field).not.toBeNull();
        if (a.group !== null) expect(catalog.groups.has(a.group)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a grouped core group with procedures has every one of them in the record', () => {
    fc.assert(
      fc.property(record, (r) => {
        const g = groupDip(catalog, r);
        const group = g.group === null ? undefined : catalog.groups.get(g.group);
        if (group === undefined || group.kind === 'comprehensive') return;
        for (const code of group.procedures) {
          expect(r.otherProcedures.some((p) => p.startsWith(code))).toBe(true);
        }
        expect(r.principalDiagnosis.startsWith(group.diagnosis)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
