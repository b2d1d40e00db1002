import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { claimWith, validInpatientClaim } from '@openpayer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './main.ts';
import { runCli } from './__fixtures__/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[], stdin = '') => runCli(dir, argv, stdin);

const valid = JSON.stringify(validInpatientClaim());
const badAmount = JSON.stringify(claimWith((c) => void (c.lines[1]!.amount = '541.00')));

describe('openpayer', () => {
  it('prints help with the commands and exit codes', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('validate');
    expect(stdout).toContain('Exit codes');
  });

  it('exits 2 with a usage error for an unknown command or option', async () => {
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const option = await run(['validate', 'x.ndjson', '--bogus']);
    expect(option.code).toBe(EXIT.usage);
    expect(option.stderr).toContain('--bogus');
    expect((await run([])).code).toBe(EXIT.usage);
  });

  it('prints the version', async () => {
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('openpayer validate', () => {
  it('has its own help with examples', async () => {
    const { code, stdout } = await run(['validate', '--help']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('Examples:');
  });

  it('validates an NDJSON file: one result per claim, line numbers kept, bad lines reported without stopping', async () => {
    await writeFile(
      path.join(dir, 'claims.ndjson'),
      [valid, '', badAmount, '{"id": broken', valid].join('\n'),
    );
    const { code, results, stderr } = await run(['validate', 'claims.ndjson']);
    expect(code).toBe(EXIT.recordsWithErrors);
    expect(results.map((r) => [r['record'], r['line'], r['ok']])).toEqual([
      [1, 1, true],
      [2, 3, false],
      [3, 4, false],
      [4, 5, true],
    ]);
    expect((results[1]!['issues'] as { code: string; path: unknown[] }[])[0]).toMatchObject({
      code: 'claim.line_amount_mismatch',
      path: ['lines', 1, 'amount'],
    });
    expect((results[2]!['issues'] as { code: string }[])[0]?.code).toBe('input.malformed_json');
    expect(stderr).toContain('validated 4 claims: 2 valid, 2 with errors');
  });

  it('exits 0 when every claim in a JSON array is valid', async () => {
    await writeFile(
      path.join(dir, 'claims.json'),
      JSON.stringify([validInpatientClaim(), validInpatientClaim()], null, 2),
    );
    const { code, results } = await run(['validate', 'claims.json']);
    expect(code).toBe(EXIT.ok);
    expect(results).toHaveLength(2);
    expect(results.every((r) => r['ok'] === true && r['claimId'] === 'C-2025-000001')).toBe(true);
  });

  it('reads a pretty-printed single claim from standard input', async () => {
    const { code, results } = await run(
      ['validate', '-'],
      JSON.stringify(validInpatientClaim(), null, 2),
    );
    expect(code).toBe(EXIT.ok);
    expect(results).toHaveLength(1);
  });

  it('writes results to --out', async () => {
    await writeFile(path.join(dir, 'one.ndjson'), `${badAmount}\n`);
    const { code, stdout } = await run([
      'validate',
      'one.ndjson',
      '--out',
      'out.ndjson',
      '--quiet',
    ]);
    expect(code).toBe(EXIT.recordsWithErrors);
    expect(stdout).toBe('');
    const written = (await readFile(path.join(dir, 'out.ndjson'), 'utf8')).trim().split('\n');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!)).toMatchObject({ ok: false, claimId: 'C-2025-000001' });
  });

  it('exits 3 for a missing file and for a JSON file that does not parse', async () => {
    const missing = await run(['validate', 'nope.ndjson']);
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('no such file');
    await writeFile(path.join(dir, 'broken.json'), '{"id": ');
    const broken = await run(['validate', 'broken.json']);
    expect(broken.code).toBe(EXIT.input);
    expect(broken.stderr).toContain('not valid JSON');
  });

  it('refuses a bad --format and a missing FILE', async () => {
    expect((await run(['validate', 'x', '--format', 'xml'])).code).toBe(EXIT.usage);
    expect((await run(['validate'])).code).toBe(EXIT.usage);
  });
});

describe('openpayer group', () => {
  const heartFailure = {
    id: 'D1',
    sex: 'male',
    ageYears: 67,
    lengthOfStay: 9,
    principalDiagnosis: 'I21.900',
    secondaryDiagnoses: ['A02.100'],
  };
  const newborn = {
    id: 'D2',
    sex: 'female',
    ageYears: 0,
    ageDays: 3,
    birthWeightGrams: 1300,
    lengthOfStay: 20,
    principalDiagnosis: 'P07.100',
  };

  it('prints its help with the record fields and exit codes', async () => {
    const { code, stdout } = await run(['group', '--help']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('principalDiagnosis');
    expect(stdout).toContain('Exit codes');
  });

  it('groups NDJSON records, one result per line, with the trace on --explain', async () => {
    await writeFile(
      path.join(dir, 'discharges.ndjson'),
      [
        JSON.stringify(heartFailure),
        'not json',
        JSON.stringify(newborn),
        JSON.stringify({ ...heartFailure, ageYears: 'old' }),
      ].join('\n'),
    );
    const { code, results, stderr } = await run(['group', 'discharges.ndjson', '--explain']);
    expect(code).toBe(EXIT.recordsWithErrors);
    expect(results.map((r) => [r['line'], r['status'], r['drg'] ?? null])).toEqual([
      [1, 'grouped', 'FR21'],
      [2, 'invalid', null],
      [3, 'grouped', 'PS15'],
      [4, 'invalid', null],
    ]);
    expect(results[0]?.['id']).toBe('D1');
    expect((results[0]?.['trace'] as string[]).length).toBeGreaterThan(2);
    expect(results[3]?.['field']).toBe('ageYears');
    expect(stderr).toContain('grouped 4 records');
  });

  it('reads CSV with list columns and reports a sex conflict as ungroupable', async () => {
    await writeFile(
      path.join(dir, 'discharges.csv'),
      [
        'id,sex,ageYears,ageDays,birthWeightGrams,lengthOfStay,dischargeDisposition,principalDiagnosis,secondaryDiagnoses,principalProcedure,otherProcedures',
        'D1,male,67,,,9,1,I21.900,A02.100|A03.900,,',
        'D3,female,70,,,5,1,N40.x00,,,',
      ].join('\n'),
    );
    const { code, results } = await run(['group', 'discharges.csv']);
    expect(code).toBe(EXIT.recordsWithErrors);
    expect(results.map((r) => [r['id'], r['status'], r['drg'], r['reason']])).toEqual([
      ['D1', 'grouped', 'FR21', null],
      ['D3', 'ungroupable', null, 'sex_conflict'],
    ]);
  });

  it('refuses a CSV without the header, a missing file and a missing argument', async () => {
    await writeFile(path.join(dir, 'noheader.csv'), 'D1,male,67\n');
    expect((await run(['group', 'noheader.csv'])).code).toBe(EXIT.input);
    expect((await run(['group', 'missing.ndjson'])).code).toBe(EXIT.input);
    expect((await run(['group'])).code).toBe(EXIT.usage);
  });
});
