import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_REVIEW_RUN, seedDemoReview } from '@openpayer/api/bootstrap';
import { type RunOptions, runApi } from '@openpayer/api/run';
import { runStoredValuePeriod } from '@openpayer/api/value';
import {
  type ClaimWire,
  accountingPeriodOf,
  regionCodeSchema,
  validateClaim,
} from '@openpayer/domain';
import {
  MAX_PERSON_PARTITIONS,
  type SettlementServices,
  type SqlRunner,
  type Store,
  countSettlements,
  readReviewRun,
  readValueObservations,
  recordOutcomeEvent,
  recordValueObservations,
  settleClaim,
} from '@openpayer/persistence';
import { outcomeEventSchema, valueObservationsSchema } from '@openpayer/pricing';
import valueJson from '../../data/demo/value.json' with { type: 'json' };
import { generateClaims } from '../demo/generate.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { wholeNumberOption } from './options.ts';
import type { Io } from '../io.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export const SERVE_HELP = `Usage: openpayer serve [options]

The API and the admin UI on the embedded database (no external service), or on PostgreSQL with
--database-url / DATABASE_URL. On first start the database is seeded with the demo data: the real
2024 national drug list with the national service items and consumables (classed and priced by
an illustrative demo schedule) as the catalog, the Harbin demo policy (activated from 2025-01-01), the
demo approval rules, API keys for each role, and synthetic people and claims (openpayer demo
generate) settled through the ledger, so every screen has something to show. Then smart review:
the national rule base (batches 1-8) and the demo region's rule set are activated from
2025-01-01 and a post-payment review run (run_demo_seed) reviews the seeded claims; claims
settled from then on are reviewed before payment (findings deduct, hold or warn). Prints the URLs and
ready-to-use API keys (new on every start). Ctrl-C drains requests in flight and stops.

Options:
  --port N              port to listen on (default: PORT or 8787; 0 picks a free one)
  --host HOST           interface (default: HOST or 127.0.0.1, loopback only)
  --db DIR              the embedded database's folder (default: OPENPAYER_DB_DIR or .openpayer/db
                        in the repository)
  --database-url URL    PostgreSQL instead (default: DATABASE_URL)
  --partition-by-person N
                        on first start, build the ledger's tables hash-partitioned by the
                        insured person into N partitions (1-${String(MAX_PERSON_PARTITIONS)}; the key rule of a Citus
                        cluster, on one database; a database is partitioned once)
  --admin DIR           the built admin UI (default: apps/admin/dist when it has been built)
  --demo-claims N       synthetic claims settled on first start (default 2000; 0 for none). A
                        first start interrupted while settling them is finished on the next
                        start (the same claims and seed; each settled once), and the banner
                        says so
  --seed S              seed of the synthetic claims (default 1)
  --no-access-log       no access log lines on stdout
  --rate-limit N[/B]    per API key: N requests/s sustained, bursts of B (default 200/400; B
                        defaults to 2N). On PostgreSQL the limit is kept in the database, so it
                        holds across every server sharing it
  -h, --help            this help

Exit codes: 0 stopped cleanly · 2 usage error · 3 the database or a file cannot be opened ·
70 internal error

Examples:
  openpayer serve
  openpayer serve --port 0 --db /tmp/openpayer-db --demo-claims 500
  DATABASE_URL=postgres://localhost/openpayer openpayer serve --demo-claims 0`;

/** Who settles the synthetic claims (their idempotency keys, `demo-<claim id>`, are this principal's). */
const DEMO_PRINCIPAL = 'demo-seed';

/**
 * Settle synthetic claims through the ledger, as integrators' settlements would be stored. Each
 * has a fixed settlement id and idempotency key: settling one again replays it, so an interrupted
 * seeding is finished by settling all of them again.
 */
