import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Money, claimSchema } from '@openpayer/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Store, openStore } from './database.ts';
import { reverseStored, settleAndStore } from './ledger.ts';
import { countSettlements, readAccumulators } from './settlements.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

const { policy, catalog } = demoPolicyAndCatalog();

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const command = (id: string, text: string, key?: string) => ({
  id,
  claim: claimSchema.parse(JSON.parse(text)),
  policy,
  catalog,
  principal: 'H23010300012',
  requestText: text,
  ...(key === undefined ? {} : { idempotencyKey: key }),
});

describe.each(backends('openpayer_test_ledger'))('the settlement ledger on $name', ({ open }) => {
  it('applies the migrations once and records them', async () => {
    store = await open();
    const rows = await store.query(
      "SELECT name FROM openpayer_migrations WHERE name LIKE '%.sql' ORDER BY name",
    );
    const files = readdirSync(new URL('../migrations/', import.meta.url))
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(files.slice(0, 3)).toEqual([
      '0001_initial.sql',
      '0002_api.sql',
      '0003_drop_redundant_index.sql',
    ]);
    expect(rows.map((r) => r['name'])).toEqual(files);
  });

  it('stores a settlement and its accumulators together', async () => {
    store = await open();
    const result = await settleAndStore(store, command('S-1', claimText('C-1', '5000.00')));
    expect(result.ok).toBe(true);
    // 5,000.00 eligible − 1,000.00 deductible = 4,000.00 × 85% = 3,400.00
    const acc = await readAccumulators(store, 'P-000501', 2025);
    expect([acc.fundPaid.toFixedString(), acc.admissions]).toEqual(['3400.00', 1]);
  });

  it('never loses an update when 40 settlements for one person run at once', async () => {
    store = await open();
    const s = store;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        settleAndStore(s, command(`S-${i}`, claimText(`C-${i}`, '3000.00'))),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const acc = await readAccumulators(s, 'P-000501', 2025);
    // First admission: (3,000 − 1,000) × 85% = 1,700; the 39 later ones: (3,000 − 500) × 85% = 2,125.
    expect(acc.admissions).toBe(40);
    expect(acc.fundPaid.toFixedString()).toBe(
      Money.of('1700.00')
        .add(Money.of('2125.00').multiply(Money.of('39').amount))
        .toFixedString(),
    );
  });

  it('settles 200 concurrent identical requests with one Idempotency-Key exactly once', async () => {
    store = await open();
    const s = store;
    const text = claimText('C-IDEM', '4000.00');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        settleAndStore(s, command(`S-IDEM-${i}`, text, 'key-1')),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.value.id : '')));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.value.replayed)).toHaveLength(1);
    expect(await countSettlements(s)).toBe(1);
    const other = await settleAndStore(
      s,
      command('S-OTHER', claimText('C-OTHER', '4100.00'), 'key-1'),
    );
    expect(other).toMatchObject({ ok: false, issues: [{ code: 'ledger.idempotency_key_reused' }] });
  });

  it('refuses a key or a live claim already stored for another person (keys are per person, look-ups are not)', async () => {
    store = await open();
    const first = await settleAndStore(store, command('S-P1', claimText('C-P1', '4000.00'), 'k-p'));
    expect(first.ok).toBe(true);
    const sameKey = await settleAndStore(
      store,
      command('S-P2', claimText('C-P2', '4000.00', 'P-000502'), 'k-p'),
    );
    expect(sameKey).toMatchObject({
      ok: false,
      issues: [{ code: 'ledger.idempotency_key_reused' }],
    });
    const sameClaim = await settleAndStore(
      store,
      command('S-P3', claimText('C-P1', '4000.00', 'P-000502'), 'k-q'),
    );
    expect(sameClaim).toMatchObject({
      ok: false,
      issues: [{ code: 'ledger.claim_already_settled', data: { settlementId: 'S-P1' } }],
    });
    expect(await countSettlements(store)).toBe(1);
  });

  it('settles a claim once: sent again under another key it is refused, naming the settlement', async () => {
    store = await open();
    const text = claimText('C-TWICE', '5000.00');
    const first = await settleAndStore(store, command('S-T1', text, 'key-a'));
    expect(first.ok).toBe(true);
    const again = await settleAndStore(store, command('S-T2', text, 'key-b'));
    expect(again).toMatchObject({
      ok: false,
      issues: [{ code: 'ledger.claim_already_settled', data: { settlementId: 'S-T1' } }],
    });
    // Without any key, and with a different amount (a "corrected" claim), it is refused too.
    const corrected = await settleAndStore(store, command('S-T3', claimText('C-TWICE', '6000.00')));
    expect(corrected).toMatchObject({
      ok: false,
      issues: [{ code: 'ledger.claim_already_settled' }],
    });
    expect(await countSettlements(store)).toBe(1);
    const acc = await readAccumulators(store, 'P-000501', 2025);
    expect([acc.fundPaid.toFixedString(), acc.admissions]).toEqual(['3400.00', 1]);
    // The retry with the first key still replays.
    expect(await settleAndStore(store, command('S-T4', text, 'key-a'))).toMatchObject({
      ok: true,
      value: { id: 'S-T1', replayed: true },
    });
    // A correction is a reversal and a new settlement.
    expect((await reverseStored(store, 'S-T1')).ok).toBe(true);
    expect(
      await settleAndStore(store, command('S-T5', claimText('C-TWICE', '6000.00'), 'key-c')),
    ).toMatchObject({ ok: true, value: { id: 'S-T5' } });
    expect(await settleAndStore(store, command('S-T6', text, 'key-d'))).toMatchObject({
      ok: false,
      issues: [{ code: 'ledger.claim_already_settled', data: { settlementId: 'S-T5' } }],
    });
  });

  it('pays a claim sent 30 times at once under 30 keys exactly once', async () => {
    store = await open();
    const s = store;
    const text = claimText('C-RACE', '4000.00');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => settleAndStore(s, command(`S-R${i}`, text, `k-${i}`))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(
      results.filter((r) => !r.ok && r.issues[0]?.code === 'ledger.claim_already_settled'),
    ).toHaveLength(29);
    expect(await countSettlements(s)).toBe(1);
  });

  it('refuses a second live settlement of a claim from another process (the unique index)', async () => {
    store = await open();
    await settleAndStore(store, command('S-U1', claimText('C-UNIQ', '4000.00')));
    // What a racing process that did not see the first row would write.
    await expect(
      store.query(
        `INSERT INTO settlements (id, claim_id, institution_code, person_id, year, status, policy_id, catalog_release_id, total, body)
         VALUES ('S-U2', 'C-UNIQ', 'H23010300012', 'P-000501', 2025, 'settled', 'p', 'c', '1.00', '{}')`,
      ),
    ).rejects.toThrow(/settlements_live_claim/u);
  });

  it('reverses a settlement exactly, once', async () => {
    store = await open();
    await settleAndStore(store, command('S-A', claimText('C-A', '5000.00')));
    const before = await readAccumulators(store, 'P-000501', 2025);
    await settleAndStore(store, command('S-B', claimText('C-B', '7000.00')));
    const reversed = await reverseStored(store, 'S-B');
    expect(reversed.ok).toBe(true);
    const after = await readAccumulators(store, 'P-000501', 2025);
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
    expect(await reverseStored(store, 'S-B')).toMatchObject({
      ok: false,
      issues: [{ code: 'ledger.already_reversed' }],
    });
    expect(await reverseStored(store, 'S-NONE')).toMatchObject({
      ok: false,
      issues: [{ code: 'ledger.settlement_not_found' }],
    });
  });
});

