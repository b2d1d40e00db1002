import {
  type CalendarDate,
  type Claim,
  accountingPeriodOf,
  claimSchema,
  regionCodeSchema,
} from '@openpayer/domain';
import { reconcileDrgClaims } from '@openpayer/pricing';
import { loadGrouperVersion, loadHarbinDrgParameters } from '@openpayer/pricing/node';
import { type RuleSetWire, compileRuleSet, ruleSetSchema } from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditTree, auditSigningKey } from './audit-log.ts';
import type { Store } from './database.ts';
import {
  listReconciliations,
  periodCases,
  readReconciliation,
  recordReconciliation,
  regionPeriodCases,
} from './reconciliations.ts';
import { type SettlementServices, settleClaim } from './settle-claim.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

/**
 * Period reconciliation over the stored ledger: the institution's live inpatient settlements
 * discharged in the period are the cases, the whole period is computed before anything is
 * written, it is recorded once (with its audit entry), and a held claim keeps the period open.
 */

const { policy, catalog } = demoPolicyAndCatalog();
const NOW = new Date('2025-07-02T08:00:00Z');
const HOSPITAL = 'H23010300012';
const Q2 = accountingPeriodOf('2025-Q2');
if (Q2 === undefined) throw new Error('period');
const tables = loadGrouperVersion('harbin-2024');
const parameters = loadHarbinDrgParameters();
if (tables?.ok !== true || !parameters.ok) throw new Error('shipped DRG data');

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

let serial = 0;
function servicesOver(s: Store, holdAbove?: string): SettlementServices {
  const rules =
    holdAbove === undefined
      ? []
      : [
          compileRuleSet(
            ruleSetSchema.parse({
              id: 'hold-2025',
              title: '测试',
              region: null,
              publishedOn: '2025-01-01',
              rules: [
                {
                  code: 'HOLD-ALL',
                  name: '人工复核',
                  version: 1,
                  category: 'medical',
                  stages: ['settle'],
                  resultType: 'suspicious',
                  severity: 'high',
                  from: '2025-01-01',
                  action: 'hold',
                  check: {
                    kind: 'item_tier',
                    items: ['XC04ABF039A001010100141'],
                    tiers: ['primary'],
                  },
                },
              ],
            } satisfies RuleSetWire),
          ),
        ];
  return {
    store: s,
    now: () => NOW,
    catalogAt: () => Promise.resolve(catalog),
    policyAt: () => Promise.resolve(policy),
    randomHex: (bytes) => (serial++).toString(16).padStart(bytes * 2, '0'),
    ruleSetsAt: () => Promise.resolve(rules),
  };
}

/** An inpatient stay for heart failure (I50.900, which the Harbin 2024 grouper groups to FR2x). */
const stay = (id: string, amount: string, personId?: string) =>
  JSON.stringify({
    ...(JSON.parse(claimText(id, amount, personId)) as Claim),
    diagnoses: [{ code: 'I50.900', role: 'principal' }],
  });

async function settle(services: SettlementServices, text: string) {
  const settled = await settleClaim(services, {
    claim: claimSchema.parse(JSON.parse(text)),
    principal: HOSPITAL,
    idempotencyKey: undefined,
    requestText: text,
  });
  if (!settled.ok) throw new Error(JSON.stringify(settled.issues));
  return settled.value;
}

const compute = (cases: Parameters<typeof reconcileDrgClaims>[1]['cases']) =>
  reconcileDrgClaims(
    {
      policyAt: (date: CalendarDate) => (date >= '2025-01-01' ? policy : undefined),
      grouperAt: () => tables.value,
      parameters: parameters.value,
    },
    { institution: HOSPITAL, tier: 'tertiary', region: '230100', period: Q2, cases },
  );

