import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClaimWire, validateClaim } from '@openpayer/domain';
import { emptyAccumulators, settle } from '@openpayer/pricing';
import { claimWith } from '@openpayer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';
import { claimsAsCsv } from '../__fixtures__/csv.ts';
import { claimsFile } from '../__fixtures__/claims.ts';
import { loadCatalogFile, loadPolicyFile } from '../settle/engine.ts';

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repo = path.resolve(cliRoot, '../..');
const POLICY = path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml');
const CATALOG = path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-settle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[], stdin = '') => runCli(dir, argv, stdin);

/**
 * One worker unless a test says otherwise (a later `--workers` wins): each worker loads the
 * sources and the catalog, and the worker count is the subject of its own tests.
 */
const settleArgs = (input: string, ...more: string[]) => [
  'settle',
  input,
  '--policy',
  POLICY,
  '--catalog',
  CATALOG,
  '--quiet',
  '--workers',
  '1',
  ...more,
];

interface Result {
  record: number;
  line: number;
  ok: boolean;
  personId?: string;
  payers?: Record<string, string>;
  accumulators?: Record<string, string | number>;
  issues: { code: string; path: (string | number)[] }[];
}

const parse = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Result);

/** A result without what depends on its place in the file (its numbers, and its own digest). */
const placeless = (r: Result) => {
  const { check: _check, ...rest } = r as Result & { check?: string };
  return { ...rest, record: 0, line: 0 };
};

