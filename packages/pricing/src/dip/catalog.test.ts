import { Money } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { loadDipCatalog } from './catalog.ts';
import { DIP_CSV_COLUMNS, type DipCatalogMeta, importDipCatalogCsv } from './csv.ts';
import { DEMO_CSV, DEMO_META, KNOWN, demoCatalog, fixtureText } from './__fixtures__/load.ts';

const META: DipCatalogMeta = { id: 'city-2024', region: '230100', from: '2024-01-01' };
const HEADER = Object.values(DIP_CSV_COLUMNS).join(',');
const row = (fields: Partial<Record<keyof typeof DIP_CSV_COLUMNS, string>>) =>
  (Object.keys(DIP_CSV_COLUMNS) as (keyof typeof DIP_CSV_COLUMNS)[])
    .map((k) => fields[k] ?? '')
    .join(',');
const GOOD = {
  id: 'G1',
  diagnosis: 'K80.1',
  procedures: '51.23',
  kind: '核心',
  category: '手术操作',
  score: '1180',
  averageCost: '12395.88',
};
const importRows = (rows: string[], known = true) =>
  importDipCatalogCsv([HEADER, ...rows].join('\n'), META, {
    file: 'city.csv',
    ...(known ? { known: KNOWN } : {}),
  });

describe('DIP catalog: the shipped demo catalog', () => {
  it('loads in full against the real code lists, labelled synthetic', () => {
    const c = demoCatalog();
    expect(c.synthetic).toBe(true);
    expect(c.groups.size).toBe(DEMO_CSV.trim().split('\n').length - 1);
    const kinds = new Map<string, number>();
    for (const g of c.groups.values()) kinds.set(g.kind, (kinds.get(g.kind) ?? 0) + 1);
    expect([...kinds.keys()].sort()).toEqual(['basic', 'comprehensive', 'core']);
    expect(DEMO_META.title).toMatch(/SYNTHETIC/u);
  });
});

describe('DIP catalog: importing a city table in the published layout', () => {
  const r = importDipCatalogCsv(fixtureText('./city-table.csv'), META, {
    file: 'city-table.csv',
    known: KNOWN,
  });

  it('reads columns by name in any order, with a BOM, extra columns and quoted names', () => {
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const c = r.value;
    expect([...c.groups.keys()]).toEqual([
      'C34.9-01',
      'I21-01',
      'C34-02',
      'J18-01',
      'K29-J01',
      'C34-Z1',
      'C34-Z4',
    ]);
    const lobectomy = c.groups.get('C34.9-01');
    expect(lobectomy?.score.toFixed()).toBe('5210.5');
    expect(lobectomy?.averageCost.equals(Money.of('58000.00'))).toBe(true);
    expect(c.groups.get('I21-01')?.procedures).toEqual(['00.66', '36.06']);
    expect(c.groups.get('I21-01')?.procedureName).toBe(
      '经皮冠状动脉腔内血管成形术,冠状动脉支架置入',
    );
    expect(c.groups.get('C34-02')?.category).toBe('therapeutic');
    expect(c.groups.get('J18-01')?.category).toBe('conservative');
    expect(c.groups.get('K29-J01')?.kind).toBe('basic');
    expect(c.comprehensive.get('C34|surgical')?.id).toBe('C34-Z1');
    expect(c.procedureKinds.get('99.25')).toBe('therapeutic');
  });
});

