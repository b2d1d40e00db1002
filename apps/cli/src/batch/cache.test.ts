import { existsSync, readFileSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_ROOT, KEPT, cachedFile } from './cache.ts';

const AREA = `openpayer-cache-test-${String(process.pid)}`;
const dir = path.join(CLI_ROOT, 'node_modules', '.cache', AREA);

describe('cachedFile', () => {
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a file once and answers its path after', () => {
    let made = 0;
    const make = () => {
      made++;
      return 'content';
    };
    const first = cachedFile(AREA, 'a.txt', make);
    expect(first).toBe(path.join(dir, 'a.txt'));
    expect(readFileSync(first, 'utf8')).toBe('content');
    expect(cachedFile(AREA, 'a.txt', make)).toBe(first);
    expect(made).toBe(1);
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('keeps the most recently used entries and drops the rest', () => {
    const at = (name: string, seconds: number) => {
      const when = new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
      utimesSync(path.join(dir, name), when, when);
    };
    for (let i = 0; i < KEPT; i++) {
      cachedFile(AREA, `${String(i)}.txt`, () => String(i));
      at(`${String(i)}.txt`, i);
    }
    // Entry 0, the oldest, is used again: it is now the newest.
    cachedFile(AREA, '0.txt', () => 'never made');
    cachedFile(AREA, 'new.txt', () => 'new');
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(KEPT);
    expect(names).toContain('0.txt');
    expect(names).toContain('new.txt');
    // Entry 1 was the least recently used.
    expect(existsSync(path.join(dir, '1.txt'))).toBe(false);
    expect(readFileSync(path.join(dir, '0.txt'), 'utf8')).toBe('0');
  });

  it('throws what the file system throws, so callers can do without the cache', () => {
    cachedFile(AREA, 'a.txt', () => 'a file where a folder would go');
    expect(() =>
      cachedFile(path.join(AREA, 'a.txt', 'below-a-file'), 'b.txt', () => 'x'),
    ).toThrow();
  });
});
