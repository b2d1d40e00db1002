import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  AUDIT_EVENT_KINDS,
  type AuditEntry,
  type AuditEventKind,
  MerkleLog,
  type TreeHead,
  auditEntrySchema,
  canonicalJson,
  exportEntryLine,
  exportHeadLine,
  exportHeaderLine,
  fromBase64,
  keyIdOf,
  newSigningKey,
  publicKeyOf,
  signTreeHead,
  toBase64,
  treeHeadSchema,
} from '@openpayer/supervision';
import type { SqlRunner, Store } from './database.ts';

/**
 * The audit log in the database: entries appended in the transaction of the change they record
 * (`appendAudit`), the Merkle tree rebuilt from their leaf hashes and kept in step (`AuditTree`),
 * signed tree heads, proofs and the export. The tree, the heads and the verifier are
 * @openpayer/supervision's; this module only stores and reads.
 */

/** A state change to record. `person` (a patient id) is stored only as a pseudonym. */
export interface AuditEvent {
  readonly kind: AuditEventKind;
  /** The principal that made the change; `system` for the product itself. */
  readonly actor: string;
  readonly object: { readonly type: string; readonly id: string };
  /** The object's new state (its hash is recorded, not the state). */
  readonly state: unknown;
  readonly event?: Readonly<Record<string, unknown>>;
  readonly person?: string;
}

/**
 * The HMAC key of patient pseudonyms: the database's own, made when `openStore` opens it
 * (`rememberPseudonymKey`), else on first use; the store's memo answers once it is known.
 */
async function pseudonymKey(tx: SqlRunner): Promise<Uint8Array> {
  const remembered = tx.memo?.get(PSEUDONYM_MEMO);
  if (remembered instanceof Uint8Array) return remembered;
  let rows = await tx.query<{ secret: string }>(
    "SELECT secret FROM audit_keys WHERE purpose = 'pseudonym'",
  );
  if (rows.length === 0) {
    rows = await tx.query<{ secret: string }>(
      `WITH made AS (
         INSERT INTO audit_keys (purpose, secret) VALUES ('pseudonym', $1)
         ON CONFLICT (purpose) DO NOTHING RETURNING secret)
       SELECT secret FROM made UNION ALL SELECT secret FROM audit_keys WHERE purpose = 'pseudonym'`,
      [randomBytes(32).toString('base64')],
    );
    // Another transaction made it first: its row is visible to the next statement.
    if (rows.length === 0) {
      rows = await tx.query<{ secret: string }>(
        "SELECT secret FROM audit_keys WHERE purpose = 'pseudonym'",
      );
    }
  }
  const key = fromBase64(rows[0]?.secret ?? '');
  if (key === undefined) throw new Error('the audit pseudonym key in audit_keys is not base64');
  return key;
}

const PSEUDONYM_MEMO = 'audit.pseudonym_key';

/**
 * Makes (or reads) the pseudonym key in a statement of its own and keeps it in the store's memo,
 * so that appends, which run in every settlement group's transaction, do not read it each time.
 * Only a committed key is kept: one made inside a transaction that then rolled back never is.
 */
