import { hash } from 'node:crypto';

export const DIGEST_HEX = 16;

/**
 * The first 16 hex digits of SHA-256. One-shot `crypto.hash` (Node ≥ 20.12): on ~1 KB lines it
 * avoids the Hash object that `createHash` allocates per call.
 */
export function digest(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex').slice(0, DIGEST_HEX);
}
