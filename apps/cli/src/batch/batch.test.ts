import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../exit-codes.ts';
import { wholeNumberOption } from '../commands/options.ts';
import { LineSplitter } from './input.ts';
import { workerLimits } from './pool.ts';
import { issueRows, progressLine } from './progress.ts';

/** The lines a splitter hands over for these chunks: [line number, text], and the bytes read. */
async function split(chunks: readonly (string | Buffer)[]) {
  const seen: [number, string][] = [];
  const splitter = new LineSplitter(
    (buf, start, end, lineNumber) => {
      seen.push([lineNumber, buf.toString('utf8', start, end)]);
      return false;
    },
    () => Promise.resolve(),
  );
  await splitter.read(
    Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk))),
  );
  return { seen, bytesRead: splitter.bytesRead, lines: splitter.lineNumber };
}

describe('LineSplitter', () => {
  it('numbers every line, skips blank ones, drops "\\r\\n" and joins a line split across chunks', async () => {
    const chunks = ['{"a":1}\r\n\n  \t\n{"b"', ':2}\n{"c"', ':', '3}'];
    const result = await split(chunks);
    expect(result.seen).toEqual([
      [1, '{"a":1}'],
      [4, '{"b":2}'],
      [5, '{"c":3}'],
    ]);
    expect(result.lines).toBe(5);
    expect(result.bytesRead).toBe(Buffer.byteLength(chunks.join('')));
  });

  it('splits a multi-byte character across chunks without damage, and waits for room when asked', async () => {
    const text = Buffer.from('{"name":"张三"}\n{"name":"李四"}\n');
    let waits = 0;
    const seen: string[] = [];
    const splitter = new LineSplitter(
      (buf, start, end) => {
        seen.push(buf.toString('utf8', start, end));
        return true;
      },
      () => {
        waits++;
        return Promise.resolve();
      },
    );
    await splitter.read(Readable.from([text.subarray(0, 11), text.subarray(11)]));
    expect(seen).toEqual(['{"name":"张三"}', '{"name":"李四"}']);
    expect(waits).toBe(2);
  });
});

describe('workerLimits', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('takes the defaults, or whole numbers of megabytes from the environment', () => {
    delete process.env['OPENPAYER_TEST_HEAP_MB'];
    delete process.env['OPENPAYER_WORKER_YOUNG_MB'];
    expect(workerLimits('OPENPAYER_TEST_HEAP_MB', 256)).toEqual({
      maxOldGenerationSizeMb: 256,
      maxYoungGenerationSizeMb: 32,
    });
    process.env['OPENPAYER_TEST_HEAP_MB'] = '1024';
    process.env['OPENPAYER_WORKER_YOUNG_MB'] = '64';
    expect(workerLimits('OPENPAYER_TEST_HEAP_MB', 256)).toEqual({
      maxOldGenerationSizeMb: 1024,
      maxYoungGenerationSizeMb: 64,
    });
  });

  it('refuses a value that is not a whole number, naming the variable (not NaN)', () => {
    for (const [name, value] of [
      ['OPENPAYER_TEST_HEAP_MB', 'lots'],
      ['OPENPAYER_TEST_HEAP_MB', '0'],
      ['OPENPAYER_WORKER_YOUNG_MB', '32MB'],
    ] as const) {
      process.env = { ...saved, [name]: value };
      expect(() => workerLimits('OPENPAYER_TEST_HEAP_MB', 256)).toThrow(
        new CliError(
          'usage',
          `the environment variable ${name} must be a whole number of megabytes from 1 to 999,999, got "${value}"`,
        ),
      );
    }
  });
});

describe('wholeNumberOption', () => {
  it('takes digits within the range, the fallback when absent, and refuses the rest naming the option', () => {
    expect(wholeNumberOption('--workers', undefined, 4, 1, 999)).toBe(4);
    expect(wholeNumberOption('--workers', '12', 4, 1, 999)).toBe(12);
    expect(wholeNumberOption('--seed', '0', 1, 0, 10)).toBe(0);
    for (const text of ['0', '1000', '-1', '2.5', 'ten', '']) {
      expect(() => wholeNumberOption('--workers', text, 4, 1, 999)).toThrow(
        `--workers must be a positive integer, got "${text}" (at most 999)`,
      );
    }
    expect(() => wholeNumberOption('--seed', '11', 1, 0, 10)).toThrow(
      '--seed must be a non-negative integer, got "11" (at most 10)',
    );
  });
});

describe('progress and summary rows', () => {
  it('draws the bar when the size is known, and lists issues most first', () => {
    const line = progressLine({ done: 2000, bytesRead: 50, bytesTotal: 100, elapsedMs: 1000 });
    expect(line).toBe(`\r\x1b[K[${'#'.repeat(15)}${'.'.repeat(15)}]  50% 2,000 claims · 2,000/s`);
    expect(progressLine({ done: 5, bytesRead: 1, bytesTotal: null, elapsedMs: 1000 })).toBe(
      '\r\x1b[K5 claims · 5/s',
    );
    expect(issueRows('issues by code:', {})).toEqual([]);
    expect(issueRows('issues by code:', { 'b.x': 1, 'a.y': 1, 'c.z': 3 })).toEqual([
      'issues by code:',
      `  ${'c.z'.padEnd(44)} 3`,
      `  ${'a.y'.padEnd(44)} 1`,
      `  ${'b.x'.padEnd(44)} 1`,
    ]);
  });
});
