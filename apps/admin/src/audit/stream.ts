import { issue } from '@openpayer/domain';
import { AuditVerifier, type VerifyOptions, type VerifyReport } from '@openpayer/supervision';

/**
 * Verifies an audit export (NDJSON) as it downloads: the bytes are decoded as strict UTF-8 and
 * fed line by line to @openpayer/supervision's `AuditVerifier`, so the browser holds only the
 * tree's hashes, never the whole file. A download that breaks off, or bytes that are not UTF-8,
 * end in a report that is not valid: the page never says "valid" of an export it could not
 * fully read — only the verifier's own `valid` after the last line can.
 */

export interface VerifyProgress {
  /** Lines read so far (the header and the heads included). */
  readonly lines: number;
  /** Entry lines read so far (each one hashed into the tree). */
  readonly entries: number;
  /** Signed-head lines read so far. */
  readonly heads: number;
  readonly bytes: number;
}

/** The least time between two progress calls (a fast download ends many chunks a frame). */
const PROGRESS_EVERY_MS = 100;

/**
 * Reads `body` to its end through the verifier. `onProgress` is called after the first chunk, at
 * most every ~100 ms after that, and once at the end with the whole export's counts. An abort
 * (`signal`) rethrows the AbortError: the caller dropped the result.
 */
export async function verifyExportStream(
  body: ReadableStream<Uint8Array>,
  publicKey: Uint8Array,
  options: VerifyOptions & {
    readonly onProgress?: (progress: VerifyProgress) => void;
    readonly signal?: AbortSignal;
  } = {},
): Promise<VerifyReport> {
  const { onProgress, signal, ...verifyOptions } = options;
  const verifier = new AuditVerifier(publicKey, verifyOptions);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = body.getReader();
  // The bytes of the line not yet ended. Lines are cut at the byte 0x0A, which no multi-byte
  // UTF-8 sequence contains, so each line is decoded whole and a bad byte names its line.
  let tail: Uint8Array[] = [];
  let lines = 0;
  let bytes = 0;
  let finished = false;
  let reportedAt = Number.NEGATIVE_INFINITY;
  const report = (force: boolean) => {
    if (onProgress === undefined) return;
    const now = performance.now();
    if (!force && now - reportedAt < PROGRESS_EVERY_MS) return;
    reportedAt = now;
    onProgress({ lines, ...verifier.progress(), bytes });
  };

  const unreadable = (code: string, message: string): VerifyReport => ({
    valid: false,
    ...verifier.progress(),
    latest: null,
    problems: [issue(code, message, { path: ['export'], data: { line: lines + 1 } })],
    problemCount: 1,
  });
  /** Feeds one line; false when its bytes are not UTF-8. */
  const feed = (parts: readonly Uint8Array[]): boolean => {
    let text: string;
    try {
      text = decoder.decode(parts.length === 1 ? parts[0] : concat(parts));
    } catch {
      return false;
    }
    lines++;
    verifier.line(text, lines);
    return true;
  };
  const notUtf8 = () =>
    unreadable('audit.not_utf8', `line ${lines + 1} of the export is not UTF-8 text`);

  try {
    for (;;) {
      signal?.throwIfAborted();
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (failure) {
        signal?.throwIfAborted();
        return unreadable(
          'audit.download_failed',
          `the export broke off after ${bytes} bytes (line ${lines + 1}): ${describe(failure)}`,
        );
      }
      if (chunk.done) {
        if (tail.length > 0 && !feed(tail)) return notUtf8();
        finished = true;
        report(true);
        return verifier.finish();
      }
      const data = chunk.value;
      bytes += data.byteLength;
      let start = 0;
      for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
        if (!feed([...tail, data.subarray(start, end)])) return notUtf8();
        tail = [];
        start = end + 1;
      }
      if (start < data.length) tail.push(data.slice(start));
      report(false);
    }
  } finally {
    // Stopped early (bad bytes, an abort): the rest of the download is not wanted.
    if (finished) reader.releaseLock();
    else reader.cancel().catch(() => undefined);
  }
}

const NEWLINE = 0x0a;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function describe(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
