/**
 * Batch settlement benchmark: `openpayer demo generate` writes N synthetic claims (default
 * 1,000,000), then `openpayer settle` settles them in a separate process, as a user would run it.
 *
 *   pnpm --filter @openpayer/cli bench [-- --claims 1000000 --workers 2 --seed 1]
 *   pnpm --filter @openpayer/cli bench -- --input claims.ndjson   (settle an existing file)
 *
 * Prints figures (claims/s, elapsed, peak RSS from the settle process itself) and the verdict
 * against the targets (≥ 30,000 claims/s on the 2-core machine, peak RSS ≤ 512 MB); asserts
 * nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { main } from '../src/main.ts';

const { values } = parseArgs({
  // `pnpm bench -- --claims N` passes the `--` on.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    claims: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(availableParallelism()) },
    /** Settle this NDJSON file instead of generating claims (generating 1M takes ~30 s). */
    input: { type: 'string' },
  },
});
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(cli, '../..');
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

  const startedAt = performance.now();
  const summary = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(cli, 'bin/openpayer.mjs'),
        'settle',
        claims,
        '--policy',
        path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml'),
        '--catalog',
        path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv'),
        '--out',
        results,
        '--workers',
        values.workers,
      ],
      { stdio: ['ignore', 'inherit', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 || code === 1) resolve(stderr);
      else reject(new Error(`settle exited ${String(code)}: ${stderr}`));
    });
  });
  const wallSeconds = (performance.now() - startedAt) / 1000;
  process.stderr.write(summary);

  const settled = /settled ([\d,]+) of ([\d,]+) claims/u.exec(summary);
  const rate = /([\d,]+) claims\/s/u.exec(summary);
  const rss = /peak RSS ([\d,]+) MB/u.exec(summary);
  const number = (text: string | undefined) => Number((text ?? '0').replaceAll(',', ''));
  const figures = {
    node: process.version,
    cores: availableParallelism(),
    workers: Number(values.workers),
    claims: number(settled?.[2]),
    settled: number(settled?.[1]),
    inputMB: Math.round(inputBytes / 2 ** 20),
    outputMB: Math.round((await stat(results)).size / 2 ** 20),
    generateSeconds: Math.round(generateSeconds * 10) / 10,
    settleWallSeconds: Math.round(wallSeconds * 10) / 10,
    claimsPerSecond: number(rate?.[1]),
    claimsPerSecondWall: Math.round(number(settled?.[2]) / wallSeconds),
    peakRssMB: number(rss?.[1]),
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  const fast = figures.claimsPerSecond >= 30_000;
  const lean = figures.peakRssMB <= 512;
  process.stdout.write(
    `targets (≥ 30,000 claims/s, peak RSS ≤ 512 MB): ${fast && lean ? 'met' : 'NOT met'} — ` +
      `${figures.claimsPerSecond.toLocaleString('en')} claims/s, ${figures.peakRssMB} MB\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
