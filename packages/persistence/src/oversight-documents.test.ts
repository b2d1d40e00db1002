import { afterEach, describe, expect, it } from 'vitest';
import { AuditTree, auditSigningKey } from './audit-log.ts';
import type { Store } from './database.ts';
import { listOversightDocuments, storeOversightDocument } from './oversight-documents.ts';
import { backends } from './__fixtures__/backends.ts';

/** Oversight documents: stored once under their id with an audit entry, listed latest first. */

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe.each(backends('openpayer_test_oversight_documents'))(
  'oversight documents on $name',
  ({ open }) => {
    it('stores each once, audited, and lists them latest first', async () => {
      store = await open();
      const a = await storeOversightDocument(store, {
        kind: 'budgets',
        id: 'b-1',
        body: { id: 'b-1', amount: '1.00' },
        by: 'admin-1',
      });
      expect(a.ok).toBe(true);
      await storeOversightDocument(store, {
        kind: 'anomaly_rules',
        id: 'r-1',
        body: { id: 'r-1' },
        by: 'admin-1',
      });
      const again = await storeOversightDocument(store, {
        kind: 'budgets',
        id: 'b-1',
        body: { id: 'b-1', amount: '2.00' },
        by: 'admin-2',
      });
      expect(again.ok ? [] : again.issues.map((i) => [i.code, i.path])).toEqual([
        ['oversight.document_exists', ['id']],
      ]);
      expect(
        (await listOversightDocuments(store)).map((d) => [d.kind, d.id, d.uploadedBy]),
      ).toEqual([
        ['anomaly_rules', 'r-1', 'admin-1'],
        ['budgets', 'b-1', 'admin-1'],
      ]);
      const [budget] = await listOversightDocuments(store, 'budgets');
      expect(budget?.body).toEqual({ id: 'b-1', amount: '1.00' });
      const tree = new AuditTree(store, await auditSigningKey(store, undefined), () => new Date());
      expect((await tree.entriesOf('budgets', 'b-1')).map((e) => e.entry.kind)).toEqual([
        'oversight.document_uploaded',
      ]);
    });
  },
);