export async function settleDemoClaims(
  services: SettlementServices,
  claims: Iterable<ClaimWire>,
): Promise<{ settled: number; refused: number }> {
  let settled = 0;
  let refused = 0;
  let inFlight: Promise<void>[] = [];
  for (const wire of claims) {
    const validated = validateClaim(wire);
    if (!validated.ok) {
      refused++;
      continue;
    }
    const claim = validated.value;
    inFlight.push(
      settleClaim(services, {
        id: `stl_demo_${claim.id}`,
        claim,
        principal: DEMO_PRINCIPAL,
        idempotencyKey: `demo-${claim.id}`,
        requestText: JSON.stringify(wire),
      }).then((result) => {
        if (result.ok) settled++;
        else refused++;
      }),
    );
    // The ledger commits concurrent settlements in groups; a few dozen at a time keeps it busy.
    if (inFlight.length >= 64) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
  return { settled, refused };
}

/** The demo seeding recorded in the database (migration 0004_demo_seed.sql). */
export interface DemoSeeding {
  readonly claims: number;
  readonly seed: number;
  readonly completed: boolean;
}

const SEEDING = 'synthetic-claims';

export async function readDemoSeeding(db: SqlRunner): Promise<DemoSeeding | undefined> {
  const [row] = await db.query<{ claims: number; seed: string | number; completed: boolean }>(
    'SELECT claims, seed, completed_at IS NOT NULL AS completed FROM demo_seeding WHERE name = $1',
    [SEEDING],
  );
  return row === undefined
    ? undefined
    : { claims: row.claims, seed: Number(row.seed), completed: row.completed };
}

/** Recorded before the first claim: a start that dies while seeding leaves it unfinished. */
export async function startDemoSeeding(
  db: SqlRunner,
  plan: { readonly claims: number; readonly seed: number },
): Promise<void> {
  await db.query(
    'INSERT INTO demo_seeding (name, claims, seed) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
    [SEEDING, plan.claims, plan.seed],
  );
}

async function completeDemoSeeding(db: SqlRunner): Promise<void> {
  await db.query('UPDATE demo_seeding SET completed_at = now() WHERE name = $1', [SEEDING]);
}

/** Synthetic claims already in the ledger (each one's idempotency record). */
async function demoClaimsSettled(db: SqlRunner): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(
    'SELECT count(*) AS n FROM idempotency_records WHERE principal = $1',
    [DEMO_PRINCIPAL],
  );
  return Number(row?.n ?? 0);
}

/**
 * The synthetic demo claims, once per database: settled on first start (into an empty ledger
 * only), and finished on a later start when a crash interrupted them. Answers the banner lines.
 */
async function seedDemoClaims(
  services: SettlementServices,
  store: Store,
  requested: { readonly claims: number; readonly seed: number },
  io: Io,
): Promise<string[]> {
  const recorded = await readDemoSeeding(store);
  if (recorded?.completed === true) return [];
  const refusedText = (refused: number) => (refused > 0 ? `, ${refused} refused` : '');
  if (recorded === undefined) {
    // A ledger with settlements and no record was seeded before seedings were recorded, or
    // holds real data: either way, not ours to add to.
    if (requested.claims === 0 || (await countSettlements(store)) > 0) return [];
    await startDemoSeeding(store, requested);
    io.stderr.write(`settling ${requested.claims} synthetic demo claims (first start)…\n`);
    const { settled, refused } = await settleDemoClaims(services, generateClaims(requested));
    await completeDemoSeeding(store);
    return [
      `  demo data  ${settled} synthetic claims settled (seed ${requested.seed}${refusedText(refused)})`,
    ];
  }
  const before = await demoClaimsSettled(store);
  if (requested.claims === 0) {
    return [
      `  demo data  seeding unfinished, ${before} of ${recorded.claims} settled (seed ${recorded.seed}); not resumed with --demo-claims 0`,
    ];
  }
  // The seeding that was interrupted, whatever this start asks for: the same claims, to the end.
  io.stderr.write(
    `resuming the interrupted demo seeding: ${before} of ${recorded.claims} synthetic claims settled…\n`,
  );
  const { settled, refused } = await settleDemoClaims(services, generateClaims(recorded));
  await completeDemoSeeding(store);
  return [
    `  demo data  resumed seeding, ${settled} of ${recorded.claims} settled (seed ${recorded.seed}; ${before} before the interruption${refusedText(refused)})`,
  ];
}

type ApiServices = Parameters<NonNullable<RunOptions['afterSeed']>>[0]['services'];

/**
 * The demo's value-based payment data (`data/demo/value.json`), only on a database this command
 * seeded with demo claims, once: the demo hospital's measurements of 2025 and patients' outcome
 * events recorded, then the runs listed there made, as an administrator would through the API.
 * Answers the banner lines.
 */
async function seedValueOfDemo(services: ApiServices, store: Store): Promise<string[]> {
  if ((await readDemoSeeding(store))?.completed !== true) return [];
  const demo = valueJson as unknown as {
    region: string;
    observations: unknown[];
    outcomes: unknown[];
    runs: { period: string; institutions?: string[]; contracts?: string[] }[];
  };
  const observations = demo.observations.map((o) => valueObservationsSchema.parse(o));
  const first = observations[0];
  if (first === undefined) return [];
  if ((await readValueObservations(store, first.institution, first.period)) !== undefined)
    return [];
  for (const o of observations) await recordValueObservations(store, o, DEMO_PRINCIPAL);
  for (const e of demo.outcomes) {
    await recordOutcomeEvent(store, outcomeEventSchema.parse(e), DEMO_PRINCIPAL);
  }
  const lines: string[] = [];
  for (const run of demo.runs) {
    const period = accountingPeriodOf(run.period);
    if (period === undefined) continue;
    const result = await runStoredValuePeriod(services, {
      period,
      region: regionCodeSchema.parse(demo.region),
      institutions: run.institutions,
      contracts: run.contracts,
      by: DEMO_PRINCIPAL,
    });
    lines.push(
      result.ok
        ? `  value      ${run.period}: ${result.value.runs.map((r) => `${r.subject} ${r.total}`).join(', ')}`
        : `  value      ${run.period} refused: ${result.issues[0]?.message ?? ''}`,
    );
  }
  return lines;
}