export async function rememberPseudonymKey(store: Store): Promise<void> {
  if (store.memo === undefined) return;
  store.memo.set(PSEUDONYM_MEMO, await pseudonymKey(store));
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** An entry's kinds are checked by type; its values must still have one JSON spelling. */
const AUDIT_KINDS: ReadonlySet<string> = new Set(AUDIT_EVENT_KINDS);

/**
 * The entry an event is recorded as (who, when, the hash of the new state, pseudonymised). The
 * hashes are node:crypto's — the same SHA-256 and HMAC-SHA-256 @openpayer/supervision's
 * `stateHash` and `pseudonymize` compute (a test holds them equal), at a fraction of the cost on
 * the settlement path.
 */
export function auditEntryOf(event: AuditEvent, at: Date, key: Uint8Array): AuditEntry {
  if (!AUDIT_KINDS.has(event.kind)) throw new Error(`not an audit event kind: ${event.kind}`);
  if (event.actor === '' || event.object.type === '' || event.object.id === '') {
    throw new Error('an audit event names its actor and object');
  }
  return {
    kind: event.kind,
    at: at.toISOString(),
    actor: event.actor,
    object: { type: event.object.type, id: event.object.id },
    stateHash: sha256Hex(canonicalJson(event.state)),
    event: {
      ...(event.event ?? {}),
      ...(event.person === undefined
        ? {}
        : {
            person: `psn_${createHmac('sha256', key).update(event.person).digest('hex').slice(0, 32)}`,
          }),
    },
  };
}

/** The stored form of an entry: its canonical JSON and SHA-256(0x00 ‖ that JSON's UTF-8), hex. */
export function storedEntryOf(entry: AuditEntry): { text: string; leafHash: string } {
  const text = canonicalJson(entry);
  return {
    text,
    leafHash: createHash('sha256').update(LEAF_PREFIX).update(text, 'utf8').digest('hex'),
  };
}

const LEAF_PREFIX = Buffer.of(0);

/** The rows an append writes, prepared (entries, hashes, pseudonyms) for one statement. */
export interface AuditRows {
  /** The entries' canonical JSON, a line each (canonical JSON has no raw line break). */
  readonly entries: string;
  /** Their leaf hashes, hex, comma-separated. */
  readonly leafHashes: string;
  readonly objectTypes: readonly string[];
  readonly objectIds: readonly string[];
}

/** The entries of `events` as rows to append (reads the pseudonym key when one names a person). */
export async function auditRowsOf(
  tx: SqlRunner,
  events: readonly AuditEvent[],
  at: Date = new Date(),
): Promise<AuditRows> {
  const key = events.some((e) => e.person !== undefined)
    ? await pseudonymKey(tx)
    : new Uint8Array();
  const entries: string[] = [];
  const leafHashes: string[] = [];
  const objectTypes: string[] = [];
  const objectIds: string[] = [];
  for (const event of events) {
    const entry = auditEntryOf(event, at, key);
    const stored = storedEntryOf(entry);
    entries.push(stored.text);
    leafHashes.push(stored.leafHash);
    objectTypes.push(entry.object.type);
    objectIds.push(entry.object.id);
  }
  return {
    entries: entries.join('\n'),
    leafHashes: leafHashes.join(','),
    objectTypes,
    objectIds,
  };
}

/**
 * The append as two common table expressions of a caller's statement — `audit_seq` (the first
 * index taken, column `first`) and `audit_rows` — with its five parameters from `$first`
 * (`auditRowsParams`). A group of settlements writes its rows and its entries in one statement.
 *
 * The counter row's lock orders concurrent appenders, so indexes are contiguous and commit in
 * order. The entries go in as one text and the leaf hashes as another: a driver sends a text[]
 * parameter as an array literal, escaping every quote of every entry (measured on the embedded
 * database: ≈85 µs of the driver's time per settlement, most of what the log cost). A
 * data-modifying WITH runs to completion though nothing reads it.
 */
export function auditAppendCtes(first: number): string {
  const [n, entries, hashes, types, ids] = [0, 1, 2, 3, 4].map((i) => `$${String(first + i)}`);
  return `audit_seq AS (
       UPDATE audit_counter SET next_seq = next_seq + ${n}::bigint WHERE id = 1
       RETURNING next_seq - ${n}::bigint AS first
     ), audit_rows AS (
       INSERT INTO audit_log (seq, entry, leaf_hash, object_type, object_id)
       SELECT audit_seq.first + x.i - 1, x.entry, decode(x.leaf_hash, 'hex'), x.object_type, x.object_id
       FROM audit_seq, unnest(string_to_array(${entries}, E'\\n'), string_to_array(${hashes}, ','),
         ${types}::text[], ${ids}::text[]) WITH ORDINALITY AS x(entry, leaf_hash, object_type, object_id, i)
     )`;
}

/** The parameters of `auditAppendCtes`, in order. */
export const auditRowsParams = (rows: AuditRows): unknown[] => [
  rows.objectIds.length,
  rows.entries,
  rows.leafHashes,
  rows.objectTypes,
  rows.objectIds,
];

/**
 * Appends events to the log inside the caller's transaction; answers their indexes (contiguous,
 * in commit order: see `auditAppendCtes`).
 */
export async function appendAudit(
  tx: SqlRunner,
  events: readonly AuditEvent[],
  at: Date = new Date(),
): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = await auditRowsOf(tx, events, at);
  const [row] = await tx.query<{ first: string }>(
    `WITH ${auditAppendCtes(1)} SELECT first::text AS first FROM audit_seq`,
    auditRowsParams(rows),
  );
  const first = Number(row?.first ?? Number.NaN);
  if (!Number.isSafeInteger(first)) throw new Error('the audit counter row is missing');
  return events.map((_, i) => first + i);
}

