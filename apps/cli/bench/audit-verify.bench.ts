import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { closeSync, createReadStream, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SHARE_PARTIES } from '@openpayer/pricing';
import {
  type AuditEntry,
  MerkleLog,
  canonicalJson,
  exportEntryLine,
  exportHeadLine,
  exportHeaderLine,
  keyIdOf,
  newSigningKey,
  signTreeHead,
  toBase64,
} from '@openpayer/supervision';

/**
 * `openpayer audit verify` on a large export (issue 22: "verification of a 1M-entry export in the
 * CLI (report entries/s)"). Writes an export of N settlement entries (default 1,000,000; shaped as
 * the ledger records them: claim, institution, total, the payers' shares, versions, a pseudonym),
 * signed every 10,000 entries, to a file in the temporary folder; then runs the real command on it
 * in a child process (bin/openpayer.mjs, under /usr/bin/time for its CPU and peak memory) and reads
 * the pace it prints. Beside it, in the same run, the neutral baseline: the same file streamed
 * line by line with JSON.parse and node:crypto's SHA-256 of each line (what any verifier must at
 * least do), before and after the command. Deletes the file at the end. Asserts nothing.
 *
 *   pnpm --filter @openpayer/cli bench:audit-verify [-- --entries 1000000]
 */

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { entries: { type: 'string', default: '1000000' } },
});
const count = Number(values.entries);
if (!Number.isSafeInteger(count) || count < 1) {
  throw new Error(`--entries must be a whole number ≥ 1, got ${values.entries}`);
}
const HEAD_EVERY = 10_000;

