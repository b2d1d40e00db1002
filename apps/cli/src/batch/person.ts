import { hashString } from '../demo/rng.ts';

const PERSON_ID = /"person"\s*:\s*\{[^{}]*?"id"\s*:\s*"((?:[^"\\]|\\.)*)"/u;

/** The person a claim line belongs to ('' when it has none: such a line fails on its own). */
export function personOf(line: string): string {
  const match = PERSON_ID.exec(line);
  const raw = match?.[1];
  // The id as JSON.parse reads it: "P-\u0031" is the same person as "P-1".
  if (raw !== undefined && !raw.includes('\\')) return raw;
  try {
    const value = JSON.parse(line) as { person?: { id?: unknown } } | null;
    const id = value?.person?.id;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

const PERSON_MARK = Buffer.from('"person":{"id":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * hashString(personOf(line)) for the line at buf[start, end), straight from the bytes when the
 * claim starts its person with a plain ASCII id (as every writer of compact JSON does). A stable
 * hash, so a person goes to the same worker on every run.
 */
export function personHash(buf: Buffer, start: number, end: number): number {
  const at = buf.subarray(start, end).indexOf(PERSON_MARK);
  if (at !== -1) {
    const from = start + at + PERSON_MARK.length;
    for (let i = from; i < end; i++) {
      const byte = buf[i] ?? 0;
      if (byte === QUOTE) return hashString(buf.toString('latin1', from, i));
      if (byte === BACKSLASH || byte >= 0x80) break;
    }
  }
  return hashString(personOf(buf.toString('utf8', start, end)));
}
