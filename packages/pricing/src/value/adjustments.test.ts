import type { CalendarDate } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { type Policy, type PolicyWire, loadPolicy } from '../policy/policy.ts';
import { proposeAdjustments, proposedPolicyVersion } from './adjustments.ts';
import { DEMO_WIRE, indicatorsOf, readFixture } from './__fixtures__/demo.ts';

/**
 * Dynamic adjustment rules (PRODUCT.md §8) loaded as policy data: measured facts about an item
 * propose a new standard and a new dated policy version; the version in force is never edited.
 */

interface Fixture {
  readonly rules: Partial<PolicyWire['parameters']>;
  readonly cases: readonly {
    readonly name: string;
    readonly date: string;
    readonly measures: Record<string, Record<string, string>>;
    readonly expect: readonly {
      rule: string;
      kind?: string;
      current?: string;
      proposed?: string;
    }[];
  }[];
}

const fixture = readFixture('adjustments') as Fixture;
const demo = DEMO_WIRE;

function loaded(wire: PolicyWire): Policy {
  const result = loadPolicy(wire);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
}

const policy = loaded(demo);
const measuresOf = (m: Record<string, Record<string, string>>) =>
  Object.fromEntries(Object.entries(m).map(([item, values]) => [item, indicatorsOf(values)]));

describe('dynamic adjustment rules (动态调整), §8 as data', () => {
  it('ships the fixture rules in the demo policy', () => {
    expect(demo.parameters.dynamicAdjustments).toEqual(fixture.rules.dynamicAdjustments);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const result = proposeAdjustments(policy, c.date as CalendarDate, measuresOf(c.measures));
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      expect(
        result.value.map((p) => ({
          rule: p.rule,
          ...(p.kind === 'review' ? { kind: 'review' } : {}),
          ...(p.current === undefined ? {} : { current: p.current.toFixedString() }),
          ...(p.proposed === undefined ? {} : { proposed: p.proposed.toFixedString() }),
        })),
      ).toEqual(c.expect);
      for (const p of result.value) expect(p.explanation).toContain(p.rule);
    });
  }

  it('proposes a new dated version: the old standard ends the day before, nothing before it changes', () => {
    const date = '2026-01-01' as CalendarDate;
    const proposals = proposeAdjustments(
      policy,
      date,
      measuresOf({
        '270800001000000': {
          cost_decline: '0.2',
          grade3_adverse_event_rate: '0.11',
          fund_spend_share: '0',
        },
      }),
    );
    if (!proposals.ok) throw new Error('proposals');
    const version = proposedPolicyVersion(demo, proposals.value, {
      id: 'demo-230100-2026-adjusted',
      publishedOn: '2025-12-01' as CalendarDate,
      effectiveFrom: date,
    });
    if (!version.ok) throw new Error(JSON.stringify(version.issues));
    const next = loaded(version.value);
    expect(next.id).toBe('demo-230100-2026-adjusted');
    const rules = next.parameters.itemStandards.filter((r) => r.items.includes('270800001000000'));
    expect(rules.map((r) => [r.from, r.to, r.standard.toFixedString()])).toEqual([
      ['2025-01-01', '2026-01-01', '2000.00'],
      ['2026-01-01', null, '1440.00'],
    ]);
    // The version it came from is untouched.
    expect(demo.parameters.itemStandards?.[0]?.to ?? null).toBeNull();
  });

  it('names a missing measure by item and indicator, and refuses a version with nothing to change', () => {
    const missing = proposeAdjustments(
      policy,
      '2026-01-01' as CalendarDate,
      measuresOf({ '270800001000000': { cost_decline: '0.2' } }),
    );
    expect(missing.ok ? [] : missing.issues.map((i) => [i.code, i.path])).toEqual([
      ['value.indicator_missing', ['measures', '270800001000000', 'grade3_adverse_event_rate']],
      ['value.indicator_missing', ['measures', '270800001000000', 'fund_spend_share']],
    ]);
    const none = proposedPolicyVersion(demo, [], {
      id: 'x',
      publishedOn: '2026-01-01' as CalendarDate,
      effectiveFrom: '2026-01-01' as CalendarDate,
    });
    expect(none.ok ? null : none.issues[0]?.code).toBe('adjustment.nothing_to_propose');
  });

  it('refuses a rule without a comparison or with an unknown action, naming the field', () => {
    const bad = loadPolicy({
      ...demo,
      parameters: {
        ...demo.parameters,
        dynamicAdjustments: [
          {
            id: 'x',
            from: '2025-01-01',
            items: ['270800001000000'],
            when: { indicator: 'cost_decline' },
            action: { kind: 'adjust_standard', change: '-0.1' },
          },
          {
            id: 'y',
            from: '2025-01-01',
            items: ['270800001000000'],
            when: { indicator: 'cost_decline', above: '0.1' },
            action: { kind: 'delete_item' },
          },
        ],
      },
    });
    expect(bad.ok ? [] : bad.issues.map((i) => i.path.join('.'))).toEqual([
      'parameters.dynamicAdjustments.0.when',
      'parameters.dynamicAdjustments.1.action.kind',
    ]);
  });
});
