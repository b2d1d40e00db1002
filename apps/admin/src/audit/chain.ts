import {
  type AuditEntry,
  type TreeHead,
  canonicalJson,
  entryBytes,
  fromBase64,
  leafHash,
  toBase64,
  verifyInclusion,
  verifyTreeHead,
} from '@openpayer/supervision';
import type { ProofView } from './api.ts';

/**
 * Checks, in the browser, that the entries of an object's chain are in the log: the head is
 * signed by the key the reader trusts (once, `verifiedHead`), and for each entry the proof is for
 * this entry and this head, the entry hashes to the leaf (recomputed here, not taken from the
 * API) and the audit path leads from that leaf to the head's root (RFC 9162 §2.1.3.2). The API
 * is trusted for nothing it could lie about.
 */

declare const signatureChecked: unique symbol;
/** A tree head whose Ed25519 signature was checked against the reader's key. */
export type VerifiedHead = TreeHead & { readonly [signatureChecked]: true };

/** The head, when `publicKey` signed it; undefined otherwise. */
export function verifiedHead(head: TreeHead, publicKey: Uint8Array): VerifiedHead | undefined {
  return verifyTreeHead(head, publicKey) ? (head as VerifiedHead) : undefined;
}

export type InclusionCheck =
  | { readonly ok: true; readonly leafHash: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

export function checkInclusion(
  entry: AuditEntry,
  index: number,
  proof: ProofView,
  head: VerifiedHead,
): InclusionCheck {
  const fail = (code: string, message: string): InclusionCheck => ({ ok: false, code, message });
  if (proof.index !== index || proof.treeSize !== head.treeSize) {
    return fail(
      'audit.proof_mismatch',
      `the proof is for entry ${proof.index} in a tree of ${proof.treeSize}, not entry ${index} in the head's ${head.treeSize}`,
    );
  }
  if (canonicalJson(proof.entry) !== canonicalJson(entry)) {
    return fail('audit.entry_mismatch', `the proof carries a different entry ${index}`);
  }
  const leaf = leafHash(entryBytes(entry));
  const claimed = fromBase64(proof.leafHash);
  if (claimed === undefined || toBase64(claimed) !== toBase64(leaf)) {
    return fail('audit.leaf_mismatch', `entry ${index} does not hash to the leaf the API names`);
  }
  const path = proof.auditPath.map((hash) => fromBase64(hash));
  const hashes = path.filter((hash): hash is Uint8Array => hash?.length === 32);
  if (hashes.length !== path.length) {
    return fail('audit.malformed_proof', 'the audit path holds a hash that is not 32 bytes');
  }
  const root = fromBase64(head.rootHash);
  if (root === undefined || !verifyInclusion(leaf, index, head.treeSize, hashes, root)) {
    return fail(
      'audit.inclusion_failed',
      `the audit path does not lead from entry ${index} to the head's root`,
    );
  }
  return { ok: true, leafHash: toBase64(leaf) };
}
