import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openServices } from '@openpayer/api/bootstrap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';

/**
 * `openpayer period` over an embedded database seeded as `openpayer serve` seeds it (the demo
 * policy ships the §8 value-based rules): observations and outcome events recorded from files, then
 * an institution's year and a CAR-T contract's periods run, each once.
 */

interface Fixture {
  readonly institution: {
    readonly observations: Record<string, unknown>;
    readonly expect: { entries: [string, string, string][]; total: string };
  };
  readonly contract: {
    readonly contract: string;
    readonly events: Record<string, unknown>[];
    readonly runs: { period: string; expect: { invoice: string } }[];
  };
}

const fixture = JSON.parse(
  readFileSync(
    new URL(
      '../../../../packages/pricing/src/value/__fixtures__/period-runs.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as Fixture;

let dir: string;
let db: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-period-'));
  db = path.join(dir, 'db');
  const { store } = await openServices({ dataDir: db });
  await store.close();
  await writeFile(
    path.join(dir, 'observations.json'),
    JSON.stringify(fixture.institution.observations),
  );
  await writeFile(
    path.join(dir, 'outcomes.ndjson'),
    `${fixture.contract.events.map((e) => JSON.stringify(e)).join('\n')}\n`,
  );
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openpayer period', () => {
  it('records observations and outcomes from files, each outcome once', async () => {
    const observed = await runCli(dir, ['period', 'observe', 'observations.json', '--db', db]);
    expect(observed.stderr).toBe('');
    expect(observed.stdout).toContain('recorded observations of H23010300012 for 2025');
    const events = fixture.contract.events.length;
    const first = await runCli(dir, ['period', 'outcomes', 'outcomes.ndjson', '--db', db]);
    expect(first.stdout).toBe(`${events} recorded, 0 recorded before, 0 refused\n`);
    const again = await runCli(dir, ['period', 'outcomes', 'outcomes.ndjson', '--db', db]);
    expect(again.stdout).toBe(`0 recorded, ${events} recorded before, 0 refused\n`);
  }, 120_000);

  it('runs the institution year once, with the §8 figures', async () => {
    const args = ['period', 'run', '--period', '2025', '--region', '230100', '--db', db, '--json'];
    const run = await runCli(dir, [...args, '--institution', 'H23010300012']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.ok);
    const body = JSON.parse(run.stdout) as {
      created: number;
      runs: {
        total: string;
        run: { entries: { model: string; rule: string; amount: string }[] };
      }[];
    };
    expect(body.created).toBe(1);
    expect(body.runs[0]?.run.entries.map((e) => [e.model, e.rule, e.amount])).toEqual(
      fixture.institution.expect.entries,
    );
    expect(body.runs[0]?.total).toBe(fixture.institution.expect.total);
    const again = await runCli(dir, [...args, '--institution', 'H23010300012']);
    expect((JSON.parse(again.stdout) as { created: number }).created).toBe(0);
    const closed = await runCli(dir, ['period', 'observe', 'observations.json', '--db', db]);
    expect(closed.code).toBe(EXIT.recordsWithErrors);
    expect(closed.stderr).toContain('value.period_closed');
  }, 120_000);

  it('invoices the CAR-T contract period by period, never counting a refund twice', async () => {
    for (const { period, expect: want } of fixture.contract.runs) {
      const run = await runCli(dir, [
        'period',
        'run',
        '--period',
        period,
        '--region',
        '230100',
        '--contract',
        fixture.contract.contract,
        '--db',
        db,
      ]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`contract ${fixture.contract.contract}\ttotal ${want.invoice}`);
    }
  }, 180_000);

  it('names what is wrong: a bad period, an unknown contract (nothing written)', async () => {
    const usage = await runCli(dir, ['period', 'run', '--period', '2025-Q5', '--region', '230100']);
    expect(usage.code).toBe(EXIT.usage);
    const unknown = await runCli(dir, [
      'period',
      'run',
      '--period',
      '2025',
      '--region',
      '230100',
      '--contract',
      'no-such-contract',
      '--db',
      db,
    ]);
    expect(unknown.code).toBe(EXIT.recordsWithErrors);
    expect(unknown.stderr).toContain('value.unknown_rule at contract');
  }, 120_000);
});
