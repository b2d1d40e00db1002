import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Store, emptyStoreImage, openStore, statementsOf } from './database.ts';
import { LEDGER_TABLES } from './partition.ts';

/**
 * The Citus deployment (citus/distribute.sql) cannot run here: Citus is not installable. It runs
 * against stand-ins of the three Citus functions it calls, which check what Citus checks when a
 * table is placed — so the file must parse, name existing tables and columns, and give every
 * distributed table keys Citus accepts — and record where each table went.
 */
const DISTRIBUTE = readFileSync(new URL('../citus/distribute.sql', import.meta.url), 'utf8');

const STAND_INS = [
  'CREATE SCHEMA citus_stand_in',
  `CREATE TABLE citus_stand_in.placed (
     relation regclass PRIMARY KEY, kind text NOT NULL, dist_column text, colocated_with regclass)`,
  // Citus: "distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do
  // not include the partition column"; a co-located table is distributed already, by a column of
  // the same type; a foreign key goes to a reference table or, between distributed tables, joins
  // their distribution columns.
  `CREATE FUNCTION citus_stand_in.create_distributed_table(
     table_name regclass, distribution_column text, colocate_with text DEFAULT 'default')
   RETURNS void LANGUAGE plpgsql AS $$
   DECLARE
     col_type oid;
     bad text;
     target regclass;
   BEGIN
     SELECT atttypid INTO col_type FROM pg_attribute
       WHERE attrelid = table_name AND attname = distribution_column AND NOT attisdropped;
     IF col_type IS NULL THEN
       RAISE EXCEPTION 'column "%" of relation "%" does not exist', distribution_column, table_name;
     END IF;
     SELECT string_agg(i.relname::text, ', ') INTO bad
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = table_name AND x.indisunique AND NOT EXISTS (
         SELECT 1 FROM unnest(x.indkey::int2[]) AS k(n)
         JOIN pg_attribute a ON a.attrelid = table_name AND a.attnum = k.n
         WHERE a.attname = distribution_column);
     IF bad IS NOT NULL THEN
       RAISE EXCEPTION 'distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column (% of %)', bad, table_name;
     END IF;
     IF colocate_with <> 'default' THEN
       target := colocate_with::regclass;
       IF NOT EXISTS (
         SELECT 1 FROM citus_stand_in.placed p JOIN pg_attribute a
           ON a.attrelid = p.relation AND a.attname = p.dist_column
         WHERE p.relation = target AND p.kind = 'distributed' AND a.atttypid = col_type) THEN
         RAISE EXCEPTION 'cannot colocate % with %: not distributed by a column of the same type', table_name, target;
       END IF;
     END IF;
     SELECT string_agg(c.conname::text, ', ') INTO bad
       FROM pg_constraint c LEFT JOIN citus_stand_in.placed p ON p.relation = c.confrelid
       WHERE c.conrelid = table_name AND c.contype = 'f' AND c.conparentid = 0 AND NOT coalesce(
         p.kind = 'reference' OR (p.kind = 'distributed' AND EXISTS (
           SELECT 1 FROM unnest(c.conkey, c.confkey) AS k(mine, theirs)
           JOIN pg_attribute m ON m.attrelid = c.conrelid AND m.attnum = k.mine
           JOIN pg_attribute t ON t.attrelid = c.confrelid AND t.attnum = k.theirs
           WHERE m.attname = distribution_column AND t.attname = p.dist_column)), false);
     IF bad IS NOT NULL THEN
       RAISE EXCEPTION 'foreign keys % of % need a reference table or the distribution column', bad, table_name;
     END IF;
     INSERT INTO citus_stand_in.placed VALUES (table_name, 'distributed', distribution_column,
       CASE WHEN colocate_with = 'default' THEN NULL ELSE colocate_with::regclass END);
   END $$`,
  // Citus: a reference table's foreign keys go to reference tables.
  `CREATE FUNCTION citus_stand_in.create_reference_table(table_name regclass)
   RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     IF EXISTS (
       SELECT 1 FROM pg_constraint c LEFT JOIN citus_stand_in.placed p ON p.relation = c.confrelid
       WHERE c.conrelid = table_name AND c.contype = 'f' AND p.kind IS DISTINCT FROM 'reference') THEN
       RAISE EXCEPTION 'reference table % has a foreign key to a table that is not a reference table', table_name;
     END IF;
     INSERT INTO citus_stand_in.placed VALUES (table_name, 'reference', NULL, NULL);
   END $$`,
  // Citus: a coordinator's table keeps foreign keys to reference tables and its own kind.
  `CREATE FUNCTION citus_stand_in.citus_add_local_table_to_metadata(table_name regclass)
   RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     IF EXISTS (
       SELECT 1 FROM pg_constraint c LEFT JOIN citus_stand_in.placed p ON p.relation = c.confrelid
       WHERE c.conrelid = table_name AND c.contype = 'f' AND p.kind = 'distributed') THEN
       RAISE EXCEPTION 'local table % has a foreign key to a distributed table', table_name;
     END IF;
     INSERT INTO citus_stand_in.placed VALUES (table_name, 'local', NULL, NULL);
   END $$`,
  'SET search_path = public, citus_stand_in',
];

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function withStandIns(): Promise<Store> {
  const s = await openStore({ image: await emptyStoreImage() });
  for (const statement of STAND_INS) await s.query(statement);
  return s;
}

