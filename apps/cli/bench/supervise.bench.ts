/**
 * Post-payment review benchmark: `openpayer demo generate` writes N synthetic claims (default
 * 100,000), then, in the same run and on the same file, `openpayer supervise` (the demo rule set —
 * PRODUCT.md §5's rules — and the national rule base built from the shipped NHSA files) and
 * `openpayer settle` (the demo policy) each run in a child process, one after the other, as a user
 * runs them, both with the demo catalog the claims were generated from (written as a release).
 *
 *   pnpm --filter @openpayer/cli bench:supervise [-- --claims 1000000 --workers 2 --seed 1 --rounds 2]
 *   pnpm --filter @openpayer/cli bench:supervise -- --input claims.ndjson
 *
 * CPU time is read from outside (the reaped children's user + sys, every thread counted, start-up
 * included), as settle's benchmark does. Other load on the machine only ever adds CPU time, so the
 * two alternate over `--rounds` rounds (default 2; one single run of each gave 0.98× to 1.45× on
 * the same 1M file) and the run of each with the least CPU is compared. Prints CPU µs per claim
 * of supervise and of settle (and per round), their ratio, the findings, and each one's peak RSS
 * (from its own summary), with the verdict against issue 19's targets (supervise's CPU per claim
 * ≤ settle's, peak RSS ≤ 512 MB); asserts nothing.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { catalogReleaseSchema } from '@openpayer/catalog';
import { importShippedNationalRuleSet } from '@openpayer/api/bootstrap';
import { importShippedDemoCatalog } from '@openpayer/catalog/node';
import { ruleSetWireOf } from '@openpayer/supervision';
import { z } from 'zod';
import { wholeNumberOption } from '../src/commands/options.ts';
import { main } from '../src/main.ts';
import { leastCpu, run as runIn } from './child-cpu.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    claims: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(availableParallelism()) },
    /** Review this NDJSON file instead of generating claims. */
    input: { type: 'string' },
    /** Skip settle (only supervise's figures). */
    'no-settle': { type: 'boolean', default: false },
    /** Supervise and settle alternate this many times; the least CPU of each is compared. */
    rounds: { type: 'string', default: '2' },
  },
});
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(cli, '../..');
const POLICY = path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml');
const DEMO_RULES = path.join(repo, 'packages/supervision/data/demo-rules-230100.json');

const run = (args: readonly string[]) => runIn(args, cli);
const workers = wholeNumberOption('--workers', values.workers, 1, 1, 999);
const rounds = wholeNumberOption('--rounds', values.rounds, 2, 1, 100);

/** A figure of settle's summary (stderr): refused when it is missing, not taken as 0. */
const number = (text: string | undefined) => {
  const value = Number((text ?? '').replaceAll(',', ''));
  if (text === undefined || !Number.isFinite(value)) {
    throw new Error(`a figure is missing from settle's summary (got ${String(text)})`);
  }
  return value;
};
/** The figures bench reads of supervise's --summary FILE. */
const superviseSummarySchema = z.object({
  claims: z.int().min(0),
  findings: z.int().min(0),
  processed: z.int().min(0),
  historyHeld: z.int().min(0),
  peakRssMB: z.int().min(0),
});
const round1 = (x: number) => Math.round(x * 10) / 10;
const microsPerClaim = (cpuSeconds: number | null, claims: number) =>
  cpuSeconds === null || claims <= 0 ? null : round1((cpuSeconds / claims) * 1e6);
const bin = path.join(cli, 'bin/openpayer.mjs');

const dir = await mkdtemp(path.join(tmpdir(), 'openpayer-supervise-bench-'));
const claims =
  values.input === undefined ? path.join(dir, 'claims.ndjson') : path.resolve(values.input);
