import { calendarDate } from '@openpayer/domain';
import { type RuleSet, type RuleWire, loadRuleSet, stateHash } from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './database.ts';
import { activateRuleSet, listRuleSets, readRuleSet, saveRuleSet } from './rule-sets.ts';
import { backends } from './__fixtures__/backends.ts';

/** A repeated-test rule: the item at most `maxTimes` times in 30 days. */
function rule(code: string, over: Partial<RuleWire> = {}): RuleWire {
  return {
    code,
    version: 1,
    name: '重复检查',
    category: 'medical',
    stages: ['settle', 'post_payment'],
    resultType: 'suspicious',
    window: { kind: 'days', days: 30 },
    severity: 'medium',
    action: 'warn',
    from: '2025-01-01',
    check: { kind: 'times_per_window', items: ['250101'], maxTimes: '2' },
    ...over,
  };
}

function ruleSet(id: string, region: string | null, rules: RuleWire[] = [rule('REP-1')]): RuleSet {
  const loaded = loadRuleSet({
    id,
    title: `规则集 ${id}`,
    region,
    publishedOn: '2025-01-01',
    rules,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
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

describe.each(backends('rule_sets'))('smart-review rule sets on $name', ({ open }) => {
  it('stores a rule set inactive, lists it, reads it back and logs the upload', async () => {
    store = await open();
    const set = ruleSet('rs-national-1', null, [rule('REP-1'), rule('REP-2')]);
    const saved = await saveRuleSet(store, set, 'demo-admin');
    if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
    expect(saved.value).toMatchObject({
      id: 'rs-national-1',
      region: null,
      publishedOn: '2025-01-01',
      activeFrom: null,
      activatedBy: null,
      rules: 2,
    });
    expect(saved.value.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u);
    expect((await listRuleSets(store)).map((s) => s.id)).toEqual(['rs-national-1']);

    const found = await readRuleSet(store, 'rs-national-1');
    expect(found?.summary).toEqual(saved.value);
    expect(found?.ruleSet.rules.map((r) => r.code)).toEqual(['REP-1', 'REP-2']);
    expect(found?.wire.rules[0]?.check).toEqual({
      kind: 'times_per_window',
      items: ['250101'],
      maxTimes: '2',
    });

    const entries = await audit(store);
    expect(entries.map((e) => [e.kind, e.actor, e.object, e.event])).toEqual([
      [
        'rule_set.uploaded',
        'demo-admin',
        { type: 'rule_set', id: 'rs-national-1' },
        { region: null, publishedOn: '2025-01-01', rules: '2' },
      ],
    ]);
    // The logged state is the stored document, not yet active.
    expect(entries[0]?.stateHash).toBe(stateHash({ ruleSet: found?.wire, activeFrom: null }));
    expect(await readRuleSet(store, 'rs-none')).toBeUndefined();
  });

  it('refuses a second rule set with the same id, naming the field, and logs nothing for it', async () => {
    store = await open();
    expect((await saveRuleSet(store, ruleSet('rs-1', null))).ok).toBe(true);
    const again = await saveRuleSet(store, ruleSet('rs-1', '230100'));
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.issues).toEqual([
        expect.objectContaining({ code: 'rule_set.exists', path: ['id'] }),
      ]);
    }
    expect((await audit(store)).length).toBe(1);
    expect((await readRuleSet(store, 'rs-1'))?.summary.region).toBeNull();
  });

  it('activates from a date, logs it with the previous start, and refuses a clash in the region', async () => {
    store = await open();
    for (const [id, region] of [
      ['rs-a', '230100'],
      ['rs-b', '230100'],
      ['rs-c', '110100'],
      ['rs-n', null],
    ] as const) {
      expect((await saveRuleSet(store, ruleSet(id, region))).ok).toBe(true);
    }
    const first = await activateRuleSet(store, 'rs-a', calendarDate('2025-03-01'), 'demo-admin');
    expect(first.ok && first.value).toMatchObject({
      id: 'rs-a',
      activeFrom: '2025-03-01',
      activatedBy: 'demo-admin',
    });
    // Moved to another day: the entry names where it started before.
    const moved = await activateRuleSet(store, 'rs-a', calendarDate('2025-04-01'), 'demo-lead');
    expect(moved.ok && moved.value.activeFrom).toBe('2025-04-01');

    const clash = await activateRuleSet(store, 'rs-b', calendarDate('2025-04-01'), 'demo-admin');
    expect(clash.ok).toBe(false);
    if (!clash.ok) {
      expect(clash.issues).toEqual([
        expect.objectContaining({
          code: 'rule_set.activation_conflict',
          path: ['from'],
          data: { ruleSetId: 'rs-a' },
        }),
      ]);
    }
    // Another region, and the national set, may start the same day.
    expect((await activateRuleSet(store, 'rs-c', calendarDate('2025-04-01'), 'x')).ok).toBe(true);
    expect((await activateRuleSet(store, 'rs-n', calendarDate('2025-04-01'), 'x')).ok).toBe(true);

    const missing = await activateRuleSet(store, 'rs-none', calendarDate('2025-04-01'), 'x');
    expect(!missing.ok && missing.issues[0]?.code).toBe('rule_set.not_found');

    const entries = (await audit(store)).filter((e) => e.kind === 'rule_set.activated');
    expect(entries.map((e) => [e.actor, e.object.id, e.event])).toEqual([
      ['demo-admin', 'rs-a', { region: '230100', from: '2025-03-01' }],
      ['demo-lead', 'rs-a', { region: '230100', from: '2025-04-01', previousFrom: '2025-03-01' }],
      ['x', 'rs-c', { region: '110100', from: '2025-04-01' }],
      ['x', 'rs-n', { region: null, from: '2025-04-01' }],
    ]);
    const stored = await readRuleSet(store, 'rs-a');
    expect(entries[1]?.stateHash).toBe(
      stateHash({ ruleSet: stored?.wire, activeFrom: '2025-04-01' }),
    );

    // National first, then by region; within a region by start.
    expect((await listRuleSets(store)).map((s) => [s.id, s.activeFrom])).toEqual([
      ['rs-n', '2025-04-01'],
      ['rs-c', '2025-04-01'],
      ['rs-a', '2025-04-01'],
      ['rs-b', null],
    ]);
  });

  it('lets only one of two concurrent activations of a region start on a day', async () => {
    store = await open();
    const s = store;
    for (const id of ['rs-x', 'rs-y']) {
      expect((await saveRuleSet(s, ruleSet(id, '230100'))).ok).toBe(true);
    }
    const results = await Promise.all(
      ['rs-x', 'rs-y'].map((id) => activateRuleSet(s, id, calendarDate('2025-05-01'), 'x')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.flatMap((r) => (r.ok ? [] : r.issues));
    expect(refused[0]).toMatchObject({
      code: 'rule_set.activation_conflict',
      path: ['from'],
    });
    const started = (await listRuleSets(s)).filter((r) => r.activeFrom === '2025-05-01');
    expect(started).toHaveLength(1);
  });
});
