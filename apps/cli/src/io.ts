import type { Readable } from 'node:stream';

/** What a command may touch: injected so tests drive `main()` without a process. */
export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly stdin: Readable;
  readonly cwd: string;
}
