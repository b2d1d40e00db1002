import { Money } from '@openpayer/domain';
import {
  type Accumulators,
  MONEY_ACCUMULATORS,
  type MoneyAccumulator,
  emptyAccumulators,
} from '@openpayer/pricing';
import { describe, expect, it } from 'vitest';
import { AccumulatorStore } from './accumulator-store.ts';

type PersonId = Accumulators['personId'];
const pid = (id: string) => id as PersonId;

/** An accumulators record from admissions and money amounts in fen (the rest zero). */
function record(
  personId: string,
  year: number,
  admissions: number,
  fen: Partial<Record<MoneyAccumulator, bigint>> = {},
): Accumulators {
  const a = emptyAccumulators(pid(personId), year);
  a.admissions = admissions;
  for (const [field, minor] of Object.entries(fen) as [MoneyAccumulator, bigint][]) {
    a[field] = Money.fromMinor(minor);
  }
  return a;
}

/** A record as plain strings: what must come back exactly. */
function view(a: Accumulators): Record<string, string | number> {
  return {
    personId: a.personId,
    year: a.year,
    admissions: a.admissions,
    ...Object.fromEntries(MONEY_ACCUMULATORS.map((f) => [f, a[f].toFixedString()])),
  };
}

const byKey = (a: Record<string, string | number>, b: Record<string, string | number>) =>
  `${String(a['personId'])}/${String(a['year'])}`.localeCompare(
    `${String(b['personId'])}/${String(b['year'])}`,
  );

/** Where the store keeps a person-year: in the 64-bit slots, as objects, or nowhere (white box). */
function kept(
  store: AccumulatorStore,
  personId: string,
  year: number,
): 'slots' | 'objects' | 'none' {
  const inside = store as unknown as {
    slots: Map<number, Map<string, number>>;
    wide: Map<number, Map<string, Accumulators>>;
  };
  const inSlots = inside.slots.get(year)?.has(personId) === true;
  const asObjects = inside.wide.get(year)?.has(personId) === true;
  expect(inSlots && asObjects).toBe(false);
  return inSlots ? 'slots' : asObjects ? 'objects' : 'none';
}

const usedSlots = (store: AccumulatorStore) => (store as unknown as { used: number }).used;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

