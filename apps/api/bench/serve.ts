import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchmarkWithoutSettlementAudit, countSettlements } from '@openpayer/persistence';
import { openServices } from '../src/bootstrap.ts';
import { startServer } from '../src/server.ts';

/**
 * The server under load, in its own process (the load generator must not share its event loop):
 * the embedded database in a temporary folder, seeded with the demo data. Prints one JSON line
 * with its URL and the demo hospital's key; on SIGTERM drains, prints the settlement count and
 * peak memory, and removes the folder.
 *
 * `--without-settlement-audit` (audit-overhead.bench.ts only): settlements skip their audit-log
 * entries (`benchmarkWithoutSettlementAudit`), to measure what the log costs.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'openpayer-bench-'));
const { services, store, seed } = await openServices({
  dataDir,
  now: () => new Date('2025-07-01T08:00:00Z'),
});
if (process.argv.includes('--without-settlement-audit')) benchmarkWithoutSettlementAudit(store);
const server = await startServer({
  services,
  port: 0,
  rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
});
process.stdout.write(`${JSON.stringify({ url: server.url, key: seed?.keys['demo-hospital'] })}\n`);

process.on('SIGTERM', () => {
  void (async () => {
    await server.close();
    const settlements = await countSettlements(store);
    const [audit] = await store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'settlement'",
    );
    const memory = process.memoryUsage();
    process.stdout.write(
      `${JSON.stringify({ settlements, settlementAuditEntries: audit?.n ?? 0, rssMB: memory.rss / 2 ** 20, heapUsedMB: memory.heapUsed / 2 ** 20 })}\n`,
    );
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  })();
});
