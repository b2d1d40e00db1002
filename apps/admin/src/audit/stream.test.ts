import { describe, expect, it } from 'vitest';
import { buildLog, fund, streamOf, stranger } from './__fixtures__/log.ts';
import { type VerifyProgress, verifyExportStream } from './stream.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('verifyExportStream', () => {
  const { log, text, early } = buildLog(20);
  const bytes = encode(text);

  it('verifies an untouched export however the download is cut into chunks', async () => {
    for (const size of [1, 2, 7, 64, 1000, bytes.length]) {
      const progress: VerifyProgress[] = [];
      const report = await verifyExportStream(streamOf(bytes, size), fund.publicKey, {
        onProgress: (p) => progress.push(p),
      });
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ valid: true, entries: 20, heads: log.heads.length });
      // Progress only grows and ends at the whole export.
      const counts = progress.map((p) => p.entries);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(progress.at(-1)).toEqual({
        lines: text.split('\n').length - 1,
        entries: 20,
        heads: log.heads.length,
        bytes: bytes.length,
      });
    }
  });

  it('reports the verifier’s error, with its line, when one byte of an entry changes', async () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('{"entry":') && l.includes('"index":4'));
    lines[at] = (lines[at] ?? '').replace('"amount":"4.50"', '"amount":"4.51"');
    const report = await verifyExportStream(streamOf(encode(lines.join('\n')), 13), fund.publicKey);
    expect(report.valid).toBe(false);
    const [first] = report.problems;
    expect(first?.code).toBe('audit.root_mismatch');
    // The first head after the edited entry names its own line.
    const headLine = lines.findIndex((l, i) => i > at && l.startsWith('{"head":')) + 1;
    expect(first?.data).toEqual({ line: headLine });
  });

  it('refuses an export under another key, and holds the log to an earlier head', async () => {
    const other = await verifyExportStream(streamOf(bytes, 100), stranger.publicKey);
    expect(other.valid).toBe(false);
    expect(other.problems[0]?.code).toBe('audit.unknown_key');

    const grown = await verifyExportStream(streamOf(bytes, 100), fund.publicKey, {
      known: [early],
    });
    expect(grown.valid).toBe(true);
    const forged = { ...early, timestamp: early.timestamp + 1 };
    const bad = await verifyExportStream(streamOf(bytes, 100), fund.publicKey, {
      known: [forged],
    });
    expect(bad.valid).toBe(false);
    expect(bad.problems.map((p) => p.code)).toContain('audit.known_head_invalid');
  });

  it('is never valid when the download breaks off', async () => {
    const report = await verifyExportStream(
      streamOf(bytes, 50, Math.floor(bytes.length / 2)),
      fund.publicKey,
    );
    expect(report.valid).toBe(false);
    expect(report.problems[0]?.code).toBe('audit.download_failed');
    expect(report.problems[0]?.message).toMatch(/connection reset/u);
  });

  it('is never valid when the export is cut short at a line end', async () => {
    const lines = text.split('\n');
    const cut = `${lines.slice(0, lines.length - 2).join('\n')}\n`;
    const report = await verifyExportStream(streamOf(encode(cut), 40), fund.publicKey);
    expect(report.valid).toBe(false);
    expect(report.problems[0]?.code).toBe('audit.entries_not_signed');
  });

  it('names the line of bytes that are not UTF-8', async () => {
    const broken = Uint8Array.from(bytes);
    const second = text.indexOf('\n') + 1;
    broken[second + 3] = 0xff;
    const report = await verifyExportStream(streamOf(broken, 16), fund.publicKey);
    expect(report.valid).toBe(false);
    expect(report.problems[0]).toMatchObject({ code: 'audit.not_utf8', data: { line: 2 } });
  });

  it('reports an empty export, and a key that is not 32 bytes', async () => {
    const empty = await verifyExportStream(streamOf(new Uint8Array(0), 1), fund.publicKey);
    expect(empty.valid).toBe(false);
    expect(empty.problems.map((p) => p.code)).toContain('audit.no_header');
    const short = await verifyExportStream(streamOf(bytes, 100), fund.publicKey.slice(1));
    expect(short.valid).toBe(false);
    expect(short.problems[0]?.code).toBe('audit.bad_public_key');
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      verifyExportStream(streamOf(bytes, 10), fund.publicKey, { signal: controller.signal }),
    ).rejects.toThrow();
  });
});
