import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, MerkleLog, leafHash, verifyConsistency, verifyInclusion } from './merkle.ts';

/**
 * A naive implementation written from RFC 6962 §2.1 as printed (recursion over the entry list,
 * node:crypto's SHA-256), independent of the product's: the reference every figure is checked
 * against.
 */
const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const k = (n: number) => {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
};
const MTH = (d: Uint8Array[]): Uint8Array =>
  d.length === 0
    ? sha(new Uint8Array(0))
    : d.length === 1
      ? sha(Uint8Array.of(0), d[0]!)
      : sha(Uint8Array.of(1), MTH(d.slice(0, k(d.length))), MTH(d.slice(k(d.length))));
const PATH = (m: number, d: Uint8Array[]): Uint8Array[] => {
  if (d.length <= 1) return [];
  const s = k(d.length);
  return m < s
    ? [...PATH(m, d.slice(0, s)), MTH(d.slice(s))]
    : [...PATH(m - s, d.slice(s)), MTH(d.slice(0, s))];
};
const SUBPROOF = (m: number, d: Uint8Array[], b: boolean): Uint8Array[] => {
  if (m === d.length) return b ? [] : [MTH(d)];
  const s = k(d.length);
  return m <= s
    ? [...SUBPROOF(m, d.slice(0, s), b), MTH(d.slice(s))]
    : [...SUBPROOF(m - s, d.slice(s), false), MTH(d.slice(0, s))];
};
const PROOF = (m: number, d: Uint8Array[]) => SUBPROOF(m, d, true);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const hexes = (list: Uint8Array[]) => list.map(hex);
const entries = (n: number) =>
  Array.from({ length: n }, (_, i) => new TextEncoder().encode(`entry ${i} ${'x'.repeat(i % 7)}`));
const logOf = (d: Uint8Array[]) => {
  const log = new MerkleLog();
  for (const e of d) log.append(e);
  return log;
};

describe('MerkleLog against RFC 6962 §2.1', () => {
  it('gives the published test-vector roots (the leaves of certificate-transparency/Trillian tests)', () => {
    // Leaves and roots as published with the reference implementations' tests; the naive MTH
    // above reproduces them too.
    const leaves = [
      '',
      '00',
      '10',
      '2021',
      '3031',
      '40414243',
      '5051525354555657',
      '606162636465666768696a6b6c6d6e6f',
    ].map((h) => new Uint8Array(Buffer.from(h, 'hex')));
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const log = logOf(leaves);
    for (let n = 1; n <= 8; n++) {
      expect(hex(log.root(n))).toBe(roots[n - 1]);
      expect(hex(MTH(leaves.slice(0, n)))).toBe(roots[n - 1]);
    }
    expect(hex(log.root(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(EMPTY_ROOT)).toBe(hex(MTH([])));
  });

  it('has the naive root, every inclusion path and every consistency proof for sizes 0..40', () => {
    const d = entries(40);
    const log = logOf(d);
    for (let n = 0; n <= 40; n++) {
      expect(hex(log.root(n))).toBe(hex(MTH(d.slice(0, n))));
      for (let m = 0; m < n; m++) {
        const proof = log.inclusionProof(m, n);
        expect(hexes(proof)).toEqual(hexes(PATH(m, d.slice(0, n))));
        expect(verifyInclusion(leafHash(d[m]!), m, n, proof, log.root(n))).toBe(true);
      }
      for (let m = 1; m < n; m++) {
        const proof = log.consistencyProof(m, n);
        expect(hexes(proof)).toEqual(hexes(PROOF(m, d.slice(0, n))));
        expect(verifyConsistency(m, n, log.root(m), log.root(n), proof)).toBe(true);
      }
    }
  });

  it('rejects every proof that was altered, moved to another index or size, or shortened', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 300 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (n, a, b, flip) => {
          const d = entries(n);
          const log = logOf(d);
          const m = a % n;
          const proof = log.inclusionProof(m, n);
          const root = log.root(n);
          const leaf = leafHash(d[m]!);
          expect(verifyInclusion(leaf, m, n, proof, root)).toBe(true);
          expect(verifyInclusion(leaf, (m + 1) % n, n, proof, root)).toBe(false);
          expect(verifyInclusion(leaf, m, n, proof.slice(0, -1), root)).toBe(false);
          expect(verifyInclusion(leaf, m, n, [...proof, root], root)).toBe(false);
          expect(verifyInclusion(leafHash(d[(m + 1) % n]!), m, n, proof, root)).toBe(false);
          if (proof.length > 0) {
            const bent = proof.map((p) => p.slice());
            const at = flip % bent.length;
            const row = bent[at]!;
            row[flip % 32] = (row[flip % 32] ?? 0) ^ (1 + (flip % 255));
            expect(verifyInclusion(leaf, m, n, bent, root)).toBe(false);
          }
          const first = 1 + (b % (n - 1));
          const cproof = log.consistencyProof(first, n);
          const firstRoot = log.root(first);
          expect(verifyConsistency(first, n, firstRoot, root, cproof)).toBe(true);
          expect(verifyConsistency(first, n, root, root, cproof)).toBe(false);
          expect(verifyConsistency(first, n, firstRoot, firstRoot, cproof)).toBe(false);
          expect(verifyConsistency(first, n, firstRoot, root, cproof.slice(1))).toBe(false);
          if (first + 1 < n) {
            expect(verifyConsistency(first + 1, n, firstRoot, root, cproof)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers sizes and indexes beyond the log with an error naming the field', () => {
    const log = logOf(entries(5));
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as { details?: { field?: string; code?: string } }).details;
      }
      return undefined;
    };
    expect(field(() => log.root(6))).toMatchObject({
      field: 'size',
      code: 'audit.proof_out_of_range',
    });
    expect(field(() => log.inclusionProof(5, 5))).toMatchObject({ field: 'index' });
    expect(field(() => log.inclusionProof(-1))).toMatchObject({ field: 'index' });
    expect(field(() => log.inclusionProof(0.5))).toMatchObject({ field: 'index' });
    expect(field(() => log.consistencyProof(4, 6))).toMatchObject({ field: 'second' });
    expect(field(() => log.consistencyProof(5, 4))).toMatchObject({ field: 'first' });
    expect(log.consistencyProof(0, 5)).toEqual([]);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, log.root(5), [])).toBe(true);
    expect(verifyConsistency(5, 5, log.root(5), log.root(5), [])).toBe(true);
    expect(verifyInclusion(leafHash(entries(1)[0]!), 0, 0, [], EMPTY_ROOT)).toBe(false);
  });
});