describe('AccumulatorStore', () => {
  it('answers zero accumulators for a person-year it has not seen', () => {
    const store = new AccumulatorStore();
    expect(view(store.get(pid('P-1'), 2025))).toEqual(view(emptyAccumulators(pid('P-1'), 2025)));
    expect([...store.records()]).toEqual([]);
  });

  it('keeps many persons and years exactly (growing past its first block)', () => {
    const store = new AccumulatorStore();
    const expected: Record<string, string | number>[] = [];
    for (let p = 0; p < 2500; p++) {
      for (const year of [2024, 2025]) {
        const fen = Object.fromEntries(
          MONEY_ACCUMULATORS.map((f, k) => [
            f,
            BigInt(p * 1_000_003 + year * 17 + k) * (k % 2 === 0 ? 1n : -1n),
          ]),
        ) as Record<MoneyAccumulator, bigint>;
        const a = record(`P-${p}`, year, p % 7, fen);
        store.set(a);
        expected.push(view(a));
      }
    }
    for (const e of expected) {
      expect(view(store.get(pid(e['personId'] as string), e['year'] as number))).toEqual(e);
    }
    expect([...store.records()].map(view).sort(byKey)).toEqual([...expected].sort(byKey));
    // Another year of a known person is still zero.
    expect(store.get(pid('P-3'), 2023).fundPaid.toFixedString()).toBe('0.00');
  });

  it('overwrites a person-year in place: the latest record wins, no slot is added', () => {
    const store = new AccumulatorStore();
    store.set(record('P-A', 2025, 1, { fundPaid: 100n }));
    store.set(record('P-B', 2025, 1, { fundPaid: 200n }));
    for (let i = 2; i <= 1000; i++)
      store.set(record('P-A', 2025, i, { fundPaid: BigInt(i) * 100n }));
    expect(usedSlots(store)).toBe(2);
    expect(view(store.get(pid('P-A'), 2025))).toEqual(
      view(record('P-A', 2025, 1000, { fundPaid: 100_000n })),
    );
    expect(view(store.get(pid('P-B'), 2025))).toEqual(
      view(record('P-B', 2025, 1, { fundPaid: 200n })),
    );
    // Setting back to zero stores zero (not "absent").
    store.set(record('P-A', 2025, 0));
    expect(view(store.get(pid('P-A'), 2025))).toEqual(view(emptyAccumulators(pid('P-A'), 2025)));
    expect([...store.records()]).toHaveLength(2);
  });

  it('keeps the 64-bit extremes in its slots, exactly', () => {
    const store = new AccumulatorStore();
    const a = record('P-MAX', 2025, 3, {
      fundPaid: INT64_MAX, // 92233720368547758.07
      commercialPaid: INT64_MIN, // -92233720368547758.08
    });
    store.set(a);
    expect(kept(store, 'P-MAX', 2025)).toBe('slots');
    const back = store.get(pid('P-MAX'), 2025);
    expect(back.fundPaid.toFixedString()).toBe('92233720368547758.07');
    expect(back.commercialPaid.toFixedString()).toBe('-92233720368547758.08');
    expect(view(back)).toEqual(view(a));
  });

  it.each([
    ['92233720368547758.08', 'one fen above the largest 64-bit amount'],
    ['-92233720368547758.09', 'one fen below the smallest 64-bit amount'],
    ['184467440737095516.16', '2^64 fen (would wrap to zero)'],
    ['184467440737095516.21', '2^64 + 5 fen (would wrap to 5 fen)'],
    ['123456789012345678901234567890.12', 'far beyond 64 bits'],
    ['-123456789012345678901234567890.12', 'far below'],
  ])('keeps %s (%s) exactly, as objects, and returns to slots when it fits again', (amount) => {
    const store = new AccumulatorStore();
    store.set(record('P-OTHER', 2025, 1, { fundPaid: 1n }));
    store.set(record('P-WIDE', 2025, 1, { fundPaid: 5n }));
    expect(kept(store, 'P-WIDE', 2025)).toBe('slots');

    const wide = emptyAccumulators(pid('P-WIDE'), 2025);
    wide.admissions = 2;
    wide.fundPaid = Money.of(amount);
    wide.deductibleUsed = Money.of('1000.00');
    store.set(wide);
    expect(kept(store, 'P-WIDE', 2025)).toBe('objects');
    expect(store.get(pid('P-WIDE'), 2025).fundPaid.toFixedString()).toBe(amount);
    expect(view(store.get(pid('P-WIDE'), 2025))).toEqual(view(wide));
    // Listed once, and its neighbours are untouched.
    expect([...store.records()].map(view).sort(byKey)).toEqual(
      [view(wide), view(record('P-OTHER', 2025, 1, { fundPaid: 1n }))].sort(byKey),
    );
    // Another year of the same person is unaffected and stays in the slots.
    store.set(record('P-WIDE', 2026, 1, { fundPaid: 7n }));
    expect(kept(store, 'P-WIDE', 2026)).toBe('slots');
    expect(store.get(pid('P-WIDE'), 2026).fundPaid.toFixedString()).toBe('0.07');

    // Still too wide after another claim (one fen further from zero): stays as objects, the newest record.
    const wider = {
      ...wide,
      admissions: 3,
      fundPaid: Money.of(amount).add(Money.of(amount.startsWith('-') ? '-0.01' : '0.01')),
    };
    store.set(wider);
    expect(kept(store, 'P-WIDE', 2025)).toBe('objects');
    expect(view(store.get(pid('P-WIDE'), 2025))).toEqual(view(wider));

    // Back within 64 bits (e.g. a reversal): back in the slots, exactly.
    const small = record('P-WIDE', 2025, 2, { fundPaid: 12_345n, deductibleUsed: 100_000n });
    store.set(small);
    expect(kept(store, 'P-WIDE', 2025)).toBe('slots');
    expect(view(store.get(pid('P-WIDE'), 2025))).toEqual(view(small));
    expect([...store.records()].map(view).sort(byKey)).toEqual(
      [
        view(small),
        view(record('P-WIDE', 2026, 1, { fundPaid: 7n })),
        view(record('P-OTHER', 2025, 1, { fundPaid: 1n })),
      ].sort(byKey),
    );
  });

  it('agrees with a plain Map over random sequences of set and get (seeded)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = mulberry32(seed);
      const int = (n: number) => Math.floor(random() * n);
      const amount = (): bigint => {
        switch (int(8)) {
          case 0:
            return 0n;
          case 1:
            return INT64_MAX - BigInt(int(3));
          case 2:
            return INT64_MAX + 1n + BigInt(int(3));
          case 3:
            return INT64_MIN + BigInt(int(3));
          case 4:
            return INT64_MIN - 1n - BigInt(int(3));
          case 5:
            return BigInt(int(1_000_000_000)) * 10n ** BigInt(int(25)) * (int(2) === 0 ? 1n : -1n);
          default:
            return BigInt(int(10_000_000)) - 1_000_000n;
        }
      };
      const store = new AccumulatorStore();
      const model = new Map<string, Accumulators>();
      const people = Array.from({ length: 1 + int(30) }, (_, i) => `P-${seed}-${i}`);
      const years = [2023, 2024, 2025];
      for (let step = 0; step < 400; step++) {
        const personId = people[int(people.length)] as string;
        const year = years[int(years.length)] as number;
        const key = `${personId}/${year}`;
        if (int(3) === 0) {
          const expected = model.get(key) ?? emptyAccumulators(pid(personId), year);
          expect(view(store.get(pid(personId), year)), `seed ${seed} step ${step}`).toEqual(
            view(expected),
          );
        } else {
          const fen = Object.fromEntries(
            MONEY_ACCUMULATORS.filter(() => int(2) === 0).map((f) => [f, amount()]),
          );
          const a = record(personId, year, int(500), fen);
          store.set(a);
          model.set(key, a);
        }
      }
      for (const [key, expected] of model) {
        const [personId, year] = key.split('/') as [string, string];
        expect(view(store.get(pid(personId), Number(year))), `seed ${seed} ${key}`).toEqual(
          view(expected),
        );
      }
      expect([...store.records()].map(view).sort(byKey), `seed ${seed}`).toEqual(
        [...model.values()].map(view).sort(byKey),
      );
    }
  });
});

/** A small seeded generator (mulberry32): the same sequence on every run. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
