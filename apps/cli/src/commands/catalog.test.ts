import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type CatalogItemWire,
  type CatalogReleaseWire,
  catalogReleaseSchema,
  parseCsv,
} from '@openpayer/catalog';
import { importShippedNrdl2024, readShipped, shippedDataPath } from '@openpayer/catalog/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-catalog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[], stdin = '') => runCli(dir, argv, stdin);

const exists = (file: string) =>
  access(path.join(dir, file)).then(
    () => true,
    () => false,
  );

/** The real 2024 national drug list, shipped with the catalog package. */
const NRDL_CSV = shippedDataPath('nrdl-2024', 'nrdl_2024.csv');
const csvText = readShipped('nrdlCsv');
const rows = csvText.split('\r\n');

/** The remark (restriction text) of a row of the real list, as published. */
function remarkOf(drugName: string): string {
  const parsed = parseCsv(csvText);
  const nameColumn = parsed.header.indexOf('drug_name');
  const remarkColumn = parsed.header.indexOf('remark');
  const record = parsed.records.find((r) => r.fields[nameColumn] === drugName);
  const remark = record?.fields[remarkColumn];
  if (remark === undefined) throw new Error(`no row for ${drugName}`);
  return remark.trim();
}

const DACOMITINIB_REMARK = remarkOf('达可替尼片');
const DACOMITINIB_CHANGED = DACOMITINIB_REMARK.replace('的一线治疗', '的二线及以上治疗');
const ADDED_ROW =
  '西药部分,XA01,口腔科制剂,XA 消化道和代谢方面的药物 > XA01 口腔科制剂,乙,9001,测试新增药,口服常释剂型,,,,,';

/**
 * The real list with one row removed (糠甾醇), one added (测试新增药) and one restriction changed
 * (达可替尼片: first line → second line or later).
 */
function modifiedList(): string {
  const removed = rows.filter((r) => !r.includes(',糠甾醇,'));
  expect(removed).toHaveLength(rows.length - 1);
  const changed = removed.map((r) =>
    r.includes(',达可替尼片,') ? r.replace(DACOMITINIB_REMARK, DACOMITINIB_CHANGED) : r,
  );
  expect(changed.filter((r) => r.includes(DACOMITINIB_CHANGED))).toHaveLength(1);
  return [changed[0], ADDED_ROW, ...changed.slice(1)].join('\r\n');
}

interface DiffJson {
  from: string;
  to: string;
  files: { from: string; to: string };
  counts: {
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
    byChange: Record<string, number>;
  };
  added: CatalogItemWire[];
  removed: CatalogItemWire[];
  changed: {
    itemId: string;
    name: string;
    changes: {
      kind: string;
      before: { text: string; restrictions: { kind: string; minLine?: number }[] };
      after: { text: string; restrictions: { kind: string; minLine?: number }[] };
    }[];
  }[];
}

