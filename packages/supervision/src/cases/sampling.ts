import {
  Money,
  type Result,
  fail,
  issue,
  issuesFromZod,
  moneyWireSchema,
  ok,
} from '@openpayer/domain';
import { z } from 'zod';

/**
 * Sampling claims for manual review (抽查): a random share (seeded, so the same seed draws the
 * same claims again), every claim above a value threshold, and the most unusual ones (the largest
 * amount against its group's median, e.g. per DRG or department). The spec is data; each chosen
 * claim says why it was chosen (it may be chosen for several reasons).
 */

export const samplingSpecSchema = z
  .strictObject({
    /** Share of the claims drawn at random, 0–1. */
    randomShare: z.number().min(0).max(1),
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    /** Every claim at or above this amount (yuan); null: none by value. */
    valueThreshold: moneyWireSchema.nullable(),
    /** The n claims with the largest amount ÷ their group's median. */
    mostUnusual: z.int().min(0).max(100_000),
  })
  .meta({ id: 'SamplingSpec' });
export type SamplingSpec = z.output<typeof samplingSpecSchema>;

export interface SampleCandidate {
  readonly id: string;
  /** Yuan at the fen (a fixed-point string). */
  readonly amount: string;
  /** The peer group the amount is compared within (a DRG, a department, a claim type …). */
  readonly group: string;
}

export const SAMPLE_REASONS = ['random', 'value', 'unusual'] as const;
export type SampleReason = (typeof SAMPLE_REASONS)[number];

export interface Sampled {
  readonly id: string;
  readonly reasons: readonly SampleReason[];
  /** unusual: the amount ÷ the group's median, 4 decimals (as text). */
  readonly ratio: string | null;
}

/** mulberry32: a small seeded generator, so a draw is reproducible from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SAMPLING_ISSUE_CODES = ['sampling.invalid', 'sampling.duplicate_id'] as const;
export type SamplingIssueCode = (typeof SAMPLING_ISSUE_CODES)[number];

/**
 * The sample of `candidates` under `spec`, in candidate order. The random draw takes
 * round(share × n) claims by a seeded shuffle of the candidates sorted by id, so it does not
 * depend on the order they are given in.
 */
export function sampleForReview(
  candidates: readonly SampleCandidate[],
  specWire: unknown,
): Result<Sampled[], SamplingIssueCode> {
  const parsed = samplingSpecSchema.safeParse(specWire);
  if (!parsed.success) {
    return fail(
      issuesFromZod(parsed.error).map((i) =>
        issue('sampling.invalid', i.message, { path: ['spec', ...i.path] }),
      ),
    );
  }
  const spec = parsed.data;
  const seen = new Set<string>();
  const fen: bigint[] = [];
  for (const [i, c] of candidates.entries()) {
    if (seen.has(c.id)) {
      return fail([
        issue('sampling.duplicate_id', `claim ${c.id} is listed twice`, {
          path: ['candidates', i, 'id'],
        }),
      ]);
    }
    seen.add(c.id);
    const amount = moneyWireSchema.safeParse(c.amount);
    if (!amount.success) {
      return fail([
        issue('sampling.invalid', `amount ${c.amount} is not yuan at the fen`, {
          path: ['candidates', i, 'amount'],
        }),
      ]);
    }
    fen.push(Money.of(amount.data).toMinor());
  }
  const reasons = new Map<string, SampleReason[]>();
  const add = (id: string, reason: SampleReason) => {
    reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  };

  // Random: a seeded Fisher–Yates over the ids in sorted order, the first round(share × n).
  const ids = candidates.map((c) => c.id).sort();
  const next = mulberry32(spec.seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
  }
  for (const id of ids.slice(0, Math.round(spec.randomShare * ids.length))) add(id, 'random');

  if (spec.valueThreshold !== null) {
    const threshold = Money.of(spec.valueThreshold).toMinor();
    candidates.forEach((c, i) => {
      if ((fen[i] ?? 0n) >= threshold) add(c.id, 'value');
    });
  }

  // Unusual: amount ÷ the group's median (the lower middle of an even group), largest first.
  const ratios = new Map<string, string>();
  if (spec.mostUnusual > 0) {
    const byGroup = new Map<string, bigint[]>();
    candidates.forEach((c, i) => {
      const amounts = byGroup.get(c.group);
      if (amounts === undefined) byGroup.set(c.group, [fen[i] ?? 0n]);
      else amounts.push(fen[i] ?? 0n);
    });
    const medians = new Map<string, bigint>();
    for (const [group, amounts] of byGroup) {
      const sorted = [...amounts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      medians.set(group, sorted[Math.floor((sorted.length - 1) / 2)] ?? 0n);
    }
    // Exact comparison of a/m with b/n by cross-multiplying (no floats); ties by id.
    const scored = candidates
      .map((c, i) => ({ id: c.id, amount: fen[i] ?? 0n, median: medians.get(c.group) ?? 0n }))
      .filter((s) => s.median > 0n);
    scored.sort((a, b) => {
      const left = a.amount * b.median;
      const right = b.amount * a.median;
      return left > right ? -1 : left < right ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    for (const s of scored.slice(0, spec.mostUnusual)) {
      add(s.id, 'unusual');
      const scaled = (s.amount * 10_000n * 2n + s.median) / (s.median * 2n);
      ratios.set(s.id, `${String(scaled / 10_000n)}.${String(scaled % 10_000n).padStart(4, '0')}`);
    }
  }

  return ok(
    candidates
      .filter((c) => reasons.has(c.id))
      .map((c) => ({
        id: c.id,
        reasons: SAMPLE_REASONS.filter((r) => reasons.get(c.id)?.includes(r)),
        ratio: ratios.get(c.id) ?? null,
      })),
  );
}
