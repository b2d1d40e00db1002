import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-group-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const run = (argv: string[]) => runCli(dir, argv);

const prostatectomy = {
  id: 'H1',
  sex: 'male',
  ageYears: 68,
  ageDays: 24_900,
  lengthOfStay: 10,
  principalDiagnosis: 'C61.x00',
  principalProcedure: '60.5x02',
};

describe('openpayer group --grouper', () => {
  it('groups with CHS-DRG 1.0 by default and with the named version when asked', async () => {
    await writeFile(path.join(dir, 'h.ndjson'), `${JSON.stringify(prostatectomy)}\n`);
    const byDefault = await run(['group', 'h.ndjson', '--quiet']);
    expect(byDefault.code).toBe(EXIT.ok);
    expect(byDefault.results.map((r) => [r['version'], r['drg']])).toEqual([
      ['CHS-DRG 1.0', 'MA19'],
    ]);
    const rows: [string, string][] = [];
    for (const id of ['chs-drg-1.1', 'chs-drg-1.1-bj-2022', 'harbin-2024']) {
      const r = await run(['group', 'h.ndjson', '--quiet', '--grouper', id]);
      expect(r.code).toBe(EXIT.ok);
      rows.push([id, String(r.results[0]?.['drg'])]);
    }
    expect(rows).toEqual([
      ['chs-drg-1.1', 'MA19'],
      ['chs-drg-1.1-bj-2022', 'MA19'],
      ['harbin-2024', 'MA15'],
    ]);
  });

  it('takes the version a region uses on a date', async () => {
    const r = await run([
      'group',
      'h.ndjson',
      '--quiet',
      '--region',
      '230100',
      '--date',
      '2024-03-01',
    ]);
    expect(r.results.map((x) => x['drg'])).toEqual(['MA15']);
    const none = await run(['group', 'h.ndjson', '--region', '230100', '--date', '2019-01-01']);
    expect(none.code).toBe(EXIT.usage);
    expect((await run(['group', 'h.ndjson', '--region', '230100'])).code).toBe(EXIT.usage);
  });

  it('refuses an unknown version as a usage error naming the known ones', async () => {
    const r = await run(['group', 'h.ndjson', '--grouper', 'chs-drg-9']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('chs-drg-1.1');
  });

  it('reports a newborn without a needed birth weight as invalid, naming the field', async () => {
    await writeFile(
      path.join(dir, 'n.ndjson'),
      `${JSON.stringify({ id: 'N1', sex: 'female', ageYears: 0, ageDays: 3, lengthOfStay: 12, principalDiagnosis: 'P07.300' })}\n`,
    );
    const r = await run(['group', 'n.ndjson', '--quiet']);
    expect(r.code).toBe(EXIT.recordsWithErrors);
    expect(r.results.map((x) => [x['status'], x['field']])).toEqual([
      ['invalid', 'birthWeightGrams'],
    ]);
  });
});
