/**
 * Smart review's cost in settlement (issue 19): the same generated claims settled, in the same
 * process, without review and with rule sets active — the published national rule base (1,577
 * rules) alone, the target's measure (≤ 1.3× the CPU of settling without it), and the national
 * base with the demo region's own set (PRODUCT.md §5's rules, 9) beside it. Each claim is reviewed
 * against the person's earlier claims of the batch. CPU time of the calls only (claims decoded,
 * catalog, policy and rule sets loaded before).
 *
 * A process compares one configuration with plain settlement: the two take turns on every chunk
 * of 500 claims, over five rounds (`--rounds`), and its figure is the ratio of their CPU summed
 * over the rounds after the first. What else a process runs changes the figure (the JIT compiles
 * settle for what it is fed: measured in one process with the national-and-demo variant taking
 * turns too, the national ratio came out 0.03–0.05 lower), so each configuration gets processes
 * of its own, as a deployment would run one. One process's ratio still moves by ±0.03 from the
 * next, so the bench runs `--processes` (5) fresh processes per configuration, alternately, and
 * reports each one's ratio and their median.
 *
 *   pnpm --filter @openpayer/cli bench:review [-- --claims 20000 --seed 1 --rounds 5 --processes 5]
 *
 * Prints figures; asserts nothing.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CatalogIndex } from '@openpayer/catalog';
import { importShippedNationalRuleSet } from '@openpayer/api/bootstrap';
import { importShippedDemoCatalog } from '@openpayer/catalog/node';
import { type Claim, accountingYearOf, claimSchema } from '@openpayer/domain';
import { emptyAccumulators, parsePolicyText, settle } from '@openpayer/pricing';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import {
  type CompiledRuleSet,
  type PriorClaim,
  compileRuleSet,
  demoRuleSetWire,
  historyOf,
  loadRuleSet,
  ruleSetsInForce,
  settleReviewed,
} from '@openpayer/supervision';
import { wholeNumberOption } from '../src/commands/options.ts';
import { generateClaims } from '../src/demo/generate.ts';
import { run } from './child-cpu.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    claims: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    processes: { type: 'string', default: '5' },
    /** Set on the processes the bench starts: measure `--with` once, print the figures as JSON. */
    child: { type: 'boolean', default: false },
    with: { type: 'string', default: 'national' },
  },
});
const count = wholeNumberOption('--claims', values.claims, 1, 1, 100_000_000);
const seed = wholeNumberOption('--seed', values.seed, 1, 0, Number.MAX_SAFE_INTEGER);
const rounds = wholeNumberOption('--rounds', values.rounds, 5, 1, 100);
const processes = wholeNumberOption('--processes', values.processes, 5, 1, 50);

/** The configurations compared with plain settlement: the rule sets active. */
const CONFIGURATIONS = {
  national: 'the national rule base',
  both: 'the national rule base and the demo region set',
} as const;
type Configuration = keyof typeof CONFIGURATIONS;
const isConfiguration = (v: string): v is Configuration => Object.hasOwn(CONFIGURATIONS, v);

/** One process's figures: CPU seconds of each variant over the rounds counted, and what review found. */
interface Figures {
  readonly plain: number;
  readonly reviewed: number;
  readonly found: string;
}

if (values.child) {
  const which = values.with;
  if (!isConfiguration(which)) {
    throw new Error(`--with: one of ${Object.keys(CONFIGURATIONS).join(', ')}, got ${which}`);
  }
  console.log(JSON.stringify(measure(which)));
} else {
  const script = fileURLToPath(import.meta.url);
  const args = ['--claims', String(count), '--seed', String(seed), '--rounds', String(rounds)];
  const ratios: Record<Configuration, number[]> = { national: [], both: [] };
  for (let p = 1; p <= processes; p++) {
    for (const which of Object.keys(CONFIGURATIONS) as Configuration[]) {
      const child = await run(
        [...process.execArgv, script, ...args, '--child', '--with', which],
        process.cwd(),
      );
      const last = child.stdout.trim().split('\n').at(-1) ?? '';
      if (child.code !== 0 || !last.startsWith('{')) {
        throw new Error(`process ${p} failed (exit ${child.code}): ${child.stderr.slice(-2000)}`);
      }
      const figures = JSON.parse(last) as Figures;
      const ratio = figures.reviewed / figures.plain;
      ratios[which].push(ratio);
      console.log(
        `process ${p}, ${CONFIGURATIONS[which]}: settle ${us(figures.plain / Math.max(1, rounds - 1))} µs/claim, ratio ${ratio.toFixed(3)}; ${figures.found}`,
      );
    }
  }
  const summary = (of: readonly number[]) => {
    const sorted = [...of].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median =
      sorted.length % 2 === 1
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    return `median ${median.toFixed(3)} (${(sorted[0] as number).toFixed(3)}–${(sorted.at(-1) as number).toFixed(3)} over ${of.length} processes)`;
  };
  console.log(`national rule base: ratio ${summary(ratios.national)} (target ≤ 1.3)`);
  console.log(`national + demo region sets: ratio ${summary(ratios.both)}`);
}

