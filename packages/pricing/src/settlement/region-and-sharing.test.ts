import { Money } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import {
  accumulatorsFrom,
  catalogIndex,
  claimFrom,
  demoPolicyWire,
  policyFrom,
} from '../__fixtures__/harness.ts';
import type { PolicyWire } from '../policy/policy.ts';
import { MONEY_ACCUMULATORS, accumulatorsSchema } from './accumulators.ts';
import { reverse, settle } from './settle.ts';
import { encodeSettlement } from './wire.ts';

const wire = demoPolicyWire();
const withParameters = (parameters: Partial<PolicyWire['parameters']>) =>
  policyFrom({ ...wire, parameters: { ...wire.parameters, ...parameters } });

const PHENTOLAMINE = {
  id: 'L1',
  kind: 'drug',
  code: 'XC04ABF039A001010100141',
  name: '酚妥拉明注射剂',
  quantity: '500',
  unitPrice: '20.00',
  amount: '10000.00',
  date: '2025-06-10',
};
const CAR_T = {
  id: 'L1',
  kind: 'drug',
  code: 'XL01XXA999B001010100001',
  name: 'CAR-T 细胞治疗（演示编码）',
  quantity: '1',
  unitPrice: '1500000.00',
  amount: '1500000.00',
  date: '2025-06-10',
};

/** PRODUCT.md §8: high-cost CAR-T sharing, fund 60% / hospital 20% / manufacturer 20%. */
const highCostCarT = (countsAgainstAnnualCap?: boolean) =>
  withParameters({
    sharing: [
      {
        id: 'high-cost-car-t',
        name: '高值 CAR-T 多方共付（演示）',
        from: '2025-01-01',
        items: ['XL01XXA999B001010100001'],
        ...(countsAgainstAnnualCap === undefined ? {} : { countsAgainstAnnualCap }),
        shares: [
          { party: 'basic_fund', ratio: '0.6' },
          { party: 'hospital', ratio: '0.2' },
          { party: 'manufacturer', ratio: '0.2' },
        ],
      },
    ],
  });

