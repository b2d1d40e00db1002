import { FEN_HALF_UP, Money, Ratio, accountingPeriodOf, calendarDate } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorsOf, policyWith, readFixture, withRules } from './__fixtures__/demo.ts';
import { type PolicyWire, loadPolicy } from '../policy/policy.ts';
import { type CapitationRule, capitationPayment } from './capitation.ts';

interface Fixture {
  readonly source: string;
  readonly rules: Partial<PolicyWire['parameters']>;
  readonly cases: readonly {
    readonly name: string;
    readonly input: {
      readonly rule: string;
      readonly institution: string;
      readonly region?: string;
      readonly period: string;
      readonly memberMonths: number;
      readonly indicators: Record<string, string>;
    };
    readonly expect: {
      readonly base: string;
      readonly adjustments: string;
      readonly total: string;
      readonly parts: readonly string[];
      readonly members: string;
    };
  }[];
}

const fixture = readFixture('capitation') as Fixture;

const policy = policyWith(fixture.rules);
const ruleById = (id: string): CapitationRule => {
  const rule = policy.parameters.capitation.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
};
const period = (label: string) => {
  const p = accountingPeriodOf(label);
  if (p === undefined) throw new Error(`bad period ${label}`);
  return p;
};

describe('capitationPayment: the §8 worked examples', () => {
  it.each(fixture.cases)('$name', ({ input, expect: want }) => {
    const result = capitationPayment(
      ruleById(input.rule),
      {
        institution: input.institution,
        region: input.region,
        period: period(input.period),
        memberMonths: input.memberMonths,
        indicators: indicatorsOf(input.indicators),
      },
      policy.rounding,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const p = result.value;
    expect(p.base.toFixedString()).toBe(want.base);
    expect(p.adjustments.toFixedString()).toBe(want.adjustments);
    expect(p.total.toFixedString()).toBe(want.total);
    expect(p.parts.map((part) => part.amount.toFixedString())).toEqual(want.parts);
    expect(p.members.toFixed()).toBe(want.members);
    expect(p.explanations.join('\n')).toContain(input.rule);
  });

  it('explains the base and the bonus with the rule, the numbers and the condition', () => {
    const result = capitationPayment(
      ruleById('diabetes-precision-management-2025'),
      {
        institution: 'H23010001',
        period: period('2025'),
        memberMonths: 12000,
        indicators: { control_rate: Ratio.of('0.82') },
      },
      FEN_HALF_UP,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.explanations).toEqual([
      'capitation diabetes-precision-management-2025 (diabetes-precision-management), H23010001 2025: 1200.00 per member per year × 12000 member-months ÷ 12 = 1200000.00 (1000 members on average over 12 months)',
      'diabetes-precision-management-2025 control-rate bonus: control_rate 82% > 80%: holds → 200.00 per member per year × 12000 member-months ÷ 12 = 200000.00 (控制率超过80%，每人奖励200元)',
      'capitation diabetes-precision-management-2025 (diabetes-precision-management), H23010001 2025: total 1400000.00 = base 1200000.00 + adjustments 200000.00',
    ]);
  });
});

describe('capitationPayment: bad input', () => {
  const diabetes = () => ruleById('diabetes-precision-management-2025');
  const good = {
    institution: 'H23010001',
    period: period('2025'),
    memberMonths: 12000,
    indicators: { control_rate: Ratio.of('0.82') },
  };

  it('refuses negative or fractional member-months, naming memberMonths', () => {
    for (const memberMonths of [-1, 1.5, Number.NaN]) {
      const result = capitationPayment(diabetes(), { ...good, memberMonths }, FEN_HALF_UP);
      expect(result.ok).toBe(false);
      expect(result.issues.map((i) => [i.code, i.path])).toEqual([
        ['capitation.bad_member_months', ['memberMonths']],
      ]);
    }
  });

  it('reports an indicator that was not measured instead of treating the condition as false', () => {
    const result = capitationPayment(diabetes(), { ...good, indicators: {} }, FEN_HALF_UP);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['value.indicator_missing', ['indicators', 'control_rate']],
    ]);
  });

  it('names every missing indicator of the rule, even when another one is measured', () => {
    const result = capitationPayment(
      ruleById('chronic-disease-capitation-2025'),
      { ...good, region: '230103', indicators: { in_catalog_use_rate: Ratio.of('0.95') } },
      FEN_HALF_UP,
    );
    expect(result.issues.map((i) => i.path)).toEqual([['indicators', 'out_of_catalog_use_rate']]);
  });

  it('refuses a period the rule does not cover, and an institution outside the rule’s region', () => {
    const result = capitationPayment(
      ruleById('chronic-disease-capitation-2025'),
      {
        ...good,
        region: '230200',
        period: period('2024-Q4'),
        indicators: {
          in_catalog_use_rate: Ratio.of('0.95'),
          out_of_catalog_use_rate: Ratio.of('0.01'),
        },
      },
      FEN_HALF_UP,
    );
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['value.not_in_force', ['period']],
      ['value.not_applicable', ['region']],
    ]);
  });

  it('refuses a rule for another institution', () => {
    const rule: CapitationRule = { ...diabetes(), key: { institution: 'H99' } };
    const result = capitationPayment(rule, good, FEN_HALF_UP);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['value.not_applicable', ['institution']],
    ]);
  });
});

