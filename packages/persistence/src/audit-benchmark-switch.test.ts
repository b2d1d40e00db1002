import { claimSchema } from '@openpayer/domain';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './database.ts';
import { benchmarkWithoutSettlementAudit, reverseStored, settleAndStore } from './ledger.ts';
import { openStore } from './database.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

/**
 * The audit benchmark's "without the log" mode (apps/api/bench/audit-overhead.bench.ts): only
 * settlements skip their entries, only on the store it was asked for, and only from the start.
 */

const { policy, catalog } = demoPolicyAndCatalog();

const command = (id: string, claimId: string) => {
  const text = claimText(claimId, '4000.00');
  return {
    id,
    claim: claimSchema.parse(JSON.parse(text)),
    policy,
    catalog,
    principal: 'key_bench',
    requestText: text,
  };
};

const auditKinds = async (s: Store) =>
  (await s.query<{ entry: string }>('SELECT entry FROM audit_log ORDER BY seq')).map(
    (r) => (JSON.parse(r.entry) as { kind: string }).kind,
  );

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('benchmarkWithoutSettlementAudit', () => {
  it('settles without settlement entries on that store only; other changes are still logged', async () => {
    const quiet = await openStore();
    const normal = await openStore();
    stores.push(quiet, normal);
    benchmarkWithoutSettlementAudit(quiet);

    for (const s of [quiet, normal]) {
      expect((await settleAndStore(s, command('stl_a', 'C-A'))).ok).toBe(true);
      expect((await settleAndStore(s, command('stl_b', 'C-B'))).ok).toBe(true);
      expect((await reverseStored(s, 'stl_a', { by: 'key_admin', reason: 'test' })).ok).toBe(true);
    }
    expect(await auditKinds(quiet)).toEqual(['settlement.reversed']);
    expect(await auditKinds(normal)).toEqual([
      'settlement.settled',
      'settlement.settled',
      'settlement.reversed',
    ]);
    const [settled] = await quiet.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM settlements WHERE status = 'settled'",
    );
    expect(settled?.n).toBe(1);
  });

  it('refuses a store that has settled already (the two modes never mix on one store)', async () => {
    const s = await openStore();
    stores.push(s);
    expect((await settleAndStore(s, command('stl_c', 'C-C'))).ok).toBe(true);
    expect(() => {
      benchmarkWithoutSettlementAudit(s);
    }).toThrow(/settled already/u);
  });
});
