import { type TreeHead, toBase64 } from '@openpayer/supervision';
import { describe, expect, it } from 'vitest';
import { buildLog, entryAt, fund, stranger } from './__fixtures__/log.ts';
import type { ProofView } from './api.ts';
import { checkInclusion, verifiedHead } from './chain.ts';

describe('checkInclusion', () => {
  const { log, latest } = buildLog(11);
  const signed = verifiedHead(latest, fund.publicKey);
  if (signed === undefined) throw new Error('the fixture head is not signed by the fund');

  /** The proof as the API builds it, from the package's own tree. */
  const proofOf = (index: number, head: TreeHead = latest): ProofView => ({
    index,
    treeSize: head.treeSize,
    leafHash: toBase64(log.tree.leafHashAt(index)),
    auditPath: log.tree.inclusionProof(index, head.treeSize).map(toBase64),
    entry: entryAt(index),
  });

  it('accepts every entry of the log against the latest head', () => {
    for (let i = 0; i < 11; i++) {
      expect(checkInclusion(entryAt(i), i, proofOf(i), signed)).toEqual({
        ok: true,
        leafHash: toBase64(log.tree.leafHashAt(i)),
      });
    }
  });

  const code = (result: ReturnType<typeof checkInclusion>) => (result.ok ? 'ok' : result.code);

  it('refuses a head under another key', () => {
    expect(verifiedHead(latest, stranger.publicKey)).toBeUndefined();
    const moved = { ...latest, treeSize: latest.treeSize + 1 };
    expect(verifiedHead(moved, fund.publicKey)).toBeUndefined();
    expect(verifiedHead(latest, fund.publicKey)).toEqual(latest);
  });

  it('refuses a proof for another entry or tree', () => {
    expect(code(checkInclusion(entryAt(3), 3, proofOf(4), signed))).toBe('audit.proof_mismatch');
    const small = log.heads[1];
    if (small === undefined) throw new Error('the log has no second head');
    expect(code(checkInclusion(entryAt(1), 1, proofOf(1, small), signed))).toBe(
      'audit.proof_mismatch',
    );
  });

  it('recomputes the leaf: an edited entry or a leaf hash the API made up fails', () => {
    const edited = { ...entryAt(5), actor: 'someone else' };
    expect(code(checkInclusion(edited, 5, { ...proofOf(5), entry: edited }, signed))).toBe(
      'audit.leaf_mismatch',
    );
    expect(code(checkInclusion(edited, 5, proofOf(5), signed))).toBe('audit.entry_mismatch');
  });

  it('refuses an audit path that is malformed or does not lead to the root', () => {
    const proof = proofOf(6);
    const [first, ...rest] = proof.auditPath;
    expect(
      code(checkInclusion(entryAt(6), 6, { ...proof, auditPath: ['AAAA', ...rest] }, signed)),
    ).toBe('audit.malformed_proof');
    expect(code(checkInclusion(entryAt(6), 6, { ...proof, auditPath: rest }, signed))).toBe(
      'audit.inclusion_failed',
    );
    expect(
      code(checkInclusion(entryAt(6), 6, { ...proof, auditPath: [...rest, first ?? ''] }, signed)),
    ).toBe('audit.inclusion_failed');
  });
});
