import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readShipped, shippedDataPath } from '@openpayer/catalog/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../main.ts';
import { runCli } from '../../__fixtures__/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-rule-base-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NRDL_CSV = shippedDataPath('nrdl-2024', 'nrdl_2024.csv');

/** The published code file's header and columns (nhsa-rule-base/SOURCE.md), not the shipped copy's. */
function published(shipped: string): string {
  return shipped
    .trim()
    .split('\n')
    .map((line, i) => {
      const [batch, name, code, type] = line.split(',');
      return i === 0
        ? 'batch,source_file,generic_name,seq,national_drug_code,restriction_type'
        : [batch, 'x.xlsx', name, String(i), code, type].join(',');
    })
    .join('\n');
}

describe('openpayer catalog import --rule-base DIR', () => {
  it('imports with the rule-base files of a folder, as published', async () => {
    const ruleBase = path.join(dir, 'nhsa-rule-base');
    await mkdir(ruleBase);
    await writeFile(
      path.join(ruleBase, 'drug_restrictions.csv'),
      readShipped('ruleBaseRestrictions'),
    );
    await writeFile(
      path.join(ruleBase, 'drug_restriction_codes.csv'),
      published(readShipped('ruleBaseCodes')),
    );
    const { code, stderr } = await runCli(dir, [
      'catalog',
      'import',
      NRDL_CSV,
      '--rule-base',
      'nhsa-rule-base',
      '--out',
      'out.json',
    ]);
    expect(stderr).toContain('13738 national codes with restrictions');
    expect(code).toBe(EXIT.ok);
  });

  it('refuses a folder without the rule-base files, and --rule-base with --no-rule-base', async () => {
    const missing = await runCli(dir, ['catalog', 'import', NRDL_CSV, '--rule-base', 'nowhere']);
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('drug_restrictions.csv');
    const both = await runCli(dir, [
      'catalog',
      'import',
      NRDL_CSV,
      '--rule-base',
      'nowhere',
      '--no-rule-base',
    ]);
    expect(both.code).toBe(EXIT.usage);
  });
});
