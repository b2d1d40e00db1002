import { Money } from '@openpayer/domain';
import { type Accumulators, MONEY_ACCUMULATORS, emptyAccumulators } from '@openpayer/pricing';

/**
 * The year-to-date accumulators of every person a batch engine has seen, kept as 64-bit
 * integers a person (admissions, then each money accumulator in fen) in one growing typed array,
 * found through a map per year from the person id to their slot.
 *
 * A million-claim batch has hundreds of thousands of people: as objects of Money they would take
 * kilobytes each, and storing a new record per claim would leave the old one as garbage for the
 * collector of the old generation. Here a claim overwrites its person's numbers in place.
 * An amount that does not fit in 64 bits (never in practice, but nothing here may round) keeps
 * that person's record as objects instead.
 */
export class AccumulatorStore {
  private readonly slots = new Map<number, Map<string, number>>();
  private data = new BigInt64Array(FIELDS * 1024);
  private used = 0;
  private readonly wide = new Map<number, Map<string, Accumulators>>();
  /** The record being stored, as integers (reused: one claim at a time). */
  private readonly values: bigint[] = new Array<bigint>(FIELDS).fill(0n);

  /** The person's accumulators for the year; zero when none are stored yet. */
  get(personId: Accumulators['personId'], year: number): Accumulators {
    const slot = this.slots.get(year)?.get(personId);
    if (slot === undefined) {
      return this.wide.get(year)?.get(personId) ?? emptyAccumulators(personId, year);
    }
    const d = this.data;
    const at = slot * FIELDS;
    const a = emptyAccumulators(personId, year);
    a.admissions = Number(d[at]);
    MONEY_ACCUMULATORS.forEach((field, k) => {
      a[field] = money(d[at + 1 + k]);
    });
    return a;
  }

  set(a: Accumulators): void {
    const values = this.values;
    values[0] = BigInt(a.admissions);
    MONEY_ACCUMULATORS.forEach((field, k) => {
      values[k + 1] = a[field].toMinor();
    });
    let bySlot = this.slots.get(a.year);
    let slot = bySlot?.get(a.personId);
    if (!values.every(fits)) {
      if (slot !== undefined) bySlot?.delete(a.personId);
      let byPerson = this.wide.get(a.year);
      if (byPerson === undefined)
        this.wide.set(a.year, (byPerson = new Map<string, Accumulators>()));
      byPerson.set(a.personId, a);
      return;
    }
    this.wide.get(a.year)?.delete(a.personId);
    if (slot === undefined) {
      if (bySlot === undefined) this.slots.set(a.year, (bySlot = new Map<string, number>()));
      slot = this.used++;
      bySlot.set(a.personId, slot);
      if (this.used * FIELDS > this.data.length) {
        const bigger = new BigInt64Array(this.data.length * 2);
        bigger.set(this.data);
        this.data = bigger;
      }
    }
    const at = slot * FIELDS;
    for (let i = 0; i < FIELDS; i++) this.data[at + i] = values[i] ?? 0n;
  }

  /** Every stored record, in no particular order. */
  *records(): Generator<Accumulators> {
    for (const [year, bySlot] of this.slots) {
      for (const personId of bySlot.keys()) {
        yield this.get(personId as Accumulators['personId'], year);
      }
    }
    for (const byPerson of this.wide.values()) yield* byPerson.values();
  }
}

/** admissions + each money accumulator. */
const FIELDS = 1 + MONEY_ACCUMULATORS.length;

const fits = (v: bigint) => BigInt.asIntN(64, v) === v;

const ZERO = Money.zero();

/** Zero is one shared (immutable) value: most people's critical-illness figures stay zero. */
function money(minor: bigint | undefined): Money {
  return minor === undefined || minor === 0n ? ZERO : Money.fromMinor(minor);
}
