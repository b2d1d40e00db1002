import { DIGEST_HEX, digest } from '../batch/digest.ts';

/**
 * What makes a batch output safe to resume: every result line ends with two digests,
 *
 *   …,"input":"<16 hex>","check":"<16 hex>"}
 *
 * `input` is the SHA-256 of the claim the line was made from (the input line's bytes without its
 * line end; for CSV, the claim as assembled from its rows), so `--resume` can tell that an output
 * belongs to another claims file; `check` is the SHA-256 of the line itself without its `check`
 * member (the bytes up to it, then "}"), so an edited figure is noticed, not carried into the
 * totals and accumulators. 16 hex digits (64 bits) tell files and edits apart; they are no
 * signature (anyone can recompute them).
 */

const INPUT_MEMBER = ',"input":"';
const CHECK_MEMBER = ',"check":"';
/** `,"check":"` + 16 hex + `"}` */
const CHECK_TAIL = CHECK_MEMBER.length + DIGEST_HEX + 2;
/** `,"input":"` + 16 hex + `"` */
const INPUT_TAIL = INPUT_MEMBER.length + DIGEST_HEX + 1;
const HEX = /^[0-9a-f]{16}$/u;

/** Bytes a sealed line needs beyond its result's text. */
export const SEAL_BYTES = INPUT_TAIL + CHECK_TAIL;

/**
 * Seals the result that ends at out[end - 1] (its closing "}", which starts at `start`) with the
 * claim's digest and its own: writes the two members in place of the "}" and answers the new end.
 * The caller has made room for SEAL_BYTES more bytes.
 */
export function seal(out: Buffer, start: number, end: number, claimDigest: string): number {
  let at = end - 1;
  at += out.write(`${INPUT_MEMBER}${claimDigest}"}`, at, 'latin1');
  const check = digest(out.subarray(start, at));
  at--;
  at += out.write(`${CHECK_MEMBER}${check}"}`, at, 'latin1');
  return at;
}

export type Unsealed =
  /** The line has no digests (not written by this version of `openpayer settle`). */
  | { readonly ok: false; readonly reason: 'unsealed' }
  /** The line's content is not what was written. */
  | { readonly ok: false; readonly reason: 'edited' };

/** The claim digest of a sealed line whose check holds (the line without its line end). */
export function openSeal(line: string): { readonly ok: true; readonly input: string } | Unsealed {
  const checkAt = line.length - CHECK_TAIL;
  const inputAt = checkAt - INPUT_TAIL;
  if (
    inputAt < 0 ||
    !line.startsWith(CHECK_MEMBER, checkAt) ||
    !line.startsWith(INPUT_MEMBER, inputAt) ||
    !line.endsWith('"}')
  ) {
    return { ok: false, reason: 'unsealed' };
  }
  const check = line.slice(
    checkAt + CHECK_MEMBER.length,
    checkAt + CHECK_MEMBER.length + DIGEST_HEX,
  );
  const input = line.slice(
    inputAt + INPUT_MEMBER.length,
    inputAt + INPUT_MEMBER.length + DIGEST_HEX,
  );
  if (!HEX.test(check) || !HEX.test(input)) return { ok: false, reason: 'unsealed' };
  const content = Buffer.from(`${line.slice(0, checkAt)}}`, 'utf8');
  return digest(content) === check ? { ok: true, input } : { ok: false, reason: 'edited' };
}

/** The claim digest of a line that openSeal has accepted (no checks: only its position). */
export function claimDigestOf(line: string): string {
  const at = line.length - CHECK_TAIL - INPUT_TAIL + INPUT_MEMBER.length;
  return line.slice(at, at + DIGEST_HEX);
}
