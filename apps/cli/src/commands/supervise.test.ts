import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoClaimWire, lineAmount } from '@openpayer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/cli.ts';
import { EXIT } from '../main.ts';
import {
  type SuperviseFindingLine,
  superviseErrorLineSchema,
  superviseFindingLineSchema,
  superviseLineSchema,
} from '../supervise/output.ts';
import { checkpointPathOf, checkpointSchema } from '../supervise/checkpoint.ts';

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repo = path.resolve(cliRoot, '../..');
const DEMO_RULES = path.join(repo, 'packages/supervision/data/demo-rules-230100.json');
/** The shipped 2024 national drug list (NRDL), as settle's tests and bench use it. */
const CATALOG = path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-supervise-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[], stdin = '') => runCli(dir, argv, stdin);
const file = (name: string) => path.join(dir, name);

// Real drugs of the NRDL 2024 (the class code and the name as the list gives them).
/** 达可替尼片: an EGFR tyrosine-kinase inhibitor (class XL01EB), first line NSCLC. */
const DACOMITINIB = { code: 'XL01EBD999A001010100001', name: '达可替尼片' };
/** 氨氯地平: class A, a common antihypertensive. */
const AMLODIPINE = { code: 'XC08CXA001A001010100001', name: '氨氯地平' };

type Json = Record<string, unknown>;

function drugLine(
  id: string,
  item: { code: string; name: string },
  date: string,
  unitPrice: string,
  quantity = '1',
): Json {
  return {
    id,
    kind: 'drug',
    code: item.code,
    name: item.name,
    quantity,
    unitPrice,
    amount: lineAmount(quantity, unitPrice),
    date,
  };
}

/** An outpatient visit of `person` on `date` at the demo tertiary hospital. */
function visit(
  id: string,
  person: string,
  date: string,
  lines: readonly Json[],
  parts: Json = {},
): string {
  return JSON.stringify(
    demoClaimWire({
      id,
      type: 'outpatient',
      person: { id: person },
      admissionDate: date,
      dischargeDate: null,
      attendingPrescriber: { id: 'D-0101', title: 'associate_chief' },
      lines,
      ...parts,
    }),
  );
}

/** A rule set of one rule: an item at most once within 30 days (限定周期), as data. */
const ONCE_A_MONTH = {
  id: 'test-once-a-month-2025',
  title: '测试：氨氯地平 30 日内限 1 次',
  region: '230100',
  publishedOn: '2025-01-01',
  rules: [
    {
      code: 'TEST-TPW-001',
      name: '氨氯地平 30 日内限 1 次',
      category: 'medical',
      stages: ['post_payment'],
      resultType: 'suspicious',
      severity: 'medium',
      action: 'warn',
      window: { kind: 'days', days: 30 },
      from: '2025-01-01',
      check: { kind: 'times_per_window', items: ['XC08CXA001'], maxTimes: '1' },
    },
  ],
};

/**
 * Claims of several people through the year, in input order: EGFR drugs without a test result
 * (DEMO-BIO-001), the same drug twice within 30 days for some people and not for others.
 */
function claimsText(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const person = `P-${String(i % 7).padStart(4, '0')}`;
    const month = String(1 + Math.floor((i / count) * 12)).padStart(2, '0');
    const day = String(1 + (i % 3) * 9).padStart(2, '0');
    const date = `2025-${month}-${day}`;
    const drugs =
      i % 5 === 0
        ? [drugLine('L1', DACOMITINIB, date, '150.00', '30')]
        : [drugLine('L1', AMLODIPINE, date, '1.20', '1')];
    lines.push(visit(`C-${String(i).padStart(5, '0')}`, person, date, drugs));
  }
  return `${lines.join('\n')}\n`;
}

const findingLines = (text: string): SuperviseFindingLine[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => superviseFindingLineSchema.parse(JSON.parse(l)));

