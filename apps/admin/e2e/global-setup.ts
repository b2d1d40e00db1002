// Once per browser-test run: Vite builds the UI, and the product itself — a real
// `openpayer serve` process on the embedded database, seeded with the 2024 drug list, the demo
// policy, keys per role and synthetic settled claims — serves it on loopback. Every test file
// drives that one server in Debian's headless Chromium (see fixture.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

export interface DemoServer {
  readonly url: string;
  /** API keys by demo principal id: demo-admin, demo-reviewer, demo-auditor, demo-hospital. */
  readonly keys: Readonly<Record<string, string>>;
  /** How many synthetic claims were settled when the server was seeded. */
  readonly demoClaims: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    server: DemoServer;
  }
}

const adminRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.resolve(adminRoot, '../cli/bin/openpayer.mjs');
const DEMO_CLAIMS = 300;

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'openpayer-admin-e2e-'));
  const outDir = path.join(dir, 'dist');
  await build({ root: adminRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const { child, server } = await serve([
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--db',
    path.join(dir, 'db'),
    '--admin',
    outDir,
    '--demo-claims',
    String(DEMO_CLAIMS),
    '--no-access-log',
  ]);
  project.provide('server', server);
  return async () => {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
  };
}

function serve(args: string[]): Promise<{ child: ChildProcess; server: DemoServer }> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`openpayer serve printed no banner in 300 s:\n${out}\n${err}`));
    }, 300_000);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!out.includes('Try: curl')) return;
      clearTimeout(timer);
      const url = /API {8}(http:\/\/127\.0\.0\.1:\d+)\/v1/u.exec(out)?.[1];
      const keys: Record<string, string> = {};
      for (const match of out.matchAll(/(demo-[a-z]+)\s+(opk_\S+)/gu)) {
        keys[match[1] ?? ''] = match[2] ?? '';
      }
      if (url === undefined || keys['demo-admin'] === undefined) {
        reject(new Error(`unexpected banner:\n${out}`));
        return;
      }
      resolve({ child, server: { url, keys, demoClaims: DEMO_CLAIMS } });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openpayer serve exited ${String(code)}:\n${err}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.removeAllListeners('exit');
    child.on('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}
