import { type CalendarDate, claimSchema } from '@openpayer/domain';
import { type Policy, parsePolicyText, simulationReportSchema } from '@openpayer/pricing';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { type RuleSetWire, compileRuleSet, ruleSetSchema } from '@openpayer/supervision';
import { demoClaimWire } from '@openpayer/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './database.ts';
import { type SettlementServices, settleClaim } from './settle-claim.ts';
import {
  cancelSimulation,
  failInterruptedSimulations,
  listSimulations,
  readSimulation,
  readSimulationReport,
  startSimulation,
} from './simulations.ts';
import { backends } from './__fixtures__/backends.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

/**
 * Simulation jobs over the stored ledger: the demo policy against a candidate whose employee
 * inpatient ratio below 50,000 is 0.95 instead of 0.85. By hand, for a class-A drug claim at the
 * demo tertiary hospital: the fund pays (amount − deductible) × ratio, the deductible 1,000.00 for
 * the year's first admission and 500.00 for a later one.
 */

const { policy, catalog } = demoPolicyAndCatalog();
const candidateText = readDemoPolicyText()
  .replace(/^id: demo-230100-2025\.1$/mu, 'id: demo-230100-2025.whatif')
  .replace(
    "claimType: inpatient\n      value:\n        - upTo: '50000.00'\n          ratio: '0.85'",
    "claimType: inpatient\n      value:\n        - upTo: '50000.00'\n          ratio: '0.95'",
  );
const parsedCandidate = parsePolicyText(candidateText, 'yaml');
if (!parsedCandidate.ok) throw new Error(JSON.stringify(parsedCandidate.issues));
const candidate: Policy = parsedCandidate.value;

/** The drug at most once in `days` days, else self-paid: reads the person's stored history. */
const onceIn = (days: number, id: string) =>
  compileRuleSet(
    ruleSetSchema.parse({
      id,
      title: '一年限一次（模拟）',
      region: null,
      publishedOn: '2025-01-01',
      rules: [
        {
          code: `ONCE-${String(days)}D`,
          name: '365天限1次',
          version: 1,
          category: 'medical',
          stages: ['prescribe', 'settle'],
          resultType: 'violation',
          severity: 'high',
          from: '2025-01-01',
          action: 'self_pay',
          window: { kind: 'days', days },
          check: { kind: 'times_per_window', items: ['XC04ABF039A001010100141'], maxTimes: '1' },
        },
      ],
    } satisfies RuleSetWire),
  );
const onceAYear = onceIn(365, 'whatif-once-a-year');

const versions = {
  policy: (id: string) =>
    Promise.resolve([policy, candidate].find((p) => p.id === id) satisfies Policy | undefined),
  catalog: (id: string) => Promise.resolve(id === catalog.release.id ? catalog : undefined),
  ruleSet: (id: string) => Promise.resolve(id === onceAYear.ruleSet.id ? onceAYear : undefined),
};

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

let serial = 0;
function services(s: Store): SettlementServices {
  return {
    store: s,
    now: () => new Date('2025-07-01T08:00:00Z'),
    catalogAt: () => Promise.resolve(catalog),
    policyAt: () => Promise.resolve(policy),
    randomHex: (bytes) => (serial++).toString(16).padStart(bytes * 2, '0'),
  };
}

/** An inpatient stay with one class-A drug line (酚妥拉明) of `amount`. */
async function settleStay(
  s: Store,
  id: string,
  personId: string,
  dates: { admission: string; discharge: string },
  amount: string,
) {
  const text = JSON.stringify(
    demoClaimWire({
      id,
      person: { id: personId },
      admissionDate: dates.admission,
      dischargeDate: dates.discharge,
      lines: [
        {
          id: 'L1',
          kind: 'drug',
          code: 'XC04ABF039A001010100141',
          name: '酚妥拉明注射剂',
          quantity: '1',
          unitPrice: amount,
          amount,
          date: dates.admission,
        },
      ],
    }),
  );
  const settled = await settleClaim(services(s), {
    claim: claimSchema.parse(JSON.parse(text)),
    principal: 'H23010300012',
    idempotencyKey: undefined,
    requestText: text,
  });
  if (!settled.ok) throw new Error(JSON.stringify(settled.issues));
  return settled.value;
}

const JUNE = { from: '2025-06-01' as CalendarDate, to: '2025-07-01' as CalendarDate };

