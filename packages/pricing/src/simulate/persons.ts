/**
 * The people (person and year) of a what-if simulation and their out-of-pocket over the year, as
 * columns: a slot per person-year in typed arrays (claims, baseline, candidate, in fen) and the
 * claims that changed most, a block of `CLAIMS_PER_PERSON` a person with a change. A million-claim
 * history has hundreds of thousands of people: as an object (and an array of objects) each they
 * took hundreds of bytes apiece in every worker, and again in the main thread after the structured
 * clone. Here a person is a few dozen bytes, and the table crosses threads as a handful of
 * buffers.
 *
 * Plain data (arrays, typed arrays, numbers), so it crosses a thread boundary by structured clone.
 * The lookup from person and year to slot is derived (kept aside, rebuilt when a cloned table is
 * first looked up). Pure and isomorphic: no Node or DOM APIs.
 */

/** Claims named per person (those that changed most). */
export const CLAIMS_PER_PERSON = 5;

export interface PersonTable {
  /** Slots used. */
  size: number;
  /** The person id of each slot. */
  personIds: string[];
  years: Int32Array;
  claims: Float64Array;
  /** Out-of-pocket over the year under each version, in fen. */
  baseline: Float64Array;
  candidate: Float64Array;
  /** The slot's block of changed claims (index into the `top*` columns ÷ CLAIMS_PER_PERSON), or -1. */
  topBlock: Int32Array;
  /** Blocks used. */
  blocks: number;
  /** Per block: how many of its entries are used. */
  topCount: Uint8Array;
  /** Each block's claims in order (largest |change| first, then the larger change, then input order). */
  topRecord: Float64Array;
  topChange: Float64Array;
  topClaimId: string[];
}

export interface ClaimChange {
  readonly record: number;
  readonly claimId: string;
  readonly change: number;
}

export function emptyPersonTable(capacity = 64): PersonTable {
  return {
    size: 0,
    personIds: [],
    years: new Int32Array(capacity),
    claims: new Float64Array(capacity),
    baseline: new Float64Array(capacity),
    candidate: new Float64Array(capacity),
    topBlock: new Int32Array(capacity).fill(-1),
    blocks: 0,
    topCount: new Uint8Array(capacity),
    topRecord: new Float64Array(capacity * CLAIMS_PER_PERSON),
    topChange: new Float64Array(capacity * CLAIMS_PER_PERSON),
    topClaimId: [],
  };
}

/** Slots by year, then person id: derived from a table, so not part of it (nor of its clone). */
const indexes = new WeakMap<PersonTable, Map<number, Map<string, number>>>();

function lookupOf(t: PersonTable): Map<number, Map<string, number>> {
  const index = new Map<number, Map<string, number>>();
  for (let slot = 0; slot < t.size; slot++) {
    const year = t.years[slot] ?? 0;
    let byId = index.get(year);
    if (byId === undefined) index.set(year, (byId = new Map<string, number>()));
    byId.set(t.personIds[slot] ?? '', slot);
  }
  return index;
}

function indexOf(t: PersonTable): Map<number, Map<string, number>> {
  let index = indexes.get(t);
  if (index === undefined) {
    index = lookupOf(t);
    indexes.set(t, index);
  }
  return index;
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(
  a: T,
  length: number,
  fill = 0,
): T {
  if (a.length >= length) return a;
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(length, a.length * 2));
  bigger.set(a);
  if (fill !== 0) bigger.fill(fill, a.length);
  return bigger;
}

/** A new (zero) slot for person and year, not entered in the lookup. */
function newSlot(t: PersonTable, personId: string, year: number): number {
  const slot = t.size++;
  if (slot >= t.years.length) {
    const n = slot + 1;
    t.years = grown(t.years, n);
    t.claims = grown(t.claims, n);
    t.baseline = grown(t.baseline, n);
    t.candidate = grown(t.candidate, n);
    t.topBlock = grown(t.topBlock, n, -1);
  }
  t.personIds.push(personId);
  t.years[slot] = year;
  return slot;
}

/** The slot of person and year, made (zero) when the table has none yet. */
export function slotOf(t: PersonTable, personId: string, year: number): number {
  const index = indexOf(t);
  let byId = index.get(year);
  if (byId === undefined) index.set(year, (byId = new Map<string, number>()));
  const known = byId.get(personId);
  if (known !== undefined) return known;
  const slot = newSlot(t, personId, year);
  byId.set(personId, slot);
  return slot;
}

