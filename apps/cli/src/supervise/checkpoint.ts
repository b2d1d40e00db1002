import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { issuesFromZod } from '@openpayer/domain';
import { z } from 'zod';
import { CliError } from '../exit-codes.ts';
import { superviseTotalsSchema } from './output.ts';

/**
 * The checkpoint of a `supervise` output (FILE.checkpoint beside FILE): how many claims of the
 * input are done (their findings all written), how many bytes of the output that is and its
 * SHA-256, what it was made with, and the totals so far. Written (atomically: a temporary file
 * renamed over it) only after those bytes were written to the output, so a killed run leaves an
 * output that is its checkpoint's prefix plus, perhaps, the findings of some later claims —
 * which --resume cuts off and reviews again: each claim's findings are written exactly once.
 */

export const CHECKPOINT_FORMAT = 'openpayer-supervise-checkpoint/1';

export const checkpointSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  /** Claims (input records) done. */
  claims: z.int().min(0),
  /** Bytes of the output holding their findings, and their SHA-256 (hex). */
  outputBytes: z.int().min(0),
  outputDigest: z.string().regex(/^[0-9a-f]{64}$/u),
  /**
   * A claim of the input it was made from (the last record whose number is a multiple of the
   * anchor step, at or before `claims`): record number, input line and the digest of its bytes.
   */
  anchor: z
    .strictObject({
      record: z.int().min(1),
      line: z.int().min(1),
      digest: z.string().regex(/^[0-9a-f]{16}$/u),
    })
    .nullable(),
  versions: z.strictObject({
    catalog: z.string(),
    rules: z.array(z.strictObject({ id: z.string(), digest: z.string() })),
  }),
  totals: superviseTotalsSchema,
});
export type Checkpoint = z.output<typeof checkpointSchema>;

export const checkpointPathOf = (out: string) => `${out}.checkpoint`;

export function writeCheckpoint(out: string, checkpoint: Checkpoint): void {
  const file = checkpointPathOf(out);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
  renameSync(temporary, file);
}

export function removeCheckpoint(out: string): void {
  const file = checkpointPathOf(out);
  if (existsSync(file)) unlinkSync(file);
}

/** The checkpoint beside `out`, or undefined when there is none. */
export function readCheckpoint(out: string): Checkpoint | undefined {
  const file = checkpointPathOf(out);
  if (!existsSync(file)) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    throw new CliError(
      'malformed_input',
      `cannot resume: the checkpoint ${file} is not JSON (damaged): supervise again without --resume`,
    );
  }
  const parsed = checkpointSchema.safeParse(document);
  if (!parsed.success) {
    const first = issuesFromZod(parsed.error)[0];
    throw new CliError(
      'malformed_input',
      `cannot resume: the checkpoint ${file} is not valid (${first ? `${first.path.join('.')}: ${first.message}` : 'unreadable'}): supervise again without --resume`,
    );
  }
  return parsed.data;
}
