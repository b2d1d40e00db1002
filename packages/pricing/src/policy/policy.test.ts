import { calendarDate } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import {
  accumulatorsFrom,
  catalogIndex,
  claimFrom,
  demoPolicyWire,
  policyFrom,
} from '../__fixtures__/harness.ts';
import { settle } from '../settlement/settle.ts';
import { MAX_POLICY_ISSUES, type PolicyWire, loadPolicy, resolveParameter } from './policy.ts';

const wire = demoPolicyWire();
const withParameters = (parameters: Partial<PolicyWire['parameters']>): PolicyWire => ({
  ...wire,
  parameters: { ...wire.parameters, ...parameters },
});

describe('loadPolicy', () => {
  it('loads the shipped demo policy', () => {
    const loaded = loadPolicy(wire);
    expect(loaded.ok).toBe(true);
  });

  it('refuses a ratio outside 0–1, band edges out of order and shares that do not sum to 1, naming the path', () => {
    const result = loadPolicy(
      withParameters({
        firstSelfPayRatio: [{ from: '2025-01-01', value: '1.5' }],
        reimbursement: [
          {
            from: '2025-01-01',
            value: [
              { upTo: '50000.00', ratio: '0.85' },
              { upTo: '20000.00', ratio: '0.9' },
            ],
          },
        ],
        sharing: [
          {
            id: 'x',
            name: 'x',
            from: '2025-01-01',
            items: ['X'],
            shares: [{ party: 'basic_fund', ratio: '0.7' }],
          },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.path.join('.'))).toEqual([
      'parameters.firstSelfPayRatio.0.value',
      'parameters.reimbursement.0.value.1.upTo',
      'parameters.sharing.0.shares',
    ]);
    expect(result.issues.every((i) => i.code === 'policy.invalid')).toBe(true);
  });

  it('refuses two entries with the same keys in force on the same day, and an entry that ends before it starts', () => {
    const result = loadPolicy(
      withParameters({
        annualCap: [
          { from: '2025-01-01', key: { insuranceType: 'employee' }, value: '400000.00' },
          {
            from: '2025-06-01',
            to: '2026-01-01',
            key: { insuranceType: 'employee' },
            value: '450000.00',
          },
          {
            from: '2025-01-01',
            to: '2024-01-01',
            key: { insuranceType: 'resident' },
            value: '200000.00',
          },
        ],
      }),
    );
    expect(result.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['policy.overlapping_entries', 'parameters.annualCap.1.from'],
      ['policy.bad_period', 'parameters.annualCap.2.to'],
    ]);
  });

  it('refuses a policy that leaves a kind of claim without a parameter a rule needs', () => {
    const result = loadPolicy(
      withParameters({
        reimbursement: [
          {
            from: '2025-01-01',
            key: { claimType: 'inpatient' },
            value: [{ upTo: null, ratio: '0.8' }],
          },
        ],
      }),
    );
    expect(result.issues).toMatchObject([
      { code: 'policy.parameter_missing', path: ['parameters', 'reimbursement'] },
    ]);
    expect(result.issues[0]?.data?.['missing']).toContain('employee/primary/outpatient');
    expect(result.issues[0]?.data?.['missing']).not.toContain('employee/primary/inpatient');
  });

  it.each(['0', 'abc', '99999999999999999999.99', '12.3'])(
    'refuses a band edge written %j with an issue at its path, not a throw',
    (upTo) => {
      const [first, malformed, last] = [
        { upTo: '50000.00', ratio: '0.85' },
        { upTo, ratio: '0.9' },
        { upTo: null, ratio: '0.95' },
      ];
      const bands = [first, malformed, last];
      const result = loadPolicy(
        withParameters({
          reimbursement: [{ from: '2025-01-01', value: bands }],
          criticalIllness: [
            {
              from: '2025-01-01',
              // The malformed edge first: the next band is compared with it.
              value: {
                threshold: '20000.00',
                bands: [malformed, first, last],
                annualCap: null,
              },
            },
          ],
        }),
      );
      expect(result.ok).toBe(false);
      expect(result.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
        ['policy.invalid', 'parameters.reimbursement.0.value.1.upTo'],
        ['policy.invalid', 'parameters.criticalIllness.0.value.bands.0.upTo'],
      ]);
    },
  );

  it.each(['0,85', 'abc', '90%', '-0.1', ''])(
    'refuses a ratio written %j with an issue at its path, not an engine error',
    (ratio) => {
      const result = loadPolicy(
        withParameters({
          firstSelfPayRatio: [{ from: '2025-01-01', value: ratio }],
          reimbursement: [{ from: '2025-01-01', value: [{ upTo: null, ratio }] }],
          sharing: [
            {
              id: 'x',
              name: 'x',
              from: '2025-01-01',
              items: ['X'],
              shares: [
                { party: 'basic_fund', ratio },
                { party: 'manufacturer', ratio: '0.3' },
              ],
            },
          ],
        }),
      );
      expect(result.ok).toBe(false);
      const paths = new Set(result.issues.map((i) => i.path.join('.')));
      expect([...paths]).toEqual([
        'parameters.firstSelfPayRatio.0.value',
        'parameters.reimbursement.0.value.0.ratio',
        'parameters.sharing.0.shares.0.ratio',
      ]);
      expect(result.issues.every((i) => i.code === 'policy.invalid')).toBe(true);
    },
  );

  it('reports each entry that starts while an entry with the same keys is in force, once', () => {
    const cap = (from: string, to: string | null, value = '400000.00') => ({
      from,
      to,
      key: { insuranceType: 'employee' as const },
      value,
    });
    const result = loadPolicy(
      withParameters({
        annualCap: [
          cap('2023-01-01', '2024-01-01'), // 0: touches 5 (half-open), no overlap
          cap('2020-01-01', null), // 1: open-ended, everything after overlaps it
          cap('2021-01-01', '2022-01-01'), // 2: inside 1
          cap('2022-06-01', '2022-07-01'), // 3: after 2 ended, still inside 1
          cap('2019-01-01', '2020-01-01'), // 4: ends the day 1 starts
          { from: '2025-01-01', key: { insuranceType: 'resident' }, value: '200000.00' },
        ],
      }),
    );
    expect(result.issues.map((i) => [i.code, i.path.join('.'), i.data?.['other']])).toEqual([
      ['policy.overlapping_entries', 'parameters.annualCap.0.from', 1],
      ['policy.overlapping_entries', 'parameters.annualCap.2.from', 1],
      ['policy.overlapping_entries', 'parameters.annualCap.3.from', 1],
    ]);
  });

  it('checks 3,000 copies of one entry quickly and reports at most 100 issues and a count of the rest', () => {
    const copies = Array.from({ length: 3000 }, () => ({
      from: '2025-01-01',
      value: '400000.00',
    }));
    const result = loadPolicy(withParameters({ annualCap: copies }));
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(MAX_POLICY_ISSUES + 1);
    expect(result.issues[0]).toMatchObject({
      code: 'policy.overlapping_entries',
      path: ['parameters', 'annualCap', 1, 'from'],
      data: { other: 0 },
    });
    expect(result.issues.at(-1)).toMatchObject({
      code: 'policy.more_issues',
      path: [],
      data: { count: 2999 - MAX_POLICY_ISSUES },
    });
    expect(JSON.stringify(result.issues).length).toBeLessThan(50_000);
  });

  it('caps schema issues the same way', () => {
    const copies = Array.from({ length: 500 }, () => ({ from: '2025-01-01', value: '1' }));
    const result = loadPolicy(withParameters({ annualCap: copies }));
    expect(result.issues).toHaveLength(MAX_POLICY_ISSUES + 1);
    expect(result.issues.at(-1)).toMatchObject({
      code: 'policy.more_issues',
      data: { count: 500 - MAX_POLICY_ISSUES },
    });
  });

  it('refuses text the database cannot store as it came: NUL characters and unpaired surrogates', () => {
    const result = loadPolicy({
      ...withParameters({
        annualCap: wire.parameters.annualCap.map((e, i) =>
          i === 0 ? { ...e, note: 'cap\ud800' } : e,
        ),
      }),
      title: 'demo\u0000',
    });
    expect(result.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['policy.invalid', 'title'],
      ['policy.invalid', 'parameters.annualCap.0.note'],
    ]);
    expect(loadPolicy({ ...wire, title: '医保 😀 2025' }).ok).toBe(true);
  });

  it('refuses unknown fields and a missing parameter group', () => {
    const { reimbursement: _dropped, ...rest } = wire.parameters;
    const result = loadPolicy({ ...wire, parameters: rest, colour: 'red' });
    expect(result.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['', 'parameters.reimbursement']),
    );
  });

  it('refuses a pooling area that leaves out the region it is for, naming the entry', () => {
    const result = loadPolicy(
      withParameters({
        poolingArea: [
          { from: '2025-01-01', value: { regions: ['230100'] } },
          { from: '2025-01-01', key: { region: '230200' }, value: { regions: ['230100'] } },
          { from: '2025-01-01', key: { region: '230300' }, value: { regions: ['230000'] } },
        ],
      }),
    );
    expect(result.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['policy.invalid', 'parameters.poolingArea.1.value.regions'],
    ]);
    expect(
      loadPolicy(withParameters({ poolingArea: [{ from: '2025-01-01', value: { regions: [] } }] }))
        .ok,
    ).toBe(false);
  });

  it("declares the demo region's pooling area and reads a sharing rule as not counted against the cap unless it says so", () => {
    const policy = policyFrom(wire);
    expect(policy.parameters.poolingArea.map((e) => e.value.regions)).toEqual([['230100']]);
    expect(policy.parameters.sharing.map((r) => r.countsAgainstAnnualCap)).toEqual([false, false]);
    const sharing = wire.parameters.sharing ?? [];
    const unsaid = policyFrom(
      withParameters({
        sharing: sharing.map(({ countsAgainstAnnualCap: _, ...rule }) => rule),
      }),
    );
    expect(unsaid.parameters.sharing[0]?.countsAgainstAnnualCap).toBe(false);
  });
});

