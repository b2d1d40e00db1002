import { open } from 'node:fs/promises';
import { unreadable } from '../sources.ts';

/** The claims file's bytes, a chunk at a time, in one buffer reused for every chunk. */
export async function* chunksOf(file: string): AsyncGenerator<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw unreadable('the claims', file, error);
  }
  try {
    const buf = Buffer.allocUnsafeSlow(1 << 20);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buf, 0, buf.length, null));
      } catch (error) {
        throw unreadable('the claims', file, error);
      }
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Only whitespace (String.prototype.trim's idea of it) between start and end. */
function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = buf[i] ?? 0;
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    return byte < 0x80 ? false : buf.toString('utf8', start, end).trim() === '';
  }
  return true;
}

/**
 * One input line that is not blank: buf[start, end) without its line end ("\n" or "\r\n"),
 * numbered from 1 among all lines. True when the caller must await `room` before the next one.
 */
export type TakeLine = (buf: Buffer, start: number, end: number, lineNumber: number) => boolean;

/**
 * Splits a byte stream into lines without copying (but for a line that spans two chunks), and
 * counts the lines and the bytes read so far (for the progress).
 */
export class LineSplitter {
  /** Bytes of the lines handed over so far (with their line ends). */
  bytesRead = 0;
  lineNumber = 0;
  /** The start of a line that the next chunk completes (a copy: chunks may be reused). */
  private rest: Buffer | undefined;

  constructor(
    private readonly take: TakeLine,
    private readonly room: () => Promise<void>,
  ) {}

  /** Every line of source, in order; the last one may lack its line end. */
  async read(source: AsyncIterable<string | Buffer>): Promise<void> {
    for await (const chunk of source) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let start = 0;
      let end = buf.indexOf(0x0a, start);
      const rest = this.rest;
      if (rest !== undefined && end !== -1) {
        const line = Buffer.concat([rest, buf.subarray(0, end)]);
        this.rest = undefined;
        this.bytesRead += line.length + 1;
        if (this.line(line, 0, line.length)) await this.room();
        start = end + 1;
        end = buf.indexOf(0x0a, start);
      }
      while (end !== -1) {
        this.bytesRead += end - start + 1;
        if (this.line(buf, start, end)) await this.room();
        start = end + 1;
        end = buf.indexOf(0x0a, start);
      }
      if (start < buf.length) {
        this.rest =
          this.rest === undefined
            ? Buffer.from(buf.subarray(start))
            : Buffer.concat([this.rest, buf.subarray(start)]);
      }
    }
    const last = this.rest;
    if (last !== undefined) {
      this.rest = undefined;
      this.bytesRead += last.length;
      if (this.line(last, 0, last.length)) await this.room();
    }
  }

  private line(buf: Buffer, start: number, end: number): boolean {
    this.lineNumber++;
    if (end > start && buf[end - 1] === 0x0d) end--;
    if (isBlank(buf, start, end)) return false;
    return this.take(buf, start, end, this.lineNumber);
  }
}
