import { z } from 'zod';
import { type AuditEntry, auditEntrySchema, entryBytes } from './entry.ts';
import { MerkleLog } from './merkle.ts';
import { type TreeHead, signTreeHead, treeHeadSchema } from './tree-head.ts';
import { toBase64 } from './bytes.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * The export: NDJSON that needs nothing but itself and the fund's public key to verify.
 *
 *   {"format":"openpayer.audit-log","keyId":"…","version":1}
 *   {"head":{…}}                              a signed tree head, placed where the tree had that size
 *   {"entry":{…},"index":0}
 *   …
 *
 * Every line is canonical JSON. A head follows the entry that completed its tree (a head of size
 * 0 follows the header), so a reader checks it with the entries read so far.
 */

export const AUDIT_EXPORT_FORMAT = 'openpayer.audit-log';

export const exportHeaderSchema = z.strictObject({
  format: z.literal(AUDIT_EXPORT_FORMAT),
  version: z.literal(1),
  /** The log id (SHA-256 of the public key, base64) whose heads the export carries. */
  keyId: z.string(),
});
export const exportEntryLineSchema = z.strictObject({
  index: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  entry: auditEntrySchema,
});
export const exportHeadLineSchema = z.strictObject({ head: treeHeadSchema });

/** The export's first line. */
export function exportHeaderLine(keyId: string): string {
  return canonicalJson({ format: AUDIT_EXPORT_FORMAT, keyId, version: 1 });
}

export function exportEntryLine(entry: AuditEntry, index: number): string {
  return canonicalJson({ entry, index });
}

export function exportHeadLine(head: TreeHead): string {
  return canonicalJson({ head });
}

/** The lines of an export (without line ends) of `entries` in order, with `heads` where they fit. */
export function* exportLines(
  keyId: string,
  entries: Iterable<AuditEntry>,
  heads: readonly TreeHead[],
): Generator<string> {
  yield exportHeaderLine(keyId);
  const ordered = [...heads].sort((a, b) => a.treeSize - b.treeSize || a.timestamp - b.timestamp);
  let next = 0;
  const headsAt = function* (size: number) {
    for (let head = ordered[next]; head !== undefined && head.treeSize <= size;) {
      yield exportHeadLine(head);
      head = ordered[++next];
    }
  };
  yield* headsAt(0);
  let index = 0;
  for (const entry of entries) {
    yield exportEntryLine(entry, index);
    index++;
    yield* headsAt(index);
  }
}

/**
 * An append-only log in memory: entries, their Merkle tree and the heads signed over it. What the
 * persistence layer stores durably it rebuilds through this; tests and the demo build logs with it.
 */
export class AuditLog {
  readonly tree = new MerkleLog();
  readonly entries: AuditEntry[] = [];
  readonly heads: TreeHead[] = [];

  append(entry: AuditEntry): number {
    const parsed = auditEntrySchema.parse(entry);
    this.entries.push(parsed);
    return this.tree.append(entryBytes(parsed));
  }

  /** Signs the tree as it is now. */
  sign(secretKey: Uint8Array, timestamp: number): TreeHead {
    const head = signTreeHead(this.tree.size, timestamp, this.tree.root(), secretKey);
    this.heads.push(head);
    return head;
  }

  rootBase64(size = this.tree.size): string {
    return toBase64(this.tree.root(size));
  }
}
