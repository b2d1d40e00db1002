import { claimSchema } from '@openpayer/domain';
import {
  type AuditEntry,
  auditEntrySchema,
  canonicalJson,
  fromBase64,
  leafHash,
  entryBytes,
  pseudonymize,
  stateHash,
  toBase64,
  toHex,
  verifyConsistency,
  verifyExport,
  verifyInclusion,
} from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuditTree,
  appendAudit,
  auditEntryOf,
  auditSigningKey,
  storedEntryOf,
} from './audit-log.ts';
import type { Store } from './database.ts';
import { reverseStored, settleAndStore } from './ledger.ts';
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
  principal: 'key_hospital_1',
  requestText: text,
  ...(key === undefined ? {} : { idempotencyKey: key }),
});

async function entries(s: Store): Promise<{ seq: number; entry: AuditEntry }[]> {
  const rows = await s.query<{ n: string; entry: string }>(
    'SELECT seq::text AS n, entry FROM audit_log ORDER BY seq',
  );
  return rows.map((r) => ({ seq: Number(r.n), entry: JSON.parse(r.entry) as AuditEntry }));
}

async function exportText(tree: AuditTree): Promise<string> {
  let text = '';
  for await (const line of tree.exportLines()) text += `${line}\n`;
  return text;
}

describe.each(backends('openpayer_test_audit'))('the audit log on $name', ({ open }) => {
  it('records each settlement and reversal in its own transaction, people only as pseudonyms', async () => {
    store = await open();
    const s = store;
    expect((await settleAndStore(s, command('stl_1', claimText('C-1', '5000.00')))).ok).toBe(true);
    // A refused claim (already settled) writes nothing, to the ledger or the log.
    const again = await settleAndStore(s, command('stl_2', claimText('C-1', '5000.00')));
    expect(again.ok).toBe(false);
    expect((await reverseStored(s, 'stl_1', { by: 'key_admin', reason: 'wrong ward' })).ok).toBe(
      true,
    );

    const log = await entries(s);
    expect(log.map((e) => [e.seq, e.entry.kind, e.entry.object.id, e.entry.actor])).toEqual([
      [0, 'settlement.settled', 'stl_1', 'key_hospital_1'],
      [1, 'settlement.reversed', 'stl_1', 'key_admin'],
    ]);
    const text = JSON.stringify(log);
    expect(text).not.toContain('P-000501');
    expect(log[0]?.entry.event['person']).toMatch(/^psn_[0-9a-f]{32}$/u);
    expect(log[1]?.entry.event['person']).toBe(log[0]?.entry.event['person']);
    expect(log[0]?.entry.event).toMatchObject({ claimId: 'C-1', total: '5000.00' });
    expect(log[1]?.entry.event).toMatchObject({ reason: 'wrong ward' });
  });

  it('keeps indexes contiguous under 30 concurrent settlements; a signed export verifies, proofs check', async () => {
    store = await open();
    const s = store;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        settleAndStore(
          s,
          command(
            `stl_${i}`,
            claimText(`C-${i}`, '3000.00', `P-0006${String(i).padStart(2, '0')}`),
          ),
        ),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const log = await entries(s);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(new Set(log.map((e) => e.entry.object.id)).size).toBe(30);

    const key = await auditSigningKey(s);
    expect(await auditSigningKey(s)).toEqual(key);
    const tree = new AuditTree(s, key, () => new Date('2025-06-01T00:00:00Z'));
    const early = await tree.head();
    expect(early.treeSize).toBe(30);
    // Nothing new: the same head again, not a second signature.
    expect(await tree.head()).toEqual(early);

    await reverseStored(s, 'stl_3', { by: 'key_admin', reason: 'x' });
    const later = new AuditTree(s, key, () => new Date('2025-06-02T00:00:00Z'));
    const head = await later.head();
    expect(head.treeSize).toBe(31);

    const report = verifyExport(await exportText(later), later.publicKey, { known: [early] });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ valid: true, entries: 31, heads: 2 });

    // Inclusion of the reversal's entry, and consistency of the earlier head with the later.
    const chain = await later.entriesOf('settlement', 'stl_3');
    expect(chain.map((e) => e.entry.kind)).toEqual(['settlement.settled', 'settlement.reversed']);
    const [found] = await later.entries(chain[0]?.index ?? -1, (chain[0]?.index ?? -1) + 1);
    const index = found?.index;
    const entry = found?.entry;
    if (entry === undefined) throw new Error('the settlement entry is missing');
    expect(found?.leafHash).toBe(toBase64(leafHash(entryBytes(entry))));
    const root = fromBase64(head.rootHash) ?? new Uint8Array();
    const proof = later.tree.inclusionProof(index ?? 0, head.treeSize);
    expect(verifyInclusion(leafHash(entryBytes(entry)), index ?? 0, 31, proof, root)).toBe(true);
    expect(
      verifyConsistency(
        30,
        31,
        fromBase64(early.rootHash) ?? new Uint8Array(),
        root,
        later.tree.consistencyProof(30, 31),
      ),
    ).toBe(true);

    // An entry edited in the database no longer verifies against the published head.
    await s.query(
      'UPDATE audit_log SET entry = replace(entry, \'"total":"3000.00"\', \'"total":"300.00"\') WHERE seq = 5',
    );
    const tampered = verifyExport(await exportText(new AuditTree(s, key)), later.publicKey, {
      known: [head],
    });
    expect(tampered.valid).toBe(false);
    expect(tampered.problems.map((p) => p.code)).toContain('audit.root_mismatch');
  });

  it('orders tree heads by size as numbers (9 before 10), so the export places each', async () => {
    store = await open();
    const s = store;
    const key = await auditSigningKey(s);
    const policyEvent = (i: number) => ({
      kind: 'policy.uploaded' as const,
      actor: 'key_admin',
      object: { type: 'policy', id: `p.${i}` },
      state: { id: `p.${i}` },
    });
    for (let i = 0; i < 9; i++) await s.transaction((tx) => appendAudit(tx, [policyEvent(i)]));
    const nine = await new AuditTree(s, key, () => new Date('2025-06-01T00:00:00Z')).head();
    await s.transaction((tx) => appendAudit(tx, [policyEvent(9)]));
    const tree = new AuditTree(s, key, () => new Date('2025-06-02T00:00:00Z'));
    const ten = await tree.head();
    expect([nine.treeSize, ten.treeSize]).toEqual([9, 10]);
    expect((await tree.heads()).map((h) => h.treeSize)).toEqual([9, 10]);
    // A third signer sees the newest head as the latest, not the one that sorts last as text.
    expect(await new AuditTree(s, key).head()).toEqual(ten);
    const report = verifyExport(await exportText(tree), tree.publicKey, { known: [nine] });
    expect(report.problems).toEqual([]);
  });

  it('makes the pseudonym key when the store opens, keeps it, and pseudonymises with it', async () => {
    store = await open();
    const s = store;
    const [row] = await s.query<{ secret: string }>(
      "SELECT secret FROM audit_keys WHERE purpose = 'pseudonym'",
    );
    const key = fromBase64(row?.secret ?? '');
    if (key === undefined) throw new Error('no pseudonym key was made');
    expect(key).toHaveLength(32);
    expect(s.memo?.get('audit.pseudonym_key')).toEqual(key);
    expect((await settleAndStore(s, command('stl_1', claimText('C-1', '5000.00')))).ok).toBe(true);
    await s.transaction((tx) =>
      appendAudit(tx, [
        {
          kind: 'approval.requested',
          actor: 'key_hospital_1',
          object: { type: 'approval', id: 'apr_1' },
          state: { id: 'apr_1' },
          person: 'P-000501',
        },
      ]),
    );
    const log = await entries(s);
    expect(log.map((e) => e.entry.event['person'])).toEqual([
      pseudonymize('P-000501', key),
      pseudonymize('P-000501', key),
    ]);
  });

  it('rolls the entries back with the transaction that appended them', async () => {
    store = await open();
    const s = store;
    await expect(
      s.transaction(async (tx) => {
        await appendAudit(tx, [
          {
            kind: 'policy.uploaded',
            actor: 'key_admin',
            object: { type: 'policy', id: 'p.1' },
            state: { id: 'p.1' },
          },
        ]);
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    expect(await entries(s)).toEqual([]);
    const [counter] = await s.query<{ next_seq: string }>(
      'SELECT next_seq::text FROM audit_counter',
    );
    expect(counter?.next_seq).toBe('0');
  });
});

describe('audit entries', () => {
  it('hash and pseudonymise exactly as @openpayer/supervision defines it', () => {
    const key = new TextEncoder().encode('a pseudonym key of the fund');
    const state = { total: '5000.00', lines: [{ id: 'L1', amount: '5000.00' }], note: '住院 ü' };
    const entry = auditEntryOf(
      {
        kind: 'settlement.settled',
        actor: 'key_1',
        object: { type: 'settlement', id: 'stl_1' },
        state,
        person: 'P-000501',
        event: { total: '5000.00' },
      },
      new Date('2025-06-01T08:00:00Z'),
      key,
    );
    expect(entry.stateHash).toBe(stateHash(state));
    expect(entry.event['person']).toBe(pseudonymize('P-000501', key));
    expect(auditEntrySchema.parse(entry)).toEqual(entry);
    const stored = storedEntryOf(entry);
    expect(stored.text).toBe(canonicalJson(entry));
    expect(stored.leafHash).toBe(toHex(leafHash(entryBytes(entry))));
  });
});
