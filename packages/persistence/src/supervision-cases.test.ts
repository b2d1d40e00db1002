import { calendarDate } from '@openpayer/domain';
import {
  type CaseContext,
  demoCaseRules,
  openCase,
  shippedWorkCalendar,
} from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from './__fixtures__/backends.ts';
import type { Store } from './database.ts';
import {
  escalateOverdue,
  listCases,
  readCase,
  stepCase,
  storeNewCase,
  suspensionsFromCases,
} from './supervision-cases.ts';

const rules = demoCaseRules();
const calendar = shippedWorkCalendar();
if (!rules.ok || !calendar.ok) throw new Error('shipped case data');
const context: CaseContext = { rules: rules.value, calendar: calendar.value };
const contextOf = (region: string) => (region === '230100' ? context : undefined);

function opened(id: string, on: string, institution = 'H23010300012') {
  const made = openCase(
    {
      id,
      origin: 'finding',
      subject: { institution, doctor: 'D-7', claimId: 'C-1', reference: null },
      summary: 'duplicate charges',
      on: calendarDate(on),
      by: 'rev-1',
    },
    context,
  );
  if (!made.ok) throw new Error(JSON.stringify(made.issues));
  return made.value;
}

const auditCount = async (store: Store, id: string) =>
  Number(
    (
      await store.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM audit_log WHERE object_type = 'case' AND object_id = $1`,
        [id],
      )
    )[0]?.n,
  );

describe.each(backends('openpayer_test_cases'))('supervision cases on $name', ({ open }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('stores each step with its audit entry; a refused step writes nothing', async () => {
    store = await open();
    const made = await storeNewCase(store, {
      region: '230100',
      case: opened('case-1', '2025-03-03'),
      by: 'rev-1',
    });
    expect(made.ok).toBe(true);
    const again = await storeNewCase(store, {
      region: '230100',
      case: opened('case-1', '2025-03-03'),
      by: 'rev-1',
    });
    expect(again.ok ? null : again.issues[0]?.code).toBe('case.exists');
    const notified = await stepCase(
      store,
      'case-1',
      { event: 'notify', on: '2025-03-03', by: 'rev-1' },
      contextOf,
      'rev-1',
    );
    expect(notified.ok && [notified.value.case.state, notified.value.case.deadline]).toEqual([
      'awaiting_response',
      '2025-04-02',
    ]);
    const wrong = await stepCase(
      store,
      'case-1',
      { event: 'close', on: '2025-03-04', by: 'rev-1' },
      contextOf,
      'rev-1',
    );
    expect(wrong.ok ? null : wrong.issues.map((i) => [i.code, i.path])).toEqual([
      ['case.transition_not_allowed', ['event']],
    ]);
    expect(await auditCount(store, 'case-1')).toBe(2);
    const missing = await stepCase(
      store,
      'none',
      { event: 'notify', on: '2025-03-03', by: 'r' },
      contextOf,
      'r',
    );
    expect(missing.ok ? null : missing.issues[0]?.code).toBe('case.not_found');
    expect((await readCase(store, 'case-1'))?.case.transitions.length).toBe(1);
  });

  it('moves a case from one state once when two reviewers step it at the same time', async () => {
    store = await open();
    await storeNewCase(store, { region: '230100', case: opened('case-2', '2025-03-03'), by: 'r' });
    const s = store;
    const both = await Promise.all(
      ['rev-1', 'rev-2'].map((by) =>
        stepCase(s, 'case-2', { event: 'notify', on: '2025-03-04', by }, contextOf, by),
      ),
    );
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)?.issues[0]?.code).toBe('case.transition_not_allowed');
    expect(await auditCount(store, 'case-2')).toBe(2);
  });

  it('escalates the overdue cases, most overdue first, and lists them by deadline', async () => {
    store = await open();
    for (const [id, on] of [
      ['late-a', '2025-03-10'],
      ['late-b', '2025-03-03'],
      ['fresh', '2025-06-20'],
    ] as const) {
      await storeNewCase(store, { region: '230100', case: opened(id, on), by: 'r' });
      await stepCase(store, id, { event: 'notify', on, by: 'r' }, contextOf, 'r');
    }
    expect(
      (await listCases(store, { overdueOn: calendarDate('2025-07-01') })).map((c) => c.case.id),
    ).toEqual(['late-b', 'late-a']);
    const first = await escalateOverdue(store, calendarDate('2025-07-01'), contextOf, 'system');
    expect(first.escalated.map((c) => [c.case.id, c.case.escalation, c.case.deadline])).toEqual([
      ['late-b', 1, '2025-07-08'],
      ['late-a', 1, '2025-07-08'],
    ]);
    await escalateOverdue(store, calendarDate('2025-07-09'), contextOf, 'system');
    const third = await escalateOverdue(store, calendarDate('2025-07-30'), contextOf, 'system');
    // `fresh` (notified 20 June) is late now too; the other two are at the highest level (2).
    expect(third.escalated.map((c) => c.case.id)).toEqual(['fresh']);
    expect(third.refused.map((r) => [r.id, r.code])).toEqual([
      ['late-b', 'case.escalation_limit'],
      ['late-a', 'case.escalation_limit'],
    ]);
    expect((await listCases(store, { institution: 'H23010300012' })).length).toBe(3);
    expect((await listCases(store, { state: 'open' })).length).toBe(0);
  });

  it('derives the suspensions from the decided cases of the region', async () => {
    store = await open();
    for (const [i, on] of ['2025-02-20', '2025-04-21', '2025-05-20'].entries()) {
      const id = `v-${String(i)}`;
      await storeNewCase(store, { region: '230100', case: opened(id, '2025-01-02'), by: 'r' });
      await stepCase(store, id, { event: 'notify', on: '2025-01-02', by: 'r' }, contextOf, 'r');
      const decided = await stepCase(
        store,
        id,
        {
          event: 'decide',
          on,
          by: 'r',
          outcome: { kind: 'recover', amount: '10.00', reason: 'x' },
        },
        contextOf,
        'r',
      );
      expect(decided.ok).toBe(true);
    }
    const found = await suspensionsFromCases(store, '230100', context.rules);
    expect(found.map((x) => [x.doctor, x.from, x.to, x.cases])).toEqual([
      ['D-7', '2025-05-20', '2025-08-20', ['v-0', 'v-1', 'v-2']],
    ]);
    expect(await suspensionsFromCases(store, '110100', context.rules)).toEqual([]);
  });
});
