import { Decimal, FEN_HALF_UP, Money, Ratio } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policyWith, readFixture, withRules } from './__fixtures__/demo.ts';
import { type PolicyWire, loadPolicy } from '../policy/policy.ts';
import { type ValueScoreRule, valueScoreAdjustment } from './value-score.ts';

interface Fixture {
  readonly source: string;
  readonly rules: Partial<PolicyWire['parameters']>;
  readonly cases: readonly {
    readonly name: string;
    readonly input: {
      readonly rule: string;
      readonly scores: Record<string, string>;
      readonly payment: string;
    };
    readonly expect: {
      readonly score: string;
      readonly band: number | null;
      readonly adjustment: string;
      readonly adjustedPayment: string;
      readonly adjustmentAmount: string;
    };
  }[];
}

const fixture = readFixture('value-score') as Fixture;

const policy = policyWith(fixture.rules);
const ruleById = (id: string): ValueScoreRule => {
  const rule = policy.parameters.valueScore.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
};
const combination = () => ruleById('combination-therapy-value-2025');
const scoresOf = (wire: Record<string, string>) =>
  Object.fromEntries(Object.entries(wire).map(([k, v]) => [k, new Decimal(v)]));

describe('valueScoreAdjustment: the §8 worked examples', () => {
  it.each(fixture.cases)('$name', ({ input, expect: want }) => {
    const result = valueScoreAdjustment(
      ruleById(input.rule),
      { scores: scoresOf(input.scores), payment: Money.of(input.payment) },
      policy.rounding,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const v = result.value;
    expect(v.score.toFixed()).toBe(want.score);
    expect(v.band).toBe(want.band);
    expect(v.adjustment.toString()).toBe(want.adjustment);
    expect(v.adjustedPayment.toFixedString()).toBe(want.adjustedPayment);
    expect(v.adjustmentAmount.toFixedString()).toBe(want.adjustmentAmount);
  });

  it('explains the composite and the band with the rule id', () => {
    const result = valueScoreAdjustment(
      combination(),
      {
        scores: scoresOf({ outcome: '50', cost: '60', experience: '70' }),
        payment: Money.of('100000.00'),
      },
      FEN_HALF_UP,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.explanations).toEqual([
      'value score combination-therapy-value-2025: 40% × outcome 50 + 30% × cost 60 + 30% × experience 70 = 59',
      'value score combination-therapy-value-2025 bands[1]: 59 < 60 → −10%: 100000.00 → 90000.00 (-10000.00)',
    ]);
  });
});

describe('valueScoreAdjustment: bad input', () => {
  it('names a missing and an out-of-range dimension score', () => {
    const result = valueScoreAdjustment(
      combination(),
      { scores: scoresOf({ outcome: '100.5', experience: '-1' }), payment: Money.of('1.00') },
      FEN_HALF_UP,
    );
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['value_score.score_out_of_range', ['scores', 'outcome']],
      ['value_score.score_missing', ['scores', 'cost']],
      ['value_score.score_out_of_range', ['scores', 'experience']],
    ]);
  });

  it('refuses an institution outside the rule’s key', () => {
    const rule: ValueScoreRule = { ...combination(), key: { institution: 'H1' } };
    const result = valueScoreAdjustment(
      rule,
      {
        scores: scoresOf({ outcome: '90', cost: '70', experience: '80' }),
        payment: Money.of('1.00'),
        institution: 'H2',
      },
      FEN_HALF_UP,
    );
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['value.not_applicable', ['institution']],
    ]);
  });

  const rule = {
    id: 'v',
    from: '2025-01-01',
    weights: [
      { dimension: 'outcome', weight: '0.4' },
      { dimension: 'cost', weight: '0.3' },
      { dimension: 'experience', weight: '0.3' },
    ],
    bands: [
      { atLeast: '80', adjustment: '0.1' },
      { below: '60', adjustment: '-0.1' },
    ],
  };
  const issuesOf = (rules: Partial<PolicyWire['parameters']>) => {
    const result = loadPolicy(withRules(rules));
    expect(result.ok).toBe(false);
    return result.issues.map((i) => [i.code, i.path]);
  };

  it('refuses weights that do not sum to exactly 1, and a dimension weighted twice', () => {
    expect(
      issuesOf({
        valueScore: [
          {
            ...rule,
            weights: [
              { dimension: 'outcome', weight: '0.4' },
              { dimension: 'cost', weight: '0.3' },
              { dimension: 'cost', weight: '0.2' },
            ],
          },
        ],
      }),
    ).toEqual([
      ['policy.invalid', ['parameters', 'valueScore', 0, 'weights', 2, 'dimension']],
      ['policy.invalid', ['parameters', 'valueScore', 0, 'weights']],
    ]);
  });

  it('refuses overlapping bands, naming the later one', () => {
    expect(
      issuesOf({
        valueScore: [
          {
            ...rule,
            bands: [
              { atLeast: '80', adjustment: '0.1' },
              { below: '60', adjustment: '-0.1' },
              { atLeast: '55', below: '65', adjustment: '-0.05' },
            ],
          },
        ],
      }),
    ).toEqual([['policy.invalid', ['parameters', 'valueScore', 0, 'bands', 2]]]);
  });

  it('accepts bands that only touch ([60, 80) beside ≥ 80 and < 60)', () => {
    const ok = loadPolicy(
      withRules({
        valueScore: [
          { ...rule, bands: [...rule.bands, { atLeast: '60', below: '80', adjustment: '0' }] },
        ],
      }),
    );
    expect(ok.ok).toBe(true);
  });

  it('refuses a band edge outside 0–100, an empty band and a band whose edges are reversed', () => {
    expect(
      issuesOf({
        valueScore: [
          {
            ...rule,
            bands: [
              { atLeast: '101', adjustment: '0.1' },
              { adjustment: '0' },
              { atLeast: '50', below: '40', adjustment: '0' },
            ],
          },
        ],
      }),
    ).toEqual([
      ['policy.invalid', ['parameters', 'valueScore', 0, 'bands', 0, 'atLeast']],
      ['policy.invalid', ['parameters', 'valueScore', 0, 'bands', 1]],
      ['policy.invalid', ['parameters', 'valueScore', 0, 'bands', 2, 'below']],
    ]);
  });
});