/** Largest |change| first, then the larger change, then input order: < 0 when a goes first. */
function compareChange(ac: number, ar: number, bc: number, br: number): number {
  const d = Math.abs(bc) - Math.abs(ac);
  if (d !== 0) return d;
  if (ac !== bc) return bc - ac;
  return ar - br;
}

/** Adds a changed claim to the slot's block, kept to the CLAIMS_PER_PERSON that changed most. */
export function keepChange(
  t: PersonTable,
  slot: number,
  record: number,
  claimId: string,
  change: number,
): void {
  let block = t.topBlock[slot] ?? -1;
  if (block === -1) {
    block = t.blocks++;
    t.topBlock[slot] = block;
    t.topCount = grown(t.topCount, block + 1);
    t.topRecord = grown(t.topRecord, (block + 1) * CLAIMS_PER_PERSON);
    t.topChange = grown(t.topChange, (block + 1) * CLAIMS_PER_PERSON);
  }
  const base = block * CLAIMS_PER_PERSON;
  const count = t.topCount[block] ?? 0;
  // The place of the new claim among the kept ones (they are in order).
  let at = count;
  while (
    at > 0 &&
    compareChange(
      change,
      record,
      t.topChange[base + at - 1] ?? 0,
      t.topRecord[base + at - 1] ?? 0,
    ) < 0
  ) {
    at--;
  }
  if (at >= CLAIMS_PER_PERSON) return;
  const last = Math.min(count, CLAIMS_PER_PERSON - 1);
  for (let i = last; i > at; i--) {
    t.topRecord[base + i] = t.topRecord[base + i - 1] ?? 0;
    t.topChange[base + i] = t.topChange[base + i - 1] ?? 0;
    t.topClaimId[base + i] = t.topClaimId[base + i - 1] ?? '';
  }
  t.topRecord[base + at] = record;
  t.topChange[base + at] = change;
  // Filled in order, so the array stays packed.
  while (t.topClaimId.length < base + at) t.topClaimId.push('');
  t.topClaimId[base + at] = claimId;
  t.topCount[block] = Math.min(count + 1, CLAIMS_PER_PERSON);
}

/** The slot's changed claims, in order. */
export function changesOf(t: PersonTable, slot: number): ClaimChange[] {
  const block = t.topBlock[slot] ?? -1;
  if (block === -1) return [];
  const base = block * CLAIMS_PER_PERSON;
  const out: ClaimChange[] = [];
  for (let i = 0; i < (t.topCount[block] ?? 0); i++) {
    out.push({
      record: t.topRecord[base + i] ?? 0,
      claimId: t.topClaimId[base + i] ?? '',
      change: t.topChange[base + i] ?? 0,
    });
  }
  return out;
}

/** Adds the other table's slot j to this one's slot (`add` sums two amounts exactly, or throws). */
function addSlot(
  t: PersonTable,
  slot: number,
  o: PersonTable,
  j: number,
  add: (a: number, b: number) => number,
): void {
  t.claims[slot] = (t.claims[slot] ?? 0) + (o.claims[j] ?? 0);
  t.baseline[slot] = add(t.baseline[slot] ?? 0, o.baseline[j] ?? 0);
  t.candidate[slot] = add(t.candidate[slot] ?? 0, o.candidate[j] ?? 0);
  const block = o.topBlock[j] ?? -1;
  if (block === -1) return;
  const base = block * CLAIMS_PER_PERSON;
  for (let i = 0; i < (o.topCount[block] ?? 0); i++) {
    keepChange(
      t,
      slot,
      o.topRecord[base + i] ?? 0,
      o.topClaimId[base + i] ?? '',
      o.topChange[base + i] ?? 0,
    );
  }
}

/**
 * Adds the other table's people to this one (`add` sums two amounts exactly, or throws). The
 * other table is left as it was.
 */
