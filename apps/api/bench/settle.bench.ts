import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { claimJson } from '../src/__fixtures__/harness.ts';

/**
 * Load benchmark of POST /v1/claims/settle on the embedded database (PRODUCT.md §7: ≥ 1,000
 * settlements/s at p99 ≤ 50 ms). The server runs in a child process on loopback; autocannon
 * drives it from this one with distinct claims (5,000 people, so many settle against
 * accumulators already moved) and a distinct Idempotency-Key each. Bounded: a warm-up and a
 * measured run of fixed duration. Prints throughput, latency percentiles, errors and the
 * server's memory (peak RSS from /proc).
 *
 *   pnpm --filter @openpayer/api bench [-- --seconds 15 --connections 24]
 */

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const seconds = arg('seconds', 15);
const connections = arg('connections', 24);

const child = spawn(
  process.execPath,
  [
    ...(process.env['BENCH_SERVER_NODE_ARGS']?.split(' ') ?? []),
    '--import',
    'tsx',
    fileURLToPath(new URL('./serve.ts', import.meta.url)),
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const lines = createInterface({ input: child.stdout });
const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
const { url, key } = JSON.parse(await nextLine()) as { url: string; key: string };

let n = 0;
function settleRequest(): autocannon.Request {
  return {
    method: 'POST' as const,
    path: '/v1/claims/settle',
    setupRequest: (request: autocannon.Request) => {
      const i = n++;
      const body = JSON.stringify(
        claimJson({ id: `C-B${i}`, personId: `P-${String(600_000 + (i % 5000))}` }),
      );
      return {
        ...request,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${key}`,
          'idempotency-key': `bench-${i}`,
        },
        body,
      };
    },
  };
}

function run(duration: number) {
  return autocannon({ url, connections, duration, requests: [settleRequest()] });
}

function peakRssMB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/u.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

process.stdout.write(
  `server ${url} (pid ${String(child.pid)}); warm-up 3 s, then ${seconds} s with ${connections} connections\n`,
);
await run(3);
const result = await run(seconds);
const peak = peakRssMB(child.pid ?? 0);
child.kill('SIGTERM');
const final = JSON.parse(await nextLine()) as {
  settlements: number;
  rssMB: number;
  heapUsedMB: number;
};

const ok = result['2xx'];
const figures = {
  requests: result.requests.total,
  settled2xx: ok,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  settlementsPerSecond: Math.round(ok / seconds),
  latencyMs: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
  },
  serverPeakRssMB: peak === null ? null : Math.round(peak),
  serverRssAtEndMB: Math.round(final.rssMB),
  storedSettlements: final.settlements,
  requestsSent: n,
};
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
const target = figures.settlementsPerSecond >= 1000 && result.latency.p99 <= 50;
process.stdout.write(
  `target (≥ 1,000 settlements/s, p99 ≤ 50 ms): ${target ? 'met' : 'NOT met'} — ${figures.settlementsPerSecond}/s, p99 ${result.latency.p99} ms\n`,
);