describe('openpayer settle', () => {
  it('settles each claim in order, carries each person’s accumulators, and reports bad lines by number', async () => {
    const good = claimsFile(4, 2).trim().split('\n');
    const input = [good[0], '{"id": "C-X", ', good[1], '', good[2], '{"id":"C-Y"}', good[3]].join(
      '\n',
    );
    await writeFile(path.join(dir, 'small.ndjson'), input);
    const { code, stdout, stderr } = await run([
      'settle',
      'small.ndjson',
      '--policy',
      POLICY,
      '--catalog',
      CATALOG,
      '--workers',
      '2',
    ]);
    expect(code).toBe(EXIT.recordsWithErrors);
    const results = parse(stdout);
    expect(results.map((r) => [r.record, r.line, r.ok])).toEqual([
      [1, 1, true],
      [2, 2, false],
      [3, 3, true],
      [4, 5, true],
      [5, 6, false],
      [6, 7, true],
    ]);
    expect(results[1]?.issues[0]?.code).toBe('input.malformed_json');
    expect(results[4]?.issues.map((i) => i.path[0])).toContain('type');
    // P-00000 is admitted twice: the second claim sees the first one's accumulators.
    const [first, , , second] = results;
    expect(first?.personId).toBe('P-00000');
    expect(second?.personId).toBe('P-00000');
    expect(first?.accumulators?.['admissions']).toBe(1);
    expect(second?.accumulators?.['admissions']).toBe(2);
    expect(second?.payers?.['basic_fund']).not.toBe(first?.payers?.['basic_fund']);
    for (const r of results.filter((x) => x.ok)) {
      const sum = Object.values(r.payers ?? {}).reduce(
        (s, v) => s + BigInt(v.replace('.', '')),
        0n,
      );
      expect(sum).toBe(158250n);
    }
    expect(stderr).toContain('settled 4 of 6 claims (2 with errors), 12 lines');
    expect(stderr).toMatch(/basic_fund\s+\d+\.\d{2}/u);
    expect(stderr).toMatch(/input\.malformed_json\s+1/u);
  });

  it('gives byte-identical output and totals with 1 and 3 workers', async () => {
    await writeFile(path.join(dir, 'many.ndjson'), claimsFile(3000, 400));
    const one = await run([...settleArgs('many.ndjson', '--out', 'one.ndjson'), '--workers', '1']);
    const three = await run([
      ...settleArgs('many.ndjson', '--out', 'three.ndjson'),
      '--workers',
      '3',
      '--accumulators-out',
      'acc3.ndjson',
    ]);
    expect(one.code).toBe(EXIT.ok);
    expect(three.code).toBe(EXIT.ok);
    const a = await readFile(path.join(dir, 'one.ndjson'), 'utf8');
    const b = await readFile(path.join(dir, 'three.ndjson'), 'utf8');
    expect(a.split('\n')).toHaveLength(3001);
    expect(b).toBe(a);
    // Every person's accumulators after the batch: one per person, sorted, 7 or 8 admissions.
    const accumulators = (await readFile(path.join(dir, 'acc3.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { personId: string; admissions: number });
    expect(accumulators).toHaveLength(400);
    expect(accumulators.map((x) => x.personId)).toEqual(
      [...accumulators.map((x) => x.personId)].sort(),
    );
    expect(accumulators.reduce((s, x) => s + x.admissions, 0)).toBe(3000);
  });

  it('continues from --accumulators exactly as one long batch would', async () => {
    const all = claimsFile(200, 30).trim().split('\n');
    await writeFile(path.join(dir, 'all.ndjson'), `${all.join('\n')}\n`);
    await writeFile(path.join(dir, 'h1.ndjson'), `${all.slice(0, 120).join('\n')}\n`);
    await writeFile(path.join(dir, 'h2.ndjson'), `${all.slice(120).join('\n')}\n`);
    await run(settleArgs('all.ndjson', '--out', 'all-out.ndjson'));
    await run(settleArgs('h1.ndjson', '--out', 'h1-out.ndjson', '--accumulators-out', 'h1.acc'));
    await run(settleArgs('h2.ndjson', '--out', 'h2-out.ndjson', '--accumulators', 'h1.acc'));
    const whole = parse(await readFile(path.join(dir, 'all-out.ndjson'), 'utf8')).slice(120);
    const second = parse(await readFile(path.join(dir, 'h2-out.ndjson'), 'utf8'));
    expect(second.map(placeless)).toEqual(whole.map(placeless));
  });

  it('resumes a batch killed with SIGKILL: every claim settled exactly once, the same bytes as an uninterrupted run', async () => {
    await writeFile(path.join(dir, 'big.ndjson'), claimsFile(12_000, 1000));
    const reference = await run(settleArgs('big.ndjson', '--out', 'reference.ndjson'));
    expect(reference.code).toBe(EXIT.ok);
    const full = await readFile(path.join(dir, 'reference.ndjson'), 'utf8');

    // A real process, killed without warning once it has written part of its output.
    const out = path.join(dir, 'killed.ndjson');
    const child = spawn(
      process.execPath,
      [
        path.join(cliRoot, 'bin/openpayer.mjs'),
        ...settleArgs('big.ndjson', '--out', out, '--workers', '2'),
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => {
        resolve(signal);
      }),
    );
    const deadline = Date.now() + 60_000;
    // Killed a fifth of the way through (the output grows in batches of whole lines).
    while (Date.now() < deadline && (!existsSync(out) || statSync(out).size < full.length / 5)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const partial = await readFile(out, 'utf8');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(full.length);

    const resumed = await run([...settleArgs('big.ndjson', '--out', out), '--resume']);
    expect(resumed.code).toBe(EXIT.ok);
    const after = await readFile(out, 'utf8');
    expect(after).toBe(full);
    const records = parse(after).map((r) => r.record);
    expect(records).toHaveLength(12_000);
    expect(records.every((r, i) => r === i + 1)).toBe(true);

    // Resuming a finished output settles nothing more.
    const again = await run([
      'settle',
      'big.ndjson',
      '--policy',
      POLICY,
      '--catalog',
      CATALOG,
      '--out',
      out,
      '--resume',
      '--workers',
      '1',
    ]);
    expect(again.stderr).toContain('resumed after 12,000');
    expect(await readFile(out, 'utf8')).toBe(full);
  }, 240_000);

  it('refuses to resume an output whose payer amount was damaged, naming the line and the field', async () => {
    await writeFile(path.join(dir, 'few.ndjson'), claimsFile(3, 3));
    await run(settleArgs('few.ndjson', '--out', 'few-out.ndjson'));
    const [first = '', ...rest] = (await readFile(path.join(dir, 'few-out.ndjson'), 'utf8')).split(
      '\n',
    );
    const damaged = first.replace(/"patient":"[^"]*"/u, '"patient":"12.3"');
    expect(damaged).not.toBe(first);
    await writeFile(path.join(dir, 'few-out.ndjson'), [damaged, ...rest].join('\n'));
    const resumed = await run([...settleArgs('few.ndjson', '--out', 'few-out.ndjson'), '--resume']);
    expect(resumed.code).toBe(EXIT.input);
    expect(resumed.stderr).toContain(
      'cannot resume: line 1 of ' +
        `${path.join(dir, 'few-out.ndjson')}: payers.patient: "12.3" is not an amount such as "12.30"`,
    );
  });

  it('refuses to resume an output made from other claims, naming the first result that differs and its input line', async () => {
    const claims = claimsFile(4, 4).trim().split('\n');
    await writeFile(path.join(dir, 'mine.ndjson'), `${claims.join('\n')}\n`);
    await run(settleArgs('mine.ndjson', '--out', 'mine-out.ndjson'));
    const whole = await readFile(path.join(dir, 'mine-out.ndjson'), 'utf8');
    // Interrupted after three results; then resumed with another file whose second claim differs.
    const partial = `${whole.split('\n').slice(0, 3).join('\n')}\n`;
    await writeFile(path.join(dir, 'mine-out.ndjson'), partial);
    const other = [...claims];
    other[1] = (other[1] ?? '').replace('"C-0000001"', '"C-0000001-B"');
    // A blank line first: the input line named is the claim's line, not its record number.
    await writeFile(path.join(dir, 'theirs.ndjson'), `\n${other.join('\n')}\n`);
    const resumed = await run([
      ...settleArgs('theirs.ndjson', '--out', 'mine-out.ndjson'),
      '--resume',
    ]);
    expect(resumed.code).toBe(EXIT.usage);
    expect(resumed.stderr).toContain(
      `cannot resume: line 2 of ${path.join(dir, 'mine-out.ndjson')} was not settled from line 3 of ${path.join(dir, 'theirs.ndjson')}`,
    );
    expect(await readFile(path.join(dir, 'mine-out.ndjson'), 'utf8')).toBe(partial);

    // Fewer claims than kept results: made from other claims too.
    await writeFile(path.join(dir, 'short.ndjson'), `${claims.slice(0, 2).join('\n')}\n`);
    const short = await run([
      ...settleArgs('short.ndjson', '--out', 'mine-out.ndjson'),
      '--resume',
    ]);
    expect(short.code).toBe(EXIT.usage);
    expect(short.stderr).toContain('holds 3 results, but');
    expect(short.stderr).toContain('has only 2 claims');

    // The right file resumes to the uninterrupted bytes.
    const right = await run([...settleArgs('mine.ndjson', '--out', 'mine-out.ndjson'), '--resume']);
    expect(right.code).toBe(EXIT.ok);
    expect(await readFile(path.join(dir, 'mine-out.ndjson'), 'utf8')).toBe(whole);
  });

  it('refuses to resume an output with a plausibly edited amount, or one settled with another policy or --explain', async () => {
    await writeFile(path.join(dir, 'edit.ndjson'), claimsFile(3, 3));
    await run(settleArgs('edit.ndjson', '--out', 'edit-out.ndjson'));
    const whole = await readFile(path.join(dir, 'edit-out.ndjson'), 'utf8');
    const [first = '', ...rest] = whole.split('\n');
    // A well-formed amount, only not the one that was computed.
    const edited = first.replace(
      /"patient":"(\d+)\.(\d\d)"/u,
      (_m, yuan: string, fen: string) => `"patient":"${String(Number(yuan) + 1)}.${fen}"`,
    );
    expect(edited).not.toBe(first);
    await writeFile(path.join(dir, 'edit-out.ndjson'), [edited, ...rest].join('\n'));
    const resumed = await run([
      ...settleArgs('edit.ndjson', '--out', 'edit-out.ndjson'),
      '--resume',
    ]);
    expect(resumed.code).toBe(EXIT.input);
    expect(resumed.stderr).toContain(
      `cannot resume: line 1 of ${path.join(dir, 'edit-out.ndjson')} was changed after it was written`,
    );

    // Untouched, but the policy given now is another one.
    await writeFile(path.join(dir, 'edit-out.ndjson'), whole);
    const policy = await readFile(POLICY, 'utf8');
    const renamed = policy.replace(/^id: (\S+)$/mu, 'id: $1-other');
    expect(renamed).not.toBe(policy);
    await writeFile(path.join(dir, 'other-policy.yaml'), renamed);
    const otherPolicy = await run([
      'settle',
      'edit.ndjson',
      '--policy',
      'other-policy.yaml',
      '--catalog',
      CATALOG,
      '--quiet',
      '--out',
      'edit-out.ndjson',
      '--resume',
    ]);
    expect(otherPolicy.code).toBe(EXIT.usage);
    expect(otherPolicy.stderr).toMatch(
      /was settled with policy \S+ and catalog \S+, not policy \S+-other/u,
    );

    const explain = await run([
      ...settleArgs('edit.ndjson', '--out', 'edit-out.ndjson'),
      '--resume',
      '--explain',
    ]);
    expect(explain.code).toBe(EXIT.usage);
    expect(explain.stderr).toContain('was written without --explain');
    expect(await readFile(path.join(dir, 'edit-out.ndjson'), 'utf8')).toBe(whole);
  });

  it('seals every result line with the digest of its claim and of itself', async () => {
    await writeFile(path.join(dir, 'sealed.ndjson'), claimsFile(2, 2));
    const { stdout } = await run(settleArgs('sealed.ndjson'));
    const claims = (await readFile(path.join(dir, 'sealed.ndjson'), 'utf8')).trim().split('\n');
    for (const [i, line] of stdout.trim().split('\n').entries()) {
      const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
      const match = /,"input":"([0-9a-f]{16})","check":"([0-9a-f]{16})"\}$/u.exec(line);
      expect(match?.[1]).toBe(sha(claims[i] ?? ''));
      expect(match?.[2]).toBe(sha(`${line.slice(0, line.lastIndexOf(',"check":'))}}`));
    }
  });

  it('settles CSV claims (one row per claim line) exactly as the same claims in NDJSON', async () => {
    const claims = claimsFile(6, 3)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ClaimWire);
    const { rows, plain } = claimsAsCsv(claims);
    await writeFile(path.join(dir, 'claims.csv'), `${rows.join('\r\n')}\r\n`);
    await writeFile(path.join(dir, 'plain.ndjson'), plain.map((c) => JSON.stringify(c)).join('\n'));
    const fromCsv = await run(settleArgs('claims.csv'));
    const fromJson = await run(settleArgs('plain.ndjson'));
    expect(fromCsv.code).toBe(EXIT.ok);
    const a = parse(fromCsv.stdout);
    expect(a.map((r) => r.line)).toEqual([2, 5, 8, 11, 14, 17]);
    expect(a.map(placeless)).toEqual(parse(fromJson.stdout).map(placeless));

    // A row with no amount: that claim is refused at lines[1].amount, the others settle.
    const broken = [...rows];
    broken[2] = broken[2]?.replace(',540.00,', ',,') ?? '';
    await writeFile(path.join(dir, 'broken.csv'), broken.join('\n'));
    const partly = await run(settleArgs('broken.csv'));
    expect(partly.code).toBe(EXIT.recordsWithErrors);
    const first = parse(partly.stdout)[0];
    expect(first?.ok).toBe(false);
    expect(first?.issues.map((i) => i.path.join('.'))).toContain('lines.1.amount');

    await writeFile(path.join(dir, 'no-header.csv'), rows.slice(1).join('\n'));
    const noHeader = await run(settleArgs('no-header.csv'));
    expect(noHeader.code).toBe(EXIT.input);
    expect(noHeader.stderr).toContain('line 1');
  });

  it('adds the explanation of every number with --explain', async () => {
    await writeFile(path.join(dir, 'one.ndjson'), claimsFile(1, 1));
    const { stdout } = await run(settleArgs('one.ndjson', '--explain'));
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result['layers']).toMatchObject({ basic: { deductible: expect.any(String) as string } });
    expect(result['explanations']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ parameter: expect.stringMatching(/^parameters\./u) as string }),
      ]) as unknown,
    );
  });

  it('carries the engine’s coverage reasons on every line: apalutamide past its agreement window is not “out of catalog”', async () => {
    // 阿帕他胺片 is a negotiated drug of the 2024 list, covered under its agreement until before
    // 2026-01-01: dispensed in February 2026 the engine decides coverage.outside_agreement_window.
    const claim = claimWith((c) => {
      c.admissionDate = '2026-02-03';
      c.dischargeDate = '2026-02-12';
      for (const line of c.lines) line.date = `2026-02-1${line.id === 'L3' ? 0 : 1}`;
      for (const p of c.procedures ?? []) p.date = '2026-02-05';
      for (const e of c.evidence ?? []) e.date = '2026-02-04';
    });
    const validated = validateClaim(JSON.parse(JSON.stringify(claim)));
    if (!validated.ok) throw new Error('the claim is valid');
    const engine = settle(validated.value, {
      policy: loadPolicyFile(POLICY),
      catalog: loadCatalogFile(CATALOG),
      accumulators: emptyAccumulators(validated.value.person.id, 2026),
    });
    if (!engine.ok) throw new Error('the engine settles the claim');
    const expected = engine.value.lines.map((l) => ({
      lineId: l.lineId,
      outcome: l.outcome,
      coverageReasons: l.coverageReasons,
    }));
    expect(expected[0]).toEqual({
      lineId: 'L1',
      outcome: 'not_covered',
      coverageReasons: ['coverage.outside_agreement_window'],
    });
    await writeFile(path.join(dir, 'expired.ndjson'), `${JSON.stringify(claim)}\n`);
    for (const more of [[], ['--explain']]) {
      const { code, stdout } = await run([...settleArgs('expired.ndjson'), ...more]);
      expect(code, more.join(' ')).toBe(EXIT.ok);
      const result = JSON.parse(stdout) as {
        lines: { lineId: string; outcome: string; coverageReasons?: string[]; selfPay?: unknown }[];
      };
      expect(
        result.lines.map(({ lineId, outcome, coverageReasons }) => ({
          lineId,
          outcome,
          coverageReasons,
        })),
        more.join(' '),
      ).toEqual(expected);
      expect(result.lines[0]?.selfPay).toEqual([{ reason: 'out_of_catalog', amount: '997.50' }]);
    }
  });

  it('refuses a claim whose insured region is not the policy’s, as an error of that claim', async () => {
    const [good = '', other = ''] = claimsFile(2, 2).trim().split('\n');
    // 230200 (齐齐哈尔): insured there, treated in Harbin; the Harbin policy is not theirs.
    const elsewhere = (line: string) =>
      line.replace('"insuredRegion":"230100"', '"insuredRegion":"230200"');
    expect(elsewhere(other)).not.toBe(other);
    await writeFile(path.join(dir, 'regions.ndjson'), `${good}\n${elsewhere(other)}\n`);
    const mixed = await run([
      'settle',
      'regions.ndjson',
      '--policy',
      POLICY,
      '--catalog',
      CATALOG,
      '--accumulators-out',
      'regions.acc',
    ]);
    expect(mixed.code).toBe(EXIT.recordsWithErrors);
    const [first, second] = parse(mixed.stdout);
    expect(first?.ok).toBe(true);
    expect(second?.ok).toBe(false);
    expect(second?.issues).toEqual([
      expect.objectContaining({
        code: 'settlement.policy_region_mismatch',
        severity: 'error',
        path: ['person', 'insuredRegion'],
        data: { region: '230200', policy: 'demo-230100-2025.1', policyRegion: '230100' },
      }),
    ]);
    expect(mixed.stderr).toContain('settled 1 of 2 claims (1 with errors)');
    expect(mixed.stderr).toMatch(/settlement\.policy_region_mismatch\s+1/u);
    // Refused, so the person's year-to-date figures have not moved.
    const accumulators = await readFile(path.join(dir, 'regions.acc'), 'utf8');
    expect(accumulators).toContain('"P-00000"');
    expect(accumulators).not.toContain('"P-00001"');

    // Every claim of another region: still one error result per claim, not a refused batch.
    await writeFile(
      path.join(dir, 'all-elsewhere.ndjson'),
      `${elsewhere(good)}\n${elsewhere(other)}\n`,
    );
    const all = await run(settleArgs('all-elsewhere.ndjson', '--workers', '2'));
    expect(all.code).toBe(EXIT.recordsWithErrors);
    expect(parse(all.stdout).map((r) => [r.ok, r.issues.map((i) => i.code)])).toEqual([
      [false, ['settlement.policy_region_mismatch']],
      [false, ['settlement.policy_region_mismatch']],
    ]);
  });

  it('documents the --accumulators format with an example that the reader takes, in --help and the README', async () => {
    const help = await run(['settle', '--help']);
    const example = help.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{"personId"'));
    expect(example.length).toBeGreaterThan(0);
    const readme = await readFile(path.join(repo, 'README.md'), 'utf8');
    for (const line of example) expect(readme).toContain(line);

    // The example, as a file, through the real reader: the fixture's person P-000123 starts 2025
    // with the example's figures, so this claim is their second admission of the year.
    await writeFile(path.join(dir, 'example.acc'), `${example.join('\n')}\n`);
    await writeFile(path.join(dir, 'p123.ndjson'), `${JSON.stringify(claimWith(() => {}))}\n`);
    const seeded = await run(
      settleArgs('p123.ndjson', '--accumulators', 'example.acc', '--accumulators-out', 'out.acc'),
    );
    expect(seeded.code, seeded.stderr).toBe(EXIT.ok);
    const p123 = example.find((l) => l.includes('"P-000123"')) ?? '{}';
    const start = JSON.parse(p123) as Record<string, string | number>;
    expect(start['year']).toBe(2025);
    const [result] = parse(seeded.stdout);
    expect(result?.accumulators?.['admissions']).toBe(Number(start['admissions']) + 1);
    const fen = (v: unknown) => BigInt(String(v).replace('.', ''));
    expect(fen(result?.accumulators?.['fundPaid'])).toBe(
      fen(start['fundPaid']) + fen(result?.payers?.['basic_fund']),
    );
    // Every person of the example is carried through to --accumulators-out.
    const written = await readFile(path.join(dir, 'out.acc'), 'utf8');
    for (const line of example) {
      const personId = (JSON.parse(line) as { personId: string }).personId;
      expect(written).toContain(`"personId":"${personId}"`);
    }
  });

  it('leaves an existing output alone when the catalog is bad, with or without --resume', async () => {
    await writeFile(path.join(dir, 'keep.ndjson'), claimsFile(3, 2));
    const made = await run([...settleArgs('keep.ndjson'), '--out', 'kept-results.ndjson']);
    expect(made.code).toBe(EXIT.ok);
    const before = await readFile(path.join(dir, 'kept-results.ndjson'));
    expect(before.length).toBeGreaterThan(0);
    await writeFile(path.join(dir, 'bad-catalog.json'), '{"release": ');
    for (const more of [[], ['--resume']]) {
      const result = await run([
        'settle',
        'keep.ndjson',
        '--policy',
        POLICY,
        '--catalog',
        'bad-catalog.json',
        '--quiet',
        '--out',
        'kept-results.ndjson',
        ...more,
      ]);
      expect(result.code, more.join(' ')).toBe(EXIT.input);
      expect(result.stderr).toContain('bad-catalog.json');
      expect(await readFile(path.join(dir, 'kept-results.ndjson'))).toEqual(before);
    }
  });

  it('refuses bad usage and unreadable inputs with the documented exit codes', async () => {
    await writeFile(path.join(dir, 'x.ndjson'), claimsFile(1, 1));
    const help = await run(['settle', '--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain('--resume');
    expect((await run(['settle', 'x.ndjson', '--catalog', CATALOG])).stderr).toContain('--policy');
    expect((await run(['settle', 'x.ndjson', '--policy', POLICY])).code).toBe(EXIT.usage);
    expect((await run([...settleArgs('x.ndjson'), '--workers', '0'])).stderr).toContain(
      '--workers',
    );
    expect((await run([...settleArgs('x.ndjson'), '--resume'])).code).toBe(EXIT.usage);
    expect((await run([...settleArgs('x.ndjson'), '--bogus'])).code).toBe(EXIT.usage);
    const missing = await run(settleArgs('nope.ndjson'));
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('nope.ndjson');
    await writeFile(path.join(dir, 'bad-policy.yaml'), 'id: x\nparameters: [1, 2\n');
    const badPolicy = await run([
      'settle',
      'x.ndjson',
      '--policy',
      'bad-policy.yaml',
      '--catalog',
      CATALOG,
    ]);
    expect(badPolicy.code).toBe(EXIT.input);
    expect(badPolicy.stderr).toContain('bad-policy.yaml');
    const missingCatalog = await run([
      'settle',
      'x.ndjson',
      '--policy',
      POLICY,
      '--catalog',
      'no-catalog.json',
    ]);
    expect(missingCatalog.code).toBe(EXIT.input);
    // A directory or a missing file where a file is expected: exit 3 naming the path.
    const folder = path.join(dir, 'a-folder');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(dir, 'resume-me.ndjson'), '');
    for (const [args, named] of [
      [['settle', 'a-folder', '--policy', POLICY, '--catalog', CATALOG], 'the claims'],
      [['settle', 'x.ndjson', '--policy', 'a-folder', '--catalog', CATALOG], 'the policy'],
      [['settle', 'x.ndjson', '--policy', POLICY, '--catalog', 'a-folder'], 'the catalog'],
      [[...settleArgs('x.ndjson'), '--accumulators', 'a-folder'], 'the accumulators'],
      [[...settleArgs('x.ndjson'), '--out', 'a-folder', '--resume'], 'the output to resume'],
      [[...settleArgs('x.ndjson'), '--out', 'a-folder'], 'the output'],
      [[...settleArgs('x.ndjson'), '--accumulators-out', 'a-folder'], 'the accumulators to write'],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(EXIT.input);
      expect(result.stderr).toBe(`openpayer: ${named} ${folder} is a directory, not a file\n`);
    }
    for (const [args, named] of [
      [['settle', 'x.ndjson', '--policy', 'nowhere.yaml', '--catalog', CATALOG], 'the policy'],
      [['settle', 'x.ndjson', '--policy', POLICY, '--catalog', 'nowhere.csv'], 'the catalog'],
      [[...settleArgs('x.ndjson'), '--accumulators', 'nowhere.acc'], 'the accumulators'],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(EXIT.input);
      expect(result.stderr).toMatch(
        new RegExp(`^openpayer: ${named} \\S+nowhere\\.\\w+: no such file\\n$`, 'u'),
      );
    }
    await writeFile(path.join(dir, 'acc.bad'), 'not json\n');
    expect((await run([...settleArgs('x.ndjson'), '--accumulators', 'acc.bad'])).code).toBe(
      EXIT.input,
    );
  });
});
