/**
 * Batch settlement benchmark: `openpayer demo generate` writes N synthetic claims (default
 * 1,000,000), then `openpayer settle` settles them in a separate process, as a user would run it.
 *
 *   pnpm --filter @openpayer/cli bench [-- --claims 1000000 --workers 2 --seed 1 --rounds 2]
 *   pnpm --filter @openpayer/cli bench -- --input claims.ndjson   (settle an existing file)
 *
 * On the same file in the same run it also times the bare NDJSON round trip (bench/roundtrip.ts:
 * JSON.parse each claim, JSON.stringify it back, write it out — one process, one thread) and
 * compares the CPU time (user + sys) of the two processes per claim: absolute figures vary with
 * the machine and how busy it is, their ratio much less. CPU time is read from outside, as the
 * children's times this process has reaped (cutime + cstime of /proc/self/stat), so it counts
 * every thread of the child (settle's workers included) and its start-up. Other load on the
 * machine only ever adds CPU time, so the two alternate over `--rounds` rounds (default 2) and
 * the least CPU time of each is compared. A settle of the first 1,000 claims estimates the fixed
 * start-up cost (tsx, policy, catalog in every worker).
 *
 *   pnpm --filter @openpayer/cli bench -- --input claims.ndjson --roundtrip-only
 *   OPENPAYER_WORKER_YOUNG_MB=64 pnpm --filter @openpayer/cli bench -- --input claims.ndjson
 *   (the environment is passed on to settle, so its worker heap limits can be varied)
 *
 * Prints figures (claims/s, elapsed, peak RSS from the settle process itself, CPU µs per claim of
 * settle and of the round trip, their ratio) and the verdict against the targets (≥ 30,000
 * claims/s on the 2-core machine, peak RSS ≤ 512 MB, settle's CPU per claim ≤ 2× the round
 * trip's); asserts nothing.
 */
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { wholeNumberOption } from '../src/commands/options.ts';
import { main } from '../src/main.ts';
import { leastCpu, run as runIn } from './child-cpu.ts';

const { values } = parseArgs({
  // `pnpm bench -- --claims N` passes the `--` on.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    claims: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(availableParallelism()) },
    /** Settle this NDJSON file instead of generating claims (generating 1M takes ~30 s). */
    input: { type: 'string' },
    /** Time only the bare round trip (no settle). */
    'roundtrip-only': { type: 'boolean', default: false },
    /** Skip the settle of the first 1,000 claims that estimates the start-up cost. */
    'no-startup': { type: 'boolean', default: false },
    /** Round trip and settle alternate this many times; the least CPU of each is compared. */
    rounds: { type: 'string', default: '2' },
  },
});
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(cli, '../..');

const run = (args: readonly string[]) => runIn(args, cli);
const workers = wholeNumberOption('--workers', values.workers, 1, 1, 999);
const rounds = wholeNumberOption('--rounds', values.rounds, 2, 1, 100);

/** Writes the first `count` lines of `file` (within its first 64 MB) to `to`. */
async function headLines(file: string, count: number, to: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(64 << 20, (await handle.stat()).size));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const filled = buf.subarray(0, bytesRead);
    let end = 0;
    for (let i = 0; i < count && end < bytesRead; i++) {
      const newline = filled.indexOf(0x0a, end);
      end = newline === -1 ? bytesRead : newline + 1;
    }
    await writeFile(to, filled.subarray(0, end));
  } finally {
    await handle.close();
  }
}