function settled(
  claimOverride: Record<string, unknown>,
  policy = policyFrom(wire),
  accumulators: Record<string, unknown> = {},
) {
  const claim = claimFrom(claimOverride);
  const result = settle(claim, {
    policy,
    catalog: catalogIndex(),
    accumulators: accumulatorsFrom(claim, accumulators),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
}

const at = (region: string) => ({
  institution: { code: `H${region}00011`, name: '示范三级医院', region },
  lines: [PHENTOLAMINE],
});

describe('out-of-region care is care outside the person pooling area (统筹区)', () => {
  it('settles a district hospital (230103) for a person insured in 230100 at the local bands, and says which rule decided', () => {
    const s = settled(at('230103'));
    expect(s.payers.basic_fund.toFixedString()).toBe('7650.00');
    expect(s.explanations).toContainEqual(
      expect.objectContaining({
        layer: 'basic',
        what: 'institution region 230103 within the pooling area of 230100',
        parameter: 'parameters.poolingArea[0]',
        value: '230100',
      }),
    );
  });

  it('settles a hospital in another city (230200) at the out-of-region ratio', () => {
    const s = settled(at('230200'));
    expect(s.payers.basic_fund.toFixedString()).toBe('3600.00');
    expect(s.explanations.map((e) => e.what)).toEqual(
      expect.arrayContaining([
        'institution region 230200 outside the pooling area of 230100',
        'out-of-region ratio, not registered',
      ]),
    );
  });

  it('follows the declared pooling area: a province-wide one makes Qiqihar local care', () => {
    const policy = withParameters({
      poolingArea: [{ from: '2025-01-01', value: { regions: ['230000'] } }],
    });
    expect(settled(at('230202'), policy).payers.basic_fund.toFixedString()).toBe('7650.00');
    expect(settled(at('220102'), policy).payers.basic_fund.toFixedString()).toBe('3600.00');
  });

  it('uses the entry keyed by the insured region, for a policy shared by several regions', () => {
    const policy = withParameters({
      poolingArea: [
        { from: '2025-01-01', value: { regions: ['230100'] } },
        { from: '2025-01-01', key: { region: '230200' }, value: { regions: ['230200'] } },
      ],
    });
    const qiqihar = { person: { insuredRegion: '230200' } };
    expect(settled({ ...at('230202'), ...qiqihar }, policy).payers.basic_fund.toFixedString()).toBe(
      '7650.00',
    );
    expect(settled({ ...at('230103'), ...qiqihar }, policy).payers.basic_fund.toFixedString()).toBe(
      '3600.00',
    );
  });

  it('falls back to the insured region and the regions within it when no pooling area is declared', () => {
    const policy = withParameters({ poolingArea: [] });
    const inside = settled(at('230103'), policy);
    expect(inside.payers.basic_fund.toFixedString()).toBe('7650.00');
    expect(inside.explanations).toContainEqual(
      expect.objectContaining({ layer: 'basic', parameter: null, value: '230100' }),
    );
    expect(settled(at('230200'), policy).payers.basic_fund.toFixedString()).toBe('3600.00');
  });

  it('names no pooling-area rule for care at the person own region code', () => {
    const s = settled(at('230100'));
    expect(s.explanations.some((e) => e.parameter?.startsWith('parameters.poolingArea'))).toBe(
      false,
    );
  });
});

describe('multi-party sharing and the accumulators', () => {
  it("records the fund's share outside the cap in sharingFundPaid, and reversal restores it exactly", () => {
    const policy = highCostCarT();
    const first = settled({ id: 'C-2025-300001', lines: [CAR_T] }, policy, {
      fundPaid: '390000.00',
      sharingFundPaid: '123.45',
    });
    expect(encodeSettlement(first).payers).toMatchObject({
      basic_fund: '900000.00',
      hospital: '300000.00',
      manufacturer: '300000.00',
      patient: '0.00',
    });
    expect(first.delta.money.sharingFundPaid.toFixedString()).toBe('900000.00');
    expect(first.accumulatorsAfter.sharingFundPaid.toFixedString()).toBe('900123.45');
    expect(first.accumulatorsAfter.fundPaid.toFixedString()).toBe('390000.00');
    expect(first.explanations[0]?.what).toBe(
      "line L1 shared by rule high-cost-car-t, the fund's share outside the annual cap",
    );

    // A second course the same year adds to the counter; reversing both lands on the start.
    const claim = claimFrom({ id: 'C-2025-300002', lines: [CAR_T] });
    const second = settle(claim, {
      policy,
      catalog: catalogIndex(),
      accumulators: first.accumulatorsAfter,
    });
    if (!second.ok) throw new Error(JSON.stringify(second.issues));
    expect(second.value.accumulatorsAfter.sharingFundPaid.toFixedString()).toBe('1800123.45');
    const back = reverse(first, reverse(second.value, second.value.accumulatorsAfter));
    for (const k of MONEY_ACCUMULATORS)
      expect(back[k].equals(first.accumulatorsBefore[k]), k).toBe(true);
  });

  it('counts the fund share against the cap when the rule says so: the cap binds and the patient pays the cut', () => {
    const s = settled({ lines: [CAR_T] }, highCostCarT(true), { fundPaid: '100000.00' });
    expect(encodeSettlement(s).payers).toMatchObject({
      basic_fund: '300000.00',
      hospital: '300000.00',
      manufacturer: '300000.00',
      patient: '600000.00',
    });
    expect(encodeSettlement(s).lines[0]?.payers).toEqual({
      basic_fund: '300000.00',
      hospital: '300000.00',
      manufacturer: '300000.00',
      patient: '600000.00',
    });
    expect(s.accumulatorsAfter.fundPaid.toFixedString()).toBe('400000.00');
    expect(s.accumulatorsAfter.sharingFundPaid.toFixedString()).toBe('0.00');
    expect(s.layers.basic.capReached).toBe(true);
    expect(s.explanations[1]).toMatchObject({
      layer: 'sharing',
      what: "annual cap reached: 300000.00 left of the fund's share 900000.00 of line L1, the patient pays the rest",
      parameter: 'parameters.annualCap[0]',
    });
    expect(s.explanations[1]?.amount.toFixedString()).toBe('600000.00');
  });

  it('pays the counted share in full while the cap has room', () => {
    const s = settled({ lines: [CAR_T] }, highCostCarT(true));
    expect(s.payers.basic_fund.toFixedString()).toBe('400000.00');
    expect(s.payers.patient.toFixedString()).toBe('500000.00');
    expect(s.accumulatorsAfter.fundPaid.toFixedString()).toBe('400000.00');
    const roomy = settled(
      { lines: [{ ...CAR_T, unitPrice: '500000.00', amount: '500000.00' }] },
      highCostCarT(true),
    );
    expect(roomy.payers.basic_fund.toFixedString()).toBe('300000.00');
    expect(roomy.payers.patient.toFixedString()).toBe('0.00');
    expect(roomy.layers.basic.capReached).toBe(false);
    expect(roomy.accumulatorsAfter.fundPaid.toFixedString()).toBe('300000.00');
  });

  it('reads accumulators stored before the counter existed as zero', () => {
    const { sharingFundPaid: _, ...old } = accumulatorsSchema.encode(
      accumulatorsFrom(claimFrom({ lines: [PHENTOLAMINE] }), { fundPaid: '10.00' }),
    );
    const decoded = accumulatorsSchema.decode(old);
    expect(decoded.sharingFundPaid.equals(Money.zero())).toBe(true);
    expect(accumulatorsSchema.encode(decoded).sharingFundPaid).toBe('0.00');
  });
});

describe('regional fund sharing (区域统筹调剂) applies only in its regions', () => {
  const ROBOTIC_GASTRIC = {
    id: 'L1',
    kind: 'service',
    code: '003318000009900',
    name: '机器人辅助胃癌根治术（演示编码）',
    quantity: '1',
    unitPrice: '8000.00',
    amount: '8000.00',
    date: '2025-06-10',
  };
  const regional = withParameters({
    sharing: [
      {
        id: 'regional-robotic-gastric',
        name: '欠发达地区区域统筹调剂（演示）',
        from: '2025-01-01',
        items: [ROBOTIC_GASTRIC.code],
        regions: ['230129'],
        shares: [
          { party: 'provincial_fund', ratio: '0.3' },
          { party: 'local_fund', ratio: '0.4' },
          { party: 'patient', ratio: '0.3' },
        ],
      },
    ],
  });
  const at = (region: string) => ({
    institution: { code: `H${region}00011`, name: '示范医院', region },
    lines: [ROBOTIC_GASTRIC],
  });

  it('shares the line at a hospital in the area, the provincial and local funds as payers', () => {
    const s = settled(at('230129'), regional);
    expect(s.payers.provincial_fund.toFixedString()).toBe('2400.00');
    expect(s.payers.local_fund.toFixedString()).toBe('3200.00');
    expect(s.payers.patient.toFixedString()).toBe('2400.00');
    expect(encodeSettlement(s).payers).toMatchObject({ provincial_fund: '2400.00' });
  });

  it('does not share it at a hospital outside the area', () => {
    const s = settled(at('230103'), regional);
    expect(s.payers.provincial_fund.isZero()).toBe(true);
    expect(s.payers.local_fund.isZero()).toBe(true);
  });
});
