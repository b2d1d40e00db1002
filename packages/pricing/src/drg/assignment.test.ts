import { describe, expect, it } from 'vitest';
import { loadGrouperAssignmentTable } from '../../node/load.ts';
import { grouperVersionFor, loadGrouperAssignments } from './assignment.ts';

describe('region → grouper version assignments (dated data)', () => {
  it('names Harbin 2024 for Harbin from 2024 and nothing before', () => {
    const table = loadGrouperAssignmentTable();
    if (!table.ok) throw new Error(JSON.stringify(table.issues));
    expect(grouperVersionFor(table.value, '230100', '2024-06-30')).toBe('harbin-2024');
    expect(grouperVersionFor(table.value, '230100', '2023-12-31')).toBeUndefined();
    expect(grouperVersionFor(table.value, '110000', '2023-01-01')).toBe('chs-drg-1.1-bj-2022');
  });

  it('refuses unknown versions, bad dates and overlaps with file and line', () => {
    const text = [
      'region,valid_from,valid_to,grouper_version',
      '230100,2024-01-01,,harbin-2024',
      '230100,2024-06-01,2024-12-31,chs-drg-1.1',
      '230100,2025-13-01,,chs-drg-1.1',
      '110000,2022-03-01,,chs-drg-7',
    ].join('\n');
    const r = loadGrouperAssignments('a.csv', text, ['harbin-2024', 'chs-drg-1.1']);
    expect(r.issues.map((i) => [i.code, i.path.join(':')])).toEqual([
      ['drg_tables.duplicate', 'a.csv:3'],
      ['drg_tables.bad_value', 'a.csv:4'],
      ['drg_tables.unknown_drg', 'a.csv:5'],
    ]);
  });
});
