import { sha256 } from '@noble/hashes/sha2.js';
import { EngineError } from '@openpayer/domain';

/**
 * The Merkle tree of RFC 6962 §2.1 (Certificate Transparency), over SHA-256:
 *
 *   MTH({})      = SHA-256()
 *   MTH({d0})    = SHA-256(0x00 ‖ d0)                       (a leaf)
 *   MTH(D[n])    = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))  k: the largest power of two < n
 *
 * with the inclusion proof PATH(m, D[n]) and the consistency proof PROOF(m, D[n]) of §2.1.1 and
 * §2.1.2, and their verification as RFC 9162 §2.1.3.2 and §2.1.4.2 give it. A log keeps, per
 * level, the hash of every complete aligned subtree, so a root or a proof for any size costs
 * O(log n) hashes, not a walk over the whole log.
 */

const HASH_BYTES = 32;
const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

/** SHA-256(0x00 ‖ entry): the hash of one log entry's bytes. */
export function leafHash(entry: Uint8Array): Uint8Array {
  return sha256.create().update(LEAF_PREFIX).update(entry).digest();
}

/** SHA-256(0x01 ‖ left ‖ right): an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256.create().update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH of the empty tree: the hash of the empty string. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** The largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function bad(field: string, message: string, data: Record<string, unknown> = {}): never {
  throw new EngineError('invalid_argument', message, {
    code: 'audit.proof_out_of_range',
    field,
    ...data,
  });
}

function wholeNumber(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    bad(field, `${field} must be a whole number ≥ 0, got ${String(value)}`, { value });
  }
}

/** Hashes of one level, 32 bytes each, in one growing buffer (a million leaves: 32 MB, no objects). */
class HashList {
  private bytes = new Uint8Array(HASH_BYTES * 1024);
  length = 0;

  push(hash: Uint8Array): void {
    if ((this.length + 1) * HASH_BYTES > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes.set(hash, this.length * HASH_BYTES);
    this.length++;
  }

  at(index: number): Uint8Array {
    return this.bytes.slice(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }
}

/** An append-only Merkle log of leaf hashes. */
export class MerkleLog {
  /** levels[h][i]: the root of the complete subtree over leaves [i·2^h, (i+1)·2^h). */
  private readonly levels: HashList[] = [new HashList()];

  /** How many entries the log holds. */
  get size(): number {
    return this.levels[0]?.length ?? 0;
  }

  /** Appends an entry's bytes; answers its index. */
  append(entry: Uint8Array): number {
    return this.appendLeafHash(leafHash(entry));
  }

  /** Appends an entry by its leaf hash (SHA-256(0x00 ‖ entry)); answers its index. */
  appendLeafHash(hash: Uint8Array): number {
    if (hash.length !== HASH_BYTES) bad('hash', `a leaf hash has ${HASH_BYTES} bytes`);
    const index = this.size;
    let level = 0;
    let position = index;
    let current = hash;
    for (;;) {
      let list = this.levels[level];
      if (list === undefined) {
        list = new HashList();
        this.levels.push(list);
      }
      list.push(current);
      // A right child completes its parent.
      if (position % 2 === 0) break;
      current = nodeHash(list.at(position - 1), current);
      position = (position - 1) / 2;
      level++;
    }
    return index;
  }

  /** The leaf hash of entry `index`. */
  leafHashAt(index: number): Uint8Array {
    wholeNumber(index, 'index');
    if (index >= this.size) bad('index', `entry ${index} is beyond the log's ${this.size} entries`);
    return this.level(0).at(index);
  }

  /** MTH(D[size]): the root of the tree of the first `size` entries (default: all). */
  root(size: number = this.size): Uint8Array {
    this.checkSize(size, 'size');
    return size === 0 ? EMPTY_ROOT.slice() : this.subtree(0, size);
  }

  /** PATH(index, D[size]): the audit path proving entry `index` is in the tree of `size`. */
  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    this.checkSize(size, 'size');
    wholeNumber(index, 'index');
    if (index >= size) bad('index', `entry ${index} is not in a tree of ${size} entries`, { size });
    const proof: Uint8Array[] = [];
    this.path(index, 0, size, proof);
    return proof;
  }

  /** PROOF(first, D[second]): proves the tree of `first` entries is a prefix of the one of `second`. */
  consistencyProof(first: number, second: number = this.size): Uint8Array[] {
    this.checkSize(second, 'second');
    wholeNumber(first, 'first');
    if (first > second) bad('first', `a tree of ${first} entries cannot precede one of ${second}`);
    const proof: Uint8Array[] = [];
    if (first === 0 || first === second) return proof;
    this.subproof(first, 0, second, true, proof);
    return proof;
  }

  private level(height: number): HashList {
    const list = this.levels[height];
    if (list === undefined) {
      throw new EngineError('invariant_violated', `no level ${height} in a log of ${this.size}`);
    }
    return list;
  }

  private checkSize(size: number, field: string): void {
    wholeNumber(size, field);
    if (size > this.size) bad(field, `the log has ${this.size} entries, not ${size}`, { size });
  }

  /** MTH(D[start:end]), from the stored complete subtrees. */
  private subtree(start: number, end: number): Uint8Array {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) {
      return this.level(Math.log2(n)).at(start / n);
    }
    const k = split(n);
    return nodeHash(this.subtree(start, start + k), this.subtree(start + k, end));
  }

  private path(m: number, start: number, end: number, out: Uint8Array[]): void {
    const n = end - start;
    if (n <= 1) return;
    const k = split(n);
    if (m < k) {
      this.path(m, start, start + k, out);
      out.push(this.subtree(start + k, end));
    } else {
      this.path(m - k, start + k, end, out);
      out.push(this.subtree(start, start + k));
    }
  }

  private subproof(m: number, start: number, end: number, whole: boolean, out: Uint8Array[]) {
    const n = end - start;
    if (m === n) {
      if (!whole) out.push(this.subtree(start, end));
      return;
    }
    const k = split(n);
    if (m <= k) {
      this.subproof(m, start, start + k, whole, out);
      out.push(this.subtree(start + k, end));
    } else {
      this.subproof(m - k, start + k, end, false, out);
      out.push(this.subtree(start, start + k));
    }
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** RFC 9162 §2.1.3.2: does `proof` show the leaf `hash` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  hash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0) return false;
  if (index >= size) return false;
  // Bit operations on sizes beyond 2^31 would wrap: halve with Math.floor instead.
  let fn = index;
  let sn = size - 1;
  let r = hash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of `first` entries with `firstRoot` is a prefix of
 * the tree of `second` entries with `secondRoot`? Equal sizes need equal roots and an empty proof;
 * the empty tree precedes every tree.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0) return false;
  if (first > second) return false;
  if (first === second) return proof.length === 0 && equal(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0 && equal(firstRoot, EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  const [start, ...rest] = path;
  if (start === undefined) return false;
  let fr = start;
  let sr = start;
  for (const c of rest) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n));
}

export { equal as bytesEqual };
