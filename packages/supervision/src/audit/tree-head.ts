import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { fromBase64, fromHex, toBase64 } from './bytes.ts';

/**
 * Signed tree heads (RFC 6962 §3.5): the fund signs, with its Ed25519 key, the TLS encoding of
 *
 *   struct { Version version = v1 (0); SignatureType signature_type = tree_hash (1);
 *            uint64 timestamp; uint64 tree_size; opaque sha256_root_hash[32]; }
 *
 * (50 bytes), and publishes size, time, root and signature. Whoever holds a head can later hold
 * the fund to it: every later head must be a consistent extension of it.
 */

/** ECMA-262's time range: ±100,000,000 days of 1970-01-01 (8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;

const base64Of = (bytes: number) =>
  z
    .string()
    .refine((s) => fromBase64(s)?.length === bytes, { message: `base64 of ${bytes} bytes` });

export const treeHeadSchema = z.strictObject({
  /** Entries the tree holds. */
  treeSize: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  /**
   * When it was signed, milliseconds since 1970-01-01T00:00:00Z (RFC 6962's timestamp), at most
   * the last instant a JavaScript Date holds (ECMA-262 §21.4.1.1), so every head has a date.
   */
  timestamp: z.int().min(0).max(MAX_DATE_MS),
  /** MTH of the first treeSize entries, base64. */
  rootHash: base64Of(32),
  /** Ed25519 signature over the TreeHeadSignature bytes, base64. */
  signature: base64Of(64),
  /** SHA-256 of the public key that signed it, base64 (RFC 6962's log id). */
  keyId: base64Of(32),
});
export type TreeHead = z.output<typeof treeHeadSchema>;

/**
 * A signed tree head as it is published: the head itself, or a body that carries it under `head`
 * (GET /v1/audit/head's answer, an export's head line). The schema's result: the head, or the
 * issues with their paths inside the head.
 */
export function treeHeadFrom(value: unknown) {
  const candidate =
    typeof value === 'object' && value !== null && 'head' in value ? value.head : value;
  return treeHeadSchema.safeParse(candidate);
}

/**
 * An Ed25519 public key written as text: 32 bytes in base64, or as 64 lowercase hex digits
 * (spaces around it ignored). Undefined for anything else.
 */
export function publicKeyFrom(text: string): Uint8Array | undefined {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/u.test(trimmed) ? fromHex(trimmed) : fromBase64(trimmed);
  return bytes?.length === 32 ? bytes : undefined;
}

function uint64(view: DataView, at: number, value: number): void {
  view.setUint32(at, Math.floor(value / 2 ** 32));
  view.setUint32(at + 4, value >>> 0);
}

/** The bytes a tree head's signature covers (RFC 6962 §3.5 TreeHeadSignature). */
export function treeHeadSignatureInput(treeSize: number, timestamp: number, root: Uint8Array) {
  const bytes = new Uint8Array(50);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0; // v1
  bytes[1] = 1; // tree_hash
  uint64(view, 2, timestamp);
  uint64(view, 10, treeSize);
  bytes.set(root, 18);
  return bytes;
}

/** RFC 6962's log id: SHA-256 of the public key. */
export function keyIdOf(publicKey: Uint8Array): string {
  return toBase64(sha256(publicKey));
}

/** A new Ed25519 key pair (a fresh embedded database's; production keys come from configuration). */
export function newSigningKey(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = ed25519.utils.randomSecretKey();
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

export function signTreeHead(
  treeSize: number,
  timestamp: number,
  root: Uint8Array,
  secretKey: Uint8Array,
): TreeHead {
  const signature = ed25519.sign(treeHeadSignatureInput(treeSize, timestamp, root), secretKey);
  return {
    treeSize,
    timestamp,
    rootHash: toBase64(root),
    signature: toBase64(signature),
    keyId: keyIdOf(ed25519.getPublicKey(secretKey)),
  };
}

/** Whether `head` was signed by the holder of `publicKey` (a head that does not parse is not). */
export function verifyTreeHead(head: TreeHead, publicKey: Uint8Array): boolean {
  const root = fromBase64(head.rootHash);
  const signature = fromBase64(head.signature);
  if (root?.length !== 32 || signature?.length !== 64) return false;
  if (head.keyId !== keyIdOf(publicKey)) return false;
  try {
    return ed25519.verify(
      signature,
      treeHeadSignatureInput(head.treeSize, head.timestamp, root),
      publicKey,
    );
  } catch {
    return false;
  }
}
