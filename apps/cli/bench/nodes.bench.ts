import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchTarget, percentile, postSettle } from '@openpayer/testing/bench';
import { emptyDatabase, testPostgres } from '@openpayer/testing/postgres';
import { drugClaim } from '../src/__fixtures__/claims.ts';
import { wholeNumberOption } from '../src/commands/options.ts';
import { type ServeProcess, serveProcess, stopProcess } from '../src/__fixtures__/serve-process.ts';

/**
 * Settlements/s and latency of 1, 2 and 3 `openpayer serve` processes on one PostgreSQL, and of
 * one on the embedded database (issue 25: "report the curve and where it stops scaling"), and of
 * 2 on one PostgreSQL whose ledger is hash-partitioned by person (--partition-by-person 8). Real
 * processes on loopback; the claims (distinct people, 5,000.00 each) go round-robin over the
 * servers through `--connections` keep-alive connections, each waiting for its answer. Every
 * server and PostgreSQL share this machine's cores with the load generator, so the curve says
 * where one machine stops, not where a cluster would: the ratio to one node is printed beside
 * the figures. Bounded by count; asserts nothing.
 *
 *   pnpm --filter @openpayer/cli bench:nodes [-- --claims 3000 --connections 24 --warmup 200]
 *
 * PostgreSQL: OPENPAYER_BENCH_DATABASE_URL (a server; the bench uses and empties its database
 * openpayer_bench_nodes), else the tests' server or a throw-away one (see testPostgres).
 */

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    claims: { type: 'string', default: '3000' },
    connections: { type: 'string', default: '24' },
    warmup: { type: 'string', default: '200' },
  },
});
const claims = wholeNumberOption('--claims', values.claims, 1, 1, 100_000_000);
const connections = wholeNumberOption('--connections', values.connections, 1, 1, 999);
const warmup = wholeNumberOption('--warmup', values.warmup, 0, 0, 100_000_000);

const claimBody = (id: string, personId: string) => JSON.stringify(drugClaim(id, personId));

/** `count` claims of fresh people (prefix) over the servers, round-robin; throughput and latency. */
async function load(servers: readonly ServeProcess[], key: string, prefix: string, count: number) {
  const targets: BenchTarget[] = servers.map((s) => ({
    port: Number(new URL(s.url).port),
    agent: new http.Agent({ keepAlive: true, maxSockets: connections }),
  }));
  const bodies = Array.from({ length: count }, (_, i) =>
    claimBody(`C-${prefix}-${String(i)}`, `P-${prefix}-${String(i % 5000)}`),
  );
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < count; i = next++) {
        const target = targets[i % targets.length] as BenchTarget;
        const { status, ms } = await postSettle(
          target,
          key,
          bodies[i] as string,
          `${prefix}-${String(i)}`,
        );
        latencies.push(ms);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const t of targets) t.agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Number(percentile(latencies, p).toFixed(1));
  return {
    settled: statuses.get(201) ?? 0,
    statuses: Object.fromEntries(statuses),
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round((statuses.get(201) ?? 0) / seconds),
    latencyMs: { p50: at(50), p90: at(90), p99: at(99), max: at(100) },
  };
}

const dir = await mkdtemp(path.join(tmpdir(), 'openpayer-bench-nodes-'));
const benchUrl = process.env['OPENPAYER_BENCH_DATABASE_URL'];
const postgres =
  benchUrl === undefined
    ? await testPostgres('openpayer_bench_nodes')
    : {
        url: await emptyDatabase(benchUrl, 'openpayer_bench_nodes'),
        close: () => Promise.resolve(),
      };
const started: ServeProcess[] = [];
const serverArgs = ['--port', '0', '--demo-claims', '0', '--rate-limit', '1000000'];
const rows: Record<string, unknown>[] = [];
try {
  process.stdout.write(
    `${String(claims)} claims per configuration (after ${String(warmup)} warm-up claims per server), ${String(connections)} connections, ${String(availableParallelism())} cores shared by the servers, PostgreSQL and this load generator\n`,
  );
  for (const nodes of [1, 2, 3]) {
    while (started.length < nodes) {
      started.push(await serveProcess(dir, [...serverArgs, '--database-url', postgres.url]));
    }
    // Every start issues new keys: the last one's are good on every server.
    const key = started.at(-1)?.key('demo-hospital') ?? '';
    if (warmup > 0) await load(started, key, `W${String(nodes)}`, warmup * nodes);
    const figures = await load(started, key, `N${String(nodes)}`, claims);
    rows.push({ backend: 'PostgreSQL', nodes, ...figures });
    process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
  }
  for (const server of started.splice(0)) await stopProcess(server);

  // The same two servers on a database whose ledger is hash-partitioned by person
  // (--partition-by-person 8, the key rule of a Citus cluster): what partitioning costs.
  const partitioned = await emptyDatabase(postgres.url, 'openpayer_bench_nodes_partitioned');
  for (let n = 0; n < 2; n++) {
    started.push(
      await serveProcess(dir, [
        ...serverArgs,
        '--database-url',
        partitioned,
        '--partition-by-person',
        '8',
      ]),
    );
  }
  {
    const key = started.at(-1)?.key('demo-hospital') ?? '';
    if (warmup > 0) await load(started, key, 'WP', warmup * 2);
    const figures = await load(started, key, 'P', claims);
    rows.push({ backend: 'PostgreSQL, 8 partitions', nodes: 2, ...figures });
    process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
  }
  for (const server of started.splice(0)) await stopProcess(server);

  const embedded = await serveProcess(dir, [...serverArgs, '--db', path.join(dir, 'db')]);
  started.push(embedded);
  const key = embedded.key('demo-hospital');
  if (warmup > 0) await load([embedded], key, 'WE', warmup);
  rows.push({
    backend: 'PGlite (embedded folder)',
    nodes: 1,
    ...(await load([embedded], key, 'E', claims)),
  });
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);

  const one = rows[0]?.['perSecond'] as number;
  process.stdout.write('\nsettlements/s (ratio to one server on PostgreSQL), p99 latency:\n');
  for (const row of rows) {
    const perSecond = row['perSecond'] as number;
    process.stdout.write(
      `  ${String(row['backend']).padEnd(26)} ${String(row['nodes'])} server(s): ${String(perSecond).padStart(6)}/s (${(perSecond / one).toFixed(2)}×), p99 ${String((row['latencyMs'] as { p99: number }).p99)} ms\n`,
    );
  }
} finally {
  for (const server of started) await stopProcess(server);
  await postgres.close();
  await rm(dir, { recursive: true, force: true });
}
