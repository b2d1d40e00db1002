import { type Issue, Money, moneyWireSchema } from '@openpayer/domain';
import { z } from 'zod';
import { type Party, SHARE_PARTIES } from '../policy/policy.ts';
import type { Settlement } from '../settlement/settle.ts';
import {
  CLAIMS_PER_PERSON,
  type PersonTable,
  changesBySlot,
  changesOf,
  emptyPersonTable,
  keepChange,
  largestChanges,
  mergePersons,
  slotOf,
  sortedChanges,
  subsetOf,
  trimmed,
} from './persons.ts';

/**
 * What-if simulation (issue 24): the comparison of a claim history settled under a baseline and a
 * candidate (policy version, catalog release, or both). A `SimulationBuilder` is fed one claim at
 * a time with its two settlements (or the refusal of either) and accumulates, exactly (fen as
 * whole numbers, refusing to round), everything the report needs; builders of disjoint parts of
 * the history (the workers of a batch) merge into the builder of the whole. `report()` gives the wire form: plain JSON, keys
 * sorted, money as decimal strings, so the same inputs always give byte-identical JSON.
 *
 * Pure and isomorphic: no Node or DOM APIs.
 */

/** What the builder reads of a claim (a `Claim` is one). */
export interface SimulationClaim {
  readonly id: string;
  readonly type: string;
  readonly person: {
    readonly id: string;
    readonly insuranceType: string;
    readonly categories: readonly string[];
  };
  readonly institution: { readonly code: string };
  readonly lines: readonly { readonly id: string; readonly code: string }[];
}

/** What the builder reads of a settlement (a `Settlement` is one). */
export type SimulationSettlement = Pick<Settlement, 'payers'> & {
  readonly lines: readonly Pick<Settlement['lines'][number], 'lineId' | 'outcome' | 'payers'>[];
};

/** One side of a claim: its settlement, or why it was refused (as `settle` answers). */
export type SimulationSide =
  | { readonly ok: true; readonly value: SimulationSettlement }
  | { readonly ok: false; readonly issues: readonly Issue[] };

export interface SimulatedClaim {
  /** The claim's place in the history (1, 2, …): orders the bounded lists. */
  readonly record: number;
  /** Its line in the input file, when it came from one. */
  readonly line?: number | undefined;
  readonly claim: SimulationClaim;
  /** The accounting year (the person's out-of-pocket is per person and year). */
  readonly year: number;
  readonly baseline: SimulationSide;
  readonly candidate: SimulationSide;
}

export interface SimulationOptions {
  /** The fund's global budget (总额预算) for the period, in yuan: the budget impact is against it. */
  readonly budget?: Money | string | undefined;
  /** What was compared, named in the report. */
  readonly versions?: SimulationVersions | undefined;
}

/**
 * A global budget on the wire: a positive amount in yuan at the fen. The API's request and the
 * CLI's `--budget` are read with it; a budget of zero or less has no percentage to show.
 */
export const simulationBudgetSchema = moneyWireSchema.refine(
  (v) => !v.startsWith('-') && /[1-9]/u.test(v),
  { error: 'must be a positive amount in yuan, e.g. "1250000000.00"' },
);

/** One side's versions; `rules`: the smart-review rule sets it settled with (ids), if any. */
export interface SimulationSideVersions {
  readonly policy: string;
  readonly catalog: string;
  readonly rules?: readonly string[] | undefined;
}

export interface SimulationVersions {
  readonly baseline: SimulationSideVersions;
  readonly candidate: SimulationSideVersions;
}

/** Bounds of the report's lists. */
export const SIMULATION_LIMITS = {
  /** Refusals named (the first ones, in input order). */
  refusals: 20,
  /** Claims with a changed coverage outcome named (the first ones, in input order). */
  coverageChanges: 50,
  /** Lines named per such claim. */
  coverageLines: 10,
  /** People with the largest out-of-pocket change. */
  largestChanges: 20,
  /** Claims named per person (those that changed most). */
  claimsPerPerson: CLAIMS_PER_PERSON,
} as const;

/** The fund whose change the budget impact measures. */
export const SIMULATION_FUND: Party = 'basic_fund';

