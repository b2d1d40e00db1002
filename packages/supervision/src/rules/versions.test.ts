import { type CalendarDate, type RegionCode } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { diffRuleSets } from './diff.ts';
import { ruleSetsInForce } from './in-force.ts';
import { loadRuleSet } from './load.ts';
import { type RuleSetWire } from './rule-set.ts';

const d = (s: string) => s as CalendarDate;
const r = (s: string) => s as RegionCode;

describe('the rule sets in force', () => {
  const versions = [
    { id: 'nat-2024', region: null, activeFrom: '2024-01-01' },
    { id: 'nat-2025', region: null, activeFrom: '2025-01-01' },
    { id: 'hlj-2025', region: '230000', activeFrom: '2025-03-01' },
    { id: 'hrb-2025', region: '230100', activeFrom: '2025-02-01' },
    { id: 'bj-2025', region: '110000', activeFrom: '2025-01-01' },
    { id: 'hrb-draft', region: '230100', activeFrom: null },
  ];

  it('takes the national set and every region containing the person’s, each the latest started', () => {
    const ids = (region: string, date: string) =>
      ruleSetsInForce(versions, r(region), d(date)).map((v) => v.id);
    expect(ids('230103', '2025-06-01')).toEqual(['hlj-2025', 'hrb-2025', 'nat-2025']);
    expect(ids('230103', '2025-02-15')).toEqual(['hrb-2025', 'nat-2025']);
    expect(ids('230200', '2025-06-01')).toEqual(['hlj-2025', 'nat-2025']);
    expect(ids('230103', '2024-06-01')).toEqual(['nat-2024']);
    expect(ids('230103', '2023-06-01')).toEqual([]);
  });
});

const rule = (code: string, over: Partial<RuleSetWire['rules'][number]> = {}) => ({
  code,
  name: code,
  category: 'medical' as const,
  stages: ['settle' as const],
  resultType: 'violation' as const,
  severity: 'high' as const,
  action: 'deduct' as const,
  from: '2025-01-01',
  check: { kind: 'item_sex' as const, items: ['XL02BB'], sex: 'male' as const },
  ...over,
});

function set(id: string, rules: RuleSetWire['rules']) {
  const loaded = loadRuleSet({ id, title: id, region: null, publishedOn: '2025-01-01', rules });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
}

describe('a rule set diff', () => {
  it('lists rules added, removed and changed (with the fields), keyed by code and version', () => {
    const a = set('a', [rule('R1'), rule('R2'), rule('R3')]);
    const b = set('b', [
      rule('R1'),
      rule('R2', { severity: 'low', action: 'warn' }),
      rule('R3', { version: 2 }),
      rule('R4'),
    ]);
    const diff = diffRuleSets(a, b);
    expect(diff.counts).toEqual({ added: 2, removed: 1, changed: 1, unchanged: 1 });
    expect(diff.rules.map((c) => [c.status, c.code, c.version])).toEqual([
      ['changed', 'R2', 1],
      ['added', 'R3', 2],
      ['added', 'R4', 1],
      ['removed', 'R3', 1],
    ]);
    const changed = diff.rules[0];
    expect(changed?.status === 'changed' ? changed.fields : []).toEqual(['severity', 'action']);
  });
});

describe('loading a rule set', () => {
  it('refuses overlapping versions of one rule and a rule ending before it starts, with paths', () => {
    const loaded = loadRuleSet({
      id: 'x',
      title: 'x',
      region: null,
      publishedOn: '2025-01-01',
      rules: [
        rule('R1', { from: '2025-01-01', to: '2025-07-01' }),
        rule('R1', { version: 2, from: '2025-06-01' }),
        rule('R2', { from: '2025-05-01', to: '2025-04-01' }),
      ],
    });
    expect(loaded.ok ? [] : loaded.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['rule_set.invalid', 'rules.1.from'],
      ['rule_set.invalid', 'rules.2.to'],
    ]);
  });
});