export function mergePersons(
  t: PersonTable,
  o: PersonTable,
  add: (a: number, b: number) => number,
): void {
  if (indexes.has(t)) {
    for (let j = 0; j < o.size; j++) {
      addSlot(t, slotOf(t, o.personIds[j] ?? '', o.years[j] ?? 0), o, j, add);
    }
    return;
  }
  // This table has no lookup yet (e.g. a worker's share, cloned): rather than one of both tables'
  // people, a passing one of the other's finds the people they have in common; the rest are added.
  const theirs = indexes.get(o) ?? lookupOf(o);
  const common = new Uint8Array(o.size);
  const size = t.size;
  for (let slot = 0; slot < size; slot++) {
    const j = theirs.get(t.years[slot] ?? 0)?.get(t.personIds[slot] ?? '');
    if (j === undefined) continue;
    common[j] = 1;
    addSlot(t, slot, o, j, add);
  }
  for (let j = 0; j < o.size; j++) {
    if (common[j] === 1) continue;
    addSlot(t, newSlot(t, o.personIds[j] ?? '', o.years[j] ?? 0), o, j, add);
  }
}

/**
 * A new table of the other table's `slots` (in that order), each with its amounts and changed
 * claims; `add` sums two amounts exactly, or throws.
 */
export function subsetOf(
  o: PersonTable,
  slots: readonly number[],
  add: (a: number, b: number) => number,
): PersonTable {
  const t = emptyPersonTable(Math.max(1, slots.length));
  for (const j of slots) addSlot(t, slotOf(t, o.personIds[j] ?? '', o.years[j] ?? 0), o, j, add);
  return t;
}

/** Each person's change (candidate − baseline), in slot order. */
export function changesBySlot(t: PersonTable): Float64Array {
  const out = new Float64Array(t.size);
  for (let slot = 0; slot < t.size; slot++) {
    out[slot] = (t.candidate[slot] ?? 0) - (t.baseline[slot] ?? 0);
  }
  return out;
}

/**
 * Ranks slots a before b: the larger |change| first, then the larger change, then by person id and
 * year (a total order: a table has one slot per person and year).
 */
function ranksBefore(t: PersonTable, a: number, b: number): boolean {
  const ca = (t.candidate[a] ?? 0) - (t.baseline[a] ?? 0);
  const cb = (t.candidate[b] ?? 0) - (t.baseline[b] ?? 0);
  const d = Math.abs(cb) - Math.abs(ca);
  if (d !== 0) return d < 0;
  if (ca !== cb) return cb < ca;
  const pa = t.personIds[a] ?? '';
  const pb = t.personIds[b] ?? '';
  if (pa !== pb) return pa < pb;
  return (t.years[a] ?? 0) < (t.years[b] ?? 0);
}

/** The slots of the `limit` people whose out-of-pocket changed most, in rank order. */
export function largestChanges(t: PersonTable, limit: number): number[] {
  const top: number[] = [];
  if (limit <= 0) return top;
  for (let slot = 0; slot < t.size; slot++) {
    if (t.candidate[slot] === t.baseline[slot]) continue;
    if (top.length >= limit && !ranksBefore(t, slot, top[top.length - 1] ?? 0)) continue;
    let at = top.length;
    while (at > 0 && ranksBefore(t, slot, top[at - 1] ?? 0)) at--;
    top.splice(at, 0, slot);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** Each person's change (candidate − baseline), sorted ascending. */
export function sortedChanges(t: PersonTable): Float64Array {
  return changesBySlot(t).sort();
}

/**
 * The table without its spare capacity (for sending to another thread: a clone copies whole
 * buffers). Its lookup carries over.
 */
export function trimmed(t: PersonTable): PersonTable {
  const n = t.size;
  const k = t.blocks * CLAIMS_PER_PERSON;
  const out: PersonTable = {
    size: n,
    personIds: t.personIds,
    years: t.years.slice(0, n),
    claims: t.claims.slice(0, n),
    baseline: t.baseline.slice(0, n),
    candidate: t.candidate.slice(0, n),
    topBlock: t.topBlock.slice(0, n),
    blocks: t.blocks,
    topCount: t.topCount.slice(0, t.blocks),
    topRecord: t.topRecord.slice(0, k),
    topChange: t.topChange.slice(0, k),
    topClaimId: t.topClaimId,
  };
  const index = indexes.get(t);
  if (index !== undefined) indexes.set(out, index);
  return out;
}
