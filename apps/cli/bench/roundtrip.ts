/**
 * The bare NDJSON round trip that `openpayer settle` is measured against (settle.bench.ts runs it
 * as a separate process on the same claims file): read the file a chunk at a time, JSON.parse
 * each line, JSON.stringify the value back, encode it as UTF-8 and write it out — one thread,
 * no settlement, no digests. Prints one JSON line of figures on stdout.
 *
 *   node --import tsx bench/roundtrip.ts CLAIMS.ndjson [OUT]   (OUT defaults to /dev/null)
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const [input, out = '/dev/null'] = process.argv.slice(2);
if (input === undefined) throw new Error('usage: roundtrip.ts CLAIMS.ndjson [OUT]');

const startedAt = performance.now();
const fd = openSync(input, 'r');
const outFd = openSync(out, 'w');
let buf = Buffer.allocUnsafe(1 << 20);
let from = 0;
let to = 0;
let claims = 0;
let bytesOut = 0;
let failed = 0;

/** Round-trips buf[start, end) and answers its output line. */
const roundTrip = (start: number, end: number): string => {
  if (end > start && buf[end - 1] === 0x0d) end--;
  const text = buf.toString('utf8', start, end);
  if (text.trim() === '') return '';
  claims++;
  try {
    return `${JSON.stringify(JSON.parse(text))}\n`;
  } catch {
    failed++;
    return '\n';
  }
};

const flush = (chunk: string) => {
  if (chunk === '') return;
  const bytes = Buffer.from(chunk, 'utf8');
  bytesOut += writeSync(outFd, bytes);
};

for (;;) {
  if (to === buf.length) {
    // A line longer than the buffer: make room for it.
    const bigger = Buffer.allocUnsafe(buf.length * 2);
    buf.copy(bigger, 0, from, to);
    to -= from;
    from = 0;
    buf = bigger;
  }
  const read = readSync(fd, buf, to, buf.length - to, null);
  if (read === 0) break;
  to += read;
  const filled = buf.subarray(0, to);
  let chunk = '';
  let newline = filled.indexOf(0x0a, from);
  while (newline !== -1) {
    chunk += roundTrip(from, newline);
    from = newline + 1;
    newline = filled.indexOf(0x0a, from);
  }
  flush(chunk);
  // Keep the partial last line at the start of the buffer for the next read.
  buf.copy(buf, 0, from, to);
  to -= from;
  from = 0;
}
flush(to > from ? roundTrip(from, to) : '');
closeSync(fd);
closeSync(outFd);

const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    claims,
    failed,
    bytesOut,
    wallSeconds: (performance.now() - startedAt) / 1000,
    /** This process's own figures (the bench measures CPU from outside too). */
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMB: Math.round(usage.maxRSS / 1024),
  })}\n`,
);