describe('the Citus deployment (citus/distribute.sql)', () => {
  it('places every table of the schema, the ledger distributed by person and co-located', async () => {
    store = await withStandIns();
    const statements = statementsOf(DISTRIBUTE);
    expect(statements.length).toBeGreaterThan(20);
    for (const statement of statements) await store.query(statement);

    const placed = await store.query<{
      relation: string;
      kind: string;
      dist_column: string | null;
      colocated_with: string | null;
    }>(
      'SELECT relation::text, kind, dist_column, colocated_with::text FROM citus_stand_in.placed ORDER BY 1',
    );
    const tables = await store.query<{ relname: string }>(
      "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') ORDER BY 1",
    );
    expect(placed.map((p) => p.relation)).toEqual(tables.map((t) => t.relname));
    const distributed = placed.filter((p) => p.kind === 'distributed');
    expect(distributed.map((p) => p.relation).sort()).toEqual([...LEDGER_TABLES].sort());
    for (const d of distributed) {
      expect([d.relation, d.dist_column]).toEqual([d.relation, 'person_id']);
      expect([d.relation, d.colocated_with]).toEqual([
        d.relation,
        d.relation === 'settlements' ? null : 'settlements',
      ]);
    }
    expect(placed.filter((p) => p.kind === 'reference').map((p) => p.relation)).toEqual(
      expect.arrayContaining(['catalog_releases', 'policies', 'rule_sets', 'principals']),
    );
  });

  it('has stand-ins that refuse what Citus refuses', async () => {
    store = await withStandIns();
    // The ledger's keys before migration 0021: a settlement keyed by its id alone.
    await store.query(
      'CREATE TABLE old_settlements (id text PRIMARY KEY, person_id text NOT NULL)',
    );
    await expect(
      store.query("SELECT create_distributed_table('old_settlements', 'person_id')"),
    ).rejects.toThrow(/include the partition column/u);
    await expect(
      store.query("SELECT create_distributed_table('accumulators', 'no_such_column')"),
    ).rejects.toThrow(/does not exist/u);
    await expect(
      store.query(
        "SELECT create_distributed_table('accumulators', 'person_id', colocate_with => 'settlements')",
      ),
    ).rejects.toThrow(/cannot colocate/u);
    // idempotency_records points at settlements, which is not placed yet.
    await expect(
      store.query("SELECT create_distributed_table('idempotency_records', 'person_id')"),
    ).rejects.toThrow(/foreign keys/u);
    await expect(store.query("SELECT create_reference_table('rate_buckets')")).rejects.toThrow(
      /foreign key/u,
    );
  });
});
