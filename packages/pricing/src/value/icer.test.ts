import { readFileSync } from 'node:fs';
import { Decimal, FEN_HALF_UP, Money } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Policy, type PolicyWire, loadPolicy } from '../policy/policy.ts';
import { icer, icerThresholdOn } from './icer.ts';

interface IcerCase {
  name: string;
  input: { date: string; incrementalCost: string; incrementalQaly: string };
  expect: {
    threshold: string;
    verdict: string;
    icer: string | null;
    netMonetaryBenefit: string;
    quadrant: string;
  };
}
interface Fixture {
  source: string;
  rules: Partial<PolicyWire['parameters']>;
  cases: IcerCase[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/icer.json', import.meta.url), 'utf8'),
) as Fixture;

function withRules(rules: Partial<PolicyWire['parameters']>) {
  const wire = JSON.parse(
    readFileSync(new URL('../../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
  ) as PolicyWire;
  return loadPolicy({ ...wire, parameters: { ...wire.parameters, ...rules } });
}
const loaded = withRules(fixture.rules);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
const policy: Policy = loaded.value;

function value<T>(r: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('ICER against the thresholds of PRODUCT.md §8 (data)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const threshold = value(icerThresholdOn(policy, c.input.date));
    const r = value(
      icer(
        {
          incrementalCost: Money.of(c.input.incrementalCost),
          incrementalQaly: new Decimal(c.input.incrementalQaly),
        },
        threshold.value,
        policy.rounding,
      ),
    );
    expect({
      threshold: r.threshold.toFixedString(),
      verdict: r.verdict,
      icer: r.icer?.toFixedString() ?? null,
      netMonetaryBenefit: r.netMonetaryBenefit.toFixedString(),
      quadrant: r.quadrant,
    }).toEqual(c.expect);
  });

  it('explains the figures and the verdict', () => {
    const r = value(
      icer(
        { incrementalCost: Money.of('1500000.00'), incrementalQaly: new Decimal('1') },
        Money.of('300000.00'),
        FEN_HALF_UP,
      ),
    );
    expect(r.explanation).toBe(
      'ICER: Δcost 1500000.00, ΔQALY 1, threshold 300000.00 per QALY: ICER 1500000.00 per QALY exceeds the threshold 300000.00',
    );
  });

  it('names the threshold entry it resolved', () => {
    expect(value(icerThresholdOn(policy, '2025-12-31')).source).toBe('parameters.icerThreshold[0]');
    expect(value(icerThresholdOn(policy, '2026-01-01')).source).toBe('parameters.icerThreshold[1]');
  });
});

describe('ICER: properties', () => {
  it('a dearer technology is never better judged, and below_threshold means ICER ≤ threshold', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -100_000_000n, max: 100_000_000n }),
        fc.bigInt({ min: 0n, max: 50_000_000n }),
        fc.integer({ min: -500, max: 500 }),
        (fen, extra, qalyHundredths) => {
          const threshold = Money.of('300000.00');
          const qaly = new Decimal(qalyHundredths).dividedBy(100);
          const rank = { dominant: 3, below_threshold: 2, above_threshold: 1, dominated: 0 };
          const cheap = value(
            icer(
              { incrementalCost: Money.fromMinor(fen), incrementalQaly: qaly },
              threshold,
              FEN_HALF_UP,
            ),
          );
          const dear = value(
            icer(
              { incrementalCost: Money.fromMinor(fen + extra), incrementalQaly: qaly },
              threshold,
              FEN_HALF_UP,
            ),
          );
          if (qaly.greaterThan(0))
            expect(rank[dear.verdict]).toBeLessThanOrEqual(rank[cheap.verdict]);
          if (cheap.verdict === 'below_threshold' && cheap.quadrant === 'north_east') {
            expect(cheap.icer?.lessThanOrEqual(threshold)).toBe(true);
          }
          expect(cheap.icer === null).toBe(
            cheap.verdict === 'dominant' || cheap.verdict === 'dominated',
          );
        },
      ),
    );
  });
});

describe('ICER: bad input answers issues with paths', () => {
  it('refuses a negative threshold', () => {
    const r = icer(
      { incrementalCost: Money.of('1.00'), incrementalQaly: new Decimal('1') },
      Money.of('-1.00'),
      FEN_HALF_UP,
    );
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['icer.negative_threshold', ['threshold']],
    ]);
  });

  it('answers no threshold before the first entry', () => {
    const r = icerThresholdOn(policy, '2024-12-31');
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['icer.no_threshold', ['parameters', 'icerThreshold']],
    ]);
  });

  it('refuses a malformed or overlapping threshold through loadPolicy', () => {
    const r = withRules({
      icerThreshold: [
        { from: '2025-01-01', value: '210000' },
        { from: '2025-01-01', value: '300000.00' },
        { from: '2025-06-01', value: '300000.00' },
      ],
    });
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['policy.invalid', ['parameters', 'icerThreshold', 0, 'value']],
    ]);
    const overlapping = withRules({
      icerThreshold: [
        { from: '2025-01-01', value: '210000.00' },
        { from: '2025-06-01', value: '300000.00' },
      ],
    });
    expect(overlapping.issues.map((i) => [i.code, i.path])).toEqual([
      ['policy.overlapping_entries', ['parameters', 'icerThreshold', 1, 'from']],
    ]);
  });
});