const superviseArgs = (input: string, ...more: string[]) => [
  'supervise',
  input,
  '--rules',
  DEMO_RULES,
  '--rules',
  file('once-a-month.json'),
  '--catalog',
  CATALOG,
  '--quiet',
  ...more,
];

describe('openpayer supervise', () => {
  beforeAll(async () => {
    await writeFile(file('once-a-month.json'), JSON.stringify(ONCE_A_MONTH));
    await writeFile(file('claims.ndjson'), claimsText(120));
  });

  it('finds a targeted drug without its biomarker (DEMO-BIO-001), and not with a positive test', async () => {
    const date = '2025-04-10';
    const egfr = {
      kind: 'biomarker',
      test: 'EGFR',
      result: 'positive',
      variant: '19号外显子缺失',
      date: '2025-03-28',
    };
    await writeFile(
      file('bio.ndjson'),
      [
        visit('C-BIO-1', 'P-BIO-1', date, [drugLine('L1', DACOMITINIB, date, '150.00', '30')]),
        visit('C-BIO-2', 'P-BIO-2', date, [drugLine('L1', DACOMITINIB, date, '150.00', '30')], {
          evidence: [egfr],
        }),
      ].join('\n'),
    );
    const result = await run(superviseArgs(file('bio.ndjson'), '--workers', '1'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT.ok);
    const findings = findingLines(result.stdout);
    const bio = findings.filter((f) => f.finding.rule.code === 'DEMO-BIO-001');
    expect(bio).toHaveLength(1);
    expect(bio[0]).toMatchObject({
      claimId: 'C-BIO-1',
      institution: 'H23010300012',
      personId: 'P-BIO-1',
      lineIds: ['L1'],
      finding: {
        rule: { ruleSet: 'demo-rules-230100-2025', code: 'DEMO-BIO-001' },
        stage: 'post_payment',
        action: 'hold',
        lineIds: ['L1'],
        evidence: { found: [] },
      },
    });
  });

  it("reads the same person's earlier claims: the second dose within 30 days is found, across claims", async () => {
    await writeFile(
      file('twice.ndjson'),
      [
        visit('C-A1', 'P-A', '2025-03-01', [drugLine('L1', AMLODIPINE, '2025-03-01', '1.20')]),
        // Another person on the same days: their own history only.
        visit('C-B1', 'P-B', '2025-03-05', [drugLine('L1', AMLODIPINE, '2025-03-05', '1.20')]),
        visit('C-A2', 'P-A', '2025-03-20', [drugLine('L1', AMLODIPINE, '2025-03-20', '1.20')]),
        // 45 days after the first and 26 after the second: the second is still in the window.
        visit('C-A3', 'P-A', '2025-04-15', [drugLine('L1', AMLODIPINE, '2025-04-15', '1.20')]),
        // 62 days after the last: outside every window.
        visit('C-A4', 'P-A', '2025-06-16', [drugLine('L1', AMLODIPINE, '2025-06-16', '1.20')]),
      ].join('\n'),
    );
    const result = await run(superviseArgs(file('twice.ndjson'), '--workers', '2'));
    expect(result.code).toBe(EXIT.ok);
    const repeated = findingLines(result.stdout).filter(
      (f) => f.finding.rule.code === 'TEST-TPW-001',
    );
    expect(repeated.map((f) => f.claimId)).toEqual(['C-A2', 'C-A3']);
    expect(repeated[0]?.finding.evidence).toMatchObject({
      count: '2',
      maxTimes: '1',
      windowFrom: '2025-02-19',
      windowTo: '2025-03-20',
    });
    expect(JSON.stringify(repeated[0]?.finding.evidence)).toContain('C-A1');
  });

  it('writes the same bytes with 1 and 3 workers, and a summary by rule and action', async () => {
    const one = await run(
      superviseArgs(file('claims.ndjson'), '--workers', '1', '-o', 'one.ndjson'),
    );
    const three = await run(
      superviseArgs(
        file('claims.ndjson'),
        '--workers',
        '3',
        '-o',
        'three.ndjson',
        '--summary',
        'summary.json',
      ),
    );
    expect([one.code, three.code]).toEqual([EXIT.ok, EXIT.ok]);
    const a = await readFile(file('one.ndjson'), 'utf8');
    const b = await readFile(file('three.ndjson'), 'utf8');
    expect(b).toBe(a);
    const findings = findingLines(a);
    const codes = new Set(findings.map((f) => f.finding.rule.code));
    expect(codes).toContain('DEMO-BIO-001');
    expect(codes).toContain('TEST-TPW-001');
    // In input order: claim ids never go back.
    const ids = findings.map((f) => f.claimId);
    expect([...ids].sort()).toEqual(ids);
    const summary = JSON.parse(await readFile(file('summary.json'), 'utf8')) as {
      claims: number;
      findings: number;
      byRule: { code: string; action: string; findings: number }[];
    };
    expect(summary.claims).toBe(120);
    expect(summary.findings).toBe(findings.length);
    const bio = findings.filter((f) => f.finding.rule.code === 'DEMO-BIO-001').length;
    expect(summary.byRule).toContainEqual({ code: 'DEMO-BIO-001', action: 'hold', findings: bio });
  });

  it('resumes an interrupted run: the findings of the claims done are kept, the rest written once', async () => {
    const full = await run(
      superviseArgs(file('claims.ndjson'), '--workers', '2', '-o', 'full.ndjson'),
    );
    expect(full.code).toBe(EXIT.ok);
    const expected = await readFile(file('full.ndjson'), 'utf8');

    // A run over the first 50 claims is the state of a run killed after them: its checkpoint
    // says 50 claims are done. Then a partly written line, as a kill in the middle of a write.
    const text = await readFile(file('claims.ndjson'), 'utf8');
    await writeFile(file('first.ndjson'), `${text.split('\n').slice(0, 50).join('\n')}\n`);
    const partial = await run(
      superviseArgs(file('first.ndjson'), '--workers', '3', '-o', 'resumed.ndjson'),
    );
    expect(partial.code).toBe(EXIT.ok);
    const checkpoint = checkpointSchema.parse(
      JSON.parse(await readFile(checkpointPathOf(file('resumed.ndjson')), 'utf8')),
    );
    expect(checkpoint.claims).toBe(50);
    await appendFile(file('resumed.ndjson'), '{"claimId":"C-00050","instit');

    const resumed = await run(
      superviseArgs(file('claims.ndjson'), '--workers', '1', '-o', 'resumed.ndjson', '--resume'),
    );
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(EXIT.ok);
    // The later claims saw the history of the first 50 (the same person's doses within 30 days).
    expect(await readFile(file('resumed.ndjson'), 'utf8')).toBe(expected);

    // Resuming a complete output adds nothing.
    const again = await run(
      superviseArgs(
        file('claims.ndjson'),
        '-o',
        'resumed.ndjson',
        '--resume',
        '--summary',
        'again.json',
      ),
    );
    expect(again.code).toBe(EXIT.ok);
    expect(await readFile(file('resumed.ndjson'), 'utf8')).toBe(expected);
    expect(JSON.parse(await readFile(file('again.json'), 'utf8'))).toMatchObject({
      claims: 120,
      resumedAfter: 120,
    });
  });

  it('refuses to resume with other rules (exit 2) or an edited output (exit 3)', async () => {
    const made = await run(superviseArgs(file('claims.ndjson'), '-o', 'kept.ndjson'));
    expect(made.code).toBe(EXIT.ok);
    const other = await run([
      'supervise',
      file('claims.ndjson'),
      '--rules',
      DEMO_RULES,
      '--catalog',
      CATALOG,
      '--quiet',
      '-o',
      'kept.ndjson',
      '--resume',
    ]);
    expect(other.code).toBe(EXIT.usage);
    expect(other.stderr).toContain('resume with the --rules and --catalog it was made with');

    const text = await readFile(file('kept.ndjson'), 'utf8');
    await writeFile(file('kept.ndjson'), text.replace('"hold"', '"warn"'));
    const edited = await run(superviseArgs(file('claims.ndjson'), '-o', 'kept.ndjson', '--resume'));
    expect(edited.code).toBe(EXIT.input);
    expect(edited.stderr).toContain('was changed after it was written');
  });

  it('leaves an existing output and its checkpoint alone when the catalog is bad', async () => {
    const made = await run(superviseArgs(file('claims.ndjson'), '-o', 'survives.ndjson'));
    expect(made.code).toBe(EXIT.ok);
    const before = await readFile(file('survives.ndjson'));
    const checkpointBefore = await readFile(checkpointPathOf(file('survives.ndjson')));
    expect(before.length).toBeGreaterThan(0);
    await writeFile(file('bad-catalog.json'), '{"release": ');
    for (const more of [[], ['--resume']]) {
      const result = await run([
        'supervise',
        file('claims.ndjson'),
        '--rules',
        DEMO_RULES,
        '--catalog',
        file('bad-catalog.json'),
        '--quiet',
        '-o',
        'survives.ndjson',
        ...more,
      ]);
      expect(result.code, more.join(' ')).toBe(EXIT.input);
      expect(result.stderr).toContain('bad-catalog.json');
      expect(await readFile(file('survives.ndjson'))).toEqual(before);
      expect(await readFile(checkpointPathOf(file('survives.ndjson')))).toEqual(checkpointBefore);
    }
  });

  it('writes an error line for a line that is not a valid claim, and goes on (exit 1)', async () => {
    const good = visit('C-OK', 'P-OK', '2025-04-10', [
      drugLine('L1', DACOMITINIB, '2025-04-10', '150.00', '30'),
    ]);
    const noTotal = JSON.parse(good) as Json;
    delete noTotal['totalAmount'];
    await writeFile(file('bad.ndjson'), ['{not json', JSON.stringify(noTotal), good].join('\n'));
    const result = await run(superviseArgs(file('bad.ndjson'), '--workers', '2'));
    expect(result.code).toBe(EXIT.recordsWithErrors);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => superviseLineSchema.parse(JSON.parse(l)));
    const errors = lines.filter((l) => 'issues' in l).map((l) => superviseErrorLineSchema.parse(l));
    expect(errors.map((e) => [e.line, e.issues[0]?.code])).toEqual([
      [1, 'input.malformed_json'],
      [2, expect.stringMatching(/^schema\./u)],
    ]);
    expect(errors[1]?.issues[0]?.path).toEqual(['totalAmount']);
    expect(lines.some((l) => 'finding' in l && l.claimId === 'C-OK')).toBe(true);
  });

  it('refuses a rules file that is not a valid rule set, naming the field (exit 3)', async () => {
    const bad = structuredClone(ONCE_A_MONTH);
    (bad.rules[0] as Json)['window'] = { kind: 'days', days: 0 };
    (bad.rules[0] as Json)['action'] = 'fine';
    await writeFile(file('bad-rules.json'), JSON.stringify(bad));
    const result = await run([
      'supervise',
      file('claims.ndjson'),
      '--rules',
      file('bad-rules.json'),
      '--catalog',
      CATALOG,
      '--quiet',
    ]);
    expect(result.code).toBe(EXIT.input);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('rule_set.invalid');
    expect(result.stderr).toContain('rules.0.window.days');
    expect(result.stderr).toContain('rules.0.action');

    await writeFile(file('not-json.json'), '{"id": ');
    const notJson = await run([
      'supervise',
      file('claims.ndjson'),
      '--rules',
      file('not-json.json'),
    ]);
    expect(notJson.code).toBe(EXIT.input);
    expect(notJson.stderr).toContain('are not JSON');

    const missing = await run([
      'supervise',
      file('claims.ndjson'),
      '--rules',
      file('nowhere.json'),
    ]);
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('no such file');
    expect(existsSync(file('nowhere.json'))).toBe(false);

    const none = await run(['supervise', file('claims.ndjson')]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain('--rules');
  });
});
