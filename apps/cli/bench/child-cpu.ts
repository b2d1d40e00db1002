/**
 * Child processes of the benchmarks, timed from outside: the CPU time (user + sys) of a child is
 * the change in this process's reaped children's times (cutime + cstime of /proc/self/stat), so
 * it counts every thread of the child (settle's and supervise's workers included) and its
 * start-up. One child at a time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ; 100 on Linux almost always). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + sys) of this process's children that have ended and been reaped, or null
 * where there is no /proc. The children's own threads and their reaped children count too.
 */
export function reapedChildrenCpuSeconds(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const text = readFileSync('/proc/self/stat', 'utf8');
  // The fields after the command name (which may hold spaces) start with the state (field 3);
  // cutime and cstime are fields 16 and 17.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallSeconds: number;
  /** User + sys of the child and all its threads, or null when it cannot be read. */
  readonly cpuSeconds: number | null;
}

/** Runs node with `args` (in `cwd`) to its end. */
export async function run(args: readonly string[], cwd: string): Promise<ChildRun> {
  const cpuBefore = reapedChildrenCpuSeconds();
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    // 'close' comes after the child was reaped (its times are in cutime) and its output read.
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - startedAt) / 1000;
      const cpuAfter = reapedChildrenCpuSeconds();
      resolve({
        code,
        stdout,
        stderr,
        wallSeconds,
        cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      });
    });
  });
}

/**
 * Of runs of one command, the one with the least CPU time (a run whose time could not be read
 * counts as the most). The machine's other load only ever adds CPU time, so the least of a few
 * rounds is the figure to compare.
 */
export function leastCpu<T extends { readonly cpuSeconds: number | null }>(
  runs: readonly T[],
): T | undefined {
  const cpuOf = (x: T) => x.cpuSeconds ?? Number.POSITIVE_INFINITY;
  return runs.reduce<T | undefined>(
    (a, b) => (a === undefined || cpuOf(b) < cpuOf(a) ? b : a),
    undefined,
  );
}
