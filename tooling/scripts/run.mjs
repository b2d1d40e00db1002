#!/usr/bin/env node
// The README's two commands, for a fresh machine with only Node 20 and npm:
//   npm start  → install, build the admin UI, start the API serving it (embedded defaults)
//   npm test   → install, then format, workspace and dead-code checks, typecheck, lint and every test
// pnpm is not assumed: when it is missing (or not the pinned major) the pinned version is
// installed with npm into .cache/pnpm, and put on PATH for turbo, which calls it by name.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pinned = JSON.parse(
  readFileSync(path.join(root, 'package.json'), 'utf8'),
).packageManager.split('@')[1];
const isWindows = process.platform === 'win32';
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
};

function say(text) {
  process.stderr.write(`\x1b[36m▸ ${text}\x1b[0m\n`);
}

function ensurePnpm() {
  const found = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: isWindows });
  if (found.status === 0 && found.stdout.trim().split('.')[0] === pinned.split('.')[0]) return;
  const prefix = path.join(root, '.cache', 'pnpm');
  const bin = path.join(prefix, 'node_modules', '.bin');
  if (!existsSync(path.join(bin, isWindows ? 'pnpm.cmd' : 'pnpm'))) {
    say(`installing pnpm ${pinned} into .cache/pnpm (npm)`);
    const npm = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `pnpm@${pinned}`,
      ],
      {
        stdio: 'inherit',
        shell: isWindows,
        env,
      },
    );
    if (npm.status !== 0) process.exit(npm.status ?? 1);
  }
  env.PATH = `${bin}${path.delimiter}${env.PATH ?? ''}`;
}

function run(args, options = {}) {
  say(`pnpm ${args.join(' ')}`);
  const result = spawnSync('pnpm', args, {
    stdio: 'inherit',
    cwd: root,
    env,
    shell: isWindows,
    ...options,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Vitest writes a JSON report per package; sum them into the plain closing line CI reads. */
function testReports() {
  const reports = [];
  for (const group of ['apps', 'packages']) {
    const dir = path.join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir))
      reports.push(path.join(dir, name, '.cache', 'vitest-report.json'));
  }
  return reports;
}

const task = process.argv[2];
ensurePnpm();
run(['install', '--frozen-lockfile', '--prefer-offline']);

if (task === 'start') {
  run(['--filter', '@openpayer/admin', 'build']);
  say('starting the API and the admin UI (Ctrl-C to stop)');
  // The API runs in its own process group so a signal to this script stops pnpm, its shell and
  // the server together (a plain child.kill would leave the server running).
  const child = spawn('pnpm', ['--filter', '@openpayer/cli', 'openpayer', 'serve'], {
    stdio: 'inherit',
    cwd: root,
    env,
    shell: isWindows,
    detached: !isWindows,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (isWindows || child.pid === undefined) child.kill(signal);
      else process.kill(-child.pid, signal);
    });
  }
  child.on('exit', (code) => process.exit(code ?? 0));
} else if (task === 'test') {
  for (const report of testReports()) rmSync(report, { force: true });
  run(['exec', 'prettier', '--check', '.', '--log-level', 'warn']);
  // The workspace's package.json files agree (one version of each dependency, sorted, no
  // dependency both direct and dev, …).
  run(['exec', 'sherif']);
  // No unused files, dependencies or unlisted ones (knip.json); unused exports are reported as
  // warnings.
  run(['exec', 'knip', '--no-progress']);
  const turbo = spawnSync(
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'typecheck',
      'lint',
      'test',
      '--output-logs=errors-only',
      '--concurrency=2',
    ],
    {
      stdio: 'inherit',
      cwd: root,
      env,
      shell: isWindows,
    },
  );
  let passed = 0;
  let failed = 0;
  let files = 0;
  for (const report of testReports()) {
    if (!existsSync(report)) continue;
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests + json.numPendingTests + json.numTodoTests;
    files += 1;
  }
  process.stdout.write(`\n${files} test reports\n${passed} passed, ${failed} failed\n`);
  process.exit(turbo.status !== 0 ? (turbo.status ?? 1) : failed > 0 || passed === 0 ? 1 : 0);
} else {
  process.stderr.write('usage: node tooling/scripts/run.mjs start|test\n');
  process.exit(2);
}
