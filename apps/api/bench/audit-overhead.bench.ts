import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { percentile, postSettle, wholeOption } from '@openpayer/testing/bench';
import { claimJson } from '../src/__fixtures__/harness.ts';

/**
 * What the audit log costs a settlement (issue 22: "settle throughput over HTTP with the log ≥ 90%
 * of without it, same run"). In one run it starts the real HTTP API twice (serve.ts: each a child
 * process on loopback with embedded PGlite in a fresh folder, the demo policy and catalog): once
 * as the product runs — every settlement appends its audit entry in its group's transaction — and
 * once with that append left out (serve.ts --without-settlement-audit, i.e.
 * `benchmarkWithoutSettlementAudit`, a code-only switch no configuration reaches). Both get the
 * same warm-up (1,500 claims: with 300, claims/s still rose block after block as the servers'
 * code warmed up), then the same generated claims over HTTP with the same concurrency, in blocks
 * that alternate between the two servers (with/without, then without/with, …), so a change in
 * the shared machine's load during the run hits both alike. Prints, for each, claims/s (claims
 * over the time spent on its blocks), latency percentiles over all its claims and the server's
 * CPU, then the ratio with/without. Bounded by count; asserts nothing.
 *
 *   pnpm --filter @openpayer/api bench:audit [-- --claims 3000 --block 500 --warmup 1500 --connections 24]
 */

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    claims: { type: 'string', default: '3000' },
    block: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '1500' },
    connections: { type: 'string', default: '24' },
  },
});
const whole = (name: keyof typeof values, min: number) => wholeOption(values, name, min);
const claims = whole('claims', 1);
const block = whole('block', 1);
const warmup = whole('warmup', 0);
const connections = whole('connections', 1);

const MODES = ['with audit log', 'without audit log'] as const;
type Mode = (typeof MODES)[number];

/** The claims, generated once and sent to both servers: distinct ids, 5,000 people. */
const bodies = (prefix: string, count: number, firstPerson: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify(
      claimJson({ id: `${prefix}${i}`, personId: `P-${String(firstPerson + (i % 5000))}` }),
    ),
  );
const warmupClaims = bodies('C-W', warmup, 700_000);
const measuredClaims = bodies('C-B', claims, 600_000);

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** User + system CPU seconds a process has used so far (/proc/PID/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

interface Server {
  readonly mode: Mode;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly key: string;
  readonly agent: http.Agent;
  readonly nextLine: () => Promise<string>;
}

async function startServer(mode: Mode): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./serve.ts', import.meta.url)),
      ...(mode === 'without audit log' ? ['--without-settlement-audit'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const failed = (code: number | null) => {
        reject(new Error(`the ${mode} server exited (${String(code)}) before answering`));
      };
      child.once('exit', failed);
      lines.once('line', (line) => {
        child.off('exit', failed);
        resolve(line);
      });
    });
  const { url, key } = JSON.parse(await nextLine()) as { url: string; key: string };
  return {
    mode,
    child,
    pid: child.pid ?? 0,
    port: Number(new URL(url).port),
    key,
    agent: new http.Agent({ keepAlive: true, maxSockets: connections }),
    nextLine,
  };
}

interface Block {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly latencies: number[];
  readonly statuses: Map<number, number>;
  readonly errors: number;
}

/** Sends `texts[from..to)` over `connections` connections, each waiting for its answer. */
async function settleBlock(
  server: Server,
  texts: readonly string[],
  from: number,
  to: number,
  keyPrefix: string,
): Promise<Block> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let next = from;
  const cpuBefore = cpuSeconds(server.pid);
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < to; i = next++) {
      try {
        const { status, ms } = await postSettle(
          server,
          server.key,
          texts[i] as string,
          `${keyPrefix}-${String(i)}`,
        );
        latencies.push(ms);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, cpuSeconds: cpuSeconds(server.pid) - cpuBefore, latencies, statuses, errors };
}

/** The block's claims answered 2xx (201 Created: settled). */
const settled = (b: Block): number =>
  [...b.statuses].reduce(
    (n, [status, count]) => (status >= 200 && status < 300 ? n + count : n),
    0,
  );

