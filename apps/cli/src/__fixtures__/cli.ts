import { Readable } from 'node:stream';
import { main } from '../main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The NDJSON result lines, parsed on demand (help and version output is plain text). */
  readonly results: Record<string, unknown>[];
}

/** `openpayer ARGV` through `main(argv, io)` in `cwd`, with `stdin` as standard input. */
export async function runCli(cwd: string, argv: readonly string[], stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
    stdin: Readable.from([stdin]),
    cwd,
  });
  return {
    code,
    stdout,
    stderr,
    get results(): Record<string, unknown>[] {
      return stdout.trim() === ''
        ? []
        : stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}
