import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';
import { claimsFile } from '../__fixtures__/claims.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const POLICY = path.join(repo, 'packages/pricing/data/policies/demo-230100-2025.yaml');
const CATALOG = path.join(repo, 'packages/catalog/data/nrdl-2024/nrdl_2024.csv');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-shard-'));
  // 900 claims of 120 people, with a malformed line, a claim without a person and blank lines
  // among them: every record, good or bad, belongs to exactly one shard.
  const claims = claimsFile(900, 120).trim().split('\n');
  claims.splice(17, 0, '{"id": "C-BROKEN", ');
  claims.splice(300, 0, '', '{"id":"C-NOBODY","type":"inpatient"}');
  await writeFile(path.join(dir, 'claims.ndjson'), `${claims.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCli(dir, argv);
const read = (file: string) => readFile(path.join(dir, file), 'utf8');
const settle = (...more: string[]) =>
  run('settle', 'claims.ndjson', '--policy', POLICY, '--catalog', CATALOG, ...more);

describe('openpayer settle --shard and openpayer merge', () => {
  it('splits a batch over shards that merge into exactly the one-machine output and accumulators', async () => {
    const whole = await settle(
      '--workers',
      '1',
      '--out',
      'whole.ndjson',
      '--accumulators-out',
      'whole.acc',
      '--quiet',
    );
    expect(whole.code).toBe(EXIT.recordsWithErrors);

    // Three machines, each with its own number of workers.
    const parts = [1, 2, 3].map((i) => `part-${String(i)}.ndjson`);
    const summaries: string[] = [];
    for (const [i, workers] of [
      [1, '2'],
      [2, '1'],
      [3, '1'],
    ] as const) {
      const part = await settle(
        '--shard',
        `${String(i)}/3`,
        '--workers',
        workers,
        '--out',
        `part-${String(i)}.ndjson`,
        '--accumulators-out',
        `part-${String(i)}.acc`,
      );
      expect([0, 1]).toContain(part.code);
      summaries.push(part.stderr);
    }
    expect(summaries[1]).toMatch(/^settled \d+ of \d+ claims of shard 2\/3/u);

    // Each shard holds some of the records, none twice, each keeping its place in the file.
    const records = await Promise.all(
      parts.map(async (p) =>
        (await read(p))
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as { record: number }).record),
      ),
    );
    for (const r of records) expect(r.length).toBeGreaterThan(150);
    expect(records.flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: 902 }, (_, i) => i + 1),
    );
    // A person's claims are all in one shard.
    const shardOf = new Map<string, number>();
    for (const [i, p] of parts.entries()) {
      for (const line of (await read(p)).trim().split('\n')) {
        const person = (JSON.parse(line) as { personId?: string }).personId;
        if (person === undefined) continue;
        expect(shardOf.get(person) ?? i).toBe(i);
        shardOf.set(person, i);
      }
    }
    expect(shardOf.size).toBe(120);

    // In any order of the files.
    const merged = await run(
      'merge',
      parts[2] ?? '',
      parts[0] ?? '',
      parts[1] ?? '',
      '--out',
      'merged.ndjson',
    );
    expect(merged.code).toBe(EXIT.ok);
    expect(await read('merged.ndjson')).toBe(await read('whole.ndjson'));
    expect(existsSync(path.join(dir, 'merged.ndjson.partial'))).toBe(false);

    const accumulators = await run('merge', 'part-2.acc', 'part-3.acc', 'part-1.acc');
    expect(accumulators.code).toBe(EXIT.ok);
    expect(accumulators.stdout).toBe(await read('whole.acc'));
  });

  it('resumes a shard cut off mid-line to the same bytes, and refuses another shard’s output', async () => {
    const full = await settle('--shard', '2/4', '--workers', '1', '--out', 'two.ndjson', '--quiet');
    expect([0, 1]).toContain(full.code);
    const bytes = await read('two.ndjson');
    await writeFile(path.join(dir, 'cut.ndjson'), bytes);
    await truncate(path.join(dir, 'cut.ndjson'), Math.floor(bytes.length / 2));

    const resumed = await settle(
      '--shard',
      '2/4',
      '--workers',
      '2',
      '--out',
      'cut.ndjson',
      '--resume',
    );
    expect([0, 1]).toContain(resumed.code);
    expect(resumed.stderr).toMatch(/resumed after \d+/u);
    expect(await read('cut.ndjson')).toBe(bytes);

    // Shard 2's output resumed as shard 3's: the first kept line is not one of shard 3's claims.
    await writeFile(path.join(dir, 'wrong.ndjson'), bytes);
    const wrong = await settle('--shard', '3/4', '--out', 'wrong.ndjson', '--resume', '--quiet');
    expect(wrong.code).toBe(EXIT.usage);
    expect(wrong.stderr).toContain('cannot resume: line 1 of');
    // …and as the whole batch: its records are not 1, 2, 3, …
    const whole = await settle('--out', 'wrong.ndjson', '--resume', '--quiet');
    expect(whole.code).toBe(EXIT.input);
    expect(whole.stderr).toMatch(/line \d+ of .* is record \d+, expected \d+/u);
  });

  it('refuses a merge that is not every shard of one batch, exactly once, unchanged', async () => {
    const parts = [1, 2].map((i) => `half-${String(i)}.ndjson`);
    for (const [i, part] of parts.entries()) {
      await settle('--shard', `${String(i + 1)}/2`, '--workers', '1', '--out', part, '--quiet');
    }
    const first = (await read(parts[0] ?? '')).trim().split('\n');
    const second = (await read(parts[1] ?? '')).trim().split('\n');

    const missing = await run('merge', parts[0] ?? '', '--out', 'm.ndjson');
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toMatch(/record \d+ is in none of the files/u);
    expect(existsSync(path.join(dir, 'm.ndjson'))).toBe(false);
    expect(existsSync(path.join(dir, 'm.ndjson.partial'))).toBe(false);

    await writeFile(path.join(dir, 'again.ndjson'), `${[...second.slice(0, 5)].join('\n')}\n`);
    const twice = await run('merge', ...parts, 'again.ndjson');
    expect(twice.code).toBe(EXIT.input);
    expect(twice.stderr).toMatch(/record \d+ is in both .*half-2\.ndjson and .*again\.ndjson/u);

    const edited = [...first];
    edited[3] = (edited[3] ?? '').replace(/"total":"(\d)/u, '"total":"9$1');
    await writeFile(path.join(dir, 'edited.ndjson'), `${edited.join('\n')}\n`);
    const changed = await run('merge', 'edited.ndjson', parts[1] ?? '');
    expect(changed.code).toBe(EXIT.input);
    expect(changed.stderr).toContain('line 4 of');
    expect(changed.stderr).toContain('was changed after it was written');

    // A line written twice in one file; accumulators out of order.
    await writeFile(path.join(dir, 'doubled.ndjson'), `${[first[0], first[0]].join('\n')}\n`);
    const doubled = await run('merge', 'doubled.ndjson', parts[1] ?? '');
    expect(doubled.code).toBe(EXIT.input);
    expect(doubled.stderr).toMatch(
      /line 2 of .*doubled\.ndjson \(record \d+\) does not come after/u,
    );
    const acc = (person: string) =>
      `{"personId":"${person}","year":2025,"deductibleUsed":"0.00","admissions":1,"fundPaid":"1.00"}`;
    await writeFile(path.join(dir, 'swapped.acc'), `${acc('P-2')}\n${acc('P-1')}\n`);
    const swapped = await run('merge', 'swapped.acc');
    expect(swapped.code).toBe(EXIT.input);
    expect(swapped.stderr).toContain('(person P-1 year 2025) does not come after person P-2');

    const mixed = await run('merge', parts[0] ?? '', 'swapped.acc');
    expect(mixed.code).toBe(EXIT.input);
    expect(mixed.stderr).toContain('merge results and accumulators separately');

    expect((await run('merge')).code).toBe(EXIT.usage);
    expect((await run('merge', parts[0] ?? '', parts[0] ?? '')).code).toBe(EXIT.usage);
    expect((await run('merge', 'nope.ndjson')).code).toBe(EXIT.input);
    expect((await run('merge', parts[0] ?? '', '--out', parts[0] ?? '')).code).toBe(EXIT.usage);
    // An output that cannot be written: named, not an internal error.
    const noFolder = await run('merge', ...parts, '--out', 'no-such-folder/m.ndjson');
    expect(noFolder.code).toBe(EXIT.input);
    expect(noFolder.stderr).toContain('cannot write the output');
    const folder = await run('merge', ...parts, '--out', '.');
    expect(folder.code).toBe(EXIT.input);
    expect(folder.stderr).toContain('is a directory, not a file');
    expect((await run('merge', '--help')).stdout).toContain('Usage: openpayer merge');
  });

  it('refuses a --shard that is not I/N with 1 ≤ I ≤ N', async () => {
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '2', '1/3/4', '1/10000']) {
      const result = await settle('--shard', bad, '--quiet');
      expect(result.code, bad).toBe(EXIT.usage);
      expect(result.stderr, bad).toContain('--shard must be I/N');
    }
  });
});
