import { calendarDate, claimSchema } from '@openpayer/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from './database.ts';
import { reverseStored, settleAndStore } from './ledger.ts';
import { insertApproval, readApproval } from './approvals.ts';
import { type ReplayVersions, replaySettlement, versionsFromStore } from './replay.ts';
import { activatePolicy, savePolicy } from './policies.ts';
import { saveRelease } from './releases.ts';
import { OUT_OF_CATALOG, approvedApproval } from './__fixtures__/approval.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

const { policy, catalog } = demoPolicyAndCatalog();

/**
 * ~50 demo-region claims (the CLI's demo generator lives in an app, out of this package's reach):
 * 12 people, so most have several claims in a year and the deductible, the bands and the caps
 * carry over through the accumulators; amounts from 85 yuan to 420,000; dates over the year;
 * employee and resident insurance.
 */
const AMOUNTS = ['85.00', '640.50', '1999.99', '12000.00', '55800.40', '148000.00', '420000.00'];

function demoClaims(): { id: string; text: string }[] {
  return Array.from({ length: 50 }, (_, i) => {
    const person = `P-${String(700 + (i % 12)).padStart(6, '0')}`;
    const amount = AMOUNTS[(i * 5) % AMOUNTS.length] as string;
    const wire = JSON.parse(claimText(`RC-${String(i)}`, amount, person)) as {
      person: { insuranceType: string };
      admissionDate: string;
      dischargeDate: string;
      lines: { date: string }[];
    };
    const month = String(1 + (i % 11)).padStart(2, '0');
    const day = 1 + (i % 20);
    wire.admissionDate = `2025-${month}-${String(day).padStart(2, '0')}`;
    wire.dischargeDate = `2025-${month}-${String(day + 6).padStart(2, '0')}`;
    for (const line of wire.lines) line.date = `2025-${month}-${String(day + 1).padStart(2, '0')}`;
    if (i % 12 >= 8) wire.person.insuranceType = 'resident';
    return { id: `RS-${String(i)}`, text: JSON.stringify(wire) };
  });
}

/** A claim of one out-of-catalog drug line, covered only under an approval. */
function approvalClaimText(id: string, quantity: string): string {
  const wire = JSON.parse(claimText(id, '0.00', 'P-200001')) as Record<string, unknown>;
  const amount = (Number(quantity) * 100).toFixed(2);
  return JSON.stringify({
    ...wire,
    admissionDate: '2025-07-09',
    dischargeDate: '2025-07-12',
    lines: [
      {
        id: 'L1',
        kind: 'drug',
        code: OUT_OF_CATALOG,
        name: '目录外抗肿瘤药',
        quantity,
        unitPrice: '100.00',
        amount,
        date: '2025-07-10',
      },
    ],
    totalAmount: amount,
  });
}