const file = path.join(tmpdir(), `openpayer-audit-bench-${String(process.pid)}.ndjson`);
const cli = fileURLToPath(new URL('../bin/openpayer.mjs', import.meta.url));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const money = (cents: number) =>
  `${String(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;

/** Writes the export, streaming (the entries are never all in memory); answers the public key. */
function writeExport(): string {
  const key = newSigningKey();
  const pseudonymKey = Buffer.from('bench pseudonym key');
  const tree = new MerkleLog();
  const fd = openSync(file, 'w');
  let chunk: string[] = [exportHeaderLine(keyIdOf(key.publicKey))];
  const flush = () => {
    writeSync(fd, `${chunk.join('\n')}\n`);
    chunk = [];
  };
  const sign = (i: number) => {
    chunk.push(
      exportHeadLine(
        signTreeHead(tree.size, 1_735_689_600_000 + i * 1000, tree.root(), key.secretKey),
      ),
    );
  };
  try {
    for (let i = 0; i < count; i++) {
      const total = 50_000 + ((i * 7919) % 2_000_000);
      const shares = SHARE_PARTIES.length;
      const payers: Record<string, string> = {};
      let left = total;
      SHARE_PARTIES.forEach((party, p) => {
        const share = p === shares - 1 ? left : Math.floor(total / (p + 3));
        payers[party] = money(share);
        left -= share;
      });
      const entry: AuditEntry = {
        kind: 'settlement.settled',
        at: new Date(1_735_689_600_000 + i * 1000).toISOString(),
        actor: `demo-hospital-${String(i % 40)}`,
        object: {
          type: 'settlement',
          id: `stl_${i.toString(36).padStart(9, '0')}9f3c2a1b7e6d5c4b`,
        },
        stateHash: createHash('sha256')
          .update(`state ${String(i)}`)
          .digest('hex'),
        event: {
          claimId: `C-B${String(i)}`,
          institution: `H2301${String(i % 100).padStart(2, '0')}00012`,
          total: money(total),
          payers,
          versions: { policy: 'harbin-demo-2025', catalog: 'nhsa-2024-drugs-demo' },
          person: `psn_${createHmac('sha256', pseudonymKey)
            .update(`P-${String(600_000 + (i % 50_000))}`)
            .digest('hex')
            .slice(0, 32)}`,
        },
      };
      chunk.push(exportEntryLine(entry, i));
      tree.appendLeafHash(
        createHash('sha256').update(Buffer.of(0)).update(canonicalJson(entry), 'utf8').digest(),
      );
      if ((i + 1) % HEAD_EVERY === 0) sign(i);
      if (chunk.length >= 5000) flush();
    }
    if (count % HEAD_EVERY !== 0) sign(count);
    flush();
  } finally {
    closeSync(fd);
  }
  return toBase64(key.publicKey);
}

/** JSON.parse and SHA-256 of every line of the file, streamed as the command reads it. */
async function baseline(): Promise<{ seconds: number; cpuSeconds: number; lines: number }> {
  const c = cpu();
  const started = performance.now();
  let lines = 0;
  const input = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  for await (const line of input) {
    JSON.parse(line);
    createHash('sha256').update(line).digest();
    lines++;
  }
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpu() - c, lines };
}

try {
  let t = cpu();
  const publicKey = writeExport();
  const writeCpuSeconds = cpu() - t;
  const exportMB = statSync(file).size / 2 ** 20;
  process.stdout.write(
    `wrote ${count.toLocaleString('en')} entries (${exportMB.toFixed(0)} MB) to ${file} in ${writeCpuSeconds.toFixed(1)} CPU s\n`,
  );

  const before = await baseline();
  const command = [cli, 'audit', 'verify', file, '--public-key', publicKey];
  process.stdout.write(`$ node ${command.join(' ')}\n`);
  t = performance.now();
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'time: %U %S %e %M', process.execPath, ...command],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 2 ** 24,
    },
  );
  const commandSeconds = (performance.now() - t) / 1000;
  const { stdout, stderr } = run;
  if (run.status !== 0) {
    process.stdout.write(`the command failed (exit ${String(run.status)}):\n${stdout}${stderr}`);
    process.exitCode = 1;
  }
  const after = await baseline();

  process.stdout.write(stdout);
  process.stdout.write(stderr);
  const pace = /verified [\d,]+ entries in ([\d.]+) s \(([\d,]+) entries\/s\)/u.exec(stderr);
  const time = /time: ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/u.exec(stderr);
  const cliEntriesPerSecond = Number((pace?.[2] ?? 'NaN').replaceAll(',', ''));
  const baselineSeconds = (before.seconds + after.seconds) / 2;
  const baselineEntriesPerSecond = count / baselineSeconds;
  const figures = {
    entries: count,
    exportMB: Math.round(exportMB),
    valid: stdout.startsWith('valid:'),
    cliVerifySeconds: Number(pace?.[1] ?? Number.NaN),
    cliEntriesPerSecond,
    cliProcessWallSeconds: Number(commandSeconds.toFixed(2)),
    cliProcessCpuSeconds: Number((Number(time?.[1]) + Number(time?.[2])).toFixed(2)),
    cliPeakRssMB: Math.round(Number(time?.[4]) / 1024),
    baselineSecondsBeforeAndAfter: [
      Number(before.seconds.toFixed(2)),
      Number(after.seconds.toFixed(2)),
    ],
    baselineCpuSecondsBeforeAndAfter: [
      Number(before.cpuSeconds.toFixed(2)),
      Number(after.cpuSeconds.toFixed(2)),
    ],
    baselineLinesRead: after.lines,
    baselineEntriesPerSecond: Math.round(baselineEntriesPerSecond),
    cliToBaselineTimeRatio: Number((baselineEntriesPerSecond / cliEntriesPerSecond).toFixed(2)),
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(
    `openpayer audit verify: ${count.toLocaleString('en')} entries at ${cliEntriesPerSecond.toLocaleString('en')} entries/s, ${String(figures.cliToBaselineTimeRatio)}× the time of JSON.parse + SHA-256 per line (${Math.round(baselineEntriesPerSecond).toLocaleString('en')} lines/s); valid: ${String(figures.valid)}\n`,
  );
} finally {
  rmSync(file, { force: true });
}
