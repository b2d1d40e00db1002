import { claimSchema } from '@openpayer/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { type Store, emptyStoreImage, openStore } from './database.ts';
import { reverseStored, settleAndStore } from './ledger.ts';
import { LEDGER_TABLES, PartitionOptionError, partitionByPerson } from './partition.ts';
import { countSettlements, readAccumulators } from './settlements.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

const { policy, catalog } = demoPolicyAndCatalog();

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const command = (id: string, personId: string, key?: string) => ({
  id,
  claim: claimSchema.parse(JSON.parse(claimText(`C-${id}`, '3000.00', personId))),
  policy,
  catalog,
  principal: 'H23010300012',
  requestText: id,
  ...(key === undefined ? {} : { idempotencyKey: key }),
});

/** Every primary and unique key of the ledger's tables, with its columns. */
const ledgerKeys = (s: Store) =>
  s.query<{ table: string; name: string; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name,
       array(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(n, o)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o) AS columns
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relname = ANY($1) AND (x.indisunique OR x.indisprimary)
     ORDER BY 1, 2`,
    [LEDGER_TABLES],
  );

describe('the ledger keyed by person (migration 0021)', () => {
  it('has every primary and unique key of the ledger start with person_id', async () => {
    store = await openStore({ image: await emptyStoreImage() });
    const keys = await ledgerKeys(store);
    expect(new Set(keys.map((k) => k.table))).toEqual(new Set(LEDGER_TABLES));
    for (const key of keys) expect([key.name, key.columns[0]]).toEqual([key.name, 'person_id']);
  });
});

describe('partitionByPerson (the key rule of a Citus cluster, on one database)', () => {
  it('rebuilds the ledger hash-partitioned by person, keeping rows, keys, sequences and foreign keys', async () => {
    // A populated plain database: the rebuild keeps what it holds.
    store = await openStore({ image: await emptyStoreImage() });
    for (let i = 0; i < 12; i++) {
      const settled = await settleAndStore(store, command(`S-${i}`, `P-${i % 5}`, `k-${i}`));
      expect(settled.ok).toBe(true);
    }
    expect((await reverseStored(store, 'S-3', { by: 'auditor', reason: 'test' })).ok).toBe(true);
    const before = await store.query('SELECT id, seq::text, status FROM settlements ORDER BY seq');
    expect(await partitionByPerson(store, 4)).toBe(true);

    const kinds = await store.query<{ relname: string; relkind: string; partitions: number }>(
      `SELECT c.relname, c.relkind::text AS relkind,
         (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions
       FROM pg_class c WHERE c.relname = ANY($1) ORDER BY 1`,
      [LEDGER_TABLES],
    );
    expect(kinds).toHaveLength(LEDGER_TABLES.length);
    for (const k of kinds)
      expect([k.relname, k.relkind, k.partitions]).toEqual([k.relname, 'p', 4]);
    const [strategy] = await store.query<{ key: string }>(
      "SELECT pg_get_partkeydef('settlements'::regclass) AS key",
    );
    expect(strategy?.key).toBe('HASH (person_id)');
    // The rows are where they were, in the partitions of their persons.
    expect(await store.query('SELECT id, seq::text, status FROM settlements ORDER BY seq')).toEqual(
      before,
    );
    const spread = await store.query<{ n: number }>(
      'SELECT count(DISTINCT tableoid)::int AS n FROM settlements',
    );
    expect(spread[0]?.n).toBeGreaterThan(1);
    expect(await store.query('SELECT settlement_id FROM reversals')).toEqual([
      { settlement_id: 'S-3' },
    ]);
    // Keys, foreign keys and the settlement sequence came back.
    expect((await ledgerKeys(store)).map((k) => k.name)).toEqual(
      expect.arrayContaining([
        'settlements_pkey',
        'settlements_live_claim',
        'idempotency_records_pkey',
      ]),
    );
    const fks = await store.query<{ name: string }>(
      "SELECT conname AS name FROM pg_constraint WHERE contype = 'f' AND conparentid = 0 ORDER BY 1",
    );
    expect(fks.map((f) => f.name)).toEqual(
      expect.arrayContaining(['idempotency_records_settlement_fkey', 'reversals_settlement_fkey']),
    );
    await expect(
      store.query(
        "INSERT INTO reversals (person_id, settlement_id, reversed_by, reason, body) VALUES ('P-0', 'S-NONE', 'x', 'x', '{}')",
      ),
    ).rejects.toThrow(/reversals_settlement_fkey/u);

    // The ledger goes on: a new settlement takes the next seq, a key replays, a claim is paid once.
    const next = await settleAndStore(store, command('S-12', 'P-7', 'k-12'));
    expect(next.ok).toBe(true);
    const [last] = await store.query<{ id: string }>(
      'SELECT id FROM settlements ORDER BY seq DESC LIMIT 1',
    );
    expect(last?.id).toBe('S-12');
    expect(
      await settleAndStore(store, { ...command('S-1', 'P-1', 'k-1'), id: 'S-X' }),
    ).toMatchObject({
      ok: true,
      value: { id: 'S-1', replayed: true },
    });
    expect(
      await settleAndStore(store, { ...command('S-Y', 'P-1'), claim: command('S-1', 'P-1').claim }),
    ).toMatchObject({ ok: false, issues: [{ code: 'ledger.claim_already_settled' }] });
    expect(await countSettlements(store)).toBe(13);
    expect((await readAccumulators(store, 'P-7', 2025)).admissions).toBe(1);
  });

  it('refuses a unique key without the person, as Citus would', async () => {
    store = await openStore({ image: await emptyStoreImage(), partitionByPerson: 2 });
    await expect(
      store.query('CREATE UNIQUE INDEX settlements_global_id ON settlements (id)'),
    ).rejects.toThrow(/partition/u);
    await expect(
      store.query('ALTER TABLE approvals ADD CONSTRAINT approvals_id_key UNIQUE (id)'),
    ).rejects.toThrow(/partition/u);
  });

  it('names a violated key after the key, whatever the partition', async () => {
    store = await openStore({ image: await emptyStoreImage(), partitionByPerson: 3 });
    expect((await settleAndStore(store, command('S-1', 'P-1'))).ok).toBe(true);
    await expect(
      store.query(
        `INSERT INTO settlements (id, claim_id, institution_code, person_id, year, status, policy_id, catalog_release_id, total, body)
         VALUES ('S-1', 'C-OTHER', 'H23010300012', 'P-1', 2025, 'reversed', 'p', 'c', '1.00', '{}')`,
      ),
    ).rejects.toThrow(/"settlements_pkey_p\d"/u);
  });

  it('is done once per database, and refuses another count or a bad one naming the option', async () => {
    store = await openStore({ image: await emptyStoreImage(), partitionByPerson: 2 });
    expect(await partitionByPerson(store, 2)).toBe(false);
    await expect(partitionByPerson(store, 8)).rejects.toThrow(/partition-by-person\/2/u);
    for (const bad of [0, -1, 1.5, Number.NaN, 257]) {
      const error: unknown = await partitionByPerson(store, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartitionOptionError);
      expect(error).toMatchObject({
        code: 'store.partition_by_person_invalid',
        field: 'partitionByPerson',
      });
    }
    await expect(
      openStore({ image: await emptyStoreImage(), partitionByPerson: 0 }),
    ).rejects.toBeInstanceOf(PartitionOptionError);
  });
});
