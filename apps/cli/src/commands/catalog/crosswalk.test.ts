import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CatalogIndex, type CatalogReleaseWire, catalogReleaseSchema } from '@openpayer/catalog';
import { shippedDataPath } from '@openpayer/catalog/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../__fixtures__/cli.ts';
import { EXIT } from '../../main.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-crosswalk-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[]) => runCli(dir, argv);
const NRDL_CSV = shippedDataPath('nrdl-2024', 'nrdl_2024.csv');
/** 阿帕他胺片's national code in the rule base, and a code the list does not know. */
const APALUTAMIDE = 'XL02BBA326A001010102180';
const HOSPITAL = 'H23010300012';

const CSV = [
  'institutionCode,localCode,kind,nationalCode,localName',
  `${HOSPITAL},YP-0001,drug,${APALUTAMIDE},阿帕他胺片 60mg`,
  `${HOSPITAL},YP-0002,drug,XZ99ZZZ999Z999999999999,院内制剂`,
].join('\r\n');

describe('openpayer catalog crosswalk', () => {
  it('writes a new dated release whose claims match hospital codes through the crosswalk', async () => {
    await writeFile(path.join(dir, 'codes.csv'), CSV);
    const { code, stdout, stderr } = await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'codes.csv',
      '--id',
      'nrdl-2024-xw1',
      '--effective-from',
      '2025-07-01',
      '--out',
      'xw.json',
    ]);
    expect(stderr).toContain('attached codes.csv to nrdl-2024 → release nrdl-2024-xw1');
    expect(stderr).toContain('national codes 1 of 2 listed by the release');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe('');
    const wire = JSON.parse(
      await readFile(path.join(dir, 'xw.json'), 'utf8'),
    ) as CatalogReleaseWire;
    const release = catalogReleaseSchema.parse(wire);
    expect(release.id).toBe('nrdl-2024-xw1');
    expect(release.effective.start).toBe('2025-07-01');
    expect(release.publishedOn).toBe('2025-07-01');
    expect(release.crosswalk.map((e) => [e.localCode, e.nationalCode])).toEqual([
      ['YP-0001', APALUTAMIDE],
      ['YP-0002', 'XZ99ZZZ999Z999999999999'],
    ]);
    const index = new CatalogIndex(release);
    const resolved = index.resolve(
      { kind: 'drug', code: 'LOCAL', localCode: 'YP-0001', name: '阿帕他胺片' },
      HOSPITAL,
    );
    expect(resolved).toMatchObject({ matchedBy: 'code', viaCrosswalk: true });
    expect(resolved?.item.name).toBe('阿帕他胺片');
    // Another hospital's YP-0001 means nothing here.
    expect(
      index.resolve({ kind: 'drug', code: 'LOCAL', localCode: 'YP-0001' }, 'H23010300345'),
    ).toBeUndefined();
  });

  it('adds to the crosswalk of a release that has one (JSON input), or replaces it', async () => {
    await writeFile(path.join(dir, 'codes.csv'), CSV);
    await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'codes.csv',
      '--id',
      'xw1',
      '--effective-from',
      '2025-07-01',
      '--out',
      'xw1.json',
    ]);
    const more = [
      { institutionCode: HOSPITAL, localCode: 'YP-0002', kind: 'drug', nationalCode: APALUTAMIDE },
      { institutionCode: 'H23010300345', localCode: 'A1', kind: 'drug', nationalCode: APALUTAMIDE },
    ];
    await writeFile(path.join(dir, 'more.json'), JSON.stringify(more));
    const merged = await run([
      'catalog',
      'crosswalk',
      'xw1.json',
      'more.json',
      '--id',
      'xw2',
      '--effective-from',
      '2025-08-01',
    ]);
    expect(merged.code).toBe(EXIT.ok);
    const m = catalogReleaseSchema.parse(JSON.parse(merged.stdout));
    expect(m.crosswalk.map((e) => `${e.institutionCode}/${e.localCode}→${e.nationalCode}`)).toEqual(
      [
        `${HOSPITAL}/YP-0001→${APALUTAMIDE}`,
        `${HOSPITAL}/YP-0002→${APALUTAMIDE}`,
        `H23010300345/A1→${APALUTAMIDE}`,
      ],
    );
    const replaced = await run([
      'catalog',
      'crosswalk',
      'xw1.json',
      'more.json',
      '--id',
      'xw3',
      '--effective-from',
      '2025-08-01',
      '--replace',
    ]);
    expect(replaced.code).toBe(EXIT.ok);
    expect(catalogReleaseSchema.parse(JSON.parse(replaced.stdout)).crosswalk).toHaveLength(2);
  });

  it('refuses bad rows naming the line, and writes nothing (exit 1)', async () => {
    await writeFile(
      path.join(dir, 'twice.csv'),
      `${CSV}\r\n${HOSPITAL},YP-0001,drug,${APALUTAMIDE},again\r\n`,
    );
    const twice = await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'twice.csv',
      '--id',
      'x',
      '--effective-from',
      '2025-07-01',
      '--out',
      'bad.json',
    ]);
    expect(twice.code).toBe(EXIT.recordsWithErrors);
    expect(twice.stderr).toContain('crosswalk.invalid  line 4: local code "YP-0001"');
    expect(twice.stderr).toContain('nothing written');
    await writeFile(path.join(dir, 'kind.csv'), `${CSV}\r\nH1,YP-9,pill,X,\r\n`);
    const kind = await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'kind.csv',
      '--id',
      'x',
      '--effective-from',
      '2025-07-01',
      '--out',
      'bad.json',
    ]);
    expect(kind.code).toBe(EXIT.recordsWithErrors);
    expect(kind.stderr).toMatch(/crosswalk\.invalid {2}line 4: .*"drug"/u);
    await expect(readFile(path.join(dir, 'bad.json'))).rejects.toThrow();
  });

  it('refuses a start outside the release (exit 1), a file that is no crosswalk (exit 3), usage (exit 2)', async () => {
    await writeFile(path.join(dir, 'codes.csv'), CSV);
    const outside = await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'codes.csv',
      '--id',
      'x',
      '--effective-from',
      '2024-06-01',
    ]);
    expect(outside.code).toBe(EXIT.recordsWithErrors);
    expect(outside.stderr).toContain('crosswalk.effective_outside_release');
    await writeFile(path.join(dir, 'other.csv'), 'a,b\r\n1,2\r\n');
    const other = await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'other.csv',
      '--id',
      'x',
      '--effective-from',
      '2025-07-01',
    ]);
    expect(other.code).toBe(EXIT.input);
    expect(other.stderr).toContain('crosswalk.header_mismatch');
    const noId = await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'codes.csv',
      '--effective-from',
      '2025-07-01',
    ]);
    expect(noId.code).toBe(EXIT.usage);
    expect(noId.stderr).toContain('--id');
    const badDate = await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'codes.csv',
      '--id',
      'x',
      '--effective-from',
      '1.7.2025',
    ]);
    expect(badDate.code).toBe(EXIT.usage);
    const badId = await run([
      'catalog',
      'crosswalk',
      NRDL_CSV,
      'codes.csv',
      '--id',
      'a b',
      '--effective-from',
      '2025-07-01',
    ]);
    expect(badId.code).toBe(EXIT.usage);
    expect(badId.stderr).toContain('--id');
  });
});