function us(seconds: number): string {
  return ((seconds / count) * 1e6).toFixed(1);
}

/** Plain and reviewed settlement of the same claims, taking turns; the CPU of each over the rounds after the first. */
function measure(which: Configuration): Figures {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };

  const imported = importShippedDemoCatalog();
  if (!imported.ok) throw new Error(imported.issues[0]?.message);
  const catalog = new CatalogIndex(imported.value.release);
  const policy = parsePolicyText(readDemoPolicyText(), 'yaml');
  if (!policy.ok) throw new Error(policy.issues[0]?.message);
  const national = importShippedNationalRuleSet();
  if (!national.ok) throw new Error(national.issues[0]?.message);
  const demo = loadRuleSet(demoRuleSetWire());
  if (!demo.ok) throw new Error(demo.issues[0]?.message);
  const sets = [
    { ...compileRuleSet(national.value.ruleSet), activeFrom: '2025-01-01', region: null, id: 'n' },
    { ...compileRuleSet(demo.value), activeFrom: '2025-01-01', region: '230100', id: 'd' },
  ];

  const claims: Claim[] = [];
  for (const wire of generateClaims({ claims: count, seed })) {
    claims.push(claimSchema.parse(wire));
  }
  // Each claim's history: the person's earlier claims of the batch (what the ledger would give).
  const earlier = new Map<string, PriorClaim[]>();
  const plans = claims.map((claim) => {
    const prior = earlier.get(claim.person.id) ?? [];
    const plan = {
      ruleSets: ruleSetsInForce(
        sets,
        claim.person.insuredRegion,
        claim.dischargeDate ?? claim.admissionDate,
      ) as CompiledRuleSet[],
      history: historyOf(prior),
      stage: 'settle' as const,
    };
    earlier.set(claim.person.id, [...prior, { claim, settlementId: null }]);
    return plan;
  });
  // The national rule base alone: the same plans without the region's set.
  const active =
    which === 'both'
      ? plans
      : plans.map((plan) => ({
          ...plan,
          ruleSets: plan.ruleSets.filter((r) => r.ruleSet.id === national.value.ruleSet.id),
        }));
  const contexts = claims.map((claim) => ({
    policy: policy.value,
    catalog,
    accumulators: emptyAccumulators(claim.person.id, accountingYearOf(claim)),
    explain: false,
  }));

  let findings = 0;
  let held = 0;
  function plain(from: number, to: number): number {
    const t = cpu();
    for (let i = from; i < to; i++) {
      const r = settle(claims[i] as Claim, contexts[i] as (typeof contexts)[number]);
      if (!r.ok) throw new Error(r.issues[0]?.message);
    }
    return cpu() - t;
  }
  function reviewed(with_: readonly (typeof plans)[number][], from: number, to: number): number {
    const t = cpu();
    for (let i = from; i < to; i++) {
      const r = settleReviewed(
        claims[i] as Claim,
        contexts[i] as (typeof contexts)[number],
        with_[i] as (typeof plans)[number],
      );
      if (!r.ok) throw new Error(r.issues[0]?.message);
      findings += r.value.findings?.length ?? 0;
      if (r.value.held === true) held++;
    }
    return cpu() - t;
  }

  const lines = claims.reduce((n, c) => n + c.lines.length, 0);
  console.log(
    `claims ${count} (${(lines / count).toFixed(1)} lines each), ${CONFIGURATIONS[which]}: national ${national.value.ruleSet.rules.length} rules${which === 'both' ? ` + demo ${demo.value.rules.length}` : ''}`,
  );
  // The host's speed drifts by tens of percent within seconds, so the two take turns on every
  // chunk of claims (in alternating order) and each round sums their CPU: the drift falls on both.
  const CHUNK = 500;
  const variants = [
    (from: number, to: number) => plain(from, to),
    (from: number, to: number) => reviewed(active, from, to),
  ];
  const totals = [0, 0];
  let found = '';
  for (let round = 1; round <= rounds; round++) {
    const spent = [0, 0];
    let roundFindings = 0;
    let roundHeld = 0;
    for (let from = 0, k = 0; from < count; from += CHUNK, k++) {
      const to = Math.min(count, from + CHUNK);
      for (let j = 0; j < 2; j++) {
        const v = (k + j) % 2;
        findings = 0;
        held = 0;
        spent[v] = (spent[v] ?? 0) + (variants[v] as (typeof variants)[number])(from, to);
        roundFindings += findings;
        roundHeld += held;
      }
    }
    found = `${roundFindings} findings (${roundHeld} held)`;
    // The first round warms the code up; the figures are the sums of the rounds after it.
    if (round > 1 || rounds === 1) spent.forEach((s, v) => (totals[v] = (totals[v] ?? 0) + s));
    console.log(
      `round ${round}: settle ${us(spent[0] ?? 0)} µs/claim, with ${CONFIGURATIONS[which]} ${us(spent[1] ?? 0)}`,
    );
  }
  const [plainCpu = 0, reviewedCpu = 0] = totals;
  return { plain: plainCpu, reviewed: reviewedCpu, found };
}