try {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: dir };
  if (values.input === undefined) {
    const generated = await main(
      ['demo', 'generate', '--claims', values.claims, '--seed', values.seed, '--out', claims],
      io,
    );
    if (generated !== 0) throw new Error(`demo generate exited ${generated}`);
  }
  // The national rule base (batches 1–8 of the NHSA rule base), as the API loads it.
  const national = importShippedNationalRuleSet();
  if (!national.ok)
    throw new Error(`the national rule base does not import: ${national.issues[0]?.message ?? ''}`);
  // The demo catalog (what the claims were generated from, the API's and supervise's default:
  // drugs, service items and consumables), written as a release file that settle reads too.
  const demoCatalog = importShippedDemoCatalog();
  if (!demoCatalog.ok) throw new Error('the shipped demo catalog does not import');
  const CATALOG = path.join(dir, 'demo-catalog.json');
  await writeFile(CATALOG, JSON.stringify(catalogReleaseSchema.encode(demoCatalog.value.release)));
  const nationalFile = path.join(dir, 'national-rules.json');
  await writeFile(nationalFile, JSON.stringify(ruleSetWireOf(national.value.ruleSet)));

  const summaryFile = path.join(dir, 'supervise-summary.json');
  const superviseOnce = async () => {
    const supervise = await run([
      bin,
      'supervise',
      claims,
      '--rules',
      DEMO_RULES,
      '--rules',
      nationalFile,
      '--catalog',
      CATALOG,
      '-o',
      path.join(dir, 'findings.ndjson'),
      '--workers',
      String(workers),
      '--summary',
      summaryFile,
    ]);
    if (supervise.code !== 0 && supervise.code !== 1) {
      throw new Error(`supervise exited ${String(supervise.code)}: ${supervise.stderr}`);
    }
    const summary = superviseSummarySchema.parse(JSON.parse(await readFile(summaryFile, 'utf8')));
    return {
      stderr: supervise.stderr,
      claims: summary.claims,
      findings: summary.findings,
      wallSeconds: round1(supervise.wallSeconds),
      cpuSeconds: supervise.cpuSeconds === null ? null : round1(supervise.cpuSeconds),
      cpuMicrosPerClaim: microsPerClaim(supervise.cpuSeconds, summary.claims),
      processed: summary.processed,
      peakRssMB: summary.peakRssMB,
      historyHeld: summary.historyHeld,
      outputMB: round1((await stat(path.join(dir, 'findings.ndjson'))).size / 2 ** 20),
    };
  };
  const settleOnce = async () => {
    const settled = await run([
      bin,
      'settle',
      claims,
      '--policy',
      POLICY,
      '--catalog',
      CATALOG,
      '--out',
      path.join(dir, 'results.ndjson'),
      '--workers',
      String(workers),
    ]);
    if (settled.code !== 0 && settled.code !== 1) {
      throw new Error(`settle exited ${String(settled.code)}: ${settled.stderr}`);
    }
    const count = number(/settled [\d,]+ of ([\d,]+) claims/u.exec(settled.stderr)?.[1]);
    return {
      claims: count,
      wallSeconds: round1(settled.wallSeconds),
      cpuSeconds: settled.cpuSeconds === null ? null : round1(settled.cpuSeconds),
      cpuMicrosPerClaim: microsPerClaim(settled.cpuSeconds, count),
      peakRssMB: number(/peak RSS ([\d,]+) MB/u.exec(settled.stderr)?.[1]),
    };
  };

  // Other load on the machine only ever adds CPU time: the two alternate (which goes first
  // alternates too) and the run of each with the least CPU is compared (all read the same file).
  const superviseRuns: Awaited<ReturnType<typeof superviseOnce>>[] = [];
  const settleRuns: Awaited<ReturnType<typeof settleOnce>>[] = [];
  for (let round = 0; round < rounds; round++) {
    const settleFirst = round % 2 === 1 && !values['no-settle'];
    if (settleFirst) settleRuns.push(await settleOnce());
    superviseRuns.push(await superviseOnce());
    if (!settleFirst && !values['no-settle']) settleRuns.push(await settleOnce());
  }
  const leastSupervise = leastCpu(superviseRuns);
  if (leastSupervise === undefined) throw new Error('no round was run');
  const { stderr: superviseStderr, ...superviseFigures } = leastSupervise;
  process.stderr.write(superviseStderr.split('\n').slice(0, 14).join('\n') + '\n');
  const settleFigures = leastCpu(settleRuns);
  const claimCount = superviseFigures.claims;
  const ratio =
    superviseFigures.cpuMicrosPerClaim === null || !settleFigures?.cpuMicrosPerClaim
      ? null
      : Math.round((superviseFigures.cpuMicrosPerClaim / settleFigures.cpuMicrosPerClaim) * 100) /
        100;
  const figures = {
    node: process.version,
    cores: availableParallelism(),
    workers,
    inputMB: Math.round((await stat(claims)).size / 2 ** 20),
    rules: {
      demo: 'demo-rules-230100-2025',
      national: national.value.ruleSet.id,
      nationalRules: national.value.ruleSet.rules.length,
    },
    rounds,
    supervise: superviseFigures,
    superviseCpuMicrosPerClaimByRound: superviseRuns.map((r) => r.cpuMicrosPerClaim),
    settle: settleFigures ?? null,
    settleCpuMicrosPerClaimByRound: settleRuns.map((r) => r.cpuMicrosPerClaim),
    cpuRatioSuperviseToSettle: ratio,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  process.stdout.write(
    `${claimCount.toLocaleString('en')} claims, least CPU of ${String(rounds)} round(s) each: supervise ${String(superviseFigures.cpuMicrosPerClaim)} µs CPU/claim, ` +
      `settle ${String(settleFigures?.cpuMicrosPerClaim ?? null)} µs → ${String(ratio)}× (target ≤ 1×: ${verdict(ratio !== null && ratio <= 1)}); ` +
      `supervise peak RSS ${superviseFigures.peakRssMB} MB (≤ 512 MB: ${verdict(superviseFigures.peakRssMB <= 512)}), ` +
      `settle ${String(settleFigures?.peakRssMB ?? null)} MB; ${superviseFigures.findings.toLocaleString('en')} findings\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
