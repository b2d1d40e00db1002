import { type CalendarDate, type Claim, claimSchema } from '@openpayer/domain';
import {
  type CompiledRuleSet,
  type RuleSetWire,
  compileRuleSet,
  ruleSetSchema,
} from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditTree, auditSigningKey } from './audit-log.ts';
import type { Store } from './database.ts';
import { listFindings, respondToFinding } from './findings.ts';
import { releaseHeld, reverseStored } from './ledger.ts';
import { replaySettlement } from './replay.ts';
import { runReview } from './review-runs.ts';
import { type SettlementServices, precheckClaim, settleClaim } from './settle-claim.ts';
import { readAccumulators, readSettlement } from './settlements.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

/**
 * Smart review in the settle flow: the rule sets in force review each claim against the person's
 * stored history; the settlement applies the findings' actions and the ledger stores them; a held
 * claim moves nothing until a reviewer releases it; the hospital's answer is recorded.
 */

const { policy, catalog } = demoPolicyAndCatalog();
const NOW = new Date('2025-07-01T08:00:00Z');
const DRUG = 'XC04ABF039A001010100141';

function ruleSet(rules: RuleSetWire['rules']): CompiledRuleSet {
  return compileRuleSet(
    ruleSetSchema.parse({
      id: 'test-review-2025',
      title: '测试规则',
      region: null,
      publishedOn: '2025-01-01',
      rules,
    } satisfies RuleSetWire),
  );
}

const base: Pick<
  RuleSetWire['rules'][number],
  'version' | 'category' | 'stages' | 'resultType' | 'severity' | 'from'
> = {
  version: 1,
  category: 'medical',
  stages: ['prescribe', 'settle'],
  resultType: 'violation',
  severity: 'high',
  from: '2025-01-01',
};

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

let serial = 0;
function servicesOver(s: Store, rules: CompiledRuleSet): SettlementServices {
  return {
    store: s,
    now: () => NOW,
    catalogAt: () => Promise.resolve(catalog),
    policyAt: () => Promise.resolve(policy),
    randomHex: (bytes) => (serial++).toString(16).padStart(bytes * 2, '0'),
    ruleSetsAt: () => Promise.resolve([rules]),
  };
}

const claimOf = (text: string): Claim => claimSchema.parse(JSON.parse(text));

async function settleText(services: SettlementServices, text: string) {
  const settled = await settleClaim(services, {
    claim: claimOf(text),
    principal: 'H23010300012',
    idempotencyKey: undefined,
    requestText: text,
  });
  if (!settled.ok) throw new Error(JSON.stringify(settled.issues));
  return settled.value;
}