describe('valueScoreAdjustment: properties', () => {
  const score = fc.integer({ min: 0, max: 10_000 }).map((n) => new Decimal(n).dividedBy(100));

  it('computes the score exactly and an adjustment that adds up to the adjusted payment', () => {
    fc.assert(
      fc.property(
        score,
        score,
        score,
        fc.integer({ min: 0, max: 1_000_000_000 }),
        (outcome, cost, experience, fen) => {
          const payment = Money.fromMinor(BigInt(fen));
          const result = valueScoreAdjustment(
            combination(),
            { scores: { outcome, cost, experience }, payment },
            FEN_HALF_UP,
          );
          if (!result.ok) return false;
          const v = result.value;
          // In hundredths of a point the score is 40 × o + 30 × c + 30 × e (integers): exact.
          const hundredths = (d: Decimal) => BigInt(d.times(100).toFixed(0));
          const exact =
            40n * hundredths(outcome) + 30n * hundredths(cost) + 30n * hundredths(experience);
          const band = v.score.gte(80) ? 0 : v.score.lessThan(60) ? 1 : null;
          const share = band === 0 ? '0.1' : band === 1 ? '-0.1' : '0';
          return (
            BigInt(v.score.times(10_000).toFixed()) === exact &&
            v.band === band &&
            v.payment.add(v.adjustmentAmount).equals(v.adjustedPayment) &&
            v.adjustedPayment.equals(
              payment.multiplyRound(Ratio.ONE.add(Ratio.of(share)), FEN_HALF_UP),
            ) &&
            v.adjustedPayment.isAtMinorUnit()
          );
        },
      ),
    );
  });
});
