import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { rememberPseudonymKey } from './audit-log.ts';
import { DURABLE_START_PARAMS, DurableNodeFS } from './durable-fs.ts';
import { partitionByPerson } from './partition.ts';

/** Raw SQL with `$1…` parameters, answering rows as objects. */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Values of this database that never change once committed (the audit log's pseudonym key),
   * kept by a store from `openStore` and shared with its transactions: read once per process,
   * not once per transaction.
   */
  readonly memo?: Map<string, unknown>;
}

/**
 * An open database: embedded PGlite by default, PostgreSQL when a URL is given, spoken to in plain
 * parameterised SQL, one dialect for both. (No ORM: every query is hand-written for its path —
 * the settlement hot path groups a whole batch into one statement — and an ORM's per-query cost,
 * ≈0.4 ms on PGlite with Drizzle, measured, would have been most of the ledger's time; migrations
 * are plain SQL files applied in name order, see `migrate`.)
 */
export interface Store extends SqlRunner {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…` — use a PostgreSQL server (e.g. from DATABASE_URL). */
  readonly url?: string | undefined;
  /** PGlite data directory; in memory when absent. */
  readonly dataDir?: string | undefined;
  /**
   * For a PGlite data directory: a commit returns once it is on disk (default true). `false` is
   * PGlite's own setting (fsync off): a commit survives the process being killed, not a power loss.
   */
  readonly durable?: boolean | undefined;
  /**
   * An in-memory PGlite started from this image of a data directory (`emptyStoreImage`, or any
   * PGlite `dumpDataDir` tar) instead of an empty cluster; migrations newer than it still apply.
   */
  readonly image?: Blob | undefined;
  /**
   * Make the ledger's tables hash-partitioned by the insured person, in this many partitions
   * (`partitionByPerson`, partition.ts): the key rule a Citus cluster enforces, on one server.
   * Once per database; a database already partitioned stays as it is.
   */
  readonly partitionByPerson?: number | undefined;
}

const MIGRATIONS = new URL('../migrations/', import.meta.url);

/** Opens the database and applies the migrations it has not seen yet (in name order, each once). */
export async function openStore(options: OpenOptions = {}): Promise<Store> {
  let store: Store;
  if (options.url !== undefined) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    const memo = new Map<string, unknown>();
    store = {
      kind: 'postgres',
      memo,
      query: async <Row>(text: string, params: readonly unknown[] = []) =>
        (await pool.query(text, [...params])).rows as Row[],
      transaction: async (work) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work({
            query: async <Row>(text: string, params: readonly unknown[] = []) =>
              (await client.query(text, [...params])).rows as Row[],
            memo,
          });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  } else {
    if (options.dataDir !== undefined) await initDataDir(options.dataDir);
    const client =
      options.dataDir === undefined
        ? new PGlite(options.image === undefined ? {} : { loadDataDir: options.image })
        : options.durable === false
          ? new PGlite(options.dataDir)
          : new PGlite({
              fs: new DurableNodeFS(options.dataDir),
              startParams: DURABLE_START_PARAMS,
            });
    store = pgliteStore(client);
  }
  try {
    await migrate(store);
    if (options.partitionByPerson !== undefined) {
      await partitionByPerson(store, options.partitionByPerson);
    }
    await rememberPseudonymKey(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function pgliteStore(client: PGlite): Store {
  const memo = new Map<string, unknown>();
  return {
    kind: 'pglite',
    memo,
    query: async <Row>(text: string, params: readonly unknown[] = []) =>
      (await client.query<Row>(text, [...params])).rows,
    transaction: (work) =>
      client.transaction((tx) =>
        work({
          query: async <Row>(text: string, params: readonly unknown[] = []) =>
            (await tx.query<Row>(text, [...params])).rows,
          memo,
        }),
      ),
    close: () => client.close(),
  };
}

/**
 * Runs `work` while no other process runs work of the same `name` on this database — e.g. the
 * demo seeding of several servers started together on one empty PostgreSQL, which would each
 * import the catalog. On PostgreSQL an advisory lock held by a transaction of its own (`work`
 * uses the store's other connections); the embedded database has one process.
 */
export async function exclusively<T>(
  store: Store,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (store.kind === 'pglite') return work();
  return store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
    return work();
  });
}

let emptyImage: Promise<Blob> | undefined;

/**
 * An image of an empty embedded database with every migration applied, for `openStore({ image })`:
 * a new in-memory store then starts in about a second instead of running initdb and the
 * migrations (≈2.6 s here) — for short-lived stores opened many times (tests, sandboxes). Built
 * once per process, and kept as a file in `cacheDir` (the system's temporary folder by default)
 * named by the digest of PGlite's version and every migration, so other processes reuse it and a
 * changed migration makes a new one.
 */
export function emptyStoreImage(cacheDir: string = tmpdir()): Promise<Blob> {
  emptyImage ??= buildEmptyImage(cacheDir);
  emptyImage.catch(() => {
    emptyImage = undefined;
  });
  return emptyImage;
}

async function buildEmptyImage(cacheDir: string): Promise<Blob> {
  const require = createRequire(import.meta.url);
  const pgliteVersion = (
    JSON.parse(
      readFileSync(
        path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'),
        'utf8',
      ),
    ) as { version: string }
  ).version;
  const hash = createHash('sha256').update(`pglite ${pgliteVersion}\n`);
  for (const name of migrationNames()) {
    hash.update(`${name}\n`).update(readFileSync(new URL(name, MIGRATIONS)));
  }
  const file = path.join(cacheDir, `openpayer-empty-store-${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const client = new PGlite();
  let image: Blob;
  try {
    await migrate(pgliteStore(client));
    image = await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
  // Written aside and renamed: a process reading the cache never sees half a file.
  const partial = `${file}.${String(process.pid)}.partial`;
  writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
  renameSync(partial, file);
  return image;
}

const migrationNames = () =>
  readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();

/**
 * Creating a PGlite data directory runs initdb, whose WebAssembly memory (≈450 MB) stays in the
 * process that ran it (measured: 790–860 MB RSS after a first open, 350 MB when opening an existing
 * folder). A new folder is therefore created by a short-lived child process, and the server only
 * ever opens an existing one.
 */
async function initDataDir(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  mkdirSync(dataDir, { recursive: true });
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  await promisify(execFile)(
    process.execPath,
    [
      '-e',
      'const { PGlite } = require(process.argv[1]); const db = new PGlite(process.argv[2]); db.waitReady.then(() => db.close());',
      pglite,
      dataDir,
    ],
    { timeout: 120_000 },
  );
}

export async function migrate(store: Store): Promise<string[]> {
  // Under a lock: two servers starting together on an empty PostgreSQL would otherwise both
  // pass the IF NOT EXISTS and one fail on the catalog's unique index of type names.
  await exclusively(store, 'openpayer_migrations', () =>
    store.query(
      'CREATE TABLE IF NOT EXISTS openpayer_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    ),
  );
  const applied: string[] = [];
  for (const name of migrationNames()) {
    const text = readFileSync(new URL(name, MIGRATIONS), 'utf8');
    await store.transaction(async (tx) => {
      // One migration at a time, even with several servers starting together.
      await tx.query('LOCK TABLE openpayer_migrations IN EXCLUSIVE MODE');
      const seen = await tx.query('SELECT 1 FROM openpayer_migrations WHERE name = $1', [name]);
      if (seen.length > 0) return;
      // Statement by statement: drivers run a parameterised query one statement at a time.
      for (const statement of statementsOf(text)) await tx.query(statement);
      await tx.query('INSERT INTO openpayer_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    });
  }
  return applied;
}

/** The statements of a migration file: split at `;` ending a line, comments dropped. */
export function statementsOf(text: string): string[] {
  return text
    .split(/;\s*$/mu)
    .map((part) =>
      part
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((statement) => statement !== '');
}