/** A figure of settle's summary (stderr): refused when it is missing, not taken as 0. */
const number = (text: string | undefined) => {
  const value = Number((text ?? '').replaceAll(',', ''));
  if (text === undefined || !Number.isFinite(value)) {
    throw new Error(`a figure is missing from settle's summary (got ${String(text)})`);
  }
  return value;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const microsPerClaim = (cpuSeconds: number | null, claims: number) =>
  cpuSeconds === null || claims <= 0 ? null : round1((cpuSeconds / claims) * 1e6);
const settleArgs = (file: string, out: string) => [
  path.join(cli, 'bin/openpayer.mjs'),
  'settle',
  file,
  '--policy',
  path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml'),
  '--catalog',
  path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv'),
  '--out',
  out,
  '--workers',
  String(workers),
];

const dir = await mkdtemp(path.join(tmpdir(), 'openpayer-settle-bench-'));
const claims =
  values.input === undefined ? path.join(dir, 'claims.ndjson') : path.resolve(values.input);
const results = path.join(dir, 'results.ndjson');

try {
  const io = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: dir,
  };
  const generatedAt = performance.now();
  if (values.input === undefined) {
    const generated = await main(
      ['demo', 'generate', '--claims', values.claims, '--seed', values.seed, '--out', claims],
      io,
    );
    if (generated !== 0) throw new Error(`demo generate exited ${generated}`);
  }
  const generateSeconds = (performance.now() - generatedAt) / 1000;
  const inputBytes = (await stat(claims)).size;

  // (b) The bare round trip of the same file, written to a file as settle's results are.
  const roundTripOut = path.join(dir, 'roundtrip.ndjson');
  const roundTripOnce = async () => {
    const bare = await run([
      '--import',
      'tsx',
      path.join(cli, 'bench/roundtrip.ts'),
      claims,
      roundTripOut,
    ]);
    if (bare.code !== 0) {
      throw new Error(`the round trip exited ${String(bare.code)}: ${bare.stderr}`);
    }
    await rm(roundTripOut, { force: true });
    const own = JSON.parse(bare.stdout) as {
      claims: number;
      cpuSeconds: number;
      peakRssMB: number;
    };
    // From outside when /proc has it, else the process's own (which misses its exit).
    const cpuSeconds = bare.cpuSeconds ?? own.cpuSeconds;
    return {
      threads: 1,
      claims: own.claims,
      wallSeconds: round1(bare.wallSeconds),
      claimsPerSecondWall: Math.round(own.claims / bare.wallSeconds),
      cpuSeconds: round1(cpuSeconds),
      cpuMicrosPerClaim: microsPerClaim(cpuSeconds, own.claims),
      peakRssMB: own.peakRssMB,
    };
  };
  // (a) settle, in a separate process as a user runs it (the environment is passed on).
  const settleOnce = async () => {
    const settleRun = await run(settleArgs(claims, results));
    if (settleRun.code !== 0 && settleRun.code !== 1) {
      throw new Error(`settle exited ${String(settleRun.code)}: ${settleRun.stderr}`);
    }
    const summary = settleRun.stderr;
    const settled = /settled ([\d,]+) of ([\d,]+) claims/u.exec(summary);
    return {
      summary,
      claims: number(settled?.[2]),
      settled: number(settled?.[1]),
      wallSeconds: settleRun.wallSeconds,
      cpuSeconds: settleRun.cpuSeconds,
      claimsPerSecond: number(/([\d,]+) claims\/s/u.exec(summary)?.[1]),
      peakRssMB: number(/peak RSS ([\d,]+) MB/u.exec(summary)?.[1]),
    };
  };
  // The machine's other load only ever adds CPU time: the two alternate, round by round, and the
  // least CPU each took is the figure compared.
  const roundTrips: Awaited<ReturnType<typeof roundTripOnce>>[] = [];
  const settles: Awaited<ReturnType<typeof settleOnce>>[] = [];
  for (let round = 1; round <= rounds; round++) {
    const rt = await roundTripOnce();
    roundTrips.push(rt);
    const st = values['roundtrip-only'] ? undefined : await settleOnce();
    if (st !== undefined) settles.push(st);
    process.stderr.write(
      `round ${String(round)}: bare round trip ${String(rt.cpuMicrosPerClaim)} µs CPU/claim` +
        (st === undefined
          ? '\n'
          : `, settle ${String(microsPerClaim(st.cpuSeconds, st.claims))} µs CPU/claim\n`),
    );
  }
  const roundTrip = leastCpu(roundTrips);
  const best = leastCpu(settles);
  if (roundTrip === undefined) throw new Error('no round was run');
  if (best === undefined) {
    process.stdout.write(
      `${JSON.stringify({ node: process.version, cores: availableParallelism(), inputMB: Math.round(inputBytes / 2 ** 20), rounds, roundTrip }, null, 2)}\n`,
    );
  } else {
    process.stderr.write(best.summary);
    const claimCount = best.claims;

    // The fixed cost (node, the policy and the catalog in every worker): the first 1,000.
    let startup: { claims: number; cpuSeconds: number | null; wallSeconds: number } | undefined;
    if (!values['no-startup']) {
      const head = path.join(dir, 'head.ndjson');
      await headLines(claims, 1000, head);
      const small = await run(settleArgs(head, path.join(dir, 'head-results.ndjson')));
      if (small.code === 0 || small.code === 1) {
        startup = {
          claims: number(/settled [\d,]+ of ([\d,]+) claims/u.exec(small.stderr)?.[1]),
          cpuSeconds: small.cpuSeconds === null ? null : round1(small.cpuSeconds),
          wallSeconds: round1(small.wallSeconds),
        };
      }
    }
    const settleMicros = microsPerClaim(best.cpuSeconds, claimCount);
    const marginalMicros =
      startup?.cpuSeconds === undefined || startup.cpuSeconds === null || best.cpuSeconds === null
        ? null
        : microsPerClaim(best.cpuSeconds - startup.cpuSeconds, claimCount - startup.claims);
    const ratio =
      settleMicros === null || roundTrip.cpuMicrosPerClaim === null
        ? null
        : Math.round((settleMicros / roundTrip.cpuMicrosPerClaim) * 100) / 100;
    const figures = {
      node: process.version,
      cores: availableParallelism(),
      workers,
      workerHeapMB: process.env['OPENPAYER_WORKER_HEAP_MB'] ?? 'default',
      workerYoungMB: process.env['OPENPAYER_WORKER_YOUNG_MB'] ?? 'default',
      rounds,
      claims: claimCount,
      settled: best.settled,
      inputMB: Math.round(inputBytes / 2 ** 20),
      outputMB: Math.round((await stat(results)).size / 2 ** 20),
      generateSeconds: round1(generateSeconds),
      settleWallSeconds: round1(best.wallSeconds),
      claimsPerSecond: best.claimsPerSecond,
      claimsPerSecondWall: Math.round(claimCount / best.wallSeconds),
      // The highest of the rounds: memory is not noise.
      peakRssMB: Math.max(...settles.map((x) => x.peakRssMB)),
      settleCpuSeconds: best.cpuSeconds === null ? null : round1(best.cpuSeconds),
      settleCpuMicrosPerClaim: settleMicros,
      settleCpuMicrosPerClaimByRound: settles.map((x) => microsPerClaim(x.cpuSeconds, x.claims)),
      settleStartup: startup,
      settleMarginalCpuMicrosPerClaim: marginalMicros,
      roundTrip,
      roundTripCpuMicrosPerClaimByRound: roundTrips.map((x) => x.cpuMicrosPerClaim),
      cpuRatio: ratio,
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    process.stdout.write(
      `${claimCount.toLocaleString('en')} claims, least CPU of ${String(rounds)} round${rounds === 1 ? '' : 's'} each: ` +
        `settle ${String(settleMicros)} µs CPU/claim ` +
        `(${String(marginalMicros)} without start-up), bare round trip ${String(roundTrip.cpuMicrosPerClaim)} µs ` +
        `→ ${String(ratio)}× (target ≤ 2×: ${verdict(ratio !== null && ratio <= 2)}); ` +
        `peak RSS ${figures.peakRssMB} MB (≤ 512 MB: ${verdict(figures.peakRssMB <= 512)}); ` +
        `${figures.claimsPerSecond.toLocaleString('en')} claims/s, ` +
        `${figures.claimsPerSecondWall.toLocaleString('en')} by the wall clock ` +
        `(≥ 30,000 on the 2-core machine: ${verdict(figures.claimsPerSecond >= 30_000)})\n`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