describe('openpayer catalog import', () => {
  it('imports the real 2024 list into a release the API accepts, with the summary on stderr', async () => {
    const { code, stdout, stderr } = await run([
      'catalog',
      'import',
      NRDL_CSV,
      '--out',
      'nrdl.json',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe('');

    // The figures the catalog package documents (data/nrdl-2024/SOURCE.md) and computes itself.
    const shipped = importShippedNrdl2024();
    if (!shipped.ok) throw new Error('the shipped list does not import');
    const { summary } = shipped.value;
    expect(summary.items).toBe(3826);
    expect(stderr).toContain(
      'release nrdl-2024 “国家基本医疗保险、工伤保险和生育保险药品目录（2024年）”',
    );
    expect(stderr).toContain('rows          3826 → 3826 items');
    expect(stderr).toContain('by kind       drug 3826');
    expect(stderr).toContain(`by class      A ${summary.byClass['A']} · B ${summary.byClass['B']}`);
    expect(stderr).toContain(
      'by section    西药部分 1957 · 中成药部分 1444 · 协议西药 346 · 协议中成药 58 · 竞价药品部分 21',
    );
    expect(stderr).toContain('negotiated    425 (with agreement windows)');
    const s = summary.structuring;
    expect(stderr).toContain(
      `restrictions  673 items with restriction text: ${s.complete} parsed completely, ${s.partial} partly, ${s.unparsed} not parsed (${summary.unparsedFragments} fragments left for review); ${s.none_needed} with none`,
    );
    expect(stderr).toContain(`diagnosis ${summary.restrictionsByKind.diagnosis} · evidence`);
    expect(stderr).toContain('rule base     13738 national codes with restrictions');
    expect(stderr).toContain('issues        none');
    expect(stderr).toMatch(/wrote nrdl\.json \(\d+ bytes\)/u);

    // The file is the release wire format: the API's schema decodes it, money stays a string.
    const wire = JSON.parse(
      await readFile(path.join(dir, 'nrdl.json'), 'utf8'),
    ) as CatalogReleaseWire;
    const decoded = catalogReleaseSchema.safeDecode(wire);
    expect(decoded.success).toBe(true);
    expect(wire.items).toHaveLength(3826);
    expect(wire.items.filter((i) => i.negotiated)).toHaveLength(425);
    const ilaprazole = wire.items.find((i) => i.name === '注射用艾普拉唑钠');
    expect(ilaprazole?.paymentStandard?.prices.map((p) => [p.amount, p.unit])).toEqual([
      ['63.00', '10mg/支'],
    ]);
    expect(ilaprazole?.agreement).toEqual({ start: '2024-01-01', end: '2026-01-01' });
  });

  it('writes to standard output with the id and effective date given, and no summary with --quiet', async () => {
    const { code, stdout, stderr } = await run([
      'catalog',
      'import',
      NRDL_CSV,
      '--id',
      'nrdl-2024.r2',
      '--effective-from',
      '2025-07-01',
      '--no-rule-base',
      '--quiet',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stderr).toBe('');
    const wire = JSON.parse(stdout) as CatalogReleaseWire;
    expect(wire.id).toBe('nrdl-2024.r2');
    expect(wire.effective).toEqual({ start: '2025-07-01', end: null });
    expect(wire.codeRestrictions).toEqual([]);
    expect(wire.items).toHaveLength(3826);
  });

  it('refuses a list with bad rows: every issue with its line, exit 1, nothing written', async () => {
    const bad = [
      rows[0],
      rows[1]?.replace(',甲,', ',丁,'),
      rows[2],
      rows[3]?.replace('XA01', 'A01'),
    ].join('\r\n');
    await writeFile(path.join(dir, 'bad.csv'), bad);
    const { code, stdout, stderr } = await run([
      'catalog',
      'import',
      'bad.csv',
      '--out',
      'bad.json',
    ]);
    expect(code).toBe(EXIT.recordsWithErrors);
    expect(stdout).toBe('');
    expect(stderr).toContain('import.unknown_class  line 2: unknown drug class "丁"');
    expect(stderr).toContain('import.bad_category_code  line 4');
    expect(stderr).toContain(
      'bad.csv: 2 issues (import.unknown_class 1, import.bad_category_code 1)',
    );
    expect(await exists('bad.json')).toBe(false);
  });

  it('exits 3 for a file that is not an NRDL table, or does not exist', async () => {
    await writeFile(path.join(dir, 'other.csv'), 'code,name\nX1,aspirin\n');
    const other = await run(['catalog', 'import', 'other.csv', '--out', 'other.json']);
    expect(other.code).toBe(EXIT.input);
    expect(other.stderr).toContain('import.header_mismatch');
    expect(await exists('other.json')).toBe(false);

    const missing = await run(['catalog', 'import', 'lists/nrdl_2030.csv']);
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('lists/nrdl_2030.csv');
  });

  it('exits 2 for a bad option value, a wrong number of files or an unknown option', async () => {
    for (const argv of [
      ['catalog', 'import', NRDL_CSV, '--id', 'nrdl 2024!'],
      ['catalog', 'import', NRDL_CSV, '--effective-from', '2025-13-01'],
      ['catalog', 'import'],
      ['catalog', 'import', NRDL_CSV, NRDL_CSV],
      ['catalog', 'import', NRDL_CSV, '--format', 'xlsx'],
    ]) {
      const { code, stderr } = await run(argv);
      expect(code, argv.join(' ')).toBe(EXIT.usage);
      expect(stderr, argv.join(' ')).toMatch(/^openpayer: /u);
    }
    expect((await run(['catalog', 'import', NRDL_CSV, '--id', 'nrdl 2024!'])).stderr).toContain(
      '--id',
    );
  });
});

describe('openpayer catalog diff', () => {
  it('finds exactly the removed, added and changed rows between the real list and a modified copy', async () => {
    await writeFile(path.join(dir, 'modified.csv'), modifiedList());
    const { code, stdout } = await run(['catalog', 'diff', NRDL_CSV, 'modified.csv', '--json']);
    expect(code).toBe(EXIT.ok);
    const diff = JSON.parse(stdout) as DiffJson;
    expect(diff.counts).toEqual({
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 3824,
      byChange: {
        class: 0,
        restriction: 1,
        payment_standard: 0,
        agreement_window: 0,
        name: 0,
        codes: 0,
      },
    });
    expect(diff.added.map((i) => [i.id, i.coverageClass])).toEqual([
      ['XA01/测试新增药/口服常释剂型', 'B'],
    ]);
    expect(diff.removed.map((i) => i.id)).toEqual(['XA01/糠甾醇/口服常释剂型']);
    expect(diff.changed).toHaveLength(1);
    const [changed] = diff.changed;
    expect(changed?.itemId).toBe('XL01EB/达可替尼片');
    expect(changed?.changes.map((c) => c.kind)).toEqual(['restriction']);
    const change = changed!.changes[0]!;
    expect(change.before.text).toBe(DACOMITINIB_REMARK);
    expect(change.after.text).toBe(DACOMITINIB_CHANGED);
    expect(change.before.restrictions.find((r) => r.kind === 'line_of_therapy')?.minLine).toBe(1);
    expect(change.after.restrictions.find((r) => r.kind === 'line_of_therapy')?.minLine).toBe(2);
  });

  it('prints the diff as text: counts, then each item and what changed', async () => {
    await writeFile(path.join(dir, 'modified.csv'), modifiedList());
    const { code, stdout } = await run(['catalog', 'diff', NRDL_CSV, 'modified.csv']);
    expect(code).toBe(EXIT.ok);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      `nrdl-2024 (${NRDL_CSV}) → nrdl-2024 (modified.csv): 1 added, 1 removed, 1 changed, 3824 unchanged`,
    );
    expect(lines[1]).toBe('changes by kind: restriction 1');
    expect(stdout).toContain('Added (1):\n  + XA01/测试新增药/口服常释剂型  (class B, 西药部分)');
    expect(stdout).toContain('Removed (1):\n  - XA01/糠甾醇/口服常释剂型  (class B, 西药部分)');
    expect(stdout).toContain(
      `Changed (1):\n  ~ XL01EB/达可替尼片\n      restriction text: “${DACOMITINIB_REMARK}”\n                     → “${DACOMITINIB_CHANGED}”\n      structured:\n        - line of therapy 1 [nrdl: “一线治疗”]\n        + line of therapy 2 or later [nrdl: “二线及以上治疗”]\n`,
    );
  });

  it('finds no difference between an imported release file and the CSV it came from', async () => {
    const imported = await run(['catalog', 'import', NRDL_CSV, '--out', 'same.json', '--quiet']);
    expect(imported.code).toBe(EXIT.ok);
    const { code, stdout } = await run(['catalog', 'diff', 'same.json', NRDL_CSV, '--json']);
    expect(code).toBe(EXIT.ok);
    const diff = JSON.parse(stdout) as DiffJson;
    expect(diff.counts).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 3826 });
  });

  it('exits 3 naming a missing or unusable catalog, 2 on wrong arguments', async () => {
    const missing = await run(['catalog', 'diff', NRDL_CSV, 'nowhere.json']);
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('nowhere.json');

    await writeFile(path.join(dir, 'not-release.json'), JSON.stringify({ id: 'x', items: 3 }));
    const invalid = await run(['catalog', 'diff', 'not-release.json', NRDL_CSV]);
    expect(invalid.code).toBe(EXIT.input);
    expect(invalid.stderr).toContain('not-release.json is not a catalog release');
    expect(invalid.stderr).toContain('items');

    await writeFile(path.join(dir, 'broken.json'), '{"id": ');
    expect((await run(['catalog', 'diff', 'broken.json', NRDL_CSV])).code).toBe(EXIT.input);

    for (const argv of [
      ['catalog', 'diff', NRDL_CSV],
      ['catalog', 'diff', NRDL_CSV, NRDL_CSV, NRDL_CSV],
      ['catalog', 'diff', NRDL_CSV, NRDL_CSV, '--limit', '5'],
    ]) {
      expect((await run(argv)).code, argv.join(' ')).toBe(EXIT.usage);
    }
  });
});