describe.each(backends('persistence_replay'))(
  'replaying stored settlements on $name',
  (backend) => {
    let store: Store;
    let versions: ReplayVersions;
    const ids: string[] = [];

    beforeAll(async () => {
      store = await backend.open();
      // Seeded like the API's demo: the shipped 2024 list and the demo policy, activated.
      expect((await saveRelease(store, catalog.release)).ok).toBe(true);
      expect((await savePolicy(store, policy)).ok).toBe(true);
      expect((await activatePolicy(store, policy.id, calendarDate('2025-01-01'), 'seed')).ok).toBe(
        true,
      );
      // Concurrent callers, so the ledger settles them in groups.
      const claims = demoClaims();
      const results = await Promise.all(
        claims.map(({ id, text }) =>
          settleAndStore(store, {
            id,
            claim: claimSchema.parse(JSON.parse(text)),
            policy,
            catalog,
            principal: 'replay-test',
            requestText: text,
          }),
        ),
      );
      for (const r of results) {
        if (!r.ok) throw new Error(JSON.stringify(r.issues));
        ids.push(r.value.id);
      }
      // A correction: one claim reversed and settled again (a new settlement of the same claim).
      const reversed = await reverseStored(store, 'RS-7', {
        by: 'replay-test',
        reason: 'correction',
      });
      expect(reversed.ok).toBe(true);
      const corrected = claimSchema.parse(JSON.parse(claims[7]?.text ?? ''));
      const again = await settleAndStore(store, {
        id: 'RS-7b',
        claim: corrected,
        policy,
        catalog,
        principal: 'replay-test',
        requestText: claims[7]?.text ?? '',
      });
      if (!again.ok) throw new Error(JSON.stringify(again.issues));
      ids.push('RS-7b');
      // Versions as a replay finds them: loaded back from the store, each once.
      versions = versionsFromStore(store);
    }, 120_000);

    afterAll(async () => {
      await store.close();
    });

    it('stores each settlement with its claim in claimSchema wire form', async () => {
      const rows = await store.query<{ settlement_id: string; person_id: string; claim: string }>(
        'SELECT settlement_id, person_id, claim::text AS claim FROM settlement_claims ORDER BY settlement_id',
      );
      expect(rows.map((r) => r.settlement_id).sort()).toEqual([...ids].sort());
      const text = demoClaims().find((c) => c.id === 'RS-3')?.text ?? '';
      const row = rows.find((r) => r.settlement_id === 'RS-3');
      expect(row?.person_id).toBe('P-000703');
      expect(JSON.parse(row?.claim ?? '')).toEqual(
        z.encode(claimSchema, claimSchema.parse(JSON.parse(text))),
      );
    });

    it('replays every stored settlement byte for byte', async () => {
      expect(ids).toHaveLength(51);
      for (const id of ids) {
        const replay = await replaySettlement(store, id, versions);
        if (!replay.ok) throw new Error(JSON.stringify(replay.issues));
        expect(replay.value.firstDifference, id).toBeUndefined();
        expect(replay.value.identical, id).toBe(true);
        expect(replay.value.replayed).toBe(replay.value.stored);
      }
      // The accumulators did carry over: some replays started from non-empty accumulators.
      const [carried] = await store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM settlements WHERE body->'accumulatorsBefore' <> (SELECT body->'accumulatorsBefore' FROM settlements WHERE id = 'RS-0')",
      );
      expect(carried?.n).toBeGreaterThan(30);
    });

    it('loads the recorded versions from the store when none are given', async () => {
      const replay = await replaySettlement(store, 'RS-0');
      expect(replay.ok && replay.value.identical).toBe(true);
    });

    it('replays claims that drew on an approval with the approval as it stood', async () => {
      expect((await insertApproval(store, approvedApproval('AP-R1', 'P-200001', 10))).ok).toBe(
        true,
      );

      // 4 then 6 units: the second claim exhausts the approval.
      for (const [id, quantity] of [
        ['AP-C1', '4'],
        ['AP-C2', '6'],
      ] as const) {
        const text = approvalClaimText(id, quantity);
        const settled = await settleAndStore(store, {
          id,
          claim: claimSchema.parse(JSON.parse(text)),
          policy,
          catalog,
          principal: 'replay-test',
          requestText: text,
        });
        if (!settled.ok) throw new Error(JSON.stringify(settled.issues));
        expect(settled.value.body['lines']).toMatchObject([
          { outcome: 'covered', approvalId: 'AP-R1' },
        ]);
      }
      expect((await readApproval(store, 'AP-R1'))?.approval.status).toBe('exhausted');
      const [given] = await store.query<{ approvals: string }>(
        "SELECT approvals::text AS approvals FROM settlement_claims WHERE settlement_id = 'AP-C2'",
      );
      expect(JSON.parse(given?.approvals ?? 'null')).toMatchObject([
        { id: 'AP-R1', status: 'approved', drawdowns: [{ claimId: 'AP-C1', quantity: '4' }] },
      ]);

      // Replayed with the approval as the engine was given it, not as it is now (exhausted).
      for (const id of ['AP-C1', 'AP-C2']) {
        const replay = await replaySettlement(store, id, versions);
        if (!replay.ok) throw new Error(JSON.stringify(replay.issues));
        expect(replay.value.firstDifference, id).toBeUndefined();
        expect(replay.value.identical, id).toBe(true);
      }
    });

    it('reports a tampered body as different, with the path', async () => {
      await store.query(
        `UPDATE settlements SET body = jsonb_set(body, '{lines,0,amount}', '"1.00"') WHERE id = 'RS-11'`,
      );
      const replay = await replaySettlement(store, 'RS-11', versions);
      if (!replay.ok) throw new Error(JSON.stringify(replay.issues));
      expect(replay.value.identical).toBe(false);
      expect(replay.value.firstDifference).toEqual(['lines', 0, 'amount']);
      expect(replay.value.stored).not.toBe(replay.value.replayed);
      expect(replay.value.stored).toContain('"amount":"1.00"');
    });

    it('refuses what it cannot replay', async () => {
      const missing = await replaySettlement(store, 'RS-none', versions);
      expect(!missing.ok && missing.issues[0]?.code).toBe('replay.settlement_not_found');

      await store.query("DELETE FROM settlement_claims WHERE settlement_id = 'RS-12'");
      const noClaim = await replaySettlement(store, 'RS-12', versions);
      expect(!noClaim.ok && noClaim.issues[0]?.code).toBe('replay.claim_not_stored');

      const noVersions = await replaySettlement(store, 'RS-13', {
        policy: () => undefined,
        catalog: () => catalog,
      });
      expect(!noVersions.ok && noVersions.issues[0]?.code).toBe('replay.version_not_found');
      expect(!noVersions.ok && noVersions.issues[0]?.data).toEqual({ policy: policy.id });
    });
  },
);