const ms = (value: number) => Number(value.toFixed(1));

process.stdout.write(
  `${String(claims)} claims per server in blocks of ${String(block)} alternating between the two (after ${String(warmup)} warm-up claims each), ${String(connections)} connections; each server a fresh embedded database\n`,
);
const servers: Server[] = [];
try {
  for (const mode of MODES) servers.push(await startServer(mode));
  for (const server of servers) {
    if (warmup > 0) await settleBlock(server, warmupClaims, 0, warmup, 'warm');
  }
  const blocks = new Map<Mode, Block[]>(MODES.map((m) => [m, []]));
  for (let from = 0, b = 0; from < claims; from += block, b++) {
    const to = Math.min(claims, from + block);
    const order = b % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      blocks.get(server.mode)?.push(await settleBlock(server, measuredClaims, from, to, 'bench'));
    }
  }
  const finals = new Map<Mode, { settlements: number; settlementAuditEntries: number }>();
  for (const server of servers) {
    server.child.kill('SIGTERM');
    finals.set(
      server.mode,
      JSON.parse(await server.nextLine()) as {
        settlements: number;
        settlementAuditEntries: number;
      },
    );
    server.agent.destroy();
  }

  const figures = MODES.map((mode) => {
    const of = blocks.get(mode) ?? [];
    const seconds = of.reduce((n, b) => n + b.seconds, 0);
    const cpu = of.reduce((n, b) => n + b.cpuSeconds, 0);
    const latencies = of.flatMap((b) => b.latencies).sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const b of of) {
      for (const [status, n] of b.statuses) {
        statuses[String(status)] = (statuses[String(status)] ?? 0) + n;
      }
    }
    const ok = of.reduce((n, b) => n + settled(b), 0);
    const final = finals.get(mode);
    return {
      mode,
      claims,
      statuses,
      errors: of.reduce((n, b) => n + b.errors, 0),
      seconds: Number(seconds.toFixed(2)),
      claimsPerSecond: Math.round(ok / seconds),
      claimsPerSecondByBlock: of.map((b) => Math.round(settled(b) / b.seconds)),
      latencyMs: {
        p50: ms(percentile(latencies, 50)),
        p90: ms(percentile(latencies, 90)),
        p99: ms(percentile(latencies, 99)),
        max: ms(latencies.at(-1) ?? Number.NaN),
      },
      serverCpuSeconds: Number(cpu.toFixed(2)),
      serverCpuPercent: Math.round((100 * cpu) / seconds),
      serverCpuMsPerClaim: Number(((1000 * cpu) / Math.max(1, ok)).toFixed(3)),
      storedSettlements: final?.settlements,
      settlementAuditEntries: final?.settlementAuditEntries,
      clean:
        ok === claims &&
        final?.settlements === claims + warmup &&
        final.settlementAuditEntries === (mode === 'with audit log' ? claims + warmup : 0),
    };
  });
  for (const f of figures) process.stdout.write(`${JSON.stringify(f)}\n`);
  const [withLog, withoutLog] = figures as [(typeof figures)[0], (typeof figures)[0]];
  const ratio = withLog.claimsPerSecond / withoutLog.claimsPerSecond;
  const summary = {
    claimsPerSecondWith: withLog.claimsPerSecond,
    claimsPerSecondWithout: withoutLog.claimsPerSecond,
    throughputRatioWithToWithout: Number(ratio.toFixed(3)),
    // Less sensitive to other processes taking the cores than claims/s: the ratio a CPU-bound
    // server would show on an otherwise idle machine.
    cpuPerClaimRatioWithoutToWith: Number(
      (withoutLog.serverCpuMsPerClaim / withLog.serverCpuMsPerClaim).toFixed(3),
    ),
    allClaimsSettledAndCounted: withLog.clean && withoutLog.clean,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(
    `with the audit log: ${(100 * ratio).toFixed(1)}% of the throughput without it (target ≥ 90%: ${ratio >= 0.9 ? 'met' : 'NOT met'})${summary.allClaimsSettledAndCounted ? '' : ' — some claims failed or were not counted: see above'}\n`,
  );
} finally {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGTERM');
}
