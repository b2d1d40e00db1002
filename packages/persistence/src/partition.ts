import type { SqlRunner, Store } from './database.ts';

/**
 * The ledger's tables, distributed (Citus) or hash-partitioned (PostgreSQL) by the insured person
 * and co-located: every primary and unique key of them starts with person_id (migration 0021).
 * The other tables are reference data (Citus reference tables) or the coordinator's own (see
 * packages/persistence/citus/distribute.sql).
 */
export const LEDGER_TABLES = [
  'settlements',
  'settlement_claims',
  'accumulators',
  'idempotency_records',
  'reversals',
  'approvals',
  'findings',
] as const;

/** The most partitions `partitionByPerson` makes (PostgreSQL plans every partition of a query). */
export const MAX_PERSON_PARTITIONS = 256;

const marker = (partitions: number) => `partition-by-person/${String(partitions)}`;

/** Thrown for a partition count that is not a whole number from 1 to MAX_PERSON_PARTITIONS. */
export class PartitionOptionError extends Error {
  readonly code = 'store.partition_by_person_invalid';
  readonly field = 'partitionByPerson';
}

/**
 * Rebuilds the ledger's tables as tables hash-partitioned by person_id into `partitions`
 * partitions (`openStore({ partitionByPerson })`), once per database, in one transaction, keeping
 * their rows, constraints, indexes, sequences and the foreign keys between them. PostgreSQL then
 * enforces on this machine the rule Citus enforces on a cluster: a primary or unique key without
 * the person is refused ("unique constraint on partitioned table must include all partitioning
 * columns"), so the persistence suite run on this schema proves the ledger is distributable.
 * Answers whether it rebuilt them (false: they already were). A database partitioned with one count
 * is not rebuilt with another (the answer is an error naming both).
 */
export async function partitionByPerson(store: Store, partitions: number): Promise<boolean> {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PERSON_PARTITIONS) {
    throw new PartitionOptionError(
      `partitionByPerson must be a whole number from 1 to ${String(MAX_PERSON_PARTITIONS)}, not ${String(partitions)}`,
    );
  }
  return store.transaction(async (tx) => {
    await tx.query('LOCK TABLE openpayer_migrations IN EXCLUSIVE MODE');
    const [done] = await tx.query<{ name: string }>(
      "SELECT name FROM openpayer_migrations WHERE name LIKE 'partition-by-person/%'",
    );
    if (done !== undefined) {
      if (done.name === marker(partitions)) return false;
      throw new PartitionOptionError(
        `the ledger is already partitioned (${done.name}); partitionByPerson ${String(partitions)} cannot change it`,
      );
    }
    // Foreign keys touching the ledger go first and come back last: a table is dropped and made
    // again in between.
    const foreignKeys = await tx.query<{ table: string; name: string; definition: string }>(
      `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
       WHERE contype = 'f' AND conparentid = 0 AND (conrelid::regclass::text = ANY($1) OR confrelid::regclass::text = ANY($1))
       ORDER BY conname`,
      [LEDGER_TABLES],
    );
    for (const fk of foreignKeys) {
      await tx.query(`ALTER TABLE ${quote(fk.table)} DROP CONSTRAINT ${quote(fk.name)}`);
    }
    for (const table of LEDGER_TABLES) await rebuild(tx, table, partitions);
    for (const fk of foreignKeys) {
      await tx.query(
        `ALTER TABLE ${quote(fk.table)} ADD CONSTRAINT ${quote(fk.name)} ${fk.definition}`,
      );
    }
    await tx.query('INSERT INTO openpayer_migrations (name) VALUES ($1)', [marker(partitions)]);
    return true;
  });
}

async function rebuild(tx: SqlRunner, table: string, partitions: number): Promise<void> {
  const triggers = await tx.query(
    'SELECT 1 FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal',
    [table],
  );
  if (triggers.length > 0) throw new Error(`${table} has triggers; partitionByPerson keeps none`);
  // Keys (primary, unique, exclusion) and the other indexes, as written, before the table goes.
  const keys = await tx.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x') ORDER BY contype, conname`,
    [table],
  );
  const indexes = await tx.query<{ definition: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
     WHERE i.indrelid = $1::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY i.indexrelid`,
    [table],
  );
  const sequences = await tx.query<{ sequence: string; column: string }>(
    `SELECT s.oid::regclass::text AS sequence, a.attname AS column
     FROM pg_depend d
     JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
     JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE d.refobjid = $1::regclass AND d.deptype = 'a'`,
    [table],
  );
  const plain = `${table}__unpartitioned`;
  await tx.query(`ALTER TABLE ${quote(table)} RENAME TO ${quote(plain)}`);
  await tx.query(
    `CREATE TABLE ${quote(table)} (LIKE ${quote(plain)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)
     PARTITION BY HASH (person_id)`,
  );
  for (let i = 0; i < partitions; i++) {
    await tx.query(
      `CREATE TABLE ${quote(`${table}_p${String(i)}`)} PARTITION OF ${quote(table)}
       FOR VALUES WITH (MODULUS ${String(partitions)}, REMAINDER ${String(i)})`,
    );
  }
  await tx.query(`INSERT INTO ${quote(table)} SELECT * FROM ${quote(plain)}`);
  for (const { sequence, column } of sequences) {
    await tx.query(`ALTER SEQUENCE ${sequence} OWNED BY ${quote(table)}.${quote(column)}`);
  }
  await tx.query(`DROP TABLE ${quote(plain)}`);
  for (const key of keys) {
    await tx.query(
      `ALTER TABLE ${quote(table)} ADD CONSTRAINT ${quote(key.name)} ${key.definition}`,
    );
  }
  // Written with the table's own name (read before the rename): each becomes a partitioned index.
  for (const index of indexes) await tx.query(index.definition);
  // A partition's index is named after its parent index (settlements_live_claim_p3, not
  // settlements_p3_person_id_institution_code_claim_id_idx): a violated key reads as the key's
  // own name with a suffix, which is what the ledger tells apart (queue.ts).
  const children = await tx.query<{ child: string; name: string }>(
    `SELECT c.relname AS child, p.relname || substring(t.relname FROM '_p[0-9]+$') AS name
     FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_class p ON p.oid = i.inhparent AND p.relkind = 'I'
     JOIN pg_index x ON x.indexrelid = c.oid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_inherits tp ON tp.inhrelid = t.oid AND tp.inhparent = $1::regclass`,
    [table],
  );
  for (const { child, name } of children) {
    await tx.query(`ALTER INDEX ${quote(child)} RENAME TO ${quote(name)}`);
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
