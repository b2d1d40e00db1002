/**
 * What-if simulation benchmark (issue 24): `openpayer demo generate` writes N synthetic claims
 * (default 1,000,000); then, in the same run and on the same file, `openpayer settle` settles them
 * once under the demo policy and `openpayer simulate` settles them under the demo policy and a
 * candidate (the same policy with one reimbursement ratio changed), each in its own process, as a
 * user runs them.
 *
 *   pnpm --filter @openpayer/cli bench:simulate [-- --claims 1000000 --workers 2 --seed 1]
 *   pnpm --filter @openpayer/cli bench:simulate -- --input claims.ndjson
 *   pnpm --filter @openpayer/cli bench:simulate -- --claims 300000 --passes 3   # memory of a pass
 *
 * Prints the figures (wall and CPU seconds of each, their ratio, each process's peak RSS as it
 * reports it) and the verdict against the targets: simulating takes ≤ 1.6× the time of settling
 * once, and the simulation's peak RSS ≤ 512 MB. Asserts nothing.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { wholeNumberOption } from '../src/commands/options.ts';
import { main } from '../src/main.ts';
import { run as runIn } from './child-cpu.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    claims: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(availableParallelism()) },
    input: { type: 'string' },
    /** simulate --passes (default: its own, one per 1.25 GiB of claims). */
    passes: { type: 'string' },
  },
});
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(cli, '../..');
const POLICY = path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml');
const CATALOG = path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv');
const workers = wholeNumberOption('--workers', values.workers, 1, 1, 999);
const run = (args: readonly string[]) => runIn(args, cli);
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** A figure of a summary (stderr): refused when it is missing, not taken as 0. */
function figure(pattern: RegExp, text: string, what: string): number {
  const match = pattern.exec(text)?.[1];
  const value = Number((match ?? '').replaceAll(',', ''));
  if (match === undefined || !Number.isFinite(value)) {
    throw new Error(`${what} is missing from the summary:\n${text}`);
  }
  return value;
}

const dir = await mkdtemp(path.join(tmpdir(), 'openpayer-simulate-bench-'));
try {
  const claims =
    values.input === undefined ? path.join(dir, 'claims.ndjson') : path.resolve(values.input);
  if (values.input === undefined) {
    const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: dir };
    const code = await main(
      [
        'demo',
        'generate',
        '--claims',
        values.claims,
        '--seed',
        values.seed,
        '--out',
        claims,
        '--quiet',
      ],
      io,
    );
    if (code !== 0) throw new Error(`demo generate exited ${code}`);
  }
  // The candidate: the first band of employee inpatient care at 0.88 instead of 0.85.
  const candidate = path.join(dir, 'candidate.yaml');
  const policy = await readFile(POLICY, 'utf8');
  const changed = policy.replace(
    /(insuranceType: employee\n\s+claimType: inpatient\n\s+value:\n\s+- upTo: '50000\.00'\n\s+ratio: )'0\.85'/u,
    "$1'0.88'",
  );
  if (changed === policy) throw new Error('the demo policy has no 0.85 employee inpatient band');
  await writeFile(candidate, changed);

  const bin = path.join(cli, 'bin/openpayer.mjs');
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
  await rm(path.join(dir, 'results.ndjson'), { force: true });
  const simulated = await run([
    bin,
    'simulate',
    '--claims',
    claims,
    '--baseline',
    POLICY,
    '--candidate',
    candidate,
    '--catalog',
    CATALOG,
    '--out',
    path.join(dir, 'report.json'),
    '--workers',
    String(workers),
    ...(values.passes === undefined ? [] : ['--passes', values.passes]),
  ]);
  if (simulated.code !== 0 && simulated.code !== 1) {
    throw new Error(`simulate exited ${String(simulated.code)}: ${simulated.stderr}`);
  }
  process.stderr.write(simulated.stderr);
  const count = figure(/settled [\d,]+ of ([\d,]+) claims/u, settled.stderr, 'the claims settled');
  const settleRss = figure(/peak RSS ([\d,]+) MB/u, settled.stderr, "settle's peak RSS");
  const simulateRss = figure(/peak RSS ([\d,]+) MB/u, simulated.stderr, "simulate's peak RSS");
  const ratioWall = round2(simulated.wallSeconds / settled.wallSeconds);
  const ratioCpu =
    simulated.cpuSeconds === null || settled.cpuSeconds === null
      ? null
      : round2(simulated.cpuSeconds / settled.cpuSeconds);
  const figures = {
    node: process.version,
    cores: availableParallelism(),
    workers,
    passes: values.passes ?? 'default',
    claims: count,
    inputMB: Math.round((await stat(claims)).size / 2 ** 20),
    settle: {
      wallSeconds: round1(settled.wallSeconds),
      cpuSeconds: settled.cpuSeconds === null ? null : round1(settled.cpuSeconds),
      peakRssMB: settleRss,
    },
    simulate: {
      wallSeconds: round1(simulated.wallSeconds),
      cpuSeconds: simulated.cpuSeconds === null ? null : round1(simulated.cpuSeconds),
      peakRssMB: simulateRss,
      reportMB: round1((await stat(path.join(dir, 'report.json'))).size / 2 ** 20),
    },
    ratioWall,
    ratioCpu,
    targets: {
      ratio: `≤ 1.6× — wall ${ratioWall}× ${ratioWall <= 1.6 ? 'met' : 'NOT met'}`,
      peakRss: `≤ 512 MB — ${simulateRss} MB ${simulateRss <= 512 ? 'met' : 'NOT met'}`,
    },
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