describe.each(backends('openpayer_test_review_flow'))(
  'smart review in the settle flow on $name',
  ({ open }) => {
    it("deducts a line a rule finds, stores the finding and records the hospital's answer", async () => {
      store = await open();
      const services = servicesOver(
        store,
        ruleSet([
          {
            ...base,
            code: 'SEX-F',
            name: '限女性',
            action: 'deduct',
            check: { kind: 'item_sex', items: [DRUG], sex: 'female' },
          },
        ]),
      );
      const pre = await precheckClaim(services, claimOf(claimText('C-R-1', '3000.00')));
      if (!pre.ok) throw new Error(JSON.stringify(pre.issues));
      expect(pre.value.findings?.map((f) => [f.rule.code, f.stage])).toEqual([
        ['SEX-F', 'prescribe'],
      ]);

      const stored = await settleText(services, claimText('C-R-1', '3000.00'));
      expect(stored.status).toBe('settled');
      expect(stored.body.lines[0]?.selfPay).toEqual([
        { reason: 'deducted_by_rule', amount: '3000.00' },
      ]);
      expect(stored.body.findings?.[0]?.evidence).toBeDefined();
      const page = await listFindings(store, { settlementId: stored.id }, { limit: 10 });
      expect(page.items.map((f) => [f.finding.rule.code, f.finding.stage, f.response])).toEqual([
        ['SEX-F', 'settle', null],
      ]);
      const id = page.items[0]?.id ?? '';
      const answered = await respondToFinding(store, {
        id,
        answer: 'self_pay',
        reason: '患者同意自费',
        by: 'H23010300012',
      });
      expect(answered.ok && answered.value.response?.answer).toBe('self_pay');
      const again = await respondToFinding(store, {
        id,
        answer: 'continue',
        reason: 'x',
        by: 'H23010300012',
      });
      expect(again.ok ? [] : again.issues.map((i) => i.code)).toEqual(['finding.already_answered']);
      const tree = new AuditTree(store, await auditSigningKey(store, undefined), () => NOW);
      const kinds = (await tree.entriesOf('finding', id)).map((e) => e.entry.kind);
      expect(kinds).toEqual(['finding.responded']);
      // Replay applies the findings the settlement recorded: the same bytes.
      const replayed = await replaySettlement(store, stored.id, {
        policy: () => policy,
        catalog: () => catalog,
      });
      expect(replayed.ok && replayed.value.identical).toBe(true);
    });

    it('holds a claim without moving its accumulators, then releases it paid or deducted', async () => {
      store = await open();
      const services = servicesOver(
        store,
        ruleSet([
          {
            ...base,
            code: 'TIER-HOLD',
            name: '限基层',
            action: 'hold',
            resultType: 'suspicious',
            check: { kind: 'item_tier', items: [DRUG], tiers: ['primary'] },
          },
        ]),
      );
      const personId = 'P-000777';
      const held = await settleText(services, claimText('C-H-1', '3000.00', personId));
      expect(held.status).toBe('held');
      expect(held.body.held).toBe(true);
      const before = await readAccumulators(store, personId, 2025);
      expect(before.fundPaid.toFixedString()).toBe('0.00');
      // Held is live: the same claim cannot be settled again meanwhile.
      const twice = await settleClaim(services, {
        claim: claimOf(claimText('C-H-1', '3000.00', personId)),
        principal: 'H23010300012',
        idempotencyKey: undefined,
        requestText: '',
      });
      expect(twice.ok ? 0 : twice.status).toBe(409);

      const versions = { policy: () => policy, catalog: () => catalog };
      const paid = await releaseHeld(store, {
        heldId: held.id,
        newId: 'stl_released_1',
        decision: 'pay',
        by: 'reviewer-1',
        note: '核实无误',
        versions,
      });
      if (!paid.ok) throw new Error(JSON.stringify(paid.issues));
      expect(paid.value.status).toBe('settled');
      expect(paid.value.body.held).toBeUndefined();
      expect(paid.value.body.findings?.map((f) => f.action)).toEqual(['warn']);
      const after = await readAccumulators(store, personId, 2025);
      expect(after.fundPaid.toFixedString()).toBe(paid.value.body.accumulatorsAfter.fundPaid);
      expect((await readSettlement(store, held.id))?.status).toBe('released');
      const twiceReleased = await releaseHeld(store, {
        heldId: held.id,
        newId: 'stl_released_2',
        decision: 'pay',
        by: 'reviewer-1',
        note: '',
        versions,
      });
      expect(twiceReleased.ok ? [] : twiceReleased.issues.map((i) => i.code)).toEqual([
        'ledger.not_held',
      ]);

      const held2 = await settleText(services, claimText('C-H-2', '800.00', personId));
      const deducted = await releaseHeld(store, {
        heldId: held2.id,
        newId: 'stl_released_3',
        decision: 'deduct',
        by: 'reviewer-1',
        note: '不符合',
        versions,
      });
      if (!deducted.ok) throw new Error(JSON.stringify(deducted.issues));
      expect(deducted.value.body.lines[0]?.selfPay).toEqual([
        { reason: 'deducted_by_rule', amount: '800.00' },
      ]);

      // Reversing a held claim withdraws it and moves nothing.
      const held3 = await settleText(services, claimText('C-H-3', '500.00', personId));
      const atHold = await readAccumulators(store, personId, 2025);
      const withdrawn = await reverseStored(store, held3.id, {
        by: 'H23010300012',
        reason: '撤回',
      });
      expect(withdrawn.ok).toBe(true);
      expect(await readAccumulators(store, personId, 2025)).toEqual(atHold);

      const tree = new AuditTree(store, await auditSigningKey(store, undefined), () => NOW);
      expect((await tree.entriesOf('settlement', held.id)).map((e) => e.entry.kind)).toEqual([
        'claim.held',
        'claim.released',
      ]);
    });

    it("reads the person's stored claims for rules that span claims", async () => {
      store = await open();
      const services = servicesOver(
        store,
        ruleSet([
          {
            ...base,
            code: 'ONCE-30D',
            name: '30天限1次',
            action: 'self_pay',
            window: { kind: 'days', days: 30 },
            check: { kind: 'times_per_window', items: [DRUG], maxTimes: '1' },
          },
        ]),
      );
      const first = await settleText(services, claimText('C-W-1', '100.00', 'P-000888'));
      expect(first.body.findings).toBeUndefined();
      const second = await settleText(services, claimText('C-W-2', '100.00', 'P-000888'));
      expect(second.body.findings?.map((f) => f.rule.code)).toEqual(['ONCE-30D']);
      expect(second.body.lines[0]?.selfPay).toEqual([
        { reason: 'self_pay_by_rule', amount: '100.00' },
      ]);
      // Another person's claim is not their history.
      const other = await settleText(services, claimText('C-W-3', '100.00', 'P-000889'));
      expect(other.body.findings).toBeUndefined();
      // Claims of one person settled at once (one commit group, or queued behind each other) see
      // each other: the history is read inside the ledger's transaction.
      const together = await Promise.all(
        ['C-W-4', 'C-W-5', 'C-W-6'].map((id) =>
          settleText(services, claimText(id, '100.00', 'P-000890')),
        ),
      );
      expect(together.map((t) => t.body.findings?.length ?? 0).sort()).toEqual([0, 1, 1]);
    });

    it('reviews the ledger after payment; a stored claim that no longer decodes is skipped and counted', async () => {
      store = await open();
      const rules = ruleSet([
        {
          ...base,
          code: 'SEX-F',
          name: '限女性',
          stages: ['post_payment'],
          action: 'warn',
          check: { kind: 'item_sex', items: [DRUG], sex: 'female' },
        },
      ]);
      const services = servicesOver(store, rules);
      const first = await settleText(services, claimText('C-P-1', '100.00', 'P-000901'));
      await settleText(services, claimText('C-P-2', '100.00', 'P-000902'));
      await store.query(
        `UPDATE settlement_claims SET claim = '{"id": 1}'::jsonb WHERE settlement_id = $1`,
        [first.id],
      );
      const run = await runReview(store, {
        id: 'run_test',
        from: '2025-01-01' as CalendarDate,
        to: '2026-01-01' as CalendarDate,
        by: 'reviewer-1',
        ruleSetsAt: () => Promise.resolve([rules]),
        catalog: () => Promise.resolve(catalog),
      });
      if (!run.ok) throw new Error(JSON.stringify(run.issues));
      expect(run.value).toMatchObject({ status: 'finished', claims: 1, skipped: 1, findings: 1 });
      const page = await listFindings(store, { runId: 'run_test' }, { limit: 10 });
      expect(page.items.map((f) => [f.claimId, f.finding.stage])).toEqual([
        ['C-P-2', 'post_payment'],
      ]);
    });
  },
);
