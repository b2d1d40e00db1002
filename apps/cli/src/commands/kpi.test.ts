import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decimal } from '@openpayer/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';

/**
 * `openpayer kpi` and `openpayer anomalies` over a batch: demo claims settled by `openpayer
 * settle`, then their KPIs (the same definitions and SQL as the API) and the anomaly rules' finds;
 * bad options and mismatched files refused with the exit codes the help names.
 */

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
let dir: string;
const run = (argv: string[]) => runCli(dir, argv);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-kpi-'));
  const claims = await run(['demo', 'generate', '--claims', '300', '--seed', '11', '--quiet']);
  expect(claims.code).toBe(EXIT.ok);
  await writeFile(path.join(dir, 'claims.ndjson'), claims.stdout);
  const settled = await run([
    'settle',
    'claims.ndjson',
    '--out',
    'results.ndjson',
    '--policy',
    path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml'),
    '--catalog',
    path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv'),
    '--workers',
    '1',
    '--quiet',
  ]);
  expect([EXIT.ok, EXIT.recordsWithErrors]).toContain(settled.code);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openpayer kpi', () => {
  it('sums the batch by institution and month, dividing the exact sums once', async () => {
    const r = await run([
      'kpi',
      '--claims',
      'claims.ndjson',
      '--results',
      'results.ndjson',
      '--by',
      'institution,month',
      '--kpi',
      'cases,cost_per_case,in_catalog_use_rate,out_of_catalog_share',
    ]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/^\d+ settled claims/u);
    const rows = r.results;
    expect(rows.length).toBeGreaterThan(3);
    // Every case is counted once: the cases of all rows are the settled claims.
    const cases = rows
      .filter((v) => v['kpi'] === 'cases')
      .reduce((s, v) => s + Number(String(v['value'])), 0);
    expect(String(cases)).toBe(/^(\d+) settled/u.exec(r.stderr)?.[1]);
    for (const v of rows) {
      const group = v['group'] as Record<string, unknown>;
      expect([typeof group['institution'], typeof group['month']]).toEqual(['string', 'string']);
      const d = new Decimal(typeof v['denominator'] === 'string' ? v['denominator'] : '0');
      if (v['kpi'] === 'cases' || d.isZero()) continue;
      const places = v['kpi'] === 'cost_per_case' ? 2 : 6;
      expect(v['value']).toBe(
        new Decimal(String(v['numerator']))
          .dividedBy(d)
          .toDecimalPlaces(places, Decimal.ROUND_HALF_UP)
          .toFixed(places),
      );
    }
  });

  it('refuses an unknown KPI, dimension or period (2), results of other claims (3)', async () => {
    const base = ['kpi', '--claims', 'claims.ndjson', '--results', 'results.ndjson'];
    for (const command of ['kpi', 'anomalies']) {
      const help = await run([command, '--help']);
      expect([help.code, help.stdout.startsWith(`Usage: openpayer ${command} `)]).toEqual([
        EXIT.ok,
        true,
      ]);
    }
    expect((await run([...base, '--kpi', 'nope'])).code).toBe(EXIT.usage);
    expect((await run([...base, '--by', 'ward'])).code).toBe(EXIT.usage);
    expect((await run([...base, '--period', '2025-13'])).code).toBe(EXIT.usage);
    expect((await run([...base, '--from', '2025-01-01'])).code).toBe(EXIT.usage);
    expect((await run(['kpi', '--claims', 'claims.ndjson'])).code).toBe(EXIT.usage);
    const other = await run(['demo', 'generate', '--claims', '20', '--seed', '99', '--quiet']);
    await writeFile(path.join(dir, 'other.ndjson'), other.stdout);
    const mismatched = await run([
      'kpi',
      '--claims',
      'other.ndjson',
      '--results',
      'results.ndjson',
    ]);
    expect(mismatched.code).toBe(EXIT.input);
    expect(mismatched.stderr).toContain('no matching claim');
    await writeFile(path.join(dir, 'bad-defs.json'), JSON.stringify({ format: 'x' }));
    const bad = await run([...base, '--definitions', 'bad-defs.json']);
    expect(bad.code).toBe(EXIT.input);
    expect(bad.stderr).toContain('format');
  });
});

describe('openpayer anomalies', () => {
  it('runs the rules over the batch, each anomaly explained (exit 1 when any)', async () => {
    await writeFile(
      path.join(dir, 'rules.json'),
      JSON.stringify({
        format: 'openpayer.anomaly-rules/1',
        id: 'test-rules',
        title: 'test',
        rules: [
          {
            code: 'COST',
            title: 'Cost per case above 1 yuan',
            kind: 'threshold',
            kpi: 'cost_per_case',
            above: '1',
            severity: 'info',
            action: 'watch',
          },
        ],
      }),
    );
    const r = await run([
      'anomalies',
      '--claims',
      'claims.ndjson',
      '--results',
      'results.ndjson',
      '--rules',
      'rules.json',
    ]);
    expect(r.code).toBe(EXIT.recordsWithErrors);
    expect(r.results.length).toBeGreaterThan(0);
    expect(r.results[0]).toMatchObject({ rule: 'COST', action: 'watch' });
    expect(String(r.results[0]?.['explanation'])).toContain('above 1');
    await writeFile(
      path.join(dir, 'bad-rules.json'),
      JSON.stringify({
        format: 'openpayer.anomaly-rules/1',
        id: 'x',
        title: 'x',
        rules: [
          {
            code: 'A',
            title: 'a',
            kind: 'threshold',
            kpi: 'no_such',
            above: '1',
            severity: 'info',
            action: 'watch',
          },
        ],
      }),
    );
    const bad = await run([
      'anomalies',
      '--claims',
      'claims.ndjson',
      '--results',
      'results.ndjson',
      '--rules',
      'bad-rules.json',
    ]);
    expect(bad.code).toBe(EXIT.input);
    expect(bad.stderr).toContain('rules.0.kpi');
    // The demo rules over the demo batch: whatever they find, each is explained.
    const demo = await run([
      'anomalies',
      '--claims',
      'claims.ndjson',
      '--results',
      'results.ndjson',
    ]);
    expect([EXIT.ok, EXIT.recordsWithErrors]).toContain(demo.code);
    for (const a of demo.results) expect(String(a['explanation'])).not.toBe('');
  });
});
