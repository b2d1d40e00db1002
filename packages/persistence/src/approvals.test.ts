import { approvalRequestSchema, approve, requestApproval } from '@openpayer/catalog';
import { loadDemoApprovalPolicy } from '@openpayer/catalog/node';
import { Decimal, calendarDate } from '@openpayer/domain';
import type { AuditEntry } from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import { insertApproval, readApproval, updateApproval } from './approvals.ts';
import type { Store } from './database.ts';
import { backends } from './__fixtures__/backends.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const policy = loadDemoApprovalPolicy();
const PATIENT = 'P-610001';

function requested(id: string) {
  const opened = requestApproval(
    approvalRequestSchema.parse({
      id,
      kind: 'out_of_catalog',
      item: { kind: 'drug', code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药' },
      personId: PATIENT,
      institution: { code: 'H23010300012', tier: 'tertiary' },
      requestedBy: { id: 'D-0101', title: 'associate_chief' },
      reason: '一线靶向治疗耐药，目录内替代药品均已使用',
      alternativesConsidered: ['吉非替尼片'],
      informedConsent: true,
      requestedOn: '2025-06-30',
      requestedQuantity: '10',
      requestedDays: 90,
    }),
    policy,
  );
  if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
  return opened.value;
}

async function entriesOf(s: Store, id: string): Promise<AuditEntry[]> {
  const rows = await s.query<{ entry: string }>(
    "SELECT entry FROM audit_log WHERE object_type = 'approval' AND object_id = $1 ORDER BY seq",
    [id],
  );
  return rows.map((r) => JSON.parse(r.entry) as AuditEntry);
}

describe.each(backends('openpayer_test_approvals'))('approvals on $name', ({ open }) => {
  it('records the request and the decision in their own transactions, the patient pseudonymised', async () => {
    store = await open();
    const approval = requested('AP-A1');
    expect((await insertApproval(store, approval, 'hospital-1')).ok).toBe(true);
    expect((await insertApproval(store, approval, 'hospital-1')).ok).toBe(false);
    const decided = approve(
      approval,
      {
        by: { id: 'reviewer-1', role: 'reviewer' },
        on: calendarDate('2025-07-01'),
        validFrom: calendarDate('2025-07-01'),
        validTo: calendarDate('2025-09-28'),
        approvedQuantity: new Decimal('10'),
      },
      policy,
    );
    if (!decided.ok) throw new Error(JSON.stringify(decided.issues));
    expect((await updateApproval(store, decided.value, 1, 'reviewer-1')).ok).toBe(true);
    // A decision on a stale revision is refused and records nothing.
    const stale = await updateApproval(store, decided.value, 1, 'reviewer-2');
    expect(stale.ok ? [] : stale.issues.map((i) => i.code)).toEqual(['approval.conflict']);

    const entries = await entriesOf(store, 'AP-A1');
    expect(entries.map((e) => [e.kind, e.actor])).toEqual([
      ['approval.requested', 'hospital-1'],
      ['approval.decided', 'reviewer-1'],
    ]);
    expect(entries[1]?.event).toMatchObject({ decision: 'approved', by: 'reviewer-1' });
    const person = entries[0]?.event['person'];
    expect(typeof person).toBe('string');
    expect(entries[1]?.event['person']).toBe(person);
    expect(JSON.stringify(entries)).not.toContain(PATIENT);
  });

  it('rolls the request back with its entry when the append fails', async () => {
    store = await open();
    // Without its counter row the log cannot append, so the insert is rolled back too.
    await store.query('DELETE FROM audit_counter');
    await expect(insertApproval(store, requested('AP-A2'), 'hospital-1')).rejects.toThrow(
      /audit counter/u,
    );
    expect(await readApproval(store, 'AP-A2')).toBeUndefined();
    expect(await entriesOf(store, 'AP-A2')).toEqual([]);
  });
});
