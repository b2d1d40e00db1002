import { FEN_HALF_UP, Money, Ratio, accountingPeriodOf } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorsOf, policyWith, readFixture, withRules } from './__fixtures__/demo.ts';
import { type PolicyWire, loadPolicy } from '../policy/policy.ts';
import {
  type SteppedP4PRule,
  steppedPeriodPayment,
  steppedRulePays,
  steppedStandard,
} from './stepped.ts';

interface Fixture {
  readonly source: string;
  readonly rules: Partial<PolicyWire['parameters']>;
  readonly cases: readonly {
    readonly name: string;
    readonly input: {
      readonly rule: string;
      readonly period: string;
      readonly cases: number;
      readonly paidPerCase?: string;
      readonly indicators: Record<string, string>;
    };
    readonly expect: {
      readonly step: number | null;
      readonly standard: string;
      readonly paidPerCase: string;
      readonly adjustmentPerCase: string;
      readonly topUp: string;
    };
  }[];
}

const fixture = readFixture('stepped') as Fixture;

const policy = policyWith(fixture.rules);
const ruleById = (id: string): SteppedP4PRule => {
  const rule = policy.parameters.steppedP4P.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
};
const robotic = () => ruleById('robotic-surgery-stepped-2025');
const period = (label: string) => {
  const p = accountingPeriodOf(label);
  if (p === undefined) throw new Error(`bad period ${label}`);
  return p;
};

describe('stepped P4P: the §8 worked examples', () => {
  it.each(fixture.cases)('$name', ({ input, expect: want }) => {
    const result = steppedPeriodPayment(
      ruleById(input.rule),
      {
        period: period(input.period),
        cases: input.cases,
        paidPerCase: input.paidPerCase === undefined ? undefined : Money.of(input.paidPerCase),
        indicators: indicatorsOf(input.indicators),
      },
      policy.rounding,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const p = result.value;
    expect(p.steps.step).toBe(want.step);
    expect(p.standard.toFixedString()).toBe(want.standard);
    expect(p.paidPerCase.toFixedString()).toBe(want.paidPerCase);
    expect(p.adjustmentPerCase.toFixedString()).toBe(want.adjustmentPerCase);
    expect(p.topUp.toFixedString()).toBe(want.topUp);
  });

  it('explains the step, the bonus and the top-up with the rule id and the numbers', () => {
    const result = steppedPeriodPayment(
      robotic(),
      {
        period: period('2025-Q1'),
        cases: 30,
        indicators: { complication_rate: Ratio.of('0.04'), survival_rate: Ratio.of('0.92') },
      },
      FEN_HALF_UP,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.explanations).toEqual([
      'stepped P4P robotic-surgery-stepped-2025 steps[0]: complication_rate 4% < 5%: holds → 12000.00 per case instead of the base 10000.00',
      'stepped P4P robotic-surgery-stepped-2025 bonuses[0]: survival_rate 92% > 90%: holds → +2000.00 per case',
      'stepped P4P robotic-surgery-stepped-2025: standard 14000.00 per case',
      'stepped P4P robotic-surgery-stepped-2025 2025-Q1: (standard 14000.00 − paid 10000.00) × 30 cases = 120000.00 paid at the close',
    ]);
  });

  it('pays the cases of the listed procedure-code prefixes only', () => {
    expect(steppedRulePays(robotic(), '17.41')).toBe(true);
    expect(steppedRulePays(robotic(), '60.5')).toBe(false);
  });
});

describe('stepped P4P: bad input', () => {
  it('needs every indicator the rule names, even when an earlier step already holds', () => {
    const result = steppedStandard(robotic(), { complication_rate: Ratio.of('0.04') }, FEN_HALF_UP);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['value.indicator_missing', ['indicators', 'survival_rate']],
    ]);
  });

  it('names a missing indicator once even when two steps compare it', () => {
    const result = steppedStandard(robotic(), {}, FEN_HALF_UP);
    expect(result.issues.map((i) => i.path)).toEqual([
      ['indicators', 'complication_rate'],
      ['indicators', 'survival_rate'],
    ]);
  });

  it('refuses negative cases and a period the rule does not cover', () => {
    const result = steppedPeriodPayment(
      robotic(),
      {
        period: period('2024'),
        cases: -3,
        indicators: { complication_rate: Ratio.of('0.04'), survival_rate: Ratio.of('0.92') },
      },
      FEN_HALF_UP,
    );
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['stepped.bad_cases', ['cases']],
      ['value.not_in_force', ['period']],
    ]);
  });

  it('refuses through loadPolicy two comparisons in a step, a negative standard and no services', () => {
    const result = loadPolicy(
      withRules({
        steppedP4P: [
          {
            id: 's',
            from: '2025-01-01',
            services: [],
            base: '10000.00',
            steps: [
              {
                when: { indicator: 'complication_rate', below: '0.05', atLeast: '0.01' },
                standard: '-1.00',
              },
            ],
          },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['policy.invalid', ['parameters', 'steppedP4P', 0, 'services']],
      ['policy.invalid', ['parameters', 'steppedP4P', 0, 'steps', 0, 'when', 'below']],
      ['policy.invalid', ['parameters', 'steppedP4P', 0, 'steps', 0, 'standard']],
    ]);
  });
});

describe('stepped P4P: properties', () => {
  const rate = fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000);
  const standardOf = (complication: number, survival: number): Money => {
    const result = steppedStandard(
      robotic(),
      {
        complication_rate: Ratio.of(complication.toFixed(3)),
        survival_rate: Ratio.of(survival.toFixed(3)),
      },
      FEN_HALF_UP,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.value.standard;
  };

  it('never lowers the standard for a better indicator (fewer complications, higher survival) with §8’s steps', () => {
    fc.assert(
      fc.property(rate, rate, rate, rate, (c1, c2, s1, s2) => {
        const [worseC, betterC] = c1 >= c2 ? [c1, c2] : [c2, c1];
        const [worseS, betterS] = s1 <= s2 ? [s1, s2] : [s2, s1];
        return standardOf(betterC, betterS).greaterThanOrEqual(standardOf(worseC, worseS));
      }),
    );
  });

  it('makes the top-up exactly (standard − paid) × cases, and zero when paid the standard', () => {
    fc.assert(
      fc.property(rate, rate, fc.integer({ min: 0, max: 100_000 }), (c, s, cases) => {
        const indicators = {
          complication_rate: Ratio.of(c.toFixed(3)),
          survival_rate: Ratio.of(s.toFixed(3)),
        };
        const pay = (paidPerCase?: Money) =>
          steppedPeriodPayment(
            robotic(),
            { period: period('2025'), cases, paidPerCase, indicators },
            FEN_HALF_UP,
          );
        const byBase = pay();
        if (!byBase.ok) return false;
        const { standard, topUp } = byBase.value;
        const expected = Money.fromMinor(
          (standard.toMinor() - Money.of('10000.00').toMinor()) * BigInt(cases),
        );
        const atStandard = pay(standard);
        return topUp.equals(expected) && atStandard.ok && atStandard.value.topUp.isZero();
      }),
    );
  });
});
