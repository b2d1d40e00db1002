/**
 * Audit log benchmark: builds an export of N entries (default 1,000,000) signed every 10,000
 * entries, then verifies it line by line as `openpayer audit verify` does, and prints entries/s.
 * Beside it, in the same run, the neutral baseline: JSON.parse of each line and node:crypto's
 * SHA-256 of its bytes (what any verifier must at least do), and the ratio of the two.
 *
 *   pnpm --filter @openpayer/supervision bench [-- --entries 1000000]
 *
 * Prints figures; asserts nothing.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  type AuditEntry,
  AuditLog,
  AuditVerifier,
  exportLines,
  keyIdOf,
  newSigningKey,
  pseudonymize,
  stateHash,
} from '../src/index.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { entries: { type: 'string', default: '1000000' } },
});
const count = Number(values.entries);
const key = newSigningKey();
const pseudonymKey = new TextEncoder().encode('bench');

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let t = cpu();
const log = new AuditLog();
for (let i = 0; i < count; i++) {
  const entry: AuditEntry = {
    kind: 'settlement.settled',
    at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    actor: `key_${i % 40}`,
    object: { type: 'settlement', id: `stl_${i.toString(36).padStart(9, '0')}` },
    stateHash: stateHash({ i }),
    event: {
      person: pseudonymize(`P-${i % 50_000}`, pseudonymKey),
      institution: `H2301${String(i % 100).padStart(2, '0')}00001`,
      total: `${(i % 100_000) / 100}`,
      fund: `${(i % 80_000) / 100}`,
    },
  };
  log.append(entry);
  if ((i + 1) % 10_000 === 0) log.sign(key.secretKey, 1_700_000_000_000 + i);
}
if (count % 10_000 !== 0) log.sign(key.secretKey, 1_700_000_000_000 + count);
const lines = [...exportLines(keyIdOf(key.publicKey), log.entries, log.heads)];
const build = cpu() - t;
const bytes = lines.reduce((n, l) => n + l.length + 1, 0);

t = cpu();
const verifier = new AuditVerifier(key.publicKey);
lines.forEach((line, i) => {
  verifier.line(line, i + 1);
});
const report = verifier.finish();
const verify = cpu() - t;

t = cpu();
for (const line of lines) {
  JSON.parse(line);
  createHash('sha256').update(line).digest();
}
const baseline = cpu() - t;

const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
const figures = {
  entries: count,
  exportMB: Math.round(bytes / 2 ** 20),
  heads: report.heads,
  valid: report.valid,
  buildCpuSeconds: Number(build.toFixed(2)),
  verifyCpuSeconds: Number(verify.toFixed(2)),
  verifyEntriesPerSecond: Math.round(count / verify),
  baselineEntriesPerSecond: Math.round(count / baseline),
  verifyToBaselineCpuRatio: Number((verify / baseline).toFixed(2)),
  rssMB: rss,
};
console.log(JSON.stringify(figures, null, 2));
console.log(
  `${count.toLocaleString('en')} entries verified at ${figures.verifyEntriesPerSecond.toLocaleString('en')}/s (${figures.verifyToBaselineCpuRatio}× the CPU of JSON.parse + SHA-256 per line); valid: ${String(report.valid)}`,
);
