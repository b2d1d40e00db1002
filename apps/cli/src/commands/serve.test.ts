import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';
import { serveProcess, stopProcess } from '../__fixtures__/serve-process.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-serve-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[], stdin = '') => runCli(dir, argv, stdin);

const serve = (args: string[]) => serveProcess(dir, args);
const stop = stopProcess;

describe('openpayer serve', () => {
  it('serves the API on loopback with demo data and keys, seeds synthetic claims once, and stops cleanly', async () => {
    const db = path.join(dir, 'db');
    const first = await serve(['--port', '0', '--db', db, '--demo-claims', '120']);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    expect(first.banner).toContain('120 synthetic claims settled (seed 1)');
    const admin = first.key('demo-admin');
    expect(admin).toMatch(/^opk_/u);
    const ready = (await (await fetch(`${first.url}/ready`)).json()) as Record<string, unknown>;
    expect(ready).toEqual({ status: 'ready', database: 'pglite' });
    const page = (await (
      await fetch(`${first.url}/v1/settlements?limit=200`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json()) as { items: { claimId: string }[] };
    expect(page.items).toHaveLength(120);
    expect(page.items.every((s) => s.claimId.startsWith('DEMO-1-'))).toBe(true);
    // The hospital's integrator key sees only its own institution's share.
    const own = (await (
      await fetch(`${first.url}/v1/settlements?limit=200`, {
        headers: { authorization: `Bearer ${first.key('demo-hospital')}` },
      })
    ).json()) as { items: { institutionCode: string }[] };
    expect(own.items.every((s) => s.institutionCode === 'H23010300012')).toBe(true);
    // Smart review: the national rule base and the demo region's set are active, and a
    // post-payment run reviewed the seeded claims.
    expect(first.banner).toMatch(/nhsa-rule-base-b1-8 \(\d+ rules\), demo-rules-230100-2025/u);
    const sets = (await (
      await fetch(`${first.url}/v1/rule-sets`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { items: { id: string; activeFrom: string | null }[] };
    expect(sets.items.map((r) => [r.id, r.activeFrom])).toEqual([
      ['nhsa-rule-base-b1-8', '2025-01-01'],
      ['demo-rules-230100-2025', '2025-01-01'],
    ]);
    const run = (await (
      await fetch(`${first.url}/v1/review-runs/run_demo_seed`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json()) as { status: string; claims: number; findings: number };
    expect(run).toMatchObject({ status: 'finished', claims: 120 });
    expect(first.banner).toContain(`${run.findings} findings on 120 claims`);
    expect(await stop(first)).toBe(0);

    // A second start keeps the data and does not seed again; the old keys are replaced.
    const second = await serve(['--port', '0', '--db', db]);
    expect(second.banner).not.toContain('synthetic claims settled');
    expect(second.banner).not.toContain('post-payment run');
    const old = await fetch(`${second.url}/v1/settlements?limit=1`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(old.status).toBe(401);
    const again = (await (
      await fetch(`${second.url}/v1/settlements?limit=200`, {
        headers: { authorization: `Bearer ${second.key('demo-admin')}` },
      })
    ).json()) as { items: unknown[] };
    expect(again.items).toHaveLength(120);
    expect(await stop(second)).toBe(0);
  }, 600_000);

  it('refuses bad options before starting anything', async () => {
    const help = await run(['serve', '--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain('--demo-claims');
    for (const [args, named] of [
      [['--port', '70000'], '--port'],
      [['--port', 'http'], '--port'],
      [['--demo-claims', '-1'], '--demo-claims'],
      [['--database-url', 'mysql://x'], '--database-url'],
      [['--partition-by-person', '0'], '--partition-by-person'],
      [['--partition-by-person', '257'], '--partition-by-person'],
      [['extra'], 'no arguments'],
    ] as const) {
      const result = await run(['serve', ...args]);
      expect(result.code, args.join(' ')).toBe(EXIT.usage);
      expect(result.stderr).toContain(named);
    }
    expect((await run(['serve', '--bogus'])).code).toBe(EXIT.usage);
    const noAdmin = await run(['serve', '--admin', 'not-built', '--port', '0']);
    expect(noAdmin.code).toBe(EXIT.input);
    expect(noAdmin.stderr).toContain('not-built');
  });
});
