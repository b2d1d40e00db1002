import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLAIMS_PER_PERSON,
  type ClaimChange,
  changesOf,
  emptyPersonTable,
  keepChange,
  largestChanges,
  mergePersons,
  slotOf,
  sortedChanges,
  trimmed,
} from './persons.ts';

/** The order the report had as a sort of objects: largest |change|, larger change, input order. */
function byChange(a: ClaimChange, b: ClaimChange): number {
  const d = Math.abs(b.change) - Math.abs(a.change);
  if (d !== 0) return d;
  if (a.change !== b.change) return b.change - a.change;
  return a.record - b.record;
}

interface Person {
  readonly personId: string;
  readonly year: number;
  readonly baseline: number;
  readonly candidate: number;
}

/** The people ranking the report had: a sort of every person with a change. */
function largestBySort(people: readonly Person[], limit: number): Person[] {
  return people
    .filter((p) => p.candidate !== p.baseline)
    .sort((a, b) => {
      const ca = a.candidate - a.baseline;
      const cb = b.candidate - b.baseline;
      const d = Math.abs(cb) - Math.abs(ca);
      if (d !== 0) return d;
      if (ca !== cb) return cb - ca;
      if (a.personId !== b.personId) return a.personId < b.personId ? -1 : 1;
      return a.year - b.year;
    })
    .slice(0, limit);
}

const add = (a: number, b: number) => a + b;

// Few distinct amounts: ties in |change| and in change are the rule, not the exception.
const amount = fc.constantFrom(0, 100, 200, 300);
const peopleArb = fc.uniqueArray(
  fc.record({
    personId: fc.constantFrom('P1', 'P10', 'P2', 'p1', 'Q', ''),
    year: fc.constantFrom(2024, 2025, 2026),
    baseline: amount,
    candidate: amount,
  }),
  { selector: (p) => `${p.personId}\u0000${p.year}`, maxLength: 18 },
);

describe('person table', () => {
  it('ranks the largest changes as the sort of every person did, ties included', () => {
    fc.assert(
      fc.property(peopleArb, fc.integer({ min: 0, max: 20 }), (people, limit) => {
        const t = emptyPersonTable(2);
        for (const p of people) {
          const slot = slotOf(t, p.personId, p.year);
          t.baseline[slot] = p.baseline;
          t.candidate[slot] = p.candidate;
        }
        const ranked = largestChanges(t, limit).map((slot) => ({
          personId: t.personIds[slot],
          year: t.years[slot],
        }));
        expect(ranked).toEqual(
          largestBySort(people, limit).map((p) => ({ personId: p.personId, year: p.year })),
        );
        expect([...sortedChanges(t)]).toEqual(
          people.map((p) => p.candidate - p.baseline).sort((a, b) => a - b),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the claims that changed most, as a sort of all of them did, through merges', () => {
    const changeArb = fc.array(
      fc.record({
        person: fc.constantFrom('A', 'B'),
        change: fc.constantFrom(-300, -100, 100, 300),
        left: fc.boolean(),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(changeArb, (changes) => {
        const whole = emptyPersonTable(1);
        const left = emptyPersonTable(1);
        const right = emptyPersonTable(1);
        const expected = new Map<string, ClaimChange[]>();
        for (const [i, c] of changes.entries()) {
          const claim = { record: i + 1, claimId: `C${i + 1}`, change: c.change };
          expected.set(c.person, [...(expected.get(c.person) ?? []), claim]);
          for (const t of [whole, c.left ? left : right]) {
            const slot = slotOf(t, c.person, 2025);
            t.claims[slot] = (t.claims[slot] ?? 0) + 1;
            t.candidate[slot] = (t.candidate[slot] ?? 0) + c.change;
            keepChange(t, slot, claim.record, claim.claimId, claim.change);
          }
        }
        // A part crosses threads by structured clone: the lookup is rebuilt on the other side.
        const merged = structuredClone(trimmed(left));
        mergePersons(merged, structuredClone(trimmed(right)), add);
        for (const t of [whole, merged]) {
          expect(t.size).toBe(expected.size);
          for (const [person, list] of expected) {
            const slot = slotOf(t, person, 2025);
            expect(t.claims[slot]).toBe(list.length);
            expect(changesOf(t, slot)).toEqual(
              [...list].sort(byChange).slice(0, CLAIMS_PER_PERSON),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives an empty ranking and no changes for no people', () => {
    const t = emptyPersonTable();
    expect(largestChanges(t, 20)).toEqual([]);
    expect(sortedChanges(t).length).toBe(0);
    expect(changesOf(trimmed(t), 0)).toEqual([]);
  });
});