export const BREAKDOWNS = [
  'institution',
  'claimType',
  'insuranceType',
  'personCategory',
  'item',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** The key of a person without categories in the personCategory breakdown. */
export const NO_CATEGORY = '(none)';

const P = SHARE_PARTIES.length;
const PATIENT = SHARE_PARTIES.indexOf('patient');
const FUND = SHARE_PARTIES.indexOf(SIMULATION_FUND);

/**
 * Per-payer sums of one group, baseline and candidate, in fen: whole numbers, exact below 2^53
 * fen (90 trillion yuan; `addPayers` refuses to go past it rather than round).
 */
interface Sums {
  count: number;
  readonly baseline: number[];
  readonly candidate: number[];
}

interface CoverageChange {
  readonly record: number;
  readonly claimId: string;
  readonly personId: string;
  readonly lines: readonly {
    readonly lineId: string;
    readonly code: string;
    readonly baseline: string;
    readonly candidate: string;
  }[];
}

export const REFUSAL_SIDES = ['input', 'baseline', 'candidate', 'both'] as const;
export type RefusalSide = (typeof REFUSAL_SIDES)[number];

interface Refusal {
  readonly record: number;
  readonly line: number | null;
  readonly claimId: string | null;
  readonly side: RefusalSide;
  readonly code: string;
  readonly message: string;
}

/**
 * Everything a builder holds: plain data (maps, arrays, numbers), so it crosses a thread
 * boundary by structured clone (a worker's part) and merges into another.
 */
export interface SimulationState {
  read: number;
  compared: number;
  lines: number;
  readonly totals: Sums;
  readonly breakdowns: Record<Breakdown, Map<string, Sums>>;
  /** The people (person and year): their out-of-pocket and the claims that changed it most. */
  persons: PersonTable;
  /**
   * People sealed by `sealPersons` (all their claims were added): each one's change only, and
   * the table of those whose change was largest (at most SIMULATION_LIMITS.largestChanges).
   */
  sealedChanges: Float64Array;
  sealedTop: PersonTable;
  coverageCount: number;
  coverage: CoverageChange[];
  readonly refused: Record<RefusalSide, number>;
  refusals: Refusal[];
}

const zeros = () => new Array<number>(P).fill(0);
const emptySums = (): Sums => ({ count: 0, baseline: zeros(), candidate: zeros() });

function emptyState(): SimulationState {
  return {
    read: 0,
    compared: 0,
    lines: 0,
    totals: emptySums(),
    breakdowns: {
      institution: new Map(),
      claimType: new Map(),
      insuranceType: new Map(),
      personCategory: new Map(),
      item: new Map(),
    },
    persons: emptyPersonTable(),
    sealedChanges: new Float64Array(0),
    sealedTop: emptyPersonTable(1),
    coverageCount: 0,
    coverage: [],
    refused: { input: 0, baseline: 0, candidate: 0, both: 0 },
    refusals: [],
  };
}

/** Fen as a whole number; exact (no amount of one claim comes near 2^53 fen). */
const fen = (m: Money | undefined): number =>
  m === undefined || m.isZero() ? 0 : Number(m.toMinor());
const abs = (n: bigint) => (n < 0n ? -n : n);
/** Past this, a sum of two sums might not be exact: refused. */
const EXACT = 2 ** 52;

function exact(n: number): number {
  if (n > EXACT || n < -EXACT) {
    throw new RangeError(
      `a simulation sum reached ${n} fen, past what it adds exactly (2^52 fen); split the history`,
    );
  }
  return n;
}

const byRecord = (a: { record: number }, b: { record: number }) => a.record - b.record;

/** The person category key: the sorted categories joined by "+", so the parts sum to the whole. */
export function categoryKey(categories: readonly string[]): string {
  return categories.length === 0 ? NO_CATEGORY : [...categories].sort().join('+');
}

function addPayers(sums: Sums, b: readonly number[], c: readonly number[], count: number): void {
  sums.count += count;
  for (let i = 0; i < P; i++) {
    const x = b[i] ?? 0;
    const y = c[i] ?? 0;
    if (x !== 0) sums.baseline[i] = exact((sums.baseline[i] ?? 0) + x);
    if (y !== 0) sums.candidate[i] = exact((sums.candidate[i] ?? 0) + y);
  }
}

function groupOf(map: Map<string, Sums>, key: string): Sums {
  let sums = map.get(key);
  if (sums === undefined) {
    sums = emptySums();
    map.set(key, sums);
  }
  return sums;
}

function payerFen(payers: Readonly<Partial<Record<Party, Money>>>): number[] {
  const out = zeros();
  for (let i = 0; i < P; i++) out[i] = fen(payers[SHARE_PARTIES[i] as Party]);
  return out;
}

function firstIssue(issues: readonly Issue[]): { code: string; message: string } {
  const first = issues.find((i) => i.severity === 'error') ?? issues[0];
  return { code: first?.code ?? 'unknown', message: first?.message ?? '' };
}

export class SimulationBuilder {
  private readonly state: SimulationState;

  constructor(state?: SimulationState) {
    this.state = state ?? emptyState();
  }

  /** A builder of a part, from its state (e.g. a worker's). */
  static fromState(state: SimulationState): SimulationBuilder {
    return new SimulationBuilder(state);
  }

  /**
   * The state so far (not copied: for sending to another thread, or to merge). Its people's
   * columns lose their spare capacity first (a clone copies whole buffers).
   */
  toState(): SimulationState {
    this.state.persons = trimmed(this.state.persons);
    return this.state;
  }

  /** A claim that could not be read at all (malformed JSON, invalid claim). */
  refuseInput(
    at: { readonly record: number; readonly line?: number | undefined; readonly claimId?: string },
    issues: readonly Issue[],
  ): void {
    this.state.read++;
    this.refuse(at.record, at.line, at.claimId ?? null, 'input', issues);
  }

  /** One claim with its baseline and candidate settlements. */
  add(entry: SimulatedClaim): void {
    const s = this.state;
    s.read++;
    const { claim, baseline, candidate } = entry;
    if (!baseline.ok || !candidate.ok) {
      const side: RefusalSide =
        !baseline.ok && !candidate.ok ? 'both' : baseline.ok ? 'candidate' : 'baseline';
      this.refuse(
        entry.record,
        entry.line,
        claim.id,
        side,
        !baseline.ok ? baseline.issues : candidate.ok ? [] : candidate.issues,
      );
      return;
    }
    s.compared++;
    s.lines += claim.lines.length;
    const b = payerFen(baseline.value.payers);
    const c = payerFen(candidate.value.payers);
    addPayers(s.totals, b, c, 1);
    addPayers(groupOf(s.breakdowns.institution, claim.institution.code), b, c, 1);
    addPayers(groupOf(s.breakdowns.claimType, claim.type), b, c, 1);
    addPayers(groupOf(s.breakdowns.insuranceType, claim.person.insuranceType), b, c, 1);
    addPayers(groupOf(s.breakdowns.personCategory, categoryKey(claim.person.categories)), b, c, 1);

    // Per catalog item (the line's code), and the lines whose coverage outcome changed.
    // Settlements list the claim's lines in its order: matched by place, by id when they differ.
    const claimLines = claim.lines;
    const bLines = baseline.value.lines;
    const cLines = candidate.value.lines;
    const aligned =
      bLines.length === cLines.length &&
      bLines.every((l, i) => l.lineId === cLines[i]?.lineId && l.lineId === claimLines[i]?.id);
    const codeOf = (lineId: string, i: number) =>
      aligned ? (claimLines[i]?.code ?? '') : (claimLines.find((l) => l.id === lineId)?.code ?? '');
    const seen = new Set<string>();
    const changed: CoverageChange['lines'][number][] = [];
    for (const [i, bl] of bLines.entries()) {
      const cl = aligned ? cLines[i] : cLines.find((l) => l.lineId === bl.lineId);
      if (!aligned) seen.add(bl.lineId);
      const code = codeOf(bl.lineId, i);
      addPayers(
        groupOf(s.breakdowns.item, code),
        payerFen(bl.payers),
        cl === undefined ? zeros() : payerFen(cl.payers),
        1,
      );
      if (cl?.outcome !== bl.outcome) {
        changed.push({
          lineId: bl.lineId,
          code,
          baseline: bl.outcome,
          candidate: cl?.outcome ?? 'absent',
        });
      }
    }
    for (const [i, cl] of (aligned ? [] : cLines).entries()) {
      if (seen.has(cl.lineId)) continue;
      const code = codeOf(cl.lineId, i);
      addPayers(groupOf(s.breakdowns.item, code), zeros(), payerFen(cl.payers), 1);
      changed.push({ lineId: cl.lineId, code, baseline: 'absent', candidate: cl.outcome });
    }
    if (changed.length > 0) {
      s.coverageCount++;
      this.keepCoverage([
        {
          record: entry.record,
          claimId: claim.id,
          personId: claim.person.id,
          lines: changed.slice(0, SIMULATION_LIMITS.coverageLines),
        },
      ]);
    }

    // The person's out-of-pocket over the year.
    const people = s.persons;
    const slot = slotOf(people, claim.person.id, entry.year);
    const before = b[PATIENT] ?? 0;
    const after = c[PATIENT] ?? 0;
    people.claims[slot] = (people.claims[slot] ?? 0) + 1;
    people.baseline[slot] = exact((people.baseline[slot] ?? 0) + before);
    people.candidate[slot] = exact((people.candidate[slot] ?? 0) + after);
    if (after !== before) keepChange(people, slot, entry.record, claim.id, after - before);
  }

  /**
   * Adds a part of the history (another builder, e.g. a worker's) to this one. Takes the other's
   * state over: do not use the other builder afterwards.
   */
  merge(other: SimulationBuilder | SimulationState): this {
    const o = other instanceof SimulationBuilder ? other.state : other;
    const s = this.state;
    s.read += o.read;
    s.compared += o.compared;
    s.lines += o.lines;
    addPayers(s.totals, o.totals.baseline, o.totals.candidate, o.totals.count);
    for (const name of BREAKDOWNS) {
      for (const [key, sums] of o.breakdowns[name]) {
        addPayers(groupOf(s.breakdowns[name], key), sums.baseline, sums.candidate, sums.count);
      }
    }
    mergePersons(s.persons, o.persons, (a, b) => exact(a + b));
    if (o.sealedChanges.length > 0) {
      s.sealedChanges = concatenated(s.sealedChanges, o.sealedChanges);
      mergePersons(s.sealedTop, o.sealedTop, (a, b) => exact(a + b));
      s.sealedTop = topOf(s.sealedTop);
    }
    s.coverageCount += o.coverageCount;
    this.keepCoverage(o.coverage);
    for (const side of REFUSAL_SIDES) s.refused[side] += o.refused[side];
    s.refusals = [...s.refusals, ...o.refusals].sort(byRecord).slice(0, SIMULATION_LIMITS.refusals);
    return this;
  }

  /**
   * Seals the people added so far: every claim of theirs is in (a pass over a share of the people
   * is done). Of each, only the change is kept, and of those that changed most their table: the
   * memory of a history read in passes is that of one pass, whatever its length. Claims of a
   * sealed person added later would count as another person: do not.
   */
  sealPersons(): this {
    const s = this.state;
    if (s.persons.size === 0) return this;
    s.sealedChanges = concatenated(s.sealedChanges, changesBySlot(s.persons));
    mergePersons(s.sealedTop, topOf(s.persons), (a, b) => exact(a + b));
    s.sealedTop = topOf(s.sealedTop);
    s.persons = emptyPersonTable();
    return this;
  }

  /** The report of what was added so far (its wire form: see `simulationReportSchema`). */
  report(options: SimulationOptions = {}): SimulationReport {
    return buildReport(this.state, options);
  }

  private refuse(
    record: number,
    line: number | undefined,
    claimId: string | null,
    side: RefusalSide,
    issues: readonly Issue[],
  ): void {
    const s = this.state;
    s.refused[side]++;
    if (
      s.refusals.length >= SIMULATION_LIMITS.refusals &&
      record > (s.refusals.at(-1)?.record ?? 0)
    ) {
      return;
    }
    s.refusals = [
      ...s.refusals,
      { record, line: line ?? null, claimId, side, ...firstIssue(issues) },
    ]
      .sort(byRecord)
      .slice(0, SIMULATION_LIMITS.refusals);
  }

  private keepCoverage(more: readonly CoverageChange[]): void {
    const s = this.state;
    if (more.length === 0) return;
    const last = s.coverage.at(-1);
    if (
      more.length === 1 &&
      s.coverage.length >= SIMULATION_LIMITS.coverageChanges &&
      last !== undefined &&
      (more[0]?.record ?? 0) > last.record
    ) {
      return;
    }
    s.coverage = [...s.coverage, ...more]
      .sort(byRecord)
      .slice(0, SIMULATION_LIMITS.coverageChanges);
  }
}

// ---------------------------------------------------------------------------------------------
// The wire form

const money = z.string().regex(/^-?\d+\.\d{2}$/u);
const comparisonSchema = z.strictObject({ baseline: money, candidate: money, change: money });
const payersSchema = z.partialRecord(z.enum(SHARE_PARTIES), comparisonSchema);
const groupSchema = z.strictObject({
  /** Claims in the group (lines, for the item breakdown). */
  count: z.int().min(0),
  total: comparisonSchema,
  /** The payers with an amount on either side. */
  payers: payersSchema,
});
const versionsSchema = z.strictObject({
  policy: z.string(),
  catalog: z.string(),
  /** The smart-review rule sets the side settled with (ids); absent: none. */
  rules: z.array(z.string()).optional(),
});

export const simulationReportSchema = z
  .strictObject({
    format: z.literal('openpayer.simulation/1'),
    versions: z.strictObject({ baseline: versionsSchema, candidate: versionsSchema }).nullable(),
    /** True when every claim read was compared (none refused). */
    complete: z.boolean(),
    claims: z.strictObject({
      read: z.int().min(0),
      compared: z.int().min(0),
      refused: z.int().min(0),
      lines: z.int().min(0),
    }),
    /** The claims' total (every payer's part) and each payer's, over the claims compared. */
    total: comparisonSchema,
    payers: payersSchema,
    breakdowns: z.strictObject({
      institution: z.record(z.string(), groupSchema),
      claimType: z.record(z.string(), groupSchema),
      insuranceType: z.record(z.string(), groupSchema),
      personCategory: z.record(z.string(), groupSchema),
      item: z.record(z.string(), groupSchema),
    }),
    outOfPocket: z.strictObject({
      /** People (person and year) with a compared claim. */
      people: z.int().min(0),
      more: z.int().min(0),
      less: z.int().min(0),
      same: z.int().min(0),
      /** Nearest-rank percentiles of each person's change (candidate − baseline). */
      percentiles: z.strictObject({ p0: money, p10: money, p50: money, p90: money, p100: money }),
      histogram: z.array(
        z.strictObject({
          label: z.string(),
          /** Inclusive lower and exclusive upper bound of the change (none: unbounded). */
          from: money.nullable(),
          to: money.nullable(),
          count: z.int().min(0),
        }),
      ),
      largest: z.array(
        z.strictObject({
          personId: z.string(),
          year: z.int(),
          claims: z.int().min(0),
          baseline: money,
          candidate: money,
          change: money,
          changedClaims: z.array(
            z.strictObject({ record: z.int(), claimId: z.string(), change: money }),
          ),
        }),
      ),
    }),
    coverageChanges: z.strictObject({
      count: z.int().min(0),
      claims: z.array(
        z.strictObject({
          record: z.int(),
          claimId: z.string(),
          personId: z.string(),
          lines: z.array(
            z.strictObject({
              lineId: z.string(),
              code: z.string(),
              baseline: z.string(),
              candidate: z.string(),
            }),
          ),
        }),
      ),
    }),
    refusals: z.strictObject({
      count: z.int().min(0),
      bySide: z.strictObject({
        input: z.int().min(0),
        baseline: z.int().min(0),
        candidate: z.int().min(0),
        both: z.int().min(0),
      }),
      first: z.array(
        z.strictObject({
          record: z.int(),
          line: z.int().nullable(),
          claimId: z.string().nullable(),
          side: z.enum(REFUSAL_SIDES),
          code: z.string(),
          message: z.string(),
        }),
      ),
    }),
    budget: z.strictObject({
      fund: z.enum(SHARE_PARTIES),
      amount: money.nullable(),
      baseline: money,
      candidate: money,
      change: money,
      /** The change as a percentage of the budget (two decimals, half away from zero). */
      changePercent: z.string().nullable(),
      baselinePercent: z.string().nullable(),
      candidatePercent: z.string().nullable(),
      /** The candidate's fund spending exceeds the budget. */
      overBudget: z.boolean().nullable(),
    }),
  })
  .meta({ id: 'SimulationReport' });

export type SimulationReport = z.output<typeof simulationReportSchema>;

const text = (n: bigint | number) =>
  Money.fromMinor(typeof n === 'bigint' ? n : BigInt(n)).toFixedString();

/** n / d as a percentage with two decimals, rounded half away from zero. */
/** The versions as the report names them: rule sets only on a side that had some. */
function versionsOf(v: SimulationVersions): NonNullable<SimulationReport['versions']> {
  const side = (x: SimulationSideVersions) => ({
    policy: x.policy,
    catalog: x.catalog,
    ...(x.rules === undefined || x.rules.length === 0 ? {} : { rules: [...x.rules] }),
  });
  return { baseline: side(v.baseline), candidate: side(v.candidate) };
}

export function percentOf(n: bigint, d: bigint): string {
  if (d === 0n) return '0.00';
  const sign = n < 0n !== d < 0n ? -1n : 1n;
  const num = abs(n) * 10_000n;
  const den = abs(d);
  let q = num / den;
  if ((num % den) * 2n >= den) q += 1n;
  q *= sign;
  return text(q);
}

function comparison(b: bigint | number, c: bigint | number) {
  const x = BigInt(b);
  const y = BigInt(c);
  return { baseline: text(x), candidate: text(y), change: text(y - x) };
}

function payersOf(sums: Sums, all: boolean) {
  const out: Partial<Record<Party, ReturnType<typeof comparison>>> = {};
  for (let i = 0; i < P; i++) {
    const b = sums.baseline[i] ?? 0;
    const c = sums.candidate[i] ?? 0;
    if (all || b !== 0 || c !== 0) out[SHARE_PARTIES[i] as Party] = comparison(b, c);
  }
  return out;
}

const sum = (list: readonly number[]) => list.reduce((a, b) => a + BigInt(b), 0n);

function groupsOf(map: Map<string, Sums>) {
  const out: Record<string, z.output<typeof groupSchema>> = {};
  for (const key of [...map.keys()].sort()) {
    const sums = map.get(key);
    if (sums === undefined) continue;
    out[key] = {
      count: sums.count,
      total: comparison(sum(sums.baseline), sum(sums.candidate)),
      payers: payersOf(sums, false),
    };
  }
  return out;
}

/** Bucket edges of the out-of-pocket change histogram, in fen (mirrored below zero). */
const EDGES = [1_000n, 10_000n, 100_000n, 1_000_000n];

function histogram(changes: Float64Array) {
  const yuan = (n: bigint) => String(n / 100n);
  const buckets: { label: string; from: bigint | null; to: bigint | null; count: number }[] = [];
  const last = EDGES.at(-1) ?? 0n;
  buckets.push({ label: `≤ -${yuan(last)}`, from: null, to: -last + 1n, count: 0 });
  for (let i = EDGES.length - 1; i > 0; i--) {
    const hi = EDGES[i] ?? 0n;
    const lo = EDGES[i - 1] ?? 0n;
    buckets.push({ label: `-${yuan(hi)} … -${yuan(lo)}`, from: -hi + 1n, to: -lo + 1n, count: 0 });
  }
  const first = EDGES[0] ?? 0n;
  buckets.push({ label: `-${yuan(first)} … 0`, from: -first + 1n, to: 0n, count: 0 });
  buckets.push({ label: '0', from: 0n, to: 1n, count: 0 });
  buckets.push({ label: `0 … ${yuan(first)}`, from: 1n, to: first, count: 0 });
  for (let i = 0; i < EDGES.length - 1; i++) {
    const lo = EDGES[i] ?? 0n;
    const hi = EDGES[i + 1] ?? 0n;
    buckets.push({ label: `${yuan(lo)} … ${yuan(hi)}`, from: lo, to: hi, count: 0 });
  }
  buckets.push({ label: `≥ ${yuan(last)}`, from: last, to: null, count: 0 });
  for (const n of changes) {
    const c = BigInt(n);
    const bucket = buckets.find(
      (b) => (b.from === null || c >= b.from) && (b.to === null || c < b.to),
    );
    if (bucket) bucket.count++;
  }
  return buckets.map((b) => ({
    label: b.label,
    from: b.from === null ? null : text(b.from),
    to: b.to === null ? null : text(b.to),
    count: b.count,
  }));
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

/** Object keys sorted at every level (arrays keep their order): one byte form per report. */
export function sortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortedKeys(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortedKeys((value as Record<string, unknown>)[key]);
    }
    return out as T;
  }
  return value;
}