describe('DIP catalog: hostile tables are refused with file, line and column', () => {
  it('a missing required column', () => {
    const text = ['病种编码,主要诊断编码,病种类型,分值', 'G1,K80.1,核心,100'].join('\n');
    const r = importDipCatalogCsv(text, META, { file: 'city.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'dip_catalog.missing_column',
        path: ['city.csv', 1, '次均费用'],
      }),
    ]);
    expect(r.issues[0]?.message).toBe('city.csv line 1: column 次均费用 is missing');
  });

  it('bad scores and costs', () => {
    const r = importRows([
      row(GOOD),
      row({ ...GOOD, id: 'G2', diagnosis: 'K80.2', score: 'abc' }),
      row({ ...GOOD, id: 'G3', diagnosis: 'K35', procedures: '47.01', score: '-5' }),
      row({ ...GOOD, id: 'G4', diagnosis: 'K40', procedures: '53.0', score: '0' }),
      row({ ...GOOD, id: 'G5', diagnosis: 'H25', procedures: '13.41', averageCost: '12.345' }),
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_catalog.invalid', ['city.csv', 3, 'score']],
      ['dip_catalog.invalid', ['city.csv', 4, 'score']],
      ['dip_catalog.invalid', ['city.csv', 5, 'score']],
      ['dip_catalog.invalid', ['city.csv', 6, 'averageCost']],
    ]);
    expect(r.issues[0]?.message).toMatch(/^city\.csv line 3: /u);
    expect(r.issues[1]?.message).toMatch(/must be positive/u);
  });

  it('a duplicate group code and a duplicate key', () => {
    const r = importRows([
      row(GOOD),
      row({ ...GOOD, diagnosis: 'K80.2' }),
      row({ ...GOOD, id: 'G9' }),
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'dip_catalog.duplicate_group',
        path: ['city.csv', 3, 'id'],
        message: 'city.csv line 3: group G1 is already defined at city.csv line 2',
      }),
      expect.objectContaining({
        code: 'dip_catalog.duplicate_key',
        path: ['city.csv', 4, 'diagnosis'],
      }),
    ]);
  });

  it('codes that are not in the real code lists, and malformed codes', () => {
    const r = importRows([
      row({ ...GOOD, diagnosis: 'K80.999x999' }),
      row({ ...GOOD, id: 'G2', procedures: '51.9999' }),
      row({ ...GOOD, id: 'G3', diagnosis: 'hello' }),
      row({ ...GOOD, id: 'G4', procedures: '51.23+ZZ' }),
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_catalog.unknown_code', ['city.csv', 2, 'diagnosis']],
      ['dip_catalog.unknown_code', ['city.csv', 3, 'procedures']],
      ['dip_catalog.bad_code', ['city.csv', 4, 'diagnosis']],
      ['dip_catalog.bad_code', ['city.csv', 5, 'procedures']],
    ]);
    expect(r.issues[0]?.message).toMatch(/not in the ICD-10 医保版 code list/u);
  });

  it('the same codes pass the shape check when no code list is given', () => {
    const r = importRows([row({ ...GOOD, diagnosis: 'K80.999x999' })], false);
    expect(r.ok).toBe(true);
  });

  it('rows whose shape does not fit their kind', () => {
    const r = importRows([
      row({ ...GOOD, kind: '其他' }),
      row({ ...GOOD, id: 'G2', category: '保守治疗' }),
      row({ ...GOOD, id: 'G3', procedures: '', category: '手术操作' }),
      row({ ...GOOD, id: 'G4', kind: '综合', diagnosis: 'K80.1', procedures: '' }),
      row({ ...GOOD, id: 'G5', category: '' }),
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path[1]])).toEqual([
      ['dip_catalog.bad_value', 2],
      ['dip_catalog.inconsistent', 3],
      ['dip_catalog.inconsistent', 4],
      ['dip_catalog.bad_code', 5],
      ['dip_catalog.bad_value', 6],
    ]);
  });

  it('a file whose every row is bad still reports a bad catalog document', () => {
    const r = importDipCatalogCsv(
      [HEADER, row({ ...GOOD, kind: '其他' })].join('\n'),
      {
        ...META,
        from: '2025-01-01',
        to: '2024-01-01',
      },
      { file: 'city.csv' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_catalog.invalid', ['to']],
      ['dip_catalog.bad_value', ['city.csv', 2, '病种类型']],
    ]);
  });

  it('keeps the case of a lettered procedure code (17.912A0) and refuses another spelling', () => {
    const lettered = { ...GOOD, diagnosis: 'G40.9', procedures: '17.912A0' };
    const good = importRows([row(lettered)]);
    if (!good.ok) throw new Error(JSON.stringify(good.issues));
    expect(good.value.groups.get('G1')?.procedures).toEqual(['17.912A0']);
    expect(good.value.procedureKinds.get('17.912A0')).toBe('surgical');
    const lower = importRows([row({ ...lettered, procedures: '17.912a0' })], false);
    expect(lower.ok).toBe(false);
    if (lower.ok) return;
    expect(lower.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_catalog.bad_code', ['city.csv', 2, 'procedures']],
    ]);
  });

  it('a file with a header only', () => {
    const r = importRows([]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'dip_catalog.file', path: ['city.csv'] }),
    ]);
  });
});

describe('DIP catalog: the JSON document', () => {
  const group = {
    id: 'B1',
    kind: 'basic',
    category: 'conservative',
    diagnosis: 'K29',
    score: '300',
    averageCost: '3000.00',
  } as const;

  it('refuses a catalog that ends before it starts, and a prefix given to both sexes', () => {
    const r = loadDipCatalog({ ...META, to: '2023-12-31', groups: [group] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([['dip_catalog.invalid', ['to']]]);
    const both = loadDipCatalog({
      ...META,
      sexSpecific: [
        { prefix: 'N40', sex: 'male' },
        { prefix: 'n40', sex: 'female' },
      ],
      groups: [group],
    });
    expect(both.ok).toBe(false);
    if (both.ok) return;
    expect(both.issues.map((i) => [i.code, i.path])).toEqual([
      ['dip_catalog.inconsistent', ['sexSpecific', 1, 'sex']],
    ]);
  });

  it('caps the issues at 500 and counts the rest', () => {
    const groups = Array.from({ length: 600 }, (_, i) => ({ ...group, id: `B${i}`, score: '0' }));
    const r = loadDipCatalog({ ...META, groups });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(501);
    expect(r.issues.at(-1)).toEqual(
      expect.objectContaining({ code: 'dip_catalog.more_issues', data: { count: 100 } }),
    );
  });

  it('refuses a basic group based on a core group that does not exist', () => {
    const r = loadDipCatalog({ ...META, groups: [{ ...group, basedOn: 'NOPE' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'dip_catalog.dangling_reference',
        path: ['groups', 0, 'basedOn'],
      }),
    ]);
  });

  it('accepts one based on an existing core group', () => {
    const r = loadDipCatalog({
      ...META,
      groups: [
        { ...group, id: 'C1', kind: 'core' },
        { ...group, basedOn: 'C1' },
      ],
    });
    expect(r.ok).toBe(true);
  });

  it('schema problems name the field', () => {
    const r = loadDipCatalog({ ...META, groups: [{ ...group, score: 3 }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toEqual(
      expect.objectContaining({ code: 'dip_catalog.invalid', path: ['groups', 0, 'score'] }),
    );
  });
});