describe('openpayer catalog show', () => {
  it('shows an EGFR-targeted drug by national code and name, the original text beside the structured restrictions', async () => {
    const { code, stdout, stderr } = await run([
      'catalog',
      'show',
      'XL01EBD350A001010100000',
      '--name',
      '达可替尼片',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^达可替尼片\n/u);
    expect(stdout).toContain('item id          XL01EB/达可替尼片');
    expect(stdout).toContain(
      'matched by       name within the classification of national code XL01EBD350A001010100000 — check it',
    );
    expect(stdout).toContain('class            B (乙类)');
    expect(stdout).toContain('classification   XL01EB 表皮生长因子受体(EGFR)酪氨酸激酶抑制剂');
    expect(stdout).toContain('negotiated       no');
    expect(stdout).toContain('validity         no agreement window');
    expect(stdout).toContain(
      `Restriction (限定支付范围), as published:\n  ${DACOMITINIB_REMARK}\n`,
    );
    expect(stdout).toContain('Structured restrictions (complete):');
    expect(stdout).toContain('- line of therapy 1 [nrdl: “一线治疗”]');
    expect(stdout).toContain('- evidence EGFR positive');
    expect(stdout).toContain('- diagnosis 非小细胞肺癌 → ICD-10 C34');
  });

  it('shows osimertinib by item id as JSON: its indications and the text they were read from', async () => {
    const { code, stdout } = await run(['catalog', 'show', 'XL01EB/甲磺酸奥希替尼片', '--json']);
    expect(code).toBe(EXIT.ok);
    const shown = JSON.parse(stdout) as {
      release: { id: string };
      matchedBy: string;
      item: CatalogItemWire;
    };
    expect(shown.release.id).toBe('nrdl-2024');
    expect(shown.matchedBy).toBe('id');
    expect(shown.item.restrictionText).toBe(remarkOf('甲磺酸奥希替尼片'));
    expect(shown.item.indications).toHaveLength(4);
    for (const indication of shown.item.indications)
      expect(indication.restrictions.map((r) => r.kind)).toContain('evidence');
  });

  it('shows a negotiated drug by its exact national code, with its agreement window and rule-base restrictions', async () => {
    const { code, stdout } = await run(['catalog', 'show', 'XL01EEQ180E001010178241']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^硫酸氢司美替尼胶囊\n/u);
    expect(stdout).toContain('matched by       national code XL01EEQ180E001010178241');
    expect(stdout).toContain('negotiated       yes');
    expect(stdout).toContain('payment standard * (negotiated, not disclosed)');
    expect(stdout).toContain(
      'validity         agreement window 2024-01-01 to 2025-12-31 (inclusive)',
    );
    expect(stdout).toContain('Rule-base restrictions by national code:\n  age at most 17 years');
  });

  it('shows an item from another catalog file', async () => {
    await writeFile(path.join(dir, 'modified.csv'), modifiedList());
    const { code, stdout } = await run([
      'catalog',
      'show',
      'XL01EB/达可替尼片',
      '--catalog',
      'modified.csv',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain(`  ${DACOMITINIB_CHANGED}\n`);
    expect(stdout).toContain('- line of therapy 2 or later');
  });

  it('exits 1 for a code the catalog does not list, naming its classification’s entries', async () => {
    const { code, stdout, stderr } = await run(['catalog', 'show', 'XL01EBD350A001010100000']);
    expect(code).toBe(EXIT.recordsWithErrors);
    expect(stdout).toBe('');
    expect(stderr).toContain('no item "XL01EBD350A001010100000" in nrdl-2024');
    expect(stderr).toContain('XL01EB lists');
    expect(stderr).toContain('达可替尼片');
    expect(stderr).toContain('--name');
    expect((await run(['catalog', 'show', 'XZ99/不存在的药', '--json'])).code).toBe(
      EXIT.recordsWithErrors,
    );
  });

  it('exits 3 for a missing --catalog file, 2 on wrong arguments', async () => {
    const missing = await run(['catalog', 'show', 'XL01EB/达可替尼片', '--catalog', 'gone.json']);
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('gone.json');
    for (const argv of [
      ['catalog', 'show'],
      ['catalog', 'show', 'a', 'b'],
      ['catalog', 'show', 'XL01EB/达可替尼片', '--verbose'],
    ]) {
      expect((await run(argv)).code, argv.join(' ')).toBe(EXIT.usage);
    }
  });
});

describe('openpayer catalog (usage)', () => {
  it('prints help for the group and each subcommand with exit 0', async () => {
    const group = await run(['catalog', '--help']);
    expect(group.code).toBe(EXIT.ok);
    for (const sub of ['import NRDL.csv', 'diff A B', 'show CODE', 'crosswalk RELEASE CROSSWALK'])
      expect(group.stdout).toContain(sub);
    expect((await run(['help', 'catalog'])).stdout).toBe(group.stdout);
    const help: Record<string, string> = {
      import: '--effective-from DATE',
      diff: '--json',
      show: '--catalog FILE',
      crosswalk: '--effective-from DATE',
    };
    for (const [sub, option] of Object.entries(help)) {
      const { code, stdout } = await run(['catalog', sub, '--help']);
      expect(code, sub).toBe(EXIT.ok);
      expect(stdout, sub).toContain(option);
      expect(stdout, sub).toContain('Exit codes:');
      expect(stdout, sub).toContain('Examples:');
    }
    expect((await run(['--help'])).stdout).toMatch(/catalog +import the national drug list/u);
  });

  it('imports with the unparsed-restriction setting given, and refuses an unknown one', async () => {
    const held = await run([
      'catalog',
      'import',
      NRDL_CSV,
      '--unparsed-restrictions',
      'hold',
      '--quiet',
      '--out',
      'held.json',
    ]);
    expect(held.code).toBe(EXIT.ok);
    const release = catalogReleaseSchema.parse(
      JSON.parse(await readFile(path.join(dir, 'held.json'), 'utf8')),
    );
    expect(release.unparsedRestrictions).toBe('hold');
    const bad = await run(['catalog', 'import', NRDL_CSV, '--unparsed-restrictions', 'pay']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('--unparsed-restrictions must be one of flag, hold, self_pay');
  });

  it('exits 2 without a subcommand or with an unknown one', async () => {
    const none = await run(['catalog']);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain('import, diff, show or crosswalk');
    const unknown = await run(['catalog', 'export', 'x.json']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain('unknown catalog subcommand "export"');
  });
});
