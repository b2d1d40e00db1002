import { Money, accountingPeriodOf, fail, issue, ok } from '@openpayer/domain';
import {
  type ValuePeriodRun,
  outcomeEventSchema,
  valueObservationsSchema,
  valuePeriodRunSchema,
} from '@openpayer/pricing';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditTree, auditSigningKey } from './audit-log.ts';
import type { Store } from './database.ts';
import {
  earlierValueRuns,
  listOutcomeEvents,
  listValuePeriodRuns,
  observedInstitutions,
  readValueObservations,
  readValuePeriodRun,
  recordOutcomeEvent,
  recordValueObservations,
  recordValuePeriodRun,
} from './value.ts';
import { backends } from './__fixtures__/backends.ts';

/**
 * Value-based payment in the ledger: observations replaceable until the period is run, outcome
 * events recorded once and never edited, a period run computed whole and recorded once with its
 * audit entry.
 */

const HOSPITAL = 'H23010300012';
const Q1 = accountingPeriodOf('2025-Q1');
if (Q1 === undefined) throw new Error('period');

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const observations = (controlRate: string) =>
  valueObservationsSchema.parse({
    institution: HOSPITAL,
    period: '2025-Q1',
    indicators: { control_rate: controlRate },
    enrolments: [{ rule: 'diabetes-capitation', memberMonths: 1500 }],
  });

const run = (total: string): ValuePeriodRun =>
  valuePeriodRunSchema.decode({
    scope: 'institution',
    subject: HOSPITAL,
    period: '2025-Q1',
    asOf: '2025-03-31',
    policy: 'demo-230100-2025',
    entries: [
      {
        model: 'capitation',
        rule: 'diabetes-capitation',
        counterparty: HOSPITAL,
        amount: total,
        parts: [{ what: 'base', amount: total }],
        explanations: ['test'],
      },
    ],
    total,
  });

describe.each(backends('openpayer_test_value'))(
  'value-based payment ledger on $name',
  ({ open }) => {
    it('replaces observations until the period is run, then refuses a change', async () => {
      store = await open();
      const first = await recordValueObservations(store, observations('0.78'), 'analyst');
      expect(first).toMatchObject({ ok: true, value: { replaced: false } });
      const second = await recordValueObservations(store, observations('0.82'), 'analyst');
      expect(second).toMatchObject({ ok: true, value: { replaced: true } });
      const read = await readValueObservations(store, HOSPITAL, '2025-Q1');
      expect(read?.observations.indicators['control_rate']?.toString()).toBe('0.82');
      expect(await observedInstitutions(store, '2025-Q1')).toEqual([HOSPITAL]);

      const recorded = await recordValuePeriodRun(store, {
        id: 'VR-1',
        scope: 'institution',
        subject: HOSPITAL,
        period: Q1,
        by: 'admin',
        compute: () => ok(run('150000.00')),
      });
      expect(recorded.ok && recorded.value.created).toBe(true);
      const late = await recordValueObservations(store, observations('0.9'), 'analyst');
      expect(late.ok ? null : late.issues[0]).toMatchObject({
        code: 'value.period_closed',
        path: ['period'],
      });
    });

    it('records a period run once; asked again it answers the recorded one; a failed run writes nothing', async () => {
      store = await open();
      const refused = await recordValuePeriodRun(store, {
        id: 'VR-0',
        scope: 'institution',
        subject: HOSPITAL,
        period: Q1,
        by: 'admin',
        compute: () =>
          fail([issue('value.indicator_missing', 'missing', { path: ['indicators'] })]),
      });
      expect(refused.ok).toBe(false);
      expect(await listValuePeriodRuns(store)).toEqual([]);

      const once = await recordValuePeriodRun(store, {
        id: 'VR-1',
        scope: 'institution',
        subject: HOSPITAL,
        period: Q1,
        by: 'admin',
        compute: () => ok(run('150000.00')),
      });
      const again = await recordValuePeriodRun(store, {
        id: 'VR-2',
        scope: 'institution',
        subject: HOSPITAL,
        period: Q1,
        by: 'admin',
        compute: () => ok(run('999.00')),
      });
      expect(once.ok && once.value.created).toBe(true);
      expect(again.ok && !again.value.created && again.value.stored.id).toBe('VR-1');
      const read = await readValuePeriodRun(store, 'VR-1');
      expect(read?.run.total.equals(Money.of('150000.00'))).toBe(true);
      expect(read?.total).toBe('150000.00');
      expect((await earlierValueRuns(store, 'institution', HOSPITAL)).map((r) => r.id)).toEqual([
        'VR-1',
      ]);
      const tree = new AuditTree(store, await auditSigningKey(store, undefined));
      expect((await tree.entriesOf('value_period_run', 'VR-1')).map((e) => e.entry.kind)).toEqual([
        'value.period_recorded',
      ]);
      expect(await tree.entriesOf('value_period_run', 'VR-0')).toEqual([]);
    });

    it('records an outcome event once: the same again is answered, other content is refused', async () => {
      store = await open();
      const wire = {
        id: 'E-1',
        kind: 'response',
        personId: 'P-1',
        date: '2025-04-02',
        course: 'COURSE-1',
        response: 'SD',
      } as const;
      const event = outcomeEventSchema.parse(wire);
      expect(await recordOutcomeEvent(store, event, 'doctor')).toMatchObject({
        ok: true,
        value: { created: true },
      });
      expect(await recordOutcomeEvent(store, event, 'doctor')).toMatchObject({
        ok: true,
        value: { created: false },
      });
      const changed = await recordOutcomeEvent(
        store,
        outcomeEventSchema.parse({ ...wire, response: 'PD' }),
        'doctor',
      );
      expect(changed.ok ? null : changed.issues[0]).toMatchObject({
        code: 'value.outcome_conflict',
        path: ['id'],
      });
      const died = outcomeEventSchema.parse({
        id: 'E-2',
        kind: 'died',
        personId: 'P-1',
        date: '2025-03-01',
      });
      await recordOutcomeEvent(store, died, 'registry');
      expect((await listOutcomeEvents(store)).map((e) => e.id)).toEqual(['E-2', 'E-1']);
      expect((await listOutcomeEvents(store, { until: '2025-03-31' })).map((e) => e.id)).toEqual([
        'E-2',
      ]);
      const treated = outcomeEventSchema.parse({
        id: 'E-3',
        kind: 'treated',
        personId: 'P-1',
        date: '2025-01-10',
        contract: 'cart-survival',
        institution: HOSPITAL,
        paid: '1500000.00',
      });
      await recordOutcomeEvent(store, treated, 'hospital');
      // A contract's cohort: its treatments and every event of the people treated under it.
      expect(
        (await listOutcomeEvents(store, { contract: 'cart-survival' })).map((e) => e.id),
      ).toEqual(['E-3', 'E-2', 'E-1']);
      expect(await listOutcomeEvents(store, { contract: 'other' })).toEqual([]);
      expect((await listOutcomeEvents(store, { course: 'COURSE-1' })).map((e) => e.id)).toEqual([
        'E-1',
      ]);
    });
  },
);
