import { describe, expect, it } from 'vitest';
import { type SampleCandidate, sampleForReview } from './sampling.ts';

const many: SampleCandidate[] = Array.from({ length: 200 }, (_, i) => ({
  id: `C-${String(i).padStart(3, '0')}`,
  amount: `${String(100 + (i % 7))}.00`,
  group: i % 2 === 0 ? 'ES31' : 'GD25',
}));

function value<T>(r: { ok: true; value: T } | { ok: false; issues: readonly unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('sampling claims for manual review (data spec, seeded)', () => {
  const spec = { randomShare: 0.1, seed: 20251203, valueThreshold: null, mostUnusual: 0 };

  it('draws the same share again from the same seed, whatever the order given', () => {
    const first = value(sampleForReview(many, spec));
    expect(first).toHaveLength(20);
    expect(first.every((s) => s.reasons.join() === 'random')).toBe(true);
    const again = value(sampleForReview([...many].reverse(), spec));
    expect(again.map((s) => s.id).sort()).toEqual(first.map((s) => s.id).sort());
    const other = value(sampleForReview(many, { ...spec, seed: 7 }));
    expect(other.map((s) => s.id)).not.toEqual(first.map((s) => s.id));
    expect(value(sampleForReview(many, { ...spec, randomShare: 0 }))).toEqual([]);
    expect(value(sampleForReview(many, { ...spec, randomShare: 1 }))).toHaveLength(200);
  });

  it('takes every claim at the value threshold and the most unusual against its group', () => {
    const claims: SampleCandidate[] = [
      { id: 'A1', amount: '100.00', group: 'ES31' },
      { id: 'A2', amount: '110.00', group: 'ES31' },
      { id: 'A3', amount: '120.00', group: 'ES31' },
      { id: 'A4', amount: '1000.00', group: 'ES31' },
      { id: 'B1', amount: '50.00', group: 'GD25' },
      { id: 'B2', amount: '60.00', group: 'GD25' },
      { id: 'B3', amount: '70.00', group: 'GD25' },
    ];
    // ES31's median is 110.00 (the lower middle): A4 is 9.0909 times it; B3 is 1.1667 × 60.00.
    const sample = value(
      sampleForReview(claims, {
        randomShare: 0,
        seed: 1,
        valueThreshold: '120.00',
        mostUnusual: 2,
      }),
    );
    expect(sample).toEqual([
      { id: 'A3', reasons: ['value'], ratio: null },
      { id: 'A4', reasons: ['value', 'unusual'], ratio: '9.0909' },
      { id: 'B3', reasons: ['unusual'], ratio: '1.1667' },
    ]);
  });

  it('names what is wrong in the spec or the claims', () => {
    const badShare = sampleForReview(many, { ...spec, randomShare: 1.5 });
    expect(badShare.ok ? null : badShare.issues[0]?.path).toEqual(['spec', 'randomShare']);
    const twice = sampleForReview([many[0] as SampleCandidate, many[0] as SampleCandidate], spec);
    expect(twice.ok ? null : twice.issues.map((i) => [i.code, i.path])).toEqual([
      ['sampling.duplicate_id', ['candidates', 1, 'id']],
    ]);
    const badAmount = sampleForReview([{ id: 'X', amount: '1.5', group: 'G' }], spec);
    expect(badAmount.ok ? null : badAmount.issues[0]?.path).toEqual(['candidates', 0, 'amount']);
  });
});
