import type { Readable } from 'node:stream';

/** What a command may touch: injected so tests drive `main()` without a process. */
export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: Readable;
  readonly cwd: string;
}

/** Whether the stream is a terminal (progress lines are written only to one). */
export function isTty(stream: unknown): boolean {
  return (
    typeof stream === 'object' &&
    stream !== null &&
    'isTTY' in stream &&
    (stream as { isTTY?: boolean }).isTTY === true
  );
}
