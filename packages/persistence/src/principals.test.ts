import { type AuditEntry, stateHash } from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './database.ts';
import { calendarDate } from '@openpayer/domain';
import { activatePolicy, savePolicy } from './policies.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';
import {
  admitPrincipal,
  createPrincipal,
  dataVersion,
  keyHash,
  revokePrincipal,
  rotateKey,
  setPrincipalAlliance,
} from './principals.ts';
import { backends } from './__fixtures__/backends.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function entriesOf(s: Store, id: string): Promise<AuditEntry[]> {
  const rows = await s.query<{ entry: string }>(
    "SELECT entry FROM audit_log WHERE object_type = 'principal' AND object_id = $1 ORDER BY seq",
    [id],
  );
  return rows.map((r) => JSON.parse(r.entry) as AuditEntry);
}

const reviewer = {
  id: 'rv-1',
  name: 'a reviewer',
  role: 'reviewer' as const,
  institutionCode: null,
};

describe.each(backends('openpayer_test_principals'))('principals on $name', ({ open }) => {
  it('appends each change to the audit log with its actor, never a key or its hash', async () => {
    store = await open();
    const created = await createPrincipal(store, reviewer, 'admin-1');
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    const set = await setPrincipalAlliance(
      store,
      'rv-1',
      { allianceId: 'HRB-A', isLeadHospital: true },
      'admin-1',
    );
    expect(set.ok).toBe(true);
    const rotated = await rotateKey(store, 'rv-1', { actor: 'admin-2' });
    if (!rotated.ok) throw new Error(JSON.stringify(rotated.issues));
    expect((await revokePrincipal(store, 'rv-1', 'admin-2')).ok).toBe(true);
    // Revoking twice changes nothing, so records nothing; seeding's reinstatement is `system`'s.
    expect((await revokePrincipal(store, 'rv-1', 'admin-2')).ok).toBe(true);
    expect((await rotateKey(store, 'rv-1', { reinstate: true })).ok).toBe(true);

    const entries = await entriesOf(store, 'rv-1');
    expect(entries.map((e) => [e.kind, e.actor])).toEqual([
      ['principal.created', 'admin-1'],
      ['principal.alliance_set', 'admin-1'],
      ['principal.rotated', 'admin-2'],
      ['principal.revoked', 'admin-2'],
      ['principal.rotated', 'system'],
    ]);
    const record = {
      id: 'rv-1',
      name: 'a reviewer',
      role: 'reviewer',
      institutionCode: null,
      allianceId: 'HRB-A',
      isLeadHospital: true,
    };
    expect(entries[0]?.stateHash).toBe(
      stateHash({ ...record, allianceId: null, isLeadHospital: false, status: 'active' }),
    );
    expect(entries[3]?.stateHash).toBe(stateHash({ ...record, status: 'revoked' }));
    expect(entries[4]?.event).toMatchObject({ reinstated: true });
    const text = JSON.stringify(entries);
    for (const key of [created.value.apiKey, rotated.value.apiKey]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(keyHash(key));
    }
  });

  it('rolls the change back with its entry: neither is stored without the other', async () => {
    store = await open();
    // Without its counter row the log cannot append, so the insert is rolled back too.
    await store.query('DELETE FROM audit_counter');
    await expect(createPrincipal(store, reviewer, 'admin-1')).rejects.toThrow(/audit counter/u);
    expect(await store.query("SELECT 1 FROM principals WHERE id = 'rv-1'")).toEqual([]);
    expect(await entriesOf(store, 'rv-1')).toEqual([]);
    // Refused changes record nothing.
    expect((await rotateKey(store, 'nobody', { actor: 'admin-1' })).ok).toBe(false);
    expect((await revokePrincipal(store, 'nobody', 'admin-1')).ok).toBe(false);
    expect(await store.query('SELECT 1 FROM audit_log')).toEqual([]);
  });
});