/** The Ed25519 key that signs tree heads: the configured one, else the database's own. */
export async function auditSigningKey(store: Store, configured?: string): Promise<Uint8Array> {
  if (configured !== undefined) {
    const key = fromBase64(configured.trim());
    if (key?.length !== 32) {
      throw new Error('the audit signing key must be 32 bytes of base64 (an Ed25519 secret key)');
    }
    return key;
  }
  const made = toBase64(newSigningKey().secretKey);
  const rows = await store.query<{ secret: string }>(
    `WITH made AS (
       INSERT INTO audit_keys (purpose, secret) VALUES ('signing', $1)
       ON CONFLICT (purpose) DO NOTHING RETURNING secret)
     SELECT secret FROM made UNION ALL SELECT secret FROM audit_keys WHERE purpose = 'signing'`,
    [made],
  );
  const key = fromBase64(rows[0]?.secret ?? '');
  if (key?.length !== 32) throw new Error('the audit signing key in audit_keys is not 32 bytes');
  return key;
}

/**
 * The Merkle tree of the stored log, kept in memory and brought up to date from the database on
 * each use (several API nodes each keep their own; the rows are the truth).
 */
export class AuditTree {
  readonly tree = new MerkleLog();
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly secretKey: Uint8Array,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get publicKey(): Uint8Array {
    return publicKeyOf(this.secretKey);
  }

  get keyId(): string {
    return keyIdOf(this.publicKey);
  }

  /** Reads the entries committed since the last sync. */
  async sync(): Promise<MerkleLog> {
    this.syncing ??= (async () => {
      try {
        for (;;) {
          const rows = await this.store.query<{ n: string; leaf_hash: string }>(
            `SELECT seq::text AS n, encode(leaf_hash, 'hex') AS leaf_hash FROM audit_log
             WHERE seq >= $1 ORDER BY seq LIMIT 50000`,
            [this.tree.size],
          );
          for (const row of rows) {
            // A gap means a transaction holding a lower seq has not committed yet: stop before it.
            if (Number(row.n) !== this.tree.size) return;
            this.tree.appendLeafHash(hexBytes(row.leaf_hash));
          }
          if (rows.length < 50000) return;
        }
      } finally {
        this.syncing = undefined;
      }
    })();
    await this.syncing;
    return this.tree;
  }

