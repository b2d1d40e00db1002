import { readFileSync } from 'node:fs';
import { Decimal, FEN_HALF_UP, Money, Ratio } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { nationalTables } from './__fixtures__/tables.ts';
import {
  type DrgParameterSet,
  caseStandard,
  loadDrgParameters,
  outlierPayment,
} from './payment.ts';

const read = (f: string) =>
  readFileSync(new URL(`../../data/harbin-drg/${f}`, import.meta.url), 'utf8');

function harbin(): DrgParameterSet {
  const loaded = loadDrgParameters('harbin-2022-2024', '230100', {
    weightsCsv: read('harbin_drg_weights.csv'),
    baseRatesCsv: read('harbin_base_rates.csv'),
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
}

describe('DRG payment standards (Harbin weights and base rates)', () => {
  it('computes BB11 for an employee in 2024: 5.9894 × 12,252.70 = 73,386.32', () => {
    const result = caseStandard(
      harbin(),
      { drg: 'BB11', year: 2024, insuranceType: 'employee' },
      FEN_HALF_UP,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.standard.toFixedString()).toBe('73386.32');
    expect(result.value.explanation).toBe('12252.70 × 5.9894 = 73386.32');
  });

  it('uses the resident rate and applies coefficients (robotic technique, domestic device +10%)', () => {
    const result = caseStandard(
      harbin(),
      {
        drg: 'BB11',
        year: 2024,
        insuranceType: 'resident',
        coefficients: [{ name: 'domestic device', ratio: Ratio.of('1.1') }],
      },
      FEN_HALF_UP,
    );
    // 9,649.24 × 5.9894 = 57,793.1580… × 1.1 = 63,572.4738… → 63,572.47
    expect(result.ok && result.value.standard.toFixedString()).toBe('63572.47');
  });

  it('refuses a DRG without a weight and a year without a base rate, naming the field', () => {
    expect(
      caseStandard(harbin(), { drg: 'ZZ99', year: 2024, insuranceType: 'employee' }, FEN_HALF_UP)
        .issues,
    ).toMatchObject([{ code: 'drg_payment.no_weight', path: ['drg'] }]);
    expect(
      caseStandard(harbin(), { drg: 'BB11', year: 2021, insuranceType: 'employee' }, FEN_HALF_UP)
        .issues,
    ).toMatchObject([{ code: 'drg_payment.no_weight' }]);
  });

  it('has a 2024 weight for the national DRG codes Harbin kept (its list is a CHS-DRG 1.1 local variant)', () => {
    const weights = harbin().weights.get(2024)!;
    const national = [...nationalTables().adrgs.values()].flatMap((a) => a.drgs.map((d) => d.drg));
    const withWeight = national.filter((d) => weights.has(d)).length;
    console.log(`Harbin 2024 weights cover ${withWeight} of ${national.length} national DRG codes`);
    // 256 of 640 in this data: Harbin subdivides and renames many groups, so a local grouper
    // version (its own tables) is needed to price every case; the figure guards the join.
    expect(withWeight).toBeGreaterThanOrEqual(256);
  });

  it('pays outliers by the policy: high-cost above 3× the reference, low-cost below 0.4×', () => {
    const policy = {
      highMultiple: Ratio.of('3'),
      lowFraction: Ratio.of('0.4'),
      highExcessRatio: Ratio.of('0.8'),
    };
    const standard = Money.of('73386.32');
    const high = outlierPayment(standard, Money.of('250000.00'), standard, policy, FEN_HALF_UP);
    // threshold 220,158.96; 73,386.32 + (250,000.00 − 220,158.96) × 0.8 = 73,386.32 + 23,872.832 = 97,259.152 → 97,259.15
    expect([high.kind, high.threshold?.toFixedString(), high.payment.toFixedString()]).toEqual([
      'high_cost',
      '220158.96',
      '97259.15',
    ]);
    const low = outlierPayment(standard, Money.of('20000.00'), standard, policy, FEN_HALF_UP);
    expect([low.kind, low.payment.toFixedString()]).toEqual(['low_cost', '20000.00']);
    expect(outlierPayment(standard, Money.of('70000.00'), standard, policy, FEN_HALF_UP).kind).toBe(
      'normal',
    );
  });

  it('refuses a malformed weight file with the line', () => {
    const result = loadDrgParameters('x', '230100', {
      weightsCsv: 'drg_code,drg_name,weight_2024\nBB11,脑创伤,abc\n',
      baseRatesCsv: read('harbin_base_rates.csv'),
    });
    expect(result.issues).toMatchObject([
      { code: 'drg_payment.bad_value', path: ['weights', 2, 'weight_2024'] },
    ]);
  });
});

describe('technique subgroups and quality uplift', () => {
  // PRODUCT.md §8: robotic radical prostatectomy 75,000 vs laparoscopic 45,000 (fixed standards, on MA15
  // 男性生殖器官恶性肿瘤手术);
  // a robotic craniotomy subgroup with its own weight, for illustration.
  const subgroups = [
    { drg: 'MA15', technique: 'robotic', standard: Money.of('75000.00') },
    { drg: 'MA15', technique: 'laparoscopic', standard: Money.of('45000.00') },
    { drg: 'BB11', technique: 'robotic', weight: new Decimal('6.5883') },
  ];

  it('pays each technique subgroup its own standard, and the plain DRG without one', () => {
    const params = harbin();
    const robotic = caseStandard(
      params,
      { drg: 'MA15', year: 2024, insuranceType: 'employee', technique: 'robotic', subgroups },
      FEN_HALF_UP,
    );
    const lap = caseStandard(
      params,
      { drg: 'MA15', year: 2024, insuranceType: 'employee', technique: 'laparoscopic', subgroups },
      FEN_HALF_UP,
    );
    const open = caseStandard(
      params,
      { drg: 'MA15', year: 2024, insuranceType: 'employee', technique: 'open', subgroups },
      FEN_HALF_UP,
    );
    if (!robotic.ok || !lap.ok || !open.ok) throw new Error('standard failed');
    expect([robotic.value.standard.toFixedString(), lap.value.standard.toFixedString()]).toEqual([
      '75000.00',
      '45000.00',
    ]);
    expect(open.value.explanation).not.toContain('subgroup');
    // A weight subgroup: 12,252.70 × 6.5883 = 80,724.46341 → 80,724.46
    const bb = caseStandard(
      params,
      { drg: 'BB11', year: 2024, insuranceType: 'employee', technique: 'robotic', subgroups },
      FEN_HALF_UP,
    );
    expect(bb.ok && bb.value.standard.toFixedString()).toBe('80724.46');
  });

  it('raises the weight 5% for a case with no complication and a stay below the group average', () => {
    const quality = {
      ratio: Ratio.of('0.05'),
      noComplication: true,
      lengthOfStay: 9,
      averageLengthOfStay: 12,
    };
    const up = caseStandard(
      harbin(),
      { drg: 'BB11', year: 2024, insuranceType: 'employee', quality },
      FEN_HALF_UP,
    );
    // 12,252.70 × 5.9894 × 1.05 = 77,055.637449 → 77,055.64
    expect(up.ok && up.value.standard.toFixedString()).toBe('77055.64');
    const long = caseStandard(
      harbin(),
      {
        drg: 'BB11',
        year: 2024,
        insuranceType: 'employee',
        quality: { ...quality, lengthOfStay: 14 },
      },
      FEN_HALF_UP,
    );
    expect(long.ok && long.value.standard.toFixedString()).toBe('73386.32');
  });
});