describe.each(backends('openpayer_test_reconciliations'))(
  'period reconciliation on $name',
  ({ open }) => {
    it('reconciles the stored inpatient cases once, records it with its audit entry, and reads it back', async () => {
      store = await open();
      const services = servicesOver(store);
      const a = await settle(services, stay('C-RC-1', '20000.00'));
      await settle(services, stay('C-RC-2', '3000.00', 'P-000502'));
      const request = {
        id: 'rec_1',
        institution: HOSPITAL,
        period: Q2,
        method: 'drg' as const,
        by: 'admin-1',
        compute,
      };
      const first = await recordReconciliation(store, request);
      if (!first.ok) throw new Error(JSON.stringify(first.issues));
      expect(first.value.created).toBe(true);
      const r = first.value.stored.reconciliation;
      expect(r.cases.map((c) => [c.claimId, c.settlementId, c.cost.toFixedString()])).toEqual([
        ['C-RC-1', a.id, '20000.00'],
        ['C-RC-2', expect.any(String), '3000.00'],
      ]);
      expect(r.totals.net.equals(r.totals.payment.subtract(r.totals.cost))).toBe(true);

      // Asked again (another id): the recorded one, unchanged; nothing else written.
      const again = await recordReconciliation(store, { ...request, id: 'rec_2' });
      if (!again.ok) throw new Error(JSON.stringify(again.issues));
      expect(again.value.created).toBe(false);
      expect(again.value.stored.id).toBe('rec_1');
      const read = await readReconciliation(store, 'rec_1');
      expect(read?.adjustment).toBe(r.totals.adjustment.toFixedString());
      expect(read?.reconciliation.totals.adjustment.equals(r.totals.adjustment)).toBe(true);
      expect((await listReconciliations(store)).map((s) => [s.id, s.period, s.cases])).toEqual([
        ['rec_1', '2025-Q2', 2],
      ]);
      expect(await listReconciliations(store, { institution: 'H99' })).toEqual([]);
      const tree = new AuditTree(store, await auditSigningKey(store, undefined), () => NOW);
      expect((await tree.entriesOf('reconciliation', 'rec_1')).map((e) => e.entry.kind)).toEqual([
        'reconciliation.recorded',
      ]);
      expect(await tree.entriesOf('reconciliation', 'rec_2')).toEqual([]);
    });

    it('keeps a period with a held claim open, naming it, and writes nothing', async () => {
      store = await open();
      await settle(servicesOver(store), stay('C-RC-3', '5000.00'));
      const held = await settle(
        servicesOver(store, 'hold'),
        JSON.stringify({
          ...(JSON.parse(stay('C-RC-4', '5000.00', 'P-000503')) as Claim),
          institution: {
            code: HOSPITAL,
            name: '哈尔滨示范三级医院',
            tier: 'tertiary',
            region: '230100',
          },
        }),
      );
      const r = await recordReconciliation(store, {
        id: 'rec_3',
        institution: HOSPITAL,
        period: Q2,
        method: 'drg',
        by: 'admin-1',
        compute,
      });
      if (held.status === 'held') {
        expect(r.ok ? [] : r.issues.map((i) => [i.code, i.data])).toEqual([
          ['reconcile.case_held', { claimId: 'C-RC-4', settlementId: held.id }],
        ]);
        expect(await listReconciliations(store)).toEqual([]);
      } else {
        throw new Error(`the hold rule did not hold the claim (${held.status})`);
      }
    });

    it('an empty period is refused, not recorded as zero', async () => {
      store = await open();
      const r = await recordReconciliation(store, {
        id: 'rec_4',
        institution: HOSPITAL,
        period: Q2,
        method: 'drg',
        by: 'admin-1',
        compute,
      });
      expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['reconcile.no_cases']);
      expect(await listReconciliations(store)).toEqual([]);
    });

    it('answers every institution’s cases of a period, or a region’s (what a DIP budget closes over)', async () => {
      store = await open();
      const services = servicesOver(store);
      const own = await settle(services, stay('C-RC-5', '8000.00'));
      const other = await settle(
        services,
        JSON.stringify({
          ...(JSON.parse(stay('C-RC-6', '6000.00', 'P-000504')) as Claim),
          institution: {
            code: 'H23010300099',
            name: '哈尔滨示范二级医院',
            tier: 'secondary',
            region: '230100',
          },
        }),
      );
      const ids = (r: { cases: readonly { claim: Claim; settlementId?: string | undefined }[] }) =>
        r.cases.map((c) => [c.claim.id, c.claim.institution.code, c.settlementId]);
      expect(ids(await periodCases(store, HOSPITAL, Q2))).toEqual([['C-RC-5', HOSPITAL, own.id]]);
      const every = [
        ['C-RC-5', HOSPITAL, own.id],
        ['C-RC-6', 'H23010300099', other.id],
      ];
      expect(ids(await periodCases(store, null, Q2))).toEqual(every);
      expect(ids(await regionPeriodCases(store, regionCodeSchema.parse('230100'), Q2))).toEqual(
        every,
      );
      expect(ids(await regionPeriodCases(store, regionCodeSchema.parse('230000'), Q2))).toEqual(
        every,
      );
      expect(ids(await regionPeriodCases(store, regionCodeSchema.parse('110100'), Q2))).toEqual([]);
      const q3 = accountingPeriodOf('2025-Q3');
      if (q3 === undefined) throw new Error('period');
      expect(ids(await periodCases(store, null, q3))).toEqual([]);
    });
  },
);