describe('resolveParameter', () => {
  const policy = policyFrom(
    withParameters({
      annualCap: [
        {
          from: '2025-01-01',
          to: '2025-07-01',
          key: { insuranceType: 'employee' },
          value: '400000.00',
        },
        { from: '2025-07-01', key: { insuranceType: 'employee' }, value: '450000.00' },
        { from: '2025-01-01', key: { insuranceType: 'resident' }, value: '200000.00' },
      ],
    }),
  );
  const facts = {
    region: '230100',
    insuranceType: 'employee',
    tier: 'primary',
    claimType: 'outpatient',
    categories: [],
  } as const;

  it('picks the entry in force on the date, and the most specific keys', () => {
    expect(
      resolveParameter(policy, 'annualCap', {
        ...facts,
        date: calendarDate('2025-06-30'),
      })?.value.toFixedString(),
    ).toBe('400000.00');
    expect(
      resolveParameter(policy, 'annualCap', {
        ...facts,
        date: calendarDate('2025-07-01'),
      })?.value.toFixedString(),
    ).toBe('450000.00');
    const deductible = resolveParameter(policy, 'deductible', {
      ...facts,
      date: calendarDate('2025-03-01'),
    });
    expect(deductible?.value.first.toFixedString()).toBe('0.00'); // outpatient + primary beats outpatient
    expect(deductible?.index).toBe(4);
    expect(
      resolveParameter(policy, 'annualCap', { ...facts, date: calendarDate('2024-12-31') }),
    ).toBeUndefined();
  });

  it('prefers an entry keyed by the insured region, for a policy shared by several regions', () => {
    const shared = policyFrom(
      withParameters({
        firstSelfPayRatio: [
          { from: '2025-01-01', value: '0.1' },
          { from: '2025-01-01', key: { region: '230200' }, value: '0.15' },
        ],
      }),
    );
    const on = calendarDate('2025-03-01');
    expect(
      resolveParameter(shared, 'firstSelfPayRatio', { ...facts, date: on })?.value.toString(),
    ).toBe('0.1');
    expect(
      resolveParameter(shared, 'firstSelfPayRatio', {
        ...facts,
        region: '230200',
        date: on,
      })?.value.toString(),
    ).toBe('0.15');
  });

  it('settles to an issue, not a throw, when a parameter is missing for the claim', () => {
    const noCap = policyFrom(
      withParameters({ annualCap: [{ from: '2026-01-01', value: '1.00' }] }),
    );
    const claim = claimFrom({
      lines: [
        {
          id: 'L1',
          kind: 'drug',
          code: 'XC04ABF039A001010100141',
          name: '酚妥拉明注射剂',
          quantity: '1',
          unitPrice: '20.00',
          amount: '20.00',
          date: '2025-06-10',
        },
      ],
    });
    const result = settle(claim, {
      policy: noCap,
      catalog: catalogIndex(),
      accumulators: accumulatorsFrom(claim, {}),
    });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'settlement.parameter_missing', path: ['parameters', 'annualCap'] }],
    });
    const wrongPerson = settle(claim, {
      policy: noCap,
      catalog: catalogIndex(),
      accumulators: { ...accumulatorsFrom(claim, {}), year: 2024 },
    });
    expect(wrongPerson).toMatchObject({
      ok: false,
      issues: [{ code: 'settlement.accumulators_mismatch' }],
    });
  });
});
