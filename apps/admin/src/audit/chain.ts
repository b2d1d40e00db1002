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

/**
 * Checks, in the browser, that one entry of an object's chain is in the log: the head is signed
 * by the key the reader trusts, the proof is for this entry and this head, the entry hashes to
 * the leaf (recomputed here, not taken from the API) and the audit path leads from that leaf to
 * the head's root (RFC 9162 §2.1.3.2). The API is trusted for nothing it could lie about.
 */

export interface InclusionProof {
  readonly index: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly auditPath: readonly string[];
  readonly entry: AuditEntry;
}

export type InclusionCheck =
  | { readonly ok: true; readonly leafHash: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

export function checkInclusion(
  entry: AuditEntry,
  index: number,
  proof: InclusionProof,
  head: TreeHead,
  publicKey: Uint8Array,
): InclusionCheck {
  const fail = (code: string, message: string): InclusionCheck => ({ ok: false, code, message });
  if (!verifyTreeHead(head, publicKey)) {
    return fail('audit.bad_signature', 'the tree head is not signed by the public key given');
  }
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