  /** A signed head of the tree as it is now (the last one again when nothing was appended since). */
  async head(): Promise<TreeHead> {
    const tree = await this.sync();
    const [last] = await this.store.query<HeadRow>(
      `SELECT tree_size::text, timestamp_ms::text, root_hash, signature, key_id FROM audit_tree_heads
       ORDER BY audit_tree_heads.tree_size DESC, audit_tree_heads.timestamp_ms DESC LIMIT 1`,
    );
    if (last !== undefined && Number(last.tree_size) === tree.size && last.key_id === this.keyId) {
      return headOf(last);
    }
    const head = signTreeHead(tree.size, this.clock().getTime(), tree.root(), this.secretKey);
    await this.store.query(
      `INSERT INTO audit_tree_heads (tree_size, timestamp_ms, root_hash, signature, key_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [head.treeSize, head.timestamp, head.rootHash, head.signature, head.keyId],
    );
    return head;
  }

  /** Every head published, oldest first. */
  async heads(): Promise<TreeHead[]> {
    const rows = await this.store.query<HeadRow>(
      `SELECT tree_size::text, timestamp_ms::text, root_hash, signature, key_id FROM audit_tree_heads
       ORDER BY audit_tree_heads.tree_size, audit_tree_heads.timestamp_ms`,
    );
    return rows.map(headOf);
  }

  /**
   * The export (NDJSON lines, see @openpayer/supervision's export.ts) of the log up to a head
   * signed now: every entry, and every head of this key placed after the entry that completed it.
   */
  async *exportLines(): AsyncGenerator<string> {
    const latest = await this.head();
    const heads = (await this.heads()).filter(
      (h) => h.keyId === this.keyId && h.treeSize <= latest.treeSize,
    );
    yield exportHeaderLine(this.keyId);
    let next = 0;
    const headsAt = function* (size: number) {
      for (let h = heads[next]; h !== undefined && h.treeSize <= size; h = heads[++next]) {
        yield exportHeadLine(h);
      }
    };
    yield* headsAt(0);
    const page = 10_000;
    for (let from = 0; from < latest.treeSize; from += page) {
      for (const { index, entry } of await this.entries(
        from,
        Math.min(from + page, latest.treeSize),
      )) {
        yield exportEntryLine(entry, index);
        yield* headsAt(index + 1);
      }
    }
  }

  /** The stored entries [from, to), with their indexes and leaf hashes (base64, as stored). */
  async entries(from: number, to: number): Promise<StoredAuditEntry[]> {
    return entriesFrom(
      await this.store.query<EntryRow>(
        `${ENTRY_COLUMNS} WHERE seq >= $1 AND seq < $2 ORDER BY seq`,
        [from, to],
      ),
    );
  }

  /** The entries about one object, oldest first: its chain of changes. */
  async entriesOf(type: string, id: string): Promise<StoredAuditEntry[]> {
    return entriesFrom(
      await this.store.query<EntryRow>(
        `${ENTRY_COLUMNS} WHERE object_type = $1 AND object_id = $2 ORDER BY seq`,
        [type, id],
      ),
    );
  }
}

export interface StoredAuditEntry {
  readonly index: number;
  readonly entry: AuditEntry;
  /** SHA-256(0x00 ‖ entry), base64: the leaf the tree holds for it. */
  readonly leafHash: string;
}

interface EntryRow {
  readonly n: string;
  readonly entry: string;
  readonly leaf_hash: string;
}

const ENTRY_COLUMNS =
  "SELECT seq::text AS n, entry, encode(leaf_hash, 'hex') AS leaf_hash FROM audit_log";

function entriesFrom(rows: readonly EntryRow[]): StoredAuditEntry[] {
  return rows.map((r) => ({
    index: Number(r.n),
    entry: auditEntrySchema.parse(JSON.parse(r.entry)),
    leafHash: Buffer.from(r.leaf_hash, 'hex').toString('base64'),
  }));
}

interface HeadRow {
  readonly tree_size: string;
  readonly timestamp_ms: string;
  readonly root_hash: string;
  readonly signature: string;
  readonly key_id: string;
}

function headOf(row: HeadRow): TreeHead {
  return treeHeadSchema.parse({
    treeSize: Number(row.tree_size),
    timestamp: Number(row.timestamp_ms),
    rootHash: row.root_hash,
    signature: row.signature,
    keyId: row.key_id,
  });
}

function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
