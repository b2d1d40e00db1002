import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { DURABLE_START_PARAMS, DurableNodeFS } from './durable-fs.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Raw SQL with `$1…` parameters, answering rows as objects. */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * An open database: embedded PGlite by default, PostgreSQL when a URL is given. `db` is Drizzle
 * for typed queries; `transaction` runs hand-written SQL for the settlement hot path, where
 * Drizzle's per-query cost (≈0.4 ms on PGlite, measured) would be most of the time.
 */
export interface Store extends SqlRunner {
  readonly db: Db;
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
}

const MIGRATIONS = new URL('../migrations/', import.meta.url);

/** Opens the database and applies the migrations it has not seen yet (in name order, each once). */
export async function openStore(options: OpenOptions = {}): Promise<Store> {
  let store: Store;
  if (options.url !== undefined) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    store = {
      db: drizzleNodePostgres(pool, { schema }),
      kind: 'postgres',
      query: async <Row>(text: string, params: readonly unknown[] = []) =>
        (await pool.query(text, [...params])).rows as Row[],
      transaction: async (work) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work({
            query: async <Row>(text: string, params: readonly unknown[] = []) =>
              (await client.query(text, [...params])).rows as Row[],
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
        ? new PGlite()
        : options.durable === false
          ? new PGlite(options.dataDir)
          : new PGlite({
              fs: new DurableNodeFS(options.dataDir),
              startParams: DURABLE_START_PARAMS,
            });
    store = {
      db: drizzlePglite(client, { schema }),
      kind: 'pglite',
      query: async <Row>(text: string, params: readonly unknown[] = []) =>
        (await client.query<Row>(text, [...params])).rows,
      transaction: (work) =>
        client.transaction((tx) =>
          work({
            query: async <Row>(text: string, params: readonly unknown[] = []) =>
              (await tx.query<Row>(text, [...params])).rows,
          }),
        ),
      close: () => client.close(),
    };
  }
  await migrate(store.db);
  return store;
}

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

export async function migrate(db: Db): Promise<string[]> {
  await db.execute(
    sql.raw(
      'CREATE TABLE IF NOT EXISTS openpayer_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    ),
  );
  const applied: string[] = [];
  const files = readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const name of files) {
    const text = readFileSync(new URL(name, MIGRATIONS), 'utf8');
    await db.transaction(async (tx) => {
      // One migration at a time, even with several servers starting together.
      await tx.execute(sql.raw('LOCK TABLE openpayer_migrations IN EXCLUSIVE MODE'));
      const seen = await tx.execute(sql`SELECT 1 FROM openpayer_migrations WHERE name = ${name}`);
      if (rowsOf(seen).length > 0) return;
      // Statement by statement: drivers run a parameterised query one statement at a time.
      for (const statement of statementsOf(text)) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO openpayer_migrations (name) VALUES (${name})`);
      applied.push(name);
    });
  }
  return applied;
}

/** Rows of a raw `execute` result, whichever driver produced it. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
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
