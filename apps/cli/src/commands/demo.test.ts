import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decideClaim } from '@openpayer/catalog';
import {
  type Claim,
  type ClaimWire,
  Decimal,
  FEN_HALF_UP,
  Money,
  validateClaim,
} from '@openpayer/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClaims, loadDemoTables } from '../demo/generate.ts';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[], stdin = '') => runCli(dir, argv, stdin);

const parse = (ndjson: string): ClaimWire[] =>
  ndjson
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ClaimWire);

/** A few thousand claims through the command, validated and decided once for the mix tests. */
const SAMPLE = 3000;
let wire: ClaimWire[] = [];
let claims: Claim[] = [];
let errors: { id: string; issues: unknown }[] = [];

beforeAll(async () => {
  const { code, stdout } = await run([
    'demo',
    'generate',
    '--claims',
    String(SAMPLE),
    '--seed',
    '11',
    '--quiet',
  ]);
  expect(code).toBe(EXIT.ok);
  wire = parse(stdout);
  claims = [];
  errors = [];
  for (const c of wire) {
    const result = validateClaim(c);
    if (result.ok) claims.push(result.value);
    else errors.push({ id: c.id, issues: result.issues });
  }
}, 60_000);

describe('openpayer demo generate', () => {
  it('writes the same bytes for the same claims and seed, other bytes for another seed', async () => {
    const a = await run(['demo', 'generate', '--claims', '400', '--seed', '42', '--quiet']);
    const b = await run(['demo', 'generate', '--claims', '400', '--seed', '42', '--quiet']);
    const c = await run(['demo', 'generate', '--claims', '400', '--seed', '43', '--quiet']);
    expect(a.code).toBe(EXIT.ok);
    expect(a.stdout.split('\n').filter((l) => l !== '')).toHaveLength(400);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    expect(a.stderr).toBe('');
  });

  it('gives each claim the same content whatever the number asked for (a longer run extends a shorter one)', async () => {
    const short = await run(['demo', 'generate', '--claims', '50', '--seed', '5', '--quiet']);
    const long = await run(['demo', 'generate', '--claims', '120', '--seed', '5', '--quiet']);
    // The population grows with N, so only the per-claim draws are shared: same types and dates.
    const pick = (s: string) =>
      parse(s).map((c) => [c.type, c.admissionDate, c.diagnoses[0]?.code]);
    expect(pick(long.stdout).slice(0, 50)).toEqual(pick(short.stdout));
  });

  it('generates claims that all pass validateClaim without errors', () => {
    expect(wire).toHaveLength(SAMPLE);
    expect(errors).toEqual([]);
    expect(new Set(wire.map((c) => c.id)).size).toBe(SAMPLE);
  });

  it('keeps amounts exact: line = quantity × unit price at the fen, total = sum of lines, as 2-decimal strings', () => {
    for (const c of wire) {
      expect(c.totalAmount).toMatch(/^\d+\.\d{2}$/);
      let sum = Money.zero();
      for (const line of c.lines) {
        expect(typeof line.amount).toBe('string');
        expect(line.amount).toMatch(/^\d+\.\d{2}$/);
        const expected = Money.of(line.unitPrice)
          .multiply(new Decimal(String(line.quantity)))
          .round(FEN_HALF_UP);
        expect(line.amount).toBe(expected.toFixedString());
        sum = sum.add(Money.of(line.amount));
      }
      expect(c.totalAmount).toBe(sum.toFixedString());
    }
    // Sub-fen unit prices occur (per-tablet prices), so rounding is exercised, not avoided.
    expect(wire.some((c) => c.lines.some((l) => /\.\d{3,}$/.test(l.unitPrice)))).toBe(true);
  });

  it('mixes claim types, tiers, insurance types, categories and Harbin institutions', () => {
    const count = (values: readonly string[]) =>
      values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
    const types = count(claims.map((c) => c.type));
    expect(Object.keys(types).sort()).toEqual(['chronic_outpatient', 'inpatient', 'outpatient']);
    for (const n of Object.values(types)) expect(n).toBeGreaterThan(SAMPLE * 0.1);
    const tiers = count(claims.map((c) => c.institution.tier));
    expect(Object.keys(tiers).sort()).toEqual(['primary', 'secondary', 'tertiary']);
    const insurance = count(claims.map((c) => c.person.insuranceType));
    expect(insurance['employee']).toBeGreaterThan(SAMPLE * 0.2);
    expect(insurance['resident']).toBeGreaterThan(SAMPLE * 0.2);
    const categories = new Set(claims.flatMap((c) => c.person.categories));
    for (const c of ['child', 'retired', 'elderly', 'low_income']) expect(categories).toContain(c);
    for (const c of claims) {
      expect(c.person.insuredRegion).toBe('230100');
      expect(c.institution.code).toMatch(/^H2301(0[2-9]|1[0-3])\d{5}$/);
      expect(c.institution.code.slice(1, 7)).not.toBe('230100');
    }
    expect(new Set(claims.map((c) => c.institution.code)).size).toBeGreaterThan(30);
  });

  it('puts procedures on inpatient claims, with one principal each, and discharge dates', () => {
    const inpatient = claims.filter((c) => c.type === 'inpatient');
    expect(inpatient.every((c) => c.dischargeDate !== undefined)).toBe(true);
    const withProcedures = inpatient.filter((c) => c.procedures.length > 0);
    expect(withProcedures.length).toBeGreaterThan(inpatient.length * 0.3);
    for (const c of withProcedures)
      expect(c.procedures.filter((p) => p.role === 'principal')).toHaveLength(1);
    expect(
      new Set(withProcedures.flatMap((c) => c.procedures.map((p) => p.code))).size,
    ).toBeGreaterThan(10);
    // Plausible inpatient bills: a bed, several lines, more than an outpatient visit on average.
    const mean = (list: Claim[]) =>
      list.reduce((s, c) => s + Number(c.totalAmount.toFixedString()), 0) / list.length;
    expect(mean(inpatient)).toBeGreaterThan(mean(claims.filter((c) => c.type === 'outpatient')));
    expect(inpatient.every((c) => c.lines.length >= 3)).toBe(true);
  });

  it('uses catalog drugs whose restrictions sometimes hold and sometimes do not', () => {
    const { catalog } = loadDemoTables();
    const outcomes: Record<string, number> = {};
    const failing: Record<string, number> = {};
    let restrictedCovered = 0;
    for (const claim of claims) {
      const decisions = decideClaim(catalog, claim);
      claim.lines.forEach((line, i) => {
        if (line.kind !== 'drug') return;
        const decision = decisions[i]?.decision;
        if (decision === undefined) throw new Error('no decision');
        outcomes[decision.outcome] = (outcomes[decision.outcome] ?? 0) + 1;
        if (decision.restrictions.length > 0 && decision.outcome.startsWith('covered'))
          restrictedCovered += 1;
        for (const reason of decision.reasons) {
          if (reason.code !== 'coverage.restriction_not_met') continue;
          for (const code of reason.data?.['failing'] as string[])
            failing[code] = (failing[code] ?? 0) + 1;
        }
      });
    }
    const drugLines = Object.values(outcomes).reduce((a, b) => a + b, 0);
    // Most drug lines are covered, and covered lines with restrictions that held are common…
    expect((outcomes['covered'] ?? 0) + (outcomes['covered_first_self_pay'] ?? 0)).toBeGreaterThan(
      drugLines * 0.6,
    );
    expect(restrictedCovered).toBeGreaterThan(drugLines * 0.5);
    // …while some are self-paid because a restriction does not hold, for many different reasons.
    expect(outcomes['self_pay']).toBeGreaterThan(drugLines * 0.02);
    for (const reason of [
      'restriction.diagnosis.no_matching_diagnosis',
      'restriction.age.above_maximum',
      'restriction.course.exceeded',
      'restriction.setting.mismatch',
      'restriction.institution_tier.below_minimum',
    ])
      expect(failing[reason], reason).toBeGreaterThan(0);
    expect(
      (failing['restriction.evidence.missing'] ?? 0) +
        (failing['restriction.evidence.contrary'] ?? 0),
    ).toBeGreaterThan(0);
    // A few drugs the 2024 list does not cover at all.
    expect(outcomes['not_covered']).toBeGreaterThan(0);
  });

  it('carries the evidence restricted drugs need: HER2 for pertuzumab, both results', () => {
    const her2 = claims.flatMap((c) =>
      c.evidence.flatMap((e) => (e.kind === 'biomarker' && e.test === 'HER2' ? [e.result] : [])),
    );
    expect(her2).toContain('positive');
    expect(her2).toContain('negative');
  });

  it('streams in process: generateClaims yields wire claims lazily', () => {
    const iterator = generateClaims({ claims: 1_000_000_000, seed: 3 });
    const first = iterator.next();
    expect(first.done).toBe(false);
    expect(validateClaim(first.value).ok).toBe(true);
    expect(first.value).toEqual(parse(JSON.stringify(first.value))[0]);
  });

  it('writes --out FILE whole, and the summary names the file and the mix', async () => {
    const { code, stdout, stderr } = await run([
      'demo',
      'generate',
      '--claims',
      '200',
      '--seed',
      '9',
      '--out',
      'demo.ndjson',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^generated 200 claims \(seed 9, demo\.ndjson\): .*outpatient.*lines, \d+\.\d{2} yuan/,
    );
    const text = await readFile(path.join(dir, 'demo.ndjson'), 'utf8');
    const onStdout = await run(['demo', 'generate', '--claims', '200', '--seed', '9', '--quiet']);
    expect(text).toBe(onStdout.stdout);
    expect((await readdir(dir)).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('exits 3 and leaves nothing behind when --out cannot be written', async () => {
    const { code, stderr } = await run([
      'demo',
      'generate',
      '--claims',
      '5',
      '--out',
      'no-such-dir/claims.ndjson',
    ]);
    expect(code).toBe(EXIT.input);
    expect(stderr).toContain('cannot write no-such-dir/claims.ndjson');
  });

  it.each([
    [['demo', 'generate'], '--claims is required'],
    [['demo', 'generate', '--claims', '-5'], "'--claims'"],
    [['demo', 'generate', '--claims=-5'], '--claims must be a positive integer, got "-5"'],
    [['demo', 'generate', '--claims', '0'], '--claims must be a positive integer'],
    [['demo', 'generate', '--claims', '2.5'], '--claims must be a positive integer'],
    [['demo', 'generate', '--claims', 'ten'], '--claims must be a positive integer, got "ten"'],
    [['demo', 'generate', '--claims', '10', '--seed=-1'], '--seed must be a non-negative integer'],
    [
      ['demo', 'generate', '--claims', '10', '--seed', 'x'],
      '--seed must be a non-negative integer',
    ],
    [['demo', 'generate', '--claims', '10', '--bogus'], '--bogus'],
    [['demo', 'frobnicate'], 'unknown demo subcommand "frobnicate"'],
    [['demo'], 'demo needs a subcommand: generate'],
  ])('exits 2 naming the problem: %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('has help with options, exit codes and examples (exit 0)', async () => {
    for (const argv of [
      ['demo', '--help'],
      ['demo', 'generate', '--help'],
      ['help', 'demo'],
    ]) {
      const { code, stdout } = await run(argv);
      expect(code).toBe(EXIT.ok);
      expect(stdout).toContain('--claims N');
      expect(stdout).toContain('Exit codes');
      expect(stdout).toContain('Examples:');
    }
    expect((await run(['--help'])).stdout).toContain('demo');
  });
});
