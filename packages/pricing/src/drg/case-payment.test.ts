import { readFileSync } from 'node:fs';
import { Money, calendarDate } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { demoPolicyWire, policyFrom } from '../__fixtures__/harness.ts';
import type { PolicyWire } from '../policy/policy.ts';
import { drgCasePayment } from './case-payment.ts';
import { loadDrgParameters } from './payment.ts';

const read = (f: string) =>
  readFileSync(new URL(`../../data/harbin-drg/${f}`, import.meta.url), 'utf8');
const loaded = loadDrgParameters('harbin-2022-2024', '230100', {
  weightsCsv: read('harbin_drg_weights.csv'),
  baseRatesCsv: read('harbin_base_rates.csv'),
});
if (!loaded.ok) throw new Error('parameters');
const params = loaded.value;

/** PRODUCT.md §8 as dated policy data (the demo policy plus its DRG section). */
const wire = demoPolicyWire();
const policy = policyFrom({
  ...wire,
  parameters: {
    ...wire.parameters,
    drgCoefficient: [
      { from: '2024-01-01', key: { tier: 'tertiary' }, value: '1' },
      { from: '2024-01-01', key: { tier: 'secondary' }, value: '0.9' },
    ],
    drgOutliers: [
      {
        from: '2024-01-01',
        value: { highMultiple: '3', lowFraction: '0.4', highExcessRatio: '0.8' },
      },
    ],
    drgQualityUplift: [{ from: '2024-01-01', value: '0.05' }],
    drgDomesticDeviceUplift: [{ from: '2024-01-01', value: '0.1' }],
    drgTechniqueSubgroups: [
      { from: '2024-01-01', drg: 'MA15', technique: 'robotic', standard: '75000.00' },
      { from: '2024-01-01', drg: 'MA15', technique: 'laparoscopic', standard: '45000.00' },
    ],
  },
});

const base = {
  date: calendarDate('2024-09-10'),
  insuranceType: 'employee' as const,
  tier: 'tertiary' as const,
  region: '230100',
  cost: Money.of('60000.00'),
};

describe('drgCasePayment with the policy document', () => {
  it('pays BB11 its standard at a tertiary hospital (73,386.32) and 90% at a secondary one', () => {
    const tertiary = drgCasePayment(policy, params, { ...base, drg: 'BB11' });
    const secondary = drgCasePayment(policy, params, { ...base, drg: 'BB11', tier: 'secondary' });
    expect(tertiary.ok && tertiary.value.payment.toFixedString()).toBe('73386.32');
    // 12,252.70 × 5.9894 × 0.9 = 66,047.689… → 66,047.69
    expect(secondary.ok && secondary.value.payment.toFixedString()).toBe('66047.69');
    // The weight it was paid by: the table's, whatever the coefficient.
    expect([
      tertiary.ok && tertiary.value.weight.toString(),
      secondary.ok && secondary.value.weight.toString(),
    ]).toEqual(['5.9894', '5.9894']);
  });

  it('pays robotic and laparoscopic prostatectomy their own subgroup standards (75,000 vs 45,000)', () => {
    const robotic = drgCasePayment(policy, params, { ...base, drg: 'MA15', technique: 'robotic' });
    const lap = drgCasePayment(policy, params, { ...base, drg: 'MA15', technique: 'laparoscopic' });
    expect([
      robotic.ok && robotic.value.standard.toFixedString(),
      lap.ok && lap.value.standard.toFixedString(),
    ]).toEqual(['75000.00', '45000.00']);
    // A fixed subgroup standard has no weight of its own: the group's table weight is reported.
    expect([
      robotic.ok && robotic.value.weight.toString(),
      lap.ok && lap.value.weight.toString(),
    ]).toEqual(['3.0106', '3.0106']);
  });

  it('adds the domestic-device uplift and the quality uplift', () => {
    const result = drgCasePayment(policy, params, {
      ...base,
      drg: 'BB11',
      domesticDevice: true,
      noComplication: true,
      lengthOfStay: 9,
      averageLengthOfStay: 12,
    });
    // 12,252.70 × 5.9894 × 1.05 × 1.1 × 1 = 84,761.2011… → 84,761.20
    expect(result.ok && result.value.standard.toFixedString()).toBe('84761.20');
    // caseStandard's weight carries the quality uplift (5.9894 × 1.05), not the coefficients.
    expect(result.ok && result.value.weight.toString()).toBe('6.28887');
  });

  it('pays a high-cost case the standard plus 80% above 3× the group average, and a low-cost case its cost', () => {
    const high = drgCasePayment(policy, params, {
      ...base,
      drg: 'BB11',
      cost: Money.of('250000.00'),
      averageCost: Money.of('70000.00'),
    });
    // threshold 210,000.00; 73,386.32 + 40,000.00 × 0.8 = 105,386.32
    expect(high.ok && [high.value.outlier, high.value.payment.toFixedString()]).toEqual([
      'high_cost',
      '105386.32',
    ]);
    const low = drgCasePayment(policy, params, {
      ...base,
      drg: 'BB11',
      cost: Money.of('20000.00'),
      averageCost: Money.of('70000.00'),
    });
    expect(low.ok && [low.value.outlier, low.value.payment.toFixedString()]).toEqual([
      'low_cost',
      '20000.00',
    ]);
  });

  it('applies a person-category coefficient to that person only, naming the entry', () => {
    const children = policyFrom({
      ...wire,
      parameters: {
        ...wire.parameters,
        drgCoefficient: [
          { from: '2024-01-01', value: '1' },
          { from: '2024-01-01', key: { personCategory: 'child' }, value: '1.2' },
          { from: '2024-01-01', key: { personCategory: 'rare_disease' }, value: '1.5' },
        ],
      },
    });
    const child = drgCasePayment(children, params, { ...base, drg: 'BB11', categories: ['child'] });
    const adult = drgCasePayment(children, params, { ...base, drg: 'BB11', categories: [] });
    const unknown = drgCasePayment(children, params, { ...base, drg: 'BB11' });
    // 12,252.70 × 5.9894 = 73,386.321… ; × 1.2 = 88,063.585… → 88,063.59
    expect(child.ok && child.value.payment.toFixedString()).toBe('88063.59');
    expect(child.ok && child.value.explanations).toContain(
      '12252.70 × 5.9894 × 1.2 (coefficient parameters.drgCoefficient[1] for child) = 88063.59',
    );
    expect(adult.ok && adult.value.payment.toFixedString()).toBe('73386.32');
    expect(unknown.ok && unknown.value.payment.toFixedString()).toBe('73386.32');
    const rare = drgCasePayment(children, params, {
      ...base,
      drg: 'BB11',
      categories: ['rare_disease'],
    });
    expect(rare.ok && rare.value.explanations.join()).toContain(
      'parameters.drgCoefficient[2] for rare_disease',
    );
  });

  it('refuses a technique subgroup that gives both a weight and a standard', () => {
    const bad = {
      ...wire,
      parameters: {
        ...wire.parameters,
        drgTechniqueSubgroups: [
          {
            from: '2024-01-01',
            drg: 'MA15',
            technique: 'robotic',
            standard: '1.00',
            weight: '1.2',
          },
        ],
      },
    };
    expect(() => policyFrom(bad as PolicyWire)).toThrow(/either a weight or a standard/u);
  });
});
