import { calendarDate } from '@openpayer/domain';
import { parsePolicyText, policySchema } from '@openpayer/pricing';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { stateHash } from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from './database.ts';
import { activatePolicy, listPolicies, readPolicy, savePolicy } from './policies.ts';
import { backends } from './__fixtures__/backends.ts';

/** The demo policy under another id. */
function policyWithId(id: string) {
  const parsed = parsePolicyText(
    readDemoPolicyText().replace('id: demo-230100-2025.1', `id: ${id}`),
    'yaml',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** The audit entries stored, oldest first. */
async function audit(s: Store) {
  const rows = await s.query<{ entry: string }>('SELECT entry FROM audit_log ORDER BY seq');
  return rows.map(
    (r) =>
      JSON.parse(r.entry) as {
        kind: string;
        actor: string;
        object: { type: string; id: string };
        stateHash: string;
        event: Record<string, unknown>;
      },
  );
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe.each(backends('policies_audit'))(
  'policy versions in the audit log on $name',
  ({ open }) => {
    it('logs an upload and an activation, each by its actor, in their own transactions', async () => {
      store = await open();
      const policy = policyWithId('p-1');
      const saved = await savePolicy(store, policy, 'demo-admin');
      expect(saved.ok).toBe(true);
      const activated = await activatePolicy(store, 'p-1', calendarDate('2025-03-01'), 'demo-lead');
      expect(activated.ok).toBe(true);
      const entries = await audit(store);
      expect(entries.map((e) => [e.kind, e.actor, e.object, e.event['from'] ?? null])).toEqual([
        ['policy.uploaded', 'demo-admin', { type: 'policy', id: 'p-1' }, null],
        ['policy.activated', 'demo-lead', { type: 'policy', id: 'p-1' }, '2025-03-01'],
      ]);
      const wire = z.encode(policySchema, policy);
      expect(entries[0]?.stateHash).toBe(stateHash({ policy: wire, activeFrom: null }));
      // The activated state is the stored body with its start: a different hash from the upload.
      const stored = await readPolicy(store, 'p-1');
      expect(entries[1]?.stateHash).toBe(
        stateHash({ policy: stored?.wire, activeFrom: '2025-03-01' }),
      );
      expect(entries[1]?.stateHash).not.toBe(entries[0]?.stateHash);
    });

    it('defaults the actor to system and logs nothing for a refused upload or activation', async () => {
      store = await open();
      expect((await savePolicy(store, policyWithId('p-1'))).ok).toBe(true);
      expect((await savePolicy(store, policyWithId('p-2'))).ok).toBe(true);
      expect((await activatePolicy(store, 'p-1', calendarDate('2025-03-01'), 'a')).ok).toBe(true);

      const exists = await savePolicy(store, policyWithId('p-1'), 'demo-admin');
      expect(exists.issues.map((i) => [i.code, i.path])).toEqual([['policy.exists', ['id']]]);
      const clash = await activatePolicy(store, 'p-2', calendarDate('2025-03-01'), 'b');
      expect(clash.issues.map((i) => [i.code, i.path])).toEqual([
        ['policy.activation_conflict', ['activeFrom']],
      ]);
      const missing = await activatePolicy(store, 'none', calendarDate('2025-03-01'), 'c');
      expect(missing.issues.map((i) => i.code)).toEqual(['policy.not_found']);

      expect((await audit(store)).map((e) => [e.kind, e.actor, e.object.id])).toEqual([
        ['policy.uploaded', 'system', 'p-1'],
        ['policy.uploaded', 'system', 'p-2'],
        ['policy.activated', 'a', 'p-1'],
      ]);
    });

    it('stores no change when its audit entry cannot be appended (one transaction)', async () => {
      store = await open();
      expect((await savePolicy(store, policyWithId('p-1'))).ok).toBe(true);
      await store.query('DELETE FROM audit_counter');
      await expect(savePolicy(store, policyWithId('p-2'))).rejects.toThrow(/audit counter/u);
      await expect(activatePolicy(store, 'p-1', calendarDate('2025-03-01'), 'a')).rejects.toThrow(
        /audit counter/u,
      );
      expect(await listPolicies(store)).toEqual([
        expect.objectContaining({ id: 'p-1', activeFrom: null, activatedBy: null }),
      ]);
    });
  },
);