describe('the embedded database in a folder', () => {
  it('creates a new nested folder, and keeps what was committed across a restart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'openpayer-folder-'));
    const dataDir = join(root, 'not', 'yet', 'there');
    try {
      store = await openStore({ dataDir });
      await settleAndStore(store, command('S-F', claimText('C-F', '5000.00')));
      await store.close();
      store = await openStore({ dataDir });
      expect(await countSettlements(store)).toBe(1);
      expect((await readAccumulators(store, 'P-000501', 2025)).admissions).toBe(1);
    } finally {
      await store?.close();
      store = undefined;
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('durability of the embedded database in a folder', () => {
  const setting = async (s: Store, name: string) =>
    (await s.query<Record<string, string>>(`SHOW ${name}`))[0]?.[name];

  it('commits to disk by default (fsync on, WAL flushed with fsync), and relaxed only when asked', async () => {
    const root = await mkdtemp(join(tmpdir(), 'openpayer-durable-'));
    try {
      store = await openStore({ dataDir: join(root, 'durable') });
      expect([await setting(store, 'fsync'), await setting(store, 'wal_sync_method')]).toEqual([
        'on',
        'fsync',
      ]);
      await settleAndStore(store, command('S-D', claimText('C-D', '5000.00')));
      await store.close();
      store = await openStore({ dataDir: join(root, 'durable') });
      expect(await countSettlements(store)).toBe(1);
      await store.close();
      store = await openStore({ dataDir: join(root, 'relaxed'), durable: false });
      expect(await setting(store, 'fsync')).toBe('off');
    } finally {
      await store?.close();
      store = undefined;
      await rm(root, { recursive: true, force: true });
    }
  });

  it('flushes each commit to the disk: the kernel sees an fsync per transaction', async () => {
    const root = await mkdtemp(join(tmpdir(), 'openpayer-durable-'));
    const calls: number[] = [];
    const fs = (await import('node:fs')).default;
    const original = fs.fsyncSync;
    try {
      store = await openStore({ dataDir: join(root, 'db') });
      const spy = vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
        calls.push(fd);
        original(fd);
      });
      try {
        await settleAndStore(store, command('S-E', claimText('C-E', '5000.00')));
      } finally {
        spy.mockRestore();
      }
      expect(calls.length).toBeGreaterThan(0);
    } finally {
      await store?.close();
      store = undefined;
      await rm(root, { recursive: true, force: true });
    }
  });
});
