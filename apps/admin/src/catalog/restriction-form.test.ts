import { RESTRICTION_KINDS, type Restriction, restrictionSchema } from '@openpayer/catalog';
import { describe, expect, it } from 'vitest';
import {
  draftOf,
  emptyDraft,
  fieldLabel,
  kindSpec,
  restrictionKindSpecs,
  restrictionOf,
  withKind,
} from './restriction-form.ts';

const SAMPLES: Restriction[] = [
  {
    kind: 'diagnosis',
    source: 'nrdl',
    text: '限非小细胞肺癌',
    conditions: ['非小细胞肺癌'],
    icdPrefixes: ['C34'],
  },
  { kind: 'evidence', source: 'nrdl', text: 'EGFR突变阳性', test: 'EGFR', result: 'positive' },
  { kind: 'age', source: 'rule_base', text: '限儿童', maxYears: 17 },
  { kind: 'setting', source: 'nrdl', text: '限住院', settings: ['inpatient'] },
  { kind: 'quantity', source: 'manual', text: '每月2支', maxQuantity: '2', periodDays: 30 },
  { kind: 'approval', source: 'nrdl', text: '需审批' },
];

describe('the restriction form', () => {
  it('has a form for every restriction kind the schema knows', () => {
    expect(restrictionKindSpecs().map((s) => s.kind)).toEqual([...RESTRICTION_KINDS]);
    expect(kindSpec('age').fields.find((f) => f.name === 'minYears')).toEqual({
      name: 'minYears',
      required: false,
      widget: { type: 'integer', min: 0, max: 150 },
    });
    expect(kindSpec('setting').fields.find((f) => f.name === 'settings')?.widget).toEqual({
      type: 'choices',
      options: ['inpatient', 'outpatient'],
    });
  });

  it.each(SAMPLES)('gives back an untouched $kind restriction as it was, source kept', (r) => {
    const back = restrictionOf(draftOf(r));
    expect(back).toEqual(r);
    expect(restrictionSchema.safeParse(back).success).toBe(true);
  });

  it('marks a changed restriction as written by an administrator', () => {
    const draft = draftOf(SAMPLES[2] as Restriction);
    const changed = restrictionOf({ ...draft, values: { ...draft.values, maxYears: '12' } });
    expect(changed).toEqual({ kind: 'age', source: 'manual', text: '限儿童', maxYears: 12 });
  });

  it('builds a new restriction from an empty form, leaving out optional fields left empty', () => {
    const draft = emptyDraft('age', '成人');
    const adult = restrictionOf({ ...draft, values: { ...draft.values, minYears: '18' } });
    expect(adult).toEqual({ kind: 'age', source: 'manual', text: '成人', minYears: 18 });
    const diagnosis = emptyDraft('diagnosis', '肝癌');
    const built = restrictionOf({
      ...diagnosis,
      values: { ...diagnosis.values, conditions: '肝细胞癌\n 肝癌 ', icdPrefixes: 'C22' },
    });
    expect(built).toMatchObject({ conditions: ['肝细胞癌', '肝癌'], icdPrefixes: ['C22'] });
    expect(restrictionSchema.safeParse(built).success).toBe(true);
  });

  it('passes input it cannot convert on as typed, so the schema names the field', () => {
    const draft = emptyDraft('course', '疗程');
    const bad = restrictionOf({ ...draft, values: { ...draft.values, maxDays: 'two weeks' } });
    const parsed = restrictionSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['maxDays']);
  });

  it('keeps the values both kinds share when the kind changes', () => {
    const draft = draftOf(SAMPLES[4] as Restriction);
    const other = withKind(draft, 'course');
    expect(other.kind).toBe('course');
    expect(other.text).toBe('每月2支');
    expect(Object.keys(other.values)).toEqual(kindSpec('course').fields.map((f) => f.name));
  });

  it('labels a field from its name', () => {
    expect(fieldLabel('minYears')).toBe('min years');
    expect(fieldLabel('icdPrefixes')).toBe('icd prefixes');
  });
});
