import type { Finding } from '@openpayer/domain';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './database.ts';
import {
  type FindingRecord,
  findingId,
  insertFindings,
  listFindings,
  readFinding,
  respondToFinding,
} from './findings.ts';
import { backends } from './__fixtures__/backends.ts';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: { ruleSet: 'rs-national-1', code: 'DUP-0001', version: 1, name: '重复收费' },
    category: 'medical',
    stage: 'settle',
    severity: 'medium',
    resultType: 'suspicious',
    action: 'warn',
    lineIds: ['L1'],
    evidence: { main: '250101001', secondary: '250101002', times: '2', otherClaims: ['C-0'] },
    explanation: { zh: '同一天重复收费', en: 'Charged twice on one day' },
    ...over,
  };
}

function record(id: string, over: Partial<FindingRecord> = {}): FindingRecord {
  return {
    id,
    claimId: 'C-1',
    personId: 'P-000501',
    institutionCode: 'H23010300012',
    settlementId: 'stl_1',
    runId: null,
    finding: finding(),
    ...over,
  };
}

/** Every page of a filter, `limit` at a time, following the cursor. */
async function allPages(
  s: Store,
  filter: Parameters<typeof listFindings>[1],
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  let after: number | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listFindings(s, filter, { limit, after });
    ids.push(...page.items.map((f) => f.id));
    if (page.next === null) return ids;
    after = page.next;
  }
  throw new Error('the cursor never ended');
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe.each(backends('findings'))('smart-review findings on $name', ({ open }) => {
  it('stores findings with their wire form and lists them newest first, filtered', async () => {
    store = await open();
    const s = store;
    await s.transaction(async (tx) => {
      await insertFindings(tx, [
        record(findingId('stl_1', 0)),
        record(findingId('stl_1', 1), {
          finding: finding({ severity: 'high', rule: { ...finding().rule, code: 'AGE-0002' } }),
        }),
        record(findingId('run_1', 0), {
          claimId: 'C-2',
          settlementId: null,
          runId: 'run_1',
          institutionCode: 'H23010200077',
          finding: finding({ stage: 'post_payment', action: 'deduct', lineIds: [] }),
        }),
      ]);
      await insertFindings(tx, []);
    });
    const all = await listFindings(s, {}, { limit: 10 });
    expect(all.items.map((f) => f.id)).toEqual(['fnd_run_1_000', 'fnd_stl_1_001', 'fnd_stl_1_000']);
    expect(all.next).toBeNull();
    const stored = await readFinding(s, 'fnd_stl_1_000');
    expect(stored).toMatchObject({
      claimId: 'C-1',
      personId: 'P-000501',
      institutionCode: 'H23010300012',
      settlementId: 'stl_1',
      runId: null,
      finding: finding(),
      response: null,
    });
    expect(await readFinding(s, 'fnd_none')).toBeUndefined();

    const ids = async (filter: Parameters<typeof listFindings>[1]) =>
      (await listFindings(s, filter, { limit: 10 })).items.map((f) => f.id);
    expect(await ids({ institutionCode: 'H23010200077' })).toEqual(['fnd_run_1_000']);
    expect(await ids({ settlementId: 'stl_1' })).toEqual(['fnd_stl_1_001', 'fnd_stl_1_000']);
    expect(await ids({ runId: 'run_1' })).toEqual(['fnd_run_1_000']);
    expect(await ids({ claimId: 'C-2' })).toEqual(['fnd_run_1_000']);
    expect(await ids({ ruleCode: 'AGE-0002' })).toEqual(['fnd_stl_1_001']);
    expect(await ids({ severity: 'high' })).toEqual(['fnd_stl_1_001']);
    expect(await ids({ stage: 'post_payment' })).toEqual(['fnd_run_1_000']);
    expect(await ids({ stage: 'settle', severity: 'medium' })).toEqual(['fnd_stl_1_000']);
    expect(await ids({ answered: true })).toEqual([]);
    expect(await ids({ answered: false })).toHaveLength(3);
  });

  it('keeps the caller order of a large batch and pages through it without repeats or gaps', async () => {
    store = await open();
    const records = Array.from({ length: 1003 }, (_, n) =>
      record(findingId('run_big', n), { runId: 'run_big', settlementId: null }),
    );
    await store.transaction((tx) => insertFindings(tx, records));
    // Newest first is the reverse of the order written, past the id's three padded digits.
    const first = await listFindings(store, { runId: 'run_big' }, { limit: 4 });
    expect(first.items.map((f) => f.id)).toEqual([
      'fnd_run_big_1002',
      'fnd_run_big_1001',
      'fnd_run_big_1000',
      'fnd_run_big_999',
    ]);
    const paged = await allPages(store, { runId: 'run_big' }, 97);
    expect(paged).toEqual(records.map((r) => r.id).reverse());
  });

  it('records one answer, logs it with the person pseudonymised, and refuses a second', async () => {
    store = await open();
    await store.transaction((tx) =>
      insertFindings(tx, [record('fnd_a'), record('fnd_b'), record('fnd_c')]),
    );
    const answered = await respondToFinding(store, {
      id: 'fnd_a',
      answer: 'continue',
      reason: '患者病情需要',
      by: 'demo-hospital',
    });
    if (!answered.ok) throw new Error(JSON.stringify(answered.issues));
    expect(answered.value.response).toMatchObject({
      answer: 'continue',
      reason: '患者病情需要',
      by: 'demo-hospital',
    });
    expect(answered.value.response?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u);
    expect((await readFinding(store, 'fnd_a'))?.response).toEqual(answered.value.response);

    const again = await respondToFinding(store, {
      id: 'fnd_a',
      answer: 'self_pay',
      reason: '',
      by: 'demo-admin',
    });
    expect(!again.ok && again.issues).toEqual([
      expect.objectContaining({
        code: 'finding.already_answered',
        path: ['answer'],
        data: { answer: 'continue' },
      }),
    ]);
    const missing = await respondToFinding(store, {
      id: 'fnd_none',
      answer: 'remove_line',
      reason: '',
      by: 'demo-admin',
    });
    expect(!missing.ok && missing.issues[0]).toMatchObject({
      code: 'finding.not_found',
      path: ['id'],
    });
    const noReason = await respondToFinding(store, {
      id: 'fnd_b',
      answer: 'continue',
      reason: '  ',
      by: 'demo-admin',
    });
    expect(!noReason.ok && noReason.issues[0]).toMatchObject({
      code: 'finding.reason_required',
      path: ['reason'],
    });
    expect((await readFinding(store, 'fnd_b'))?.response).toBeNull();
    const removed = await respondToFinding(store, {
      id: 'fnd_c',
      answer: 'remove_line',
      reason: '',
      by: 'demo-hospital',
    });
    expect(removed.ok && removed.value.response?.answer).toBe('remove_line');

    const answeredIds = (await listFindings(store, { answered: true }, { limit: 10 })).items;
    expect(answeredIds.map((f) => f.id)).toEqual(['fnd_c', 'fnd_a']);

    const rows = await store.query<{ entry: string }>(
      `SELECT entry FROM audit_log WHERE object_type = 'finding' ORDER BY seq`,
    );
    const entries = rows.map(
      (r) => JSON.parse(r.entry) as { kind: string; actor: string; event: Record<string, unknown> },
    );
    expect(entries.map((e) => [e.kind, e.actor, e.event['answer'], e.event['rule']])).toEqual([
      ['finding.responded', 'demo-hospital', 'continue', 'DUP-0001'],
      ['finding.responded', 'demo-hospital', 'remove_line', 'DUP-0001'],
    ]);
    expect(entries[0]?.event['person']).toMatch(/^psn_[0-9a-f]{32}$/u);
    expect(rows.some((r) => r.entry.includes('P-000501'))).toBe(false);
  });
});
