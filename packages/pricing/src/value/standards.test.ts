import { readFileSync } from 'node:fs';
import { type CalendarDate, type PersonCategory, FEN_HALF_UP, Money } from '@openpayer/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Policy, type PolicyWire, loadPolicy, policySchema } from '../policy/policy.ts';
import {
  type ItemStandardParameters,
  dueReevaluations,
  itemPaymentStandard,
  lifecycleYear,
} from './standards.ts';

interface StandardCase {
  name: string;
  input: {
    item: string;
    date: string;
    region: string;
    categories: PersonCategory[];
    domesticDevice?: boolean;
  };
  expect: {
    base?: string;
    baseSource?: string;
    coefficients?: { ruleId: string; kind: string; ratio: string }[];
    standard?: string;
    explains?: string;
    issue?: { code: string; path: (string | number)[] };
  };
}
interface Fixture {
  source: string;
  rules: Partial<PolicyWire['parameters']>;
  cases: StandardCase[];
  reevaluations: {
    name: string;
    date: string;
    expect: { ruleId: string; reevaluateBy: string; expires: string; expired: boolean }[];
  }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/standards.json', import.meta.url), 'utf8'),
) as Fixture;

const demoWire = (): PolicyWire =>
  JSON.parse(
    readFileSync(new URL('../../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
  ) as PolicyWire;

function withRules(rules: Partial<PolicyWire['parameters']>) {
  const wire = demoWire();
  return loadPolicy({ ...wire, parameters: { ...wire.parameters, ...rules } });
}

function policyWith(rules: Partial<PolicyWire['parameters']>): Policy {
  const loaded = withRules(rules);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
  return loaded.value;
}

const date = (text: string) => text as CalendarDate;
const policy = policyWith(fixture.rules);

describe('item payment standards (PRODUCT.md §8 golden cases)', () => {
  it('loads the §8 rules through the policy schema', () => {
    expect(policy.parameters.itemStandards).toHaveLength(1);
    expect(policy.parameters.temporaryPrices[0]?.temporaryPrice.toFixedString()).toBe('800000.00');
    expect(policy.parameters.standardCoefficients.map((c) => c.ratio.toString())).toEqual([
      '0.75',
      '1.5',
      '1.1',
    ]);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = itemPaymentStandard(
      policy.parameters,
      { ...c.input, date: date(c.input.date) },
      policy.rounding,
    );
    if (c.expect.issue !== undefined) {
      expect(result.ok).toBe(false);
      expect(result.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([c.expect.issue]);
      if (c.expect.explains !== undefined) {
        expect(result.issues[0]?.message).toContain(c.expect.explains);
      }
      return;
    }
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const v = result.value;
    expect(v.base.toFixedString()).toBe(c.expect.base);
    expect(v.baseSource).toBe(c.expect.baseSource);
    expect(
      v.coefficients.map((k) => ({ ruleId: k.ruleId, kind: k.kind, ratio: k.ratio.toString() })),
    ).toEqual(c.expect.coefficients);
    expect(v.standard.toFixedString()).toBe(c.expect.standard);
    expect(v.explanations.at(-1)).toContain(v.standard.toFixedString());
    if (c.expect.explains !== undefined) {
      expect(v.explanations.join('\n')).toContain(c.expect.explains);
    }
  });

  it.each(fixture.reevaluations.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    expect(
      dueReevaluations(policy.parameters.temporaryPrices, date(r.date)).map((d) => ({
        ruleId: d.ruleId,
        reevaluateBy: d.reevaluateBy,
        expires: d.expires,
        expired: d.expired,
      })),
    ).toEqual(r.expect);
  });

  it('explains the rule ids and where they are in the policy', () => {
    const result = itemPaymentStandard(
      policy.parameters,
      {
        item: '270800001000000',
        date: date('2025-06-01'),
        region: '510107',
        categories: ['child'],
      },
      policy.rounding,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.explanations).toEqual([
      'item standard gene-test-standard: 2000.00 (parameters.itemStandards[0])',
      expect.stringContaining('gene-test-west (regional: region within 150000/'),
      'coefficient gene-test-child (population: child): × 1.5 (parameters.standardCoefficients[1])',
      'payment standard of 270800001000000: 2000.00 × 1.125 = 2250.00',
    ]);
  });
});

/** Synthetic rules (not §8 figures) for precedence, dates and rounding. */
const ITEM = 'ITEM-1';
const rulesOf = (over: Partial<ItemStandardParameters>): ItemStandardParameters => ({
  itemStandards: [],
  temporaryPrices: [],
  lifecycleSchedules: [],
  standardCoefficients: [],
  ...over,
});
const parsed = (wire: Partial<PolicyWire['parameters']>) => policyWith(wire).parameters;

describe('itemPaymentStandard', () => {
  const all = parsed({
    itemStandards: [{ id: 's', from: '2025-01-01', items: [ITEM], standard: '100.00' }],
    lifecycleSchedules: [
      {
        id: 'l',
        from: '2025-01-01',
        to: '2026-01-01',
        items: [ITEM],
        startsOn: '2025-03-01',
        steps: [{ year: 1, standard: '90.00' }],
      },
    ],
    temporaryPrices: [
      {
        id: 't',
        from: '2025-06-01',
        to: '2025-09-01',
        items: [ITEM],
        listPrice: '120.00',
        temporaryPrice: '80.00',
        reevaluateBy: '2025-08-01',
      },
    ],
  });
  const at = (d: string) =>
    itemPaymentStandard(
      all,
      { item: ITEM, date: date(d), region: '230103', categories: [] },
      FEN_HALF_UP,
    );
  const sourceOn = (d: string) => {
    const r = at(d);
    return r.ok ? `${r.value.baseSource} ${r.value.standard.toFixedString()}` : r.issues[0]?.code;
  };

  it('prefers a temporary price, then a lifecycle schedule, then the item standard', () => {
    expect(sourceOn('2025-07-01')).toBe('temporary_price 80.00');
    expect(sourceOn('2025-04-01')).toBe('lifecycle 90.00');
    expect(sourceOn('2026-02-01')).toBe('item_standard 100.00');
  });

  it('does not use a lifecycle schedule before its year 1 starts, and says so', () => {
    const r = at('2025-02-01');
    expect(sourceOn('2025-02-01')).toBe('item_standard 100.00');
    expect(r.ok && r.value.explanations.join('\n')).toContain('not yet in its year 1');
  });

  it('falls back past an expired temporary price and explains it', () => {
    const r = at('2025-09-01');
    if (!r.ok) throw new Error('expected a standard');
    expect(r.value.baseSource).toBe('lifecycle');
    expect(r.value.explanations[0]).toBe(
      'temporary price t (80.00) expired on 2025-09-01: not used (parameters.temporaryPrices[0])',
    );
  });

  it('does not mention a temporary price that has not started yet', () => {
    const r = at('2025-04-01');
    expect(r.ok && r.value.explanations.some((e) => e.includes('temporary'))).toBe(false);
  });

  it('refuses two rules of the deciding list in force at once', () => {
    const two = parsed({
      itemStandards: [
        { id: 'a', from: '2025-01-01', items: [ITEM], standard: '100.00' },
        { id: 'b', from: '2025-06-01', items: [ITEM, 'OTHER'], standard: '110.00' },
      ],
    });
    const r = itemPaymentStandard(
      two,
      { item: ITEM, date: date('2025-07-01'), region: '230103', categories: [] },
      FEN_HALF_UP,
    );
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ code: 'value.ambiguous_standard', path: ['item'] });
    expect(r.issues[0]?.data).toEqual({ list: 'itemStandards', rules: ['a', 'b'] });
  });

  it('rounds once, at the end, with the policy rounding', () => {
    const p = parsed({
      itemStandards: [{ id: 's', from: '2025-01-01', items: [ITEM], standard: '0.05' }],
      standardCoefficients: ['0.5', '0.5', '3'].map((ratio, i) => ({
        id: `c${String(i)}`,
        from: '2025-01-01',
        items: [ITEM],
        kind: 'other' as const,
        when: { regions: ['230000'] },
        ratio,
      })),
    });
    const r = itemPaymentStandard(
      p,
      { item: ITEM, date: date('2025-01-01'), region: '230103', categories: [] },
      FEN_HALF_UP,
    );
    // 0.05 × 0.5 × 0.5 × 3 = 0.0375 → 0.04; rounding after each step would give 0.03 → 0.09 ... 0.06.
    expect(r.ok && r.value.standard.toFixedString()).toBe('0.04');
  });

  it('needs every condition of a coefficient to hold', () => {
    const p = rulesOf({
      itemStandards: parsed({
        itemStandards: [{ id: 's', from: '2025-01-01', items: [ITEM], standard: '100.00' }],
      }).itemStandards,
      standardCoefficients: parsed({
        standardCoefficients: [
          {
            id: 'west-child-domestic',
            from: '2025-01-01',
            items: [ITEM],
            kind: 'other',
            when: { regions: ['510000'], personCategory: 'child', domesticDevice: true },
            ratio: '2',
          },
        ],
      }).standardCoefficients,
    });
    const with_ = (region: string, categories: PersonCategory[], domesticDevice: boolean) => {
      const r = itemPaymentStandard(
        p,
        { item: ITEM, date: date('2025-01-01'), region, categories, domesticDevice },
        FEN_HALF_UP,
      );
      return r.ok ? r.value.standard.toFixedString() : undefined;
    };
    expect(with_('510107', ['child'], true)).toBe('200.00');
    expect(with_('510107', ['child'], false)).toBe('100.00');
    expect(with_('510107', [], true)).toBe('100.00');
    expect(with_('310104', ['child'], true)).toBe('100.00');
  });

  it('refuses a region that is not a GB/T 2260 code', () => {
    const r = itemPaymentStandard(
      policy.parameters,
      { item: '270800001000000', date: date('2025-06-01'), region: '99', categories: [] },
      FEN_HALF_UP,
    );
    expect(r.issues).toMatchObject([{ code: 'value.invalid_input', path: ['region'] }]);
  });

  it('counts lifecycle years from the start day', () => {
    expect(lifecycleYear(date('2025-03-01'), date('2025-02-28'))).toBe(0);
    expect(lifecycleYear(date('2025-03-01'), date('2025-03-01'))).toBe(1);
    expect(lifecycleYear(date('2025-03-01'), date('2026-02-28'))).toBe(1);
    expect(lifecycleYear(date('2025-03-01'), date('2026-03-01'))).toBe(2);
  });

  it('never raises the standard as a lifecycle schedule ages (property)', () => {
    const robot = policy.parameters;
    const dayArb = fc.integer({ min: 0, max: 3650 });
    fc.assert(
      fc.property(dayArb, dayArb, (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const on = (days: number) => {
          const d = new Date(Date.UTC(2025, 0, 1 + days)).toISOString().slice(0, 10);
          const r = itemPaymentStandard(
            robot,
            { item: '331300001000000', date: date(d), region: '230103', categories: [] },
            FEN_HALF_UP,
          );
          if (!r.ok) throw new Error(JSON.stringify(r.issues));
          return r.value.standard;
        };
        expect(on(late).lessThanOrEqual(on(early))).toBe(true);
      }),
    );
  });

  it('multiplies coefficients in any order to the same standard (property)', () => {
    const ratioArb = fc.integer({ min: 1, max: 3000 }).map((n) => (n / 1000).toFixed(3));
    const lists = policySchema.shape.parameters.shape;
    fc.assert(
      fc.property(
        fc.array(ratioArb, { maxLength: 4 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (ratios, fen) => {
          const itemStandards = lists.itemStandards.decode([
            {
              id: 's',
              from: '2025-01-01',
              items: [ITEM],
              standard: Money.fromMinor(BigInt(fen)).toFixedString(),
            },
          ]);
          const run = (list: string[]) => {
            const standardCoefficients = lists.standardCoefficients.decode(
              list.map((ratio, i) => ({
                id: `c${String(i)}`,
                from: '2025-01-01',
                items: [ITEM],
                kind: 'other' as const,
                when: { domesticDevice: true as const },
                ratio,
              })),
            );
            const r = itemPaymentStandard(
              rulesOf({ itemStandards, standardCoefficients }),
              {
                item: ITEM,
                date: date('2025-01-01'),
                region: '230103',
                categories: [],
                domesticDevice: true,
              },
              FEN_HALF_UP,
            );
            if (!r.ok) throw new Error(JSON.stringify(r.issues));
            return r.value.standard.toFixedString();
          };
          expect(run([...ratios].reverse())).toBe(run(ratios));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('standard rules refused by loadPolicy', () => {
  const gene = fixture.rules.itemStandards ?? [];
  const car = fixture.rules.temporaryPrices?.[0];
  const robot = fixture.rules.lifecycleSchedules?.[0];
  const west = fixture.rules.standardCoefficients?.[0];
  const cases: [string, Partial<PolicyWire['parameters']>, (string | number)[]][] = [
    [
      'a temporary price above the list price',
      { temporaryPrices: [{ ...car!, temporaryPrice: '1200000.01' }] },
      ['parameters', 'temporaryPrices', 0, 'temporaryPrice'],
    ],
    [
      'a re-evaluation after the expiry',
      { temporaryPrices: [{ ...car!, reevaluateBy: '2027-01-02' }] },
      ['parameters', 'temporaryPrices', 0, 'reevaluateBy'],
    ],
    [
      'a temporary price without an expiry',
      { temporaryPrices: [{ ...car!, to: null as unknown as string }] },
      ['parameters', 'temporaryPrices', 0, 'to'],
    ],
    [
      'lifecycle steps whose years do not rise',
      {
        lifecycleSchedules: [
          {
            ...robot!,
            steps: [
              { year: 1, standard: '6000.00' },
              { year: 3, standard: '5000.00' },
              { year: 3, standard: '4000.00' },
            ],
          },
        ],
      },
      ['parameters', 'lifecycleSchedules', 0, 'steps', 2, 'year'],
    ],
    [
      'a lifecycle schedule not starting at year 1',
      { lifecycleSchedules: [{ ...robot!, steps: [{ year: 2, standard: '6000.00' }] }] },
      ['parameters', 'lifecycleSchedules', 0, 'steps', 0, 'year'],
    ],
    [
      'a lifecycle standard that rises',
      {
        lifecycleSchedules: [
          {
            ...robot!,
            steps: [
              { year: 1, standard: '4000.00' },
              { year: 3, standard: '6000.00' },
            ],
          },
        ],
      },
      ['parameters', 'lifecycleSchedules', 0, 'steps', 1, 'standard'],
    ],
    [
      'a coefficient with no condition',
      { standardCoefficients: [{ ...west!, when: {} }] },
      ['parameters', 'standardCoefficients', 0, 'when'],
    ],
    [
      'a coefficient of zero',
      { standardCoefficients: [{ ...west!, ratio: '0' }] },
      ['parameters', 'standardCoefficients', 0, 'ratio'],
    ],
    [
      'a coefficient region that is not a GB/T 2260 code',
      { standardCoefficients: [{ ...west!, when: { regions: ['5100'] } }] },
      ['parameters', 'standardCoefficients', 0, 'when', 'regions', 0],
    ],
    [
      'a negative item standard',
      { itemStandards: [{ ...gene[0]!, standard: '-1.00' }] },
      ['parameters', 'itemStandards', 0, 'standard'],
    ],
    [
      'an item standard with no items',
      { itemStandards: [{ ...gene[0]!, items: [] }] },
      ['parameters', 'itemStandards', 0, 'items'],
    ],
    [
      'two item standards with one id',
      { itemStandards: [gene[0]!, { ...gene[0]!, from: '2026-01-01' }] },
      ['parameters', 'itemStandards', 1, 'id'],
    ],
  ];
  it.each(cases)('refuses %s, naming its path', (_name, rules, path) => {
    const loaded = withRules(rules);
    expect(loaded.ok).toBe(false);
    expect(loaded.issues.map((i) => i.path)).toContainEqual(path);
    expect(loaded.issues.every((i) => i.code === 'policy.invalid')).toBe(true);
  });

  it('compares only decoded values (a malformed price has its own issue only)', () => {
    const loaded = withRules({ temporaryPrices: [{ ...car!, listPrice: '1,200,000' }] });
    expect(loaded.issues.map((i) => i.path)).toEqual([
      ['parameters', 'temporaryPrices', 0, 'listPrice'],
    ]);
  });
});