describe('capitation rules through loadPolicy', () => {
  const base = {
    id: 'c',
    from: '2025-01-01',
    programme: 'diabetes-precision-management',
    perMemberPerYear: '1200.00',
  };
  const pathsOf = (rules: Partial<PolicyWire['parameters']>) => {
    const result = loadPolicy(withRules(rules));
    expect(result.ok).toBe(false);
    return result.issues.map((i) => [i.code, i.path]);
  };

  it('refuses a condition with two comparisons, naming the second', () => {
    expect(
      pathsOf({
        capitation: [
          {
            ...base,
            adjustments: [
              {
                when: { indicator: 'control_rate', above: '0.8', atMost: '0.95' },
                perMember: '200.00',
              },
            ],
          },
        ],
      }),
    ).toEqual([
      ['policy.invalid', ['parameters', 'capitation', 0, 'adjustments', 0, 'when', 'atMost']],
    ]);
  });

  it('refuses a condition without a comparison and a bad indicator id', () => {
    expect(
      pathsOf({
        capitation: [
          {
            ...base,
            adjustments: [{ when: { indicator: 'Control-Rate' }, perMember: '200.00' }],
          },
        ],
      }),
    ).toEqual([
      ['policy.invalid', ['parameters', 'capitation', 0, 'adjustments', 0, 'when', 'indicator']],
      ['policy.invalid', ['parameters', 'capitation', 0, 'adjustments', 0, 'when']],
    ]);
  });

  it('refuses an adjustment with both perMember and share, or neither', () => {
    const when = { indicator: 'control_rate', above: '0.8' };
    expect(
      pathsOf({
        capitation: [
          { ...base, adjustments: [{ when, perMember: '200.00', share: '0.05' }, { when }] },
        ],
      }),
    ).toEqual([
      ['policy.invalid', ['parameters', 'capitation', 0, 'adjustments', 0, 'share']],
      ['policy.invalid', ['parameters', 'capitation', 0, 'adjustments', 1]],
    ]);
  });

  it('refuses a negative rate, a share below −1 and a duplicate id', () => {
    expect(
      pathsOf({
        capitation: [
          {
            ...base,
            perMemberPerYear: '-1.00',
            adjustments: [{ when: { indicator: 'x', below: '0.1' }, share: '-1.5' }],
          },
        ],
      }),
    ).toEqual([
      ['policy.invalid', ['parameters', 'capitation', 0, 'adjustments', 0, 'share']],
      ['policy.invalid', ['parameters', 'capitation', 0, 'perMemberPerYear']],
    ]);
    expect(pathsOf({ capitation: [base, { ...base, from: '2026-01-01' }] })).toEqual([
      ['policy.invalid', ['parameters', 'capitation', 1, 'id']],
    ]);
  });
});

describe('capitationPayment: properties', () => {
  const ratio = fc.integer({ min: 0, max: 1000 }).map((n) => Ratio.of((n / 1000).toFixed(3)));
  const money = (min: number, max: number) =>
    fc.integer({ min, max }).map((fen) => Money.fromMinor(BigInt(fen)));

  it('lists parts that sum exactly to the total, for any rates, shares and enrolment', () => {
    fc.assert(
      fc.property(
        money(0, 500_000),
        fc.array(
          fc.record({
            threshold: ratio,
            perMember: fc.option(money(-50_000, 50_000), { nil: undefined }),
            share: fc
              .integer({ min: -1000, max: 1000 })
              .map((n) => Ratio.of((n / 10000).toFixed(4))),
          }),
          { maxLength: 5 },
        ),
        fc.integer({ min: 0, max: 2_000_000 }),
        ratio,
        fc.constantFrom('2025', '2025-Q2', '2025-07'),
        fc.constantFrom(...(['half-up', 'half-even', 'down', 'ceiling'] as const)),
        (rate, adjustments, memberMonths, measured, label, mode) => {
          const rule: CapitationRule = {
            id: 'p',
            name: '',
            from: calendarDate('2025-01-01'),
            to: null,
            programme: 'p',
            key: {},
            perMemberPerYear: rate,
            adjustments: adjustments.map((a) =>
              a.perMember === undefined
                ? { when: { indicator: 'rate', atLeast: a.threshold }, share: a.share }
                : { when: { indicator: 'rate', atLeast: a.threshold }, perMember: a.perMember },
            ),
          };
          const result = capitationPayment(
            rule,
            {
              institution: 'H',
              period: period(label),
              memberMonths,
              indicators: { rate: measured },
            },
            { scale: 2, mode },
          );
          if (!result.ok) return false;
          const { parts, total, base } = result.value;
          const held = adjustments.filter((a) => measured.compare(a.threshold) >= 0).length;
          return (
            Money.sum(parts.map((p) => p.amount)).equals(total) &&
            parts.length === held + 1 &&
            base.add(result.value.adjustments).equals(total) &&
            parts.every((p) => p.amount.isAtMinorUnit())
          );
        },
      ),
    );
  });

  it('pays four quarters of steady enrolment what a year pays', () => {
    fc.assert(
      fc.property(money(0, 500_000), fc.integer({ min: 0, max: 10_000 }), (rate, members) => {
        const rule: CapitationRule = {
          id: 'p',
          name: '',
          from: calendarDate('2025-01-01'),
          to: null,
          programme: 'p',
          key: {},
          perMemberPerYear: rate,
          adjustments: [],
        };
        const pay = (label: string, months: number) => {
          const r = capitationPayment(
            rule,
            {
              institution: 'H',
              period: period(label),
              memberMonths: members * months,
              indicators: {},
            },
            FEN_HALF_UP,
          );
          if (!r.ok) throw new Error('unexpected issues');
          return r.value.total;
        };
        const quarters = Money.sum(
          ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map((q) => pay(q, 3)),
        );
        // Each quarter is rounded on its own: at most half a fen each away from the exact quarter.
        return quarters.subtract(pay('2025', 12)).abs().lessThanOrEqual(Money.of('0.02'));
      }),
    );
  });
});
