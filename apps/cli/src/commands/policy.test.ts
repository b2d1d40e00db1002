import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pricingPackageDir, readDemoPolicyText } from '@openpayer/pricing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-policy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[], stdin = '') => runCli(dir, argv, stdin);

interface CheckJson {
  file: string;
  valid: boolean;
  policy: { id: string; region: string; parameters: Record<string, number> } | null;
  issues: { code: string; severity: string; path: (string | number)[]; field: string }[];
}

const demoYaml = readDemoPolicyText();
const demoJsonPath = path.join(pricingPackageDir(), 'data', 'policies', 'demo-230100-2025.json');

/** The demo policy with one exact piece of text replaced (failing loudly if it is not there). */
function demoWith(find: string, replace: string): string {
  expect(demoYaml).toContain(find);
  return demoYaml.replace(find, replace);
}

describe('openpayer policy check', () => {
  it('accepts the shipped demo policy (YAML) and names it', async () => {
    await writeFile(path.join(dir, 'demo.yaml'), demoYaml);
    const { code, stdout, stderr } = await run(['policy', 'check', 'demo.yaml']);
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('demo.yaml: valid — policy demo-230100-2025.1');
    expect(stdout).toContain('region 230100, published 2024-12-15');
    expect(stdout).toContain('firstSelfPayRatio 1 · deductible 7 · reimbursement 6 · annualCap 2');
  });

  it('accepts the shipped demo policy as JSON, with --json output', async () => {
    const { code, stdout } = await run(['policy', 'check', demoJsonPath, '--json']);
    expect(code).toBe(EXIT.ok);
    const result = JSON.parse(stdout) as CheckJson;
    expect(result).toMatchObject({
      valid: true,
      issues: [],
      policy: { id: 'demo-230100-2025.1', region: '230100' },
    });
    expect(result.policy?.parameters['deductible']).toBe(7);
  });

  it('reports a negative ratio and a missing field, each with its path, and exits 1', async () => {
    const broken = demoWith(
      "      value: '0.1'\n      note: 乙类先行自付 10%",
      "      value: '-0.1'",
    ).replace(/^title: .*\n/mu, '');
    await writeFile(path.join(dir, 'broken.yaml'), broken);

    const text = await run(['policy', 'check', 'broken.yaml']);
    expect(text.code).toBe(EXIT.recordsWithErrors);
    expect(text.stdout).toMatch(/^broken\.yaml: 3 errors\n/u);
    expect(text.stdout).toMatch(/error +title +policy\.invalid/u);
    expect(text.stdout).toMatch(
      /error +parameters\.firstSelfPayRatio\[0\]\.value +policy\.invalid/u,
    );

    const json = await run(['policy', 'check', 'broken.yaml', '--json']);
    expect(json.code).toBe(EXIT.recordsWithErrors);
    const result = JSON.parse(json.stdout) as CheckJson;
    expect(result.valid).toBe(false);
    expect(result.policy).toBeNull();
    expect(result.issues.map((i) => [i.code, i.field]).sort()).toEqual([
      // The ratio breaks two rules: it is negative, and it is not within 0–1.
      ['policy.invalid', 'parameters.firstSelfPayRatio[0].value'],
      ['policy.invalid', 'parameters.firstSelfPayRatio[0].value'],
      ['policy.invalid', 'title'],
    ]);
    expect(text.stdout).toContain('must be between 0 and 1');
    expect(result.issues.find((i) => i.field === 'title')?.path).toEqual(['title']);
  });

  it('reports a kind of claim left without a required parameter', async () => {
    const broken = demoWith(
      "    - from: 2025-01-01\n      key:\n        insuranceType: resident\n      value: '200000.00'\n",
      '',
    );
    await writeFile(path.join(dir, 'no-resident-cap.yaml'), broken);
    const { code, stdout } = await run(['policy', 'check', 'no-resident-cap.yaml', '--json']);
    expect(code).toBe(EXIT.recordsWithErrors);
    const result = JSON.parse(stdout) as CheckJson;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      code: 'policy.parameter_missing',
      path: ['parameters', 'annualCap'],
      field: 'parameters.annualCap',
    });
  });

  it('reports YAML that cannot be read as a syntax issue with its line', async () => {
    const broken = demoWith('rounding:\n  scale: 2', 'rounding:\n  scale: [2\n bad: }');
    await writeFile(path.join(dir, 'bad.yaml'), broken);
    const { code, stdout } = await run(['policy', 'check', 'bad.yaml', '--json']);
    expect(code).toBe(EXIT.recordsWithErrors);
    const result = JSON.parse(stdout) as CheckJson;
    expect(result.valid).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.code).toBe('policy.syntax');
    expect(result.issues[0]?.field).toMatch(/^line \d+, column \d+$/u);

    const text = await run(['policy', 'check', 'bad.yaml']);
    expect(text.code).toBe(EXIT.recordsWithErrors);
    expect(text.stdout).toMatch(
      /^bad\.yaml: 1 error\n {2}error +line \d+, column \d+ +policy\.syntax/u,
    );
  });

  /** 1-based line of the first occurrence of `needle` in `text`. */
  const lineOf = (text: string, needle: string) =>
    text.slice(0, text.indexOf(needle)).split('\n').length;

  it.each([
    [
      "upTo: null\n          ratio: '0.9'",
      "upTo: '0'\n          ratio: '0.9'",
      "upTo: '0'",
      'value[1].upTo',
    ],
    [
      "upTo: null\n          ratio: '0.9'",
      "upTo: 'abc'\n          ratio: '0.9'",
      "upTo: 'abc'",
      'value[1].upTo',
    ],
    ["ratio: '0.85'", "ratio: '0,85'", "ratio: '0,85'", 'value[0].ratio'],
    ["ratio: '0.85'", "ratio: 'abc'", "ratio: 'abc'", 'value[0].ratio'],
  ])(
    'names the file, line and field of a malformed amount or ratio (%#), and exits 1',
    async (find, replace, written, field) => {
      const broken = demoWith(find, replace);
      await writeFile(path.join(dir, 'malformed.yaml'), broken);
      const line = lineOf(broken, written);
      const text = await run(['policy', 'check', 'malformed.yaml']);
      expect(text.stderr).toBe('');
      expect(text.code).toBe(EXIT.recordsWithErrors);
      expect(text.stdout).toMatch(/^malformed\.yaml: 1 error\n/u);
      expect(text.stdout).toContain(
        `parameters.reimbursement[0].${field}  policy.invalid  malformed.yaml:${line}:`,
      );

      const json = await run(['policy', 'check', 'malformed.yaml', '--json']);
      expect(json.code).toBe(EXIT.recordsWithErrors);
      const result = JSON.parse(json.stdout) as CheckJson;
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: 'policy.invalid',
          field: `parameters.reimbursement[0].${field}`,
          line,
          column: expect.any(Number) as number,
        }),
      ]);
    },
  );

  it('settle --policy refuses a malformed policy with exit 3, naming the file, line and field', async () => {
    const broken = demoWith("ratio: '0.85'", "ratio: '0,85'");
    await writeFile(path.join(dir, 'malformed-ratio.yaml'), broken);
    await writeFile(path.join(dir, 'claims.ndjson'), '{}\n');
    const catalog = path.join(pricingPackageDir(), '../catalog/data/nrdl-2024/nrdl_2024.csv');
    const { code, stderr } = await run([
      'settle',
      'claims.ndjson',
      '--policy',
      'malformed-ratio.yaml',
      '--catalog',
      catalog,
      '--quiet',
    ]);
    expect(code).toBe(EXIT.input);
    expect(stderr).toContain('malformed-ratio.yaml');
    expect(stderr).toContain('parameters.reimbursement.0.value.0.ratio');
    expect(stderr).toContain(`(line ${lineOf(broken, "ratio: '0,85'")})`);
  });

  it('lists at most 100 issues and counts the rest, for 3,000 copies of one entry', async () => {
    const policy = JSON.parse(await readFile(demoJsonPath, 'utf8')) as {
      parameters: { annualCap: unknown[] };
    };
    policy.parameters.annualCap = Array.from(
      { length: 3000 },
      () => policy.parameters.annualCap[0],
    );
    await writeFile(path.join(dir, 'copies.json'), JSON.stringify(policy));
    const { code, stdout } = await run(['policy', 'check', 'copies.json', '--json']);
    expect(code).toBe(EXIT.recordsWithErrors);
    const result = JSON.parse(stdout) as CheckJson;
    expect(result.issues).toHaveLength(101);
    expect(result.issues[100]).toMatchObject({ code: 'policy.more_issues', line: null });
    expect(stdout.length).toBeLessThan(100_000);
  });

  it('reads standard input with -, choosing JSON or YAML by content', async () => {
    const json = await readFile(demoJsonPath, 'utf8');
    const { code, stdout } = await run(['policy', 'check', '-'], json);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('-: valid — policy demo-230100-2025.1');
    const yaml = await run(['policy', 'check', '-', '--format', 'yaml'], demoYaml);
    expect(yaml.code).toBe(EXIT.ok);
  });

  it('exits 3 naming a file that does not exist', async () => {
    const { code, stdout, stderr } = await run(['policy', 'check', 'nowhere/policy.yaml']);
    expect(code).toBe(EXIT.input);
    expect(stderr).toContain('nowhere/policy.yaml');
    expect(stdout).toBe('');
  });

  it('exits 2 on usage errors: no or unknown subcommand, wrong arguments, unknown option', async () => {
    for (const argv of [
      ['policy'],
      ['policy', 'lint', 'demo.yaml'],
      ['policy', 'check'],
      ['policy', 'check', 'a.yaml', 'b.yaml'],
      ['policy', 'check', 'demo.yaml', '--strict'],
      ['policy', 'check', 'demo.yaml', '--format', 'xml'],
    ]) {
      const { code, stderr } = await run(argv);
      expect(code, argv.join(' ')).toBe(EXIT.usage);
      expect(stderr, argv.join(' ')).toMatch(/^openpayer: /u);
    }
  });

  it('prints help with the options, output and exit codes', async () => {
    const group = await run(['policy', '--help']);
    expect(group.code).toBe(EXIT.ok);
    expect(group.stdout).toContain('check FILE');
    const check = await run(['policy', 'check', '--help']);
    expect(check.code).toBe(EXIT.ok);
    expect(check.stdout).toContain('--format auto|json|yaml');
    expect(check.stdout).toContain('Exit codes: 0 valid · 1 the document has errors');
    const viaMain = await run(['help', 'policy']);
    expect(viaMain.stdout).toBe(group.stdout);
    const top = await run(['--help']);
    expect(top.stdout).toMatch(/policy +check a benefit-design policy/u);
  });
});