/**
 * The demo's smart review (`seedDemoReview`), only on a database this command seeded with demo
 * claims (a real ledger's review is an administrator's decision): the shipped rule sets activated
 * after the synthetic claims, which were settled without them, and a post-payment run over them.
 * Answers the banner lines.
 */
async function seedReviewOfDemo(services: ApiServices, store: Store, io: Io): Promise<string[]> {
  if ((await readDemoSeeding(store))?.completed !== true) return [];
  if ((await readReviewRun(store, DEMO_REVIEW_RUN)) === undefined) {
    io.stderr.write('reviewing the demo claims with the demo rule sets (first start)…\n');
  }
  const { activated, run } = await seedDemoReview(services, DEMO_PRINCIPAL);
  return [
    ...(activated.length === 0
      ? []
      : [
          `  review     ${activated.map((r) => `${r.id} (${r.rules} rules)`).join(', ')} active from ${[...new Set(activated.map((r) => r.from))].join(', ')}`,
        ]),
    ...(run === null
      ? []
      : run.ok
        ? [
            `             post-payment run ${run.value.id}: ${run.value.findings} findings on ${run.value.claims} claims`,
          ]
        : [`             post-payment run refused: ${run.issues[0]?.message ?? ''}`]),
  ];
}

export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      'partition-by-person': { type: 'string' },
      admin: { type: 'string' },
      'demo-claims': { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      'no-access-log': { type: 'boolean', default: false },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new CliError('usage', `serve takes no arguments, got "${positionals.join(' ')}"`);
  }
  const port = wholeNumberOption('--port', values.port ?? process.env['PORT'], 8787, 0, 65_535);
  const demoClaims = wholeNumberOption('--demo-claims', values['demo-claims'], 2000, 0, 1_000_000);
  const seed = wholeNumberOption('--seed', values.seed, 1, 0, 2 ** 31 - 1);
  const rateLimit =
    values['rate-limit'] === undefined ? undefined : rateLimitOption(values['rate-limit']);
  const partitionByPerson =
    values['partition-by-person'] === undefined
      ? undefined
      : wholeNumberOption(
          '--partition-by-person',
          values['partition-by-person'],
          1,
          1,
          MAX_PERSON_PARTITIONS,
        );
  const databaseUrl = values['database-url'] ?? (process.env['DATABASE_URL'] || undefined);
  if (databaseUrl !== undefined && !/^postgres(?:ql)?:\/\//u.test(databaseUrl)) {
    throw new CliError('usage', '--database-url must be a postgres:// URL');
  }
  const dataDir =
    databaseUrl === undefined
      ? path.resolve(
          io.cwd,
          values.db ?? process.env['OPENPAYER_DB_DIR'] ?? path.join(repo, '.openpayer', 'db'),
        )
      : undefined;
  const defaultAdmin = path.join(repo, 'apps', 'admin', 'dist');
  const adminDir =
    values.admin !== undefined
      ? path.resolve(io.cwd, values.admin)
      : existsSync(path.join(defaultAdmin, 'index.html'))
        ? defaultAdmin
        : undefined;
  if (adminDir !== undefined && !existsSync(path.join(adminDir, 'index.html'))) {
    throw new CliError('file_not_found', `no built admin UI in ${adminDir} (index.html missing)`);
  }

  let running;
  try {
    running = await runApi({
      databaseUrl,
      dataDir,
      partitionByPerson,
      port,
      hostname: values.host ?? process.env['HOST'] ?? '127.0.0.1',
      adminDir,
      accessLog: !values['no-access-log'] && process.env['OPENPAYER_ACCESS_LOG'] !== '0',
      rateLimit,
      stdout: io.stdout,
      stderr: io.stderr,
      afterSeed: async ({ services, store }) => [
        ...(await seedDemoClaims(services, store, { claims: demoClaims, seed }, io)),
        ...(await seedReviewOfDemo(services, store, io)),
        ...(await seedValueOfDemo(services, store)),
      ],
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      'file_unreadable',
      `cannot start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const server = running;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stdout.write('shutting down: finishing requests in flight\n');
      void server.stop().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return EXIT.ok;
}

/** `--rate-limit N[/B]`: N requests/s sustained (whole), bursts of B (default 2N, at least N). */
function rateLimitOption(text: string): { perSecond: number; burst: number } {
  const match = /^(\d{1,7})(?:\/(\d{1,7}))?$/u.exec(text);
  const perSecond = Number(match?.[1]);
  const burst = match?.[2] === undefined ? perSecond * 2 : Number(match[2]);
  if (match === null || perSecond < 1 || burst < 1) {
    throw new CliError(
      'usage',
      `--rate-limit must be N or N/B, requests per second and burst (whole numbers ≥ 1), got "${text}"`,
    );
  }
  return { perSecond, burst };
}
