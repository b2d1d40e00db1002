import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `openpayer serve` running as a real process on loopback. */
export interface ServeProcess {
  readonly child: ChildProcess;
  /** Everything it printed up to its banner's last line. */
  readonly banner: string;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The API key the banner prints for a demo principal (keys are new on every start). */
  key(principal: string): string;
  /** Standard error so far (an unexpected error of the API is written there). */
  stderr(): string;
  /** Settles when the process has exited, however. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `openpayer serve --no-access-log ARGS` in `cwd`; resolves once it prints its keys. */
export function serveProcess(cwd: string, args: readonly string[]): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [path.join(cliRoot, 'bin/openpayer.mjs'), 'serve', '--no-access-log', ...args],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no banner: ${out} ${err}`));
    }, 300_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!out.includes('Try: curl')) return;
      clearTimeout(timer);
      const url = /API {8}(http:\/\/127\.0\.0\.1:\d+)\/v1/u.exec(out)?.[1] ?? '';
      resolve({
        child,
        banner: out,
        url,
        key: (id) => new RegExp(`${id}\\s+(opk_\\S+)`, 'u').exec(out)?.[1] ?? '',
        stderr: () => err,
        exited,
      });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      // After the banner this changes nothing (the promise is settled).
      reject(new Error(`serve exited ${String(code ?? signal)}: ${err}`));
    });
  });
}

/** SIGTERM (a graceful stop); resolves with the exit code. */
export async function stopProcess(server: ServeProcess): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
  }
  return (await server.exited).code;
}
