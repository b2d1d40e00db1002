import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Claim,
  type ClaimWire,
  Money,
  accountingYearOf,
  validateClaim,
} from '@openpayer/domain';
import {
  type Accumulators,
  type Party,
  type Policy,
  SHARE_PARTIES,
  type Settlement,
  type SimulationReport,
  emptyAccumulators,
  settle,
  simulationReportSchema,
} from '@openpayer/pricing';
import {
  type RuleSetWire,
  compileRuleSet,
  historyOf,
  ruleSetSchema,
  settleReviewed,
} from '@openpayer/supervision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';
import { claimsAsCsv } from '../__fixtures__/csv.ts';
import { generateClaims } from '../demo/generate.ts';
import { loadCatalogFile, loadPolicyFile } from '../settle/engine.ts';

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repo = path.resolve(cliRoot, '../..');
const POLICY = path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml');
const CATALOG = path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv');
const CLAIMS = 400;

let dir: string;
let claimsFile: string;
let candidateFile: string;
let claimLines: string[];

/** The candidate: the demo policy with the first band of employee inpatient care at 0.88, not 0.85. */
function candidateText(policy: string): string {
  const band =
    /(insuranceType: employee\n\s+claimType: inpatient\n\s+value:\n\s+- upTo: '50000\.00'\n\s+ratio: )'0\.85'/u;
  expect(band.test(policy)).toBe(true);
  return policy.replace(band, "$1'0.88'");
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-simulate-'));
  claimLines = [...generateClaims({ claims: CLAIMS, seed: 11 })].map((c) => JSON.stringify(c));
  claimsFile = path.join(dir, 'claims.ndjson');
  await writeFile(claimsFile, `${claimLines.join('\n')}\n`);
  candidateFile = path.join(dir, 'candidate.yaml');
  await writeFile(candidateFile, candidateText(await readFile(POLICY, 'utf8')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const simulate = (...more: string[]) =>
  runCli(dir, [
    'simulate',
    '--claims',
    claimsFile,
    '--baseline',
    POLICY,
    '--catalog',
    CATALOG,
    '--quiet',
    ...more,
  ]);

async function reportAt(file: string): Promise<SimulationReport> {
  return simulationReportSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

interface Direct {
  readonly claim: Claim;
  readonly baseline: Settlement;
  readonly candidate: Settlement;
}

/** Every claim settled directly with `settle`, in file order, each side carrying its own accumulators. */
function settleDirectly(): Direct[] {
  const baselinePolicy = loadPolicyFile(POLICY);
  const candidatePolicy = loadPolicyFile(candidateFile);
  const catalog = loadCatalogFile(CATALOG);
  const stores = [new Map<string, Accumulators>(), new Map<string, Accumulators>()] as const;
  const under = (policy: Policy, store: Map<string, Accumulators>, claim: Claim): Settlement => {
    const year = accountingYearOf(claim);
    const key = `${claim.person.id}|${year}`;
    const result = settle(claim, {
      policy,
      catalog,
      accumulators: store.get(key) ?? emptyAccumulators(claim.person.id, year),
    });
    if (!result.ok) throw new Error(`${claim.id} does not settle: ${result.issues[0]?.code}`);
    store.set(key, result.value.accumulatorsAfter);
    return result.value;
  };
  return claimLines.map((line) => {
    const validated = validateClaim(JSON.parse(line));
    if (!validated.ok) throw new Error('a demo claim is not valid');
    const claim = validated.value;
    return {
      claim,
      baseline: under(baselinePolicy, stores[0], claim),
      candidate: under(candidatePolicy, stores[1], claim),
    };
  });
}

const change = (d: Direct, party: Party) =>
  d.candidate.payers[party].subtract(d.baseline.payers[party]);

/** Every `change` member anywhere in the report. */
function changes(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) changes(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'change' && typeof v === 'string') out.push(v);
      else changes(v, out);
    }
  }
  return out;
}

describe('openpayer simulate', () => {
  let direct: Direct[];
  let report: SimulationReport;
  beforeAll(async () => {
    direct = settleDirectly();
    const one = await simulate(
      '--candidate',
      candidateFile,
      '--workers',
      '1',
      '--budget',
      '500000',
      '--out',
      'one.json',
      '--html',
      'report.html',
    );
    expect(one.code).toBe(EXIT.ok);
    report = await reportAt(path.join(dir, 'one.json'));
  }, 120_000);

  it('agrees exactly with each claim settled directly under both policies', () => {
    expect(report.claims).toEqual({
      read: CLAIMS,
      compared: CLAIMS,
      refused: 0,
      lines: direct.reduce((n, d) => n + d.claim.lines.length, 0),
    });
    // Chosen claims: those the report names as changing a person's out-of-pocket most.
    const byId = new Map(direct.map((d) => [d.claim.id as string, d]));
    const named = report.outOfPocket.largest.flatMap((p) => p.changedClaims);
    expect(named.length).toBeGreaterThan(3);
    for (const c of named) {
      const d = byId.get(c.claimId);
      expect(d).toBeDefined();
      if (d !== undefined) expect(c.change).toBe(change(d, 'patient').toFixedString());
    }
    // Each payer's change is the sum of the claims' differences, to the fen.
    for (const party of SHARE_PARTIES) {
      const sum = direct.reduce((s, d) => s.add(change(d, party)), Money.zero());
      expect(report.payers[party]?.change, party).toBe(sum.toFixedString());
    }
    expect(report.payers.basic_fund?.change).not.toBe('0.00');
    // Every breakdown (the catalog items too: the lines' parts sum to the claim's) adds up.
    for (const groups of Object.values(report.breakdowns)) {
      for (const party of SHARE_PARTIES) {
        for (const side of ['baseline', 'candidate', 'change'] as const) {
          const sum = Object.values(groups).reduce(
            (s, g) => s.add(Money.of(g.payers[party]?.[side] ?? '0.00')),
            Money.zero(),
          );
          expect(sum.toFixedString()).toBe(report.payers[party]?.[side]);
        }
      }
    }
  });

  it('gives the difference a hand calculation predicts: 3 % of the first band, for a first admission', () => {
    // Employee inpatient claims of people with no earlier claim that year, whose base above the
    // deductible stays in the first band (≤ 50,000) and below the annual cap: the fund pays 3 %
    // more of that base (rounded to the fen), the patient and later layers the rest of the change.
    const seen = new Set<string>();
    const chosen: Direct[] = [];
    for (const d of direct) {
      const first = !seen.has(d.claim.person.id);
      seen.add(d.claim.person.id);
      const basic = d.baseline.layers.basic;
      if (
        first &&
        d.claim.type === 'inpatient' &&
        d.claim.person.insuranceType === 'employee' &&
        basic.base.isPositive() &&
        basic.base.lessThanOrEqual(Money.of('50000.00')) &&
        !basic.capReached
      ) {
        chosen.push(d);
      }
    }
    expect(chosen.length).toBeGreaterThan(0);
    for (const d of chosen.slice(0, 5)) {
      // 3 % of the base, in fen, rounded half up (the fund's own rounding may differ by a fen).
      const expected = (d.baseline.layers.basic.base.toMinor() * 3n + 50n) / 100n;
      const fund = d.candidate.layers.basic.fund.toMinor() - d.baseline.layers.basic.fund.toMinor();
      expect(fund - expected >= -1n && fund - expected <= 1n, d.claim.id).toBe(true);
      const all = SHARE_PARTIES.reduce((s, p) => s.add(change(d, p)), Money.zero());
      expect(all.isZero()).toBe(true);
    }
  });

  it('writes the same report, byte for byte, with one worker and with two', async () => {
    const two = await simulate(
      '--candidate',
      candidateFile,
      '--workers',
      '2',
      '--budget',
      '500000',
      '--out',
      'two.json',
    );
    expect(two.code).toBe(EXIT.ok);
    expect(await readFile(path.join(dir, 'two.json'), 'utf8')).toBe(
      await readFile(path.join(dir, 'one.json'), 'utf8'),
    );
  }, 120_000);

  it('writes the same report, byte for byte, read in three passes (memory of one pass)', async () => {
    const three = await simulate(
      '--candidate',
      candidateFile,
      '--workers',
      '2',
      '--passes',
      '3',
      '--budget',
      '500000',
      '--out',
      'three.json',
    );
    expect(three.code).toBe(EXIT.ok);
    expect(await readFile(path.join(dir, 'three.json'), 'utf8')).toBe(
      await readFile(path.join(dir, 'one.json'), 'utf8'),
    );
    const zero = await simulate('--candidate', candidateFile, '--passes', '0');
    expect(zero.code).toBe(EXIT.usage);
  }, 120_000);

  it('reads CSV claims (one row per claim line) to the same report as NDJSON', async () => {
    const claims = claimLines.slice(0, 120).map((l) => JSON.parse(l) as ClaimWire);
    const { rows, plain } = claimsAsCsv(claims);
    await writeFile(path.join(dir, 'claims.csv'), `${rows.join('\r\n')}\r\n`);
    await writeFile(path.join(dir, 'plain.ndjson'), plain.map((c) => JSON.stringify(c)).join('\n'));
    const args = ['--candidate', candidateFile, '--workers', '2', '--baseline', POLICY];
    const common = ['--catalog', CATALOG, '--quiet', ...args];
    const fromCsv = await runCli(dir, [
      'simulate',
      '--claims',
      'claims.csv',
      ...common,
      '--out',
      'csv.json',
    ]);
    const fromJson = await runCli(dir, [
      'simulate',
      '--claims',
      'plain.ndjson',
      ...common,
      '--out',
      'plain.json',
    ]);
    expect([fromCsv.code, fromJson.code]).toEqual([EXIT.ok, EXIT.ok]);
    const csvReport = await readFile(path.join(dir, 'csv.json'), 'utf8');
    expect(csvReport).toBe(await readFile(path.join(dir, 'plain.json'), 'utf8'));
    expect((await reportAt(path.join(dir, 'csv.json'))).claims.compared).toBe(120);
    // --format names the reading when the name does not.
    await writeFile(path.join(dir, 'claims.txt'), `${rows.join('\n')}\n`);
    const named = await runCli(dir, [
      'simulate',
      '--claims',
      'claims.txt',
      '--format',
      'csv',
      ...common,
      '--out',
      'txt.json',
    ]);
    expect(named.code).toBe(EXIT.ok);
    expect(await readFile(path.join(dir, 'txt.json'), 'utf8')).toBe(csvReport);
    const wrong = await runCli(dir, [
      'simulate',
      '--claims',
      'claims.csv',
      '--format',
      'xml',
      ...common,
    ]);
    expect([wrong.code, wrong.stderr]).toEqual([
      EXIT.usage,
      expect.stringContaining('--format must be auto, ndjson or csv'),
    ]);
  }, 120_000);

  it("settles a side with smart-review rule sets: their findings' actions apply", async () => {
    // A rule the demo claims break often and that reads no history: the most used drug "for
    // women only", its line self-paid for men. The candidate settles with it, the baseline not.
    const uses = new Map<string, number>();
    for (const d of direct) {
      for (const l of d.claim.lines)
        if (l.kind === 'drug') uses.set(l.code, (uses.get(l.code) ?? 0) + 1);
    }
    const [drug] = [...uses].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [''];
    const wire: RuleSetWire = {
      id: 'whatif-female-only',
      title: '限女性（模拟）',
      region: null,
      publishedOn: '2025-01-01',
      rules: [
        {
          code: 'F-ONLY',
          name: '限女性',
          version: 1,
          category: 'medical',
          stages: ['prescribe', 'settle'],
          resultType: 'violation',
          severity: 'high',
          from: '2025-01-01',
          action: 'self_pay',
          check: { kind: 'item_sex', items: [drug], sex: 'female' },
        },
      ],
    };
    await writeFile(path.join(dir, 'rules.json'), JSON.stringify(wire));
    const ruled = await simulate(
      '--candidate',
      POLICY,
      '--candidate-rules',
      'rules.json',
      '--workers',
      '2',
      '--out',
      'rules.json.out',
    );
    expect(ruled.code).toBe(EXIT.ok);
    const r = await reportAt(path.join(dir, 'rules.json.out'));
    expect(r.versions?.candidate.rules).toEqual(['whatif-female-only']);
    expect(r.versions?.baseline.rules).toBeUndefined();
    // The same claims settled directly with the rule (history is not read by item_sex).
    const ruleSets = [compileRuleSet(ruleSetSchema.parse(wire))];
    const policy = loadPolicyFile(POLICY);
    const catalog = loadCatalogFile(CATALOG);
    const store = new Map<string, Accumulators>();
    let fund = 0n;
    for (const d of direct) {
      const year = accountingYearOf(d.claim);
      const key = `${d.claim.person.id}|${year}`;
      const result = settleReviewed(
        d.claim,
        {
          policy,
          catalog,
          accumulators: store.get(key) ?? emptyAccumulators(d.claim.person.id, year),
        },
        { ruleSets, history: historyOf([]), stage: 'settle' },
      );
      if (!result.ok) throw new Error(d.claim.id);
      store.set(key, result.value.accumulatorsAfter);
      fund += result.value.payers.basic_fund.toMinor();
    }
    const baselineFund = direct.reduce((n, d) => n + d.baseline.payers.basic_fund.toMinor(), 0n);
    expect(fund).toBeLessThan(baselineFund);
    expect(r.payers.basic_fund).toEqual({
      baseline: Money.fromMinor(baselineFund).toFixedString(),
      candidate: Money.fromMinor(fund).toFixedString(),
      change: Money.fromMinor(fund - baselineFund).toFixedString(),
    });
  }, 120_000);

  it('writes a self-contained HTML report with the totals', async () => {
    const file = path.join(dir, 'report.html');
    expect(existsSync(file)).toBe(true);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('<svg');
    for (const party of ['basic_fund', 'patient'] as const) {
      expect(html).toContain(report.payers[party]?.baseline);
      expect(html).toContain(report.payers[party]?.candidate);
    }
    expect(html).not.toMatch(/<script|https?:\/\/|<link/iu);
  });

  it('gives an all-zero report for identical policies', async () => {
    const same = await simulate('--candidate', POLICY, '--workers', '2', '--out', 'same.json');
    expect(same.code).toBe(EXIT.ok);
    const zero = await reportAt(path.join(dir, 'same.json'));
    expect(changes(zero).length).toBeGreaterThan(50);
    expect(changes(zero).every((c) => c === '0.00')).toBe(true);
    expect(zero.outOfPocket.same).toBe(zero.outOfPocket.people);
    expect(zero.coverageChanges.count).toBe(0);
    expect(zero.payers.basic_fund?.baseline).toBe(report.payers.basic_fund?.baseline);
  }, 120_000);

  it('refuses a candidate policy that does not load (exit 2, naming the problem)', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(
      bad,
      (await readFile(candidateFile, 'utf8')).replace("ratio: '0.88'", "ratio: 'lots'"),
    );
    const run = await runCli(dir, [
      'simulate',
      '--claims',
      claimsFile,
      '--baseline',
      POLICY,
      '--candidate',
      bad,
      '--out',
      'bad.json',
    ]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('the candidate policy does not load');
    expect(run.stderr).toContain('reimbursement');
    expect(existsSync(path.join(dir, 'bad.json'))).toBe(false);
  });

  it('counts and names a malformed claim line (exit 1, the report incomplete)', async () => {
    const file = path.join(dir, 'broken.ndjson');
    const lines = claimLines.slice(0, 20);
    lines.splice(4, 0, '{"id": "C-X", ');
    await writeFile(file, `${lines.join('\n')}\n`);
    const run = await runCli(dir, [
      'simulate',
      '--claims',
      file,
      '--baseline',
      POLICY,
      '--candidate',
      candidateFile,
      '--catalog',
      CATALOG,
      '--workers',
      '2',
      '--out',
      'broken.json',
    ]);
    expect(run.code).toBe(EXIT.recordsWithErrors);
    const broken = await reportAt(path.join(dir, 'broken.json'));
    expect(broken.complete).toBe(false);
    expect(broken.claims).toMatchObject({ read: 21, compared: 20, refused: 1 });
    expect(broken.refusals.first).toEqual([
      expect.objectContaining({ line: 5, side: 'input', code: 'input.malformed_json' }),
    ]);
    expect(run.stderr).toContain('refused 1 claims');
    expect(run.stderr).toContain('line 5');
  }, 120_000);

  it('explains itself (--help) and refuses a missing option', async () => {
    const help = await runCli(dir, ['simulate', '--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain('Usage: openpayer simulate');
    const missing = await runCli(dir, ['simulate', '--claims', claimsFile]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('--baseline');
    // A budget must be a positive amount: refused before any claim is read.
    for (const budget of ['-5', '0', '0.00', '12.345', 'many']) {
      const bad = await simulate('--candidate', POLICY, `--budget=${budget}`);
      expect([budget, bad.code, bad.stderr]).toEqual([
        budget,
        EXIT.usage,
        expect.stringContaining(`--budget must be`),
      ]);
    }
  });
});