/** The people of the table whose change was largest, as a table of their own. */
function topOf(t: PersonTable): PersonTable {
  return subsetOf(t, largestChanges(t, SIMULATION_LIMITS.largestChanges), (a, b) => exact(a + b));
}

function concatenated(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function buildReport(s: SimulationState, options: SimulationOptions): SimulationReport {
  const sealed = s.sealedChanges.length > 0;
  // With people sealed, the largest changes are among the sealed top and the live people's.
  const people = sealed ? topOf(s.persons) : s.persons;
  if (sealed) mergePersons(people, s.sealedTop, (a, b) => exact(a + b));
  const changes = sealed
    ? concatenated(s.sealedChanges, changesBySlot(s.persons)).sort()
    : sortedChanges(people);
  let more = 0;
  let less = 0;
  for (const c of changes) {
    if (c > 0) more++;
    else if (c < 0) less++;
  }
  const largest = largestChanges(people, SIMULATION_LIMITS.largestChanges);
  const fundBaseline = BigInt(s.totals.baseline[FUND] ?? 0);
  const fundCandidate = BigInt(s.totals.candidate[FUND] ?? 0);
  const budget =
    options.budget === undefined
      ? undefined
      : (typeof options.budget === 'string' ? Money.of(options.budget) : options.budget).toMinor();
  if (budget !== undefined && budget <= 0n)
    throw new RangeError(`budget: must be a positive amount, got ${text(budget)}`);
  const refused = REFUSAL_SIDES.reduce((n, side) => n + s.refused[side], 0);
  const report: SimulationReport = {
    format: 'openpayer.simulation/1',
    versions: options.versions === undefined ? null : versionsOf(options.versions),
    complete: refused === 0,
    claims: { read: s.read, compared: s.compared, refused, lines: s.lines },
    total: comparison(sum(s.totals.baseline), sum(s.totals.candidate)),
    payers: payersOf(s.totals, true),
    breakdowns: {
      institution: groupsOf(s.breakdowns.institution),
      claimType: groupsOf(s.breakdowns.claimType),
      insuranceType: groupsOf(s.breakdowns.insuranceType),
      personCategory: groupsOf(s.breakdowns.personCategory),
      item: groupsOf(s.breakdowns.item),
    },
    outOfPocket: {
      people: changes.length,
      more,
      less,
      same: changes.length - more - less,
      percentiles: {
        p0: text(percentile(changes, 0)),
        p10: text(percentile(changes, 10)),
        p50: text(percentile(changes, 50)),
        p90: text(percentile(changes, 90)),
        p100: text(percentile(changes, 100)),
      },
      histogram: histogram(changes),
      largest: largest.map((slot) => ({
        personId: people.personIds[slot] ?? '',
        year: people.years[slot] ?? 0,
        claims: people.claims[slot] ?? 0,
        ...comparison(people.baseline[slot] ?? 0, people.candidate[slot] ?? 0),
        changedClaims: changesOf(people, slot).map((t) => ({
          record: t.record,
          claimId: t.claimId,
          change: text(t.change),
        })),
      })),
    },
    coverageChanges: {
      count: s.coverageCount,
      claims: s.coverage.map((c) => ({ ...c, lines: c.lines.map((l) => ({ ...l })) })),
    },
    refusals: {
      count: refused,
      bySide: { ...s.refused },
      first: s.refusals.map((r) => ({ ...r })),
    },
    budget: {
      fund: SIMULATION_FUND,
      amount: budget === undefined ? null : text(budget),
      ...comparison(fundBaseline, fundCandidate),
      changePercent: budget === undefined ? null : percentOf(fundCandidate - fundBaseline, budget),
      baselinePercent: budget === undefined ? null : percentOf(fundBaseline, budget),
      candidatePercent: budget === undefined ? null : percentOf(fundCandidate, budget),
      overBudget: budget === undefined ? null : fundCandidate > budget,
    },
  };
  return sortedKeys(report);
}

/** The report's JSON: sorted keys, two-space indent, a final newline — byte-identical per input. */
export function simulationReportJson(report: SimulationReport): string {
  return `${JSON.stringify(sortedKeys(report), null, 2)}\n`;
}
