import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogIndex } from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { Money, claimSchema } from '@openpayer/domain';
import { type Policy, parsePolicyText } from '@openpayer/pricing';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Store, openStore, rowsOf } from './database.ts';
import { reverseStored, settleAndStore } from './ledger.ts';
import { countSettlements, readAccumulators } from './settlements.ts';
import { claimText } from './__fixtures__/claim.ts';

let policy: Policy;
let catalog: CatalogIndex;
beforeAll(() => {
  const parsed = parsePolicyText(readDemoPolicyText(), 'yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  policy = parsed.value;
  const imported = importShippedNrdl2024();
  if (!imported.ok) throw new Error('catalog');
  catalog = new CatalogIndex(imported.value.release);
});

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/**
 * Every test runs on the embedded database, and — where a server is given (`.ci/run` starts
 * Debian's PostgreSQL and sets OPENPAYER_TEST_DATABASE_URL) — on PostgreSQL too, from an empty
 * schema each time.
 */
const serverUrl = process.env['OPENPAYER_TEST_DATABASE_URL'];
const BACKENDS: { name: string; open: () => Promise<Store> }[] = [
  { name: 'PGlite (embedded)', open: () => openStore() },
  ...(serverUrl === undefined
    ? []
    : [
        {
          name: 'PostgreSQL server',
          open: async () => {
            const reset = await openStore({ url: serverUrl });
            await reset.db.execute('DROP SCHEMA public CASCADE');
            await reset.db.execute('CREATE SCHEMA public');
            await reset.db.execute('DROP TABLE IF EXISTS openpayer_migrations');
            await reset.close();
            return openStore({ url: serverUrl });
          },
        },
      ]),
];

const command = (id: string, text: string, key?: string) => ({
  id,
  claim: claimSchema.parse(JSON.parse(text)),
  policy,
  catalog,
  principal: 'H23010300012',
  requestText: text,
  ...(key === undefined ? {} : { idempotencyKey: key }),
});

describe.each(BACKENDS)('the settlement ledger on $name', ({ open }) => {
  it('applies the migrations once and records them', async () => {
    store = await open();
    const rows = rowsOf(await store.db.execute('SELECT name FROM openpayer_migrations'));
    expect(rows.map((r) => r['name'])).toEqual([
      '0001_initial.sql',
      '0002_api.sql',
      '0003_drop_redundant_index.sql',
    ]);
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
