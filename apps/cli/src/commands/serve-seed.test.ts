import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openServices } from '@openpayer/api/bootstrap';
import type { ClaimWire } from '@openpayer/domain';
import { openStore } from '@openpayer/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClaims } from '../demo/generate.ts';
import { settleDemoClaims, startDemoSeeding } from './serve.ts';

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-serve-seed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `openpayer serve` as a real process, until `until` (its stdout and stderr so far) holds. */
function serve(
  args: string[],
  until: (out: string, err: string) => boolean,
): Promise<{ child: ChildProcess; out: string; err: string }> {
  const child = spawn(
    process.execPath,
    [path.join(cliRoot, 'bin/openpayer.mjs'), 'serve', '--no-access-log', '--port', '0', ...args],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`timed out: ${out} ${err}`));
    }, 150_000);
    const check = () => {
      if (!until(out, err)) return;
      clearTimeout(timer);
      resolve({ child, out, err });
    };
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      check();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${String(code)}: ${err}`));
    });
  });
}

const started = (out: string) => out.includes('Try: curl');

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<unknown> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code, received) => {
      resolve(code ?? received);
    });
    child.kill(signal);
  });
}

function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n >= count) return;
  }
}

/** What the ledger holds of the demo seeding (read once the server has stopped). */
async function ledgerOf(db: string) {
  const store = await openStore({ dataDir: db });
  try {
    const [row] = await store.query<{ settlements: string; claims: string; keys: string }>(
      `SELECT (SELECT count(*) FROM settlements) AS settlements,
              (SELECT count(DISTINCT claim_id) FROM settlements) AS claims,
              (SELECT count(*) FROM idempotency_records WHERE principal = 'demo-seed') AS keys`,
    );
    return {
      settlements: Number(row?.settlements),
      claims: Number(row?.claims),
      keys: Number(row?.keys),
    };
  } finally {
    await store.close();
  }
}

describe('openpayer serve’s demo seeding', () => {
  it('finishes a seeding that an earlier start left unfinished, each claim settled once, and says so', async () => {
    const db = path.join(dir, 'interrupted');
    // A first start that died after settling 40 of its 150 synthetic claims.
    const opened = await openServices({ dataDir: db });
    try {
      await startDemoSeeding(opened.store, { claims: 150, seed: 1 });
      const claims: Iterable<ClaimWire> = take(generateClaims({ claims: 150, seed: 1 }), 40);
      expect(await settleDemoClaims(opened.services, claims)).toEqual({ settled: 40, refused: 0 });
    } finally {
      await opened.store.close();
    }

    // Restarted with other options: the interrupted seeding (150 claims, seed 1) is finished.
    const restarted = await serve(['--db', db, '--demo-claims', '500', '--seed', '9'], started);
    expect(restarted.out).toContain(
      '  demo data  resumed seeding, 150 of 150 settled (seed 1; 40 before the interruption)',
    );
    // Then the demo's value-based payment data: the demo hospital's 2025 run (PRODUCT.md §8 figures).
    expect(restarted.out).toContain('  value      2025: H23010300012 2330000.00');
    // (Its exit code is serve.test.ts's concern: here only what it left in the database counts.)
    await stop(restarted.child);

    const again = await serve(['--db', db], started);
    expect(again.out).not.toContain('demo data');
    expect(again.out).not.toContain('  value  ');
    await stop(again.child);

    expect(await ledgerOf(db)).toEqual({ settlements: 150, claims: 150, keys: 150 });
  }, 400_000);

  it('resumes after the first start is killed while seeding', async () => {
    const db = path.join(dir, 'killed');
    const first = await serve(['--db', db, '--demo-claims', '300'], (_out, err) =>
      err.includes('settling 300 synthetic demo claims'),
    );
    expect(await stop(first.child, 'SIGKILL')).toBe('SIGKILL');

    const restarted = await serve(['--db', db], started);
    expect(restarted.out).toMatch(
      /demo data {2}resumed seeding, 300 of 300 settled \(seed 1; \d+ before the interruption\)/u,
    );
    await stop(restarted.child);
    expect(await ledgerOf(db)).toEqual({ settlements: 300, claims: 300, keys: 300 });
  }, 400_000);
});