async function seed(s: Store) {
  // March: P-1's first stay of the year, before the period (the runner settles it, unreported).
  await settleStay(
    s,
    'C-SIM-1',
    'P-SIM-1',
    { admission: '2025-03-01', discharge: '2025-03-05' },
    '2000.00',
  );
  // June: P-1's second stay (deductible 500.00) and P-2's first (1,000.00).
  const second = await settleStay(
    s,
    'C-SIM-2',
    'P-SIM-1',
    { admission: '2025-06-09', discharge: '2025-06-15' },
    '3000.00',
  );
  const other = await settleStay(
    s,
    'C-SIM-3',
    'P-SIM-2',
    { admission: '2025-06-09', discharge: '2025-06-15' },
    '2000.00',
  );
  return [second, other];
}

describe.each(backends('openpayer_test_simulations'))('simulation jobs on $name', ({ open }) => {
  it('gives the hand-calculated change, the accumulators carried from before the period', async () => {
    store = await open();
    const stored = await seed(store);
    const started = await startSimulation(store, {
      id: 'sim_1',
      by: 'admin-1',
      request: {
        ...JUNE,
        baseline: { policy: policy.id },
        candidate: { policy: candidate.id, catalog: catalog.release.id },
        budget: '10000.00',
      },
      versions,
    });
    if (!started.ok) throw new Error(JSON.stringify(started.issues));
    expect(started.value.job).toMatchObject({ status: 'running', region: '230100' });
    const done = await started.value.run();
    expect(done).toMatchObject({ status: 'finished', total: 2, processed: 2, error: null });

    const text = await readSimulationReport(store, 'sim_1');
    if (!text.ok) throw new Error(JSON.stringify(text.issues));
    const report = simulationReportSchema.parse(JSON.parse(text.value));
    // (3000 − 500) × 0.85 + (2000 − 1000) × 0.85 = 2125.00 + 850.00; at 0.95: 2375.00 + 950.00.
    expect(report.payers.basic_fund).toEqual({
      baseline: '2975.00',
      candidate: '3325.00',
      change: '350.00',
    });
    // The baseline is what the ledger paid.
    expect(stored.map((s) => s.body.payers.basic_fund)).toEqual(['2125.00', '850.00']);
    expect(report.claims).toEqual({ read: 2, compared: 2, refused: 0, lines: 2 });
    expect(report.complete).toBe(true);
    expect(report.versions).toEqual({
      baseline: { policy: policy.id, catalog: '(as settled)' },
      candidate: { policy: candidate.id, catalog: catalog.release.id },
    });
    expect(report.outOfPocket).toMatchObject({ people: 2, less: 2, more: 0, same: 0 });
    expect(report.budget).toMatchObject({
      amount: '10000.00',
      change: '350.00',
      changePercent: '3.50',
    });
    expect((await listSimulations(store)).map((j) => j.id)).toEqual(['sim_1']);
  });

  it("a side with a rule set applies its findings, reading each person's stored history", async () => {
    store = await open();
    await seed(store);
    const started = await startSimulation(store, {
      id: 'sim_rules',
      by: 'admin-1',
      request: {
        ...JUNE,
        baseline: { policy: policy.id },
        candidate: { policy: policy.id, ruleSets: [onceAYear.ruleSet.id] },
      },
      versions,
    });
    if (!started.ok) throw new Error(JSON.stringify(started.issues));
    expect((await started.value.run()).status).toBe('finished');
    const text = await readSimulationReport(store, 'sim_rules');
    if (!text.ok) throw new Error(JSON.stringify(text.issues));
    const report = simulationReportSchema.parse(JSON.parse(text.value));
    // P-SIM-1's June stay repeats the drug of March (within 365 days): self-paid, the fund pays
    // nothing of it; P-SIM-2's first stay is paid as before (850.00).
    expect(report.payers.basic_fund).toEqual({
      baseline: '2975.00',
      candidate: '850.00',
      change: '-2125.00',
    });
    expect(report.versions?.candidate.rules).toEqual([onceAYear.ruleSet.id]);
    const unknown = await startSimulation(store, {
      id: 'sim_rules_unknown',
      by: 'admin-1',
      request: {
        ...JUNE,
        baseline: { policy: policy.id, ruleSets: ['nope'] },
        candidate: { policy: policy.id },
      },
      versions,
    });
    expect(unknown.ok ? 'ok' : unknown.issues.map((i) => [i.code, i.path])).toEqual([
      ['simulation.unknown_rule_set', ['baseline', 'ruleSets', 0]],
    ]);
  });

  it("reads a page's history back from its earliest service date, not its first row's", async () => {
    store = await open();
    const once30 = onceIn(30, 'whatif-once-in-30-days');
    // Settled in this order: a June stay first, then P-SIM-4's two March stays 19 days apart.
    await settleStay(
      store,
      'C-H-1',
      'P-SIM-3',
      { admission: '2025-06-09', discharge: '2025-06-15' },
      '2000.00',
    );
    await settleStay(
      store,
      'C-H-2',
      'P-SIM-4',
      { admission: '2025-03-01', discharge: '2025-03-05' },
      '2000.00',
    );
    await settleStay(
      store,
      'C-H-3',
      'P-SIM-4',
      { admission: '2025-03-20', discharge: '2025-03-25' },
      '3000.00',
    );
    const started = await startSimulation(store, {
      id: 'sim_window',
      by: 'admin-1',
      request: {
        from: '2025-03-01' as CalendarDate,
        to: '2025-07-01' as CalendarDate,
        baseline: { policy: policy.id },
        candidate: { policy: policy.id, ruleSets: [once30.ruleSet.id] },
      },
      versions: { ...versions, ruleSet: () => Promise.resolve(once30) },
    });
    if (!started.ok) throw new Error(JSON.stringify(started.issues));
    expect((await started.value.run()).status).toBe('finished');
    const text = await readSimulationReport(store, 'sim_window');
    if (!text.ok) throw new Error(JSON.stringify(text.issues));
    const report = simulationReportSchema.parse(JSON.parse(text.value));
    // C-H-3 repeats the drug of C-H-2 within 30 days: self-paid (2125.00 no longer paid).
    expect(report.payers.basic_fund).toEqual({
      baseline: '3825.00',
      candidate: '1700.00',
      change: '-2125.00',
    });
  });

  it('identical versions give an all-zero change', async () => {
    store = await open();
    await seed(store);
    const started = await startSimulation(store, {
      id: 'sim_same',
      by: 'admin-1',
      request: { ...JUNE, baseline: { policy: policy.id }, candidate: { policy: policy.id } },
      versions,
    });
    if (!started.ok) throw new Error(JSON.stringify(started.issues));
    await started.value.run();
    const text = await readSimulationReport(store, 'sim_same');
    if (!text.ok) throw new Error(JSON.stringify(text.issues));
    const report = simulationReportSchema.parse(JSON.parse(text.value));
    expect(report.total.change).toBe('0.00');
    expect(Object.values(report.payers).every((p) => p.change === '0.00')).toBe(true);
    expect(report.outOfPocket).toMatchObject({ people: 2, same: 2 });
    expect(report.coverageChanges.count).toBe(0);
  });

  it('a cancelled job stops and keeps no report; wrong versions store nothing', async () => {
    store = await open();
    await seed(store);
    const started = await startSimulation(store, {
      id: 'sim_cancel',
      by: 'admin-1',
      request: { ...JUNE, baseline: { policy: policy.id }, candidate: { policy: candidate.id } },
      versions,
    });
    if (!started.ok) throw new Error(JSON.stringify(started.issues));
    const cancelled = await cancelSimulation(store, 'sim_cancel');
    expect(cancelled.ok && cancelled.value.status).toBe('cancelled');
    const ran = await started.value.run();
    expect(ran.status).toBe('cancelled');
    const report = await readSimulationReport(store, 'sim_cancel');
    expect(report.ok ? 'report' : report.issues.map((i) => i.code)).toEqual([
      'simulation.not_finished',
    ]);
    const again = await cancelSimulation(store, 'sim_cancel');
    expect(again.ok ? 'ok' : again.issues.map((i) => [i.code, i.data])).toEqual([
      ['simulation.not_running', { status: 'cancelled' }],
    ]);
    // A job whose runner died with its server is marked failed when the server starts again.
    const orphan = await startSimulation(store, {
      id: 'sim_orphan',
      by: 'admin-1',
      request: { ...JUNE, baseline: { policy: policy.id }, candidate: { policy: policy.id } },
      versions,
    });
    if (!orphan.ok) throw new Error(JSON.stringify(orphan.issues));
    expect(await failInterruptedSimulations(store)).toBe(1);
    expect(await readSimulation(store, 'sim_orphan')).toMatchObject({
      status: 'failed',
      error: 'interrupted: the server stopped while it ran',
    });
    expect((await orphan.value.run()).status).toBe('failed');
    const missing = await cancelSimulation(store, 'sim_none');
    expect(missing.ok ? 'ok' : missing.issues.map((i) => i.code)).toEqual(['simulation.not_found']);

    const wrong = await startSimulation(store, {
      id: 'sim_wrong',
      by: 'admin-1',
      request: {
        ...JUNE,
        baseline: { policy: 'no-such-policy' },
        candidate: { policy: candidate.id, catalog: 'no-such-release' },
      },
      versions,
    });
    expect(wrong.ok ? 'ok' : wrong.issues.map((i) => [i.code, i.path])).toEqual([
      ['simulation.unknown_policy', ['baseline', 'policy']],
      ['simulation.unknown_catalog', ['candidate', 'catalog']],
    ]);
    expect(await readSimulation(store, 'sim_wrong')).toBeUndefined();
  });
});