describe.each(backends('openpayer_test_admission'))('admission on $name', ({ open }) => {
  it('draws on one token bucket per principal, refused with a retry time once empty', async () => {
    store = await open();
    const created = await createPrincipal(store, reviewer, 'admin-1');
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    const key = created.value.apiKey;
    // Sustained 0.01/s: no token comes back during the test; a burst of 3.
    const limit = { perSecond: 0.01, burst: 3 };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await admitPrincipal(store, key, limit));
    expect(answers.map((a) => a.principal?.id)).toEqual(Array(5).fill('rv-1'));
    expect(answers.map((a) => a.retryAfterSeconds === undefined)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    // One token at 0.01/s: 100 s.
    expect(answers[3]?.retryAfterSeconds).toBe(100);

    // Concurrent requests of one principal (one bucket row, locked): exactly the burst passes.
    const other = await createPrincipal(store, { ...reviewer, id: 'rv-2' }, 'admin-1');
    if (!other.ok) throw new Error(JSON.stringify(other.issues));
    const s = store;
    const together = await Promise.all(
      Array.from({ length: 24 }, () =>
        admitPrincipal(s, other.value.apiKey, { perSecond: 0.01, burst: 7 }),
      ),
    );
    expect(together.filter((a) => a.retryAfterSeconds === undefined)).toHaveLength(7);

    const unknown = await admitPrincipal(store, 'op_not-a-key', limit);
    expect(unknown).toEqual({
      principal: undefined,
      dataVersion: undefined,
      retryAfterSeconds: undefined,
    });
    await revokePrincipal(store, 'rv-1', 'admin-1');
    expect((await admitPrincipal(store, key, limit)).principal).toBeUndefined();
  });

  it('raises the data version with every change to the versioned data, not with a settlement or a key', async () => {
    store = await open();
    const before = BigInt(await dataVersion(store));
    const created = await createPrincipal(store, reviewer, 'admin-1');
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    expect(BigInt(await dataVersion(store))).toBe(before);
    const admitted = await admitPrincipal(store, created.value.apiKey, {
      perSecond: 10,
      burst: 10,
    });
    expect(admitted.dataVersion).toBe(before.toString());

    const { policy } = demoPolicyAndCatalog();
    expect((await savePolicy(store, { ...policy, id: 'p-version' }, 'admin-1')).ok).toBe(true);
    const saved = BigInt(await dataVersion(store));
    expect(saved).toBeGreaterThan(before);
    expect(
      (await activatePolicy(store, 'p-version', calendarDate('2031-01-01'), 'admin-1')).ok,
    ).toBe(true);
    const activated = BigInt(await dataVersion(store));
    expect(activated).toBeGreaterThan(saved);
    expect(
      (await admitPrincipal(store, created.value.apiKey, { perSecond: 10, burst: 10 })).dataVersion,
    ).toBe(activated.toString());
    // A refused write changes nothing (the trigger runs in the write's transaction).
    expect((await savePolicy(store, { ...policy, id: 'p-version' }, 'admin-1')).ok).toBe(false);
    expect(BigInt(await dataVersion(store))).toBe(activated);
  });
});

// Requests that wait for one another need connections of their own: the server's pool (the
// embedded database has one connection, so its requests never overlap).
describe.each(
  backends('openpayer_test_admission_order').filter((b) => b.name.startsWith('PostgreSQL')),
)('admission order on $name', ({ open }) => {
  it('never sets a bucket back to a request that waited for its lock', async () => {
    store = await open();
    const s = store;
    const created = await createPrincipal(s, reviewer, 'admin-1');
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    const key = created.value.apiKey;
    const limit = { perSecond: 0.01, burst: 5 };
    await admitPrincipal(s, key, limit);
    const bucketTime = async (): Promise<string> => {
      const [row] = await s.query<{ at: string }>(
        "SELECT at::text AS at FROM rate_buckets WHERE principal_id = 'rv-1'",
      );
      return row?.at ?? '';
    };
    let waiting: Promise<unknown> | undefined;
    await s.transaction(async (tx) => {
      await tx.query("SELECT 1 FROM rate_buckets WHERE principal_id = 'rv-1' FOR UPDATE");
      // A request arrives while the row is locked, and waits for it…
      waiting = admitPrincipal(s, key, limit);
      for (let waited = 0; ; waited++) {
        const [row] = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if ((row?.n ?? 0) > 0) break;
        if (waited > 400) throw new Error('the request never waited for the bucket');
        await new Promise((r) => setTimeout(r, 25));
      }
      // …and one that arrived later is admitted first.
      await admitPrincipal(tx, key, limit);
    });
    const later = await bucketTime();
    await waiting;
    // The waiting request (the older statement) leaves the bucket's time at the later one: set
    // back, the seconds between them would be refilled again by the next request.
    expect(await bucketTime()).toBe(later);
  });
});
