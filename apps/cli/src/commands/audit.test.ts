import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AuditLog,
  exportLines,
  keyIdOf,
  newSigningKey,
  pseudonymize,
  stateHash,
  toBase64,
  toHex,
} from '@openpayer/supervision';
import { appendAudit, openStore } from '@openpayer/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../main.ts';
import { runCli } from '../__fixtures__/cli.ts';

let dir: string;
const fund = newSigningKey();
const other = newSigningKey();
const log = new AuditLog();
let published: ReturnType<AuditLog['sign']>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openpayer-audit-'));
  for (let i = 0; i < 30; i++) {
    log.append({
      kind: i % 2 === 0 ? 'settlement.settled' : 'policy.activated',
      at: new Date(Date.UTC(2025, 2, 1, 8, i)).toISOString(),
      actor: 'key_hospital',
      object: { type: 'settlement', id: `stl_${i}` },
      stateHash: stateHash({ i }),
      event: { person: pseudonymize(`P-${i}`, new Uint8Array(32)), total: `${i}.00` },
    });
    if (i === 9) published = log.sign(fund.secretKey, Date.UTC(2025, 2, 1, 9));
  }
  log.sign(fund.secretKey, Date.UTC(2025, 2, 1, 10));
  const lines = [...exportLines(keyIdOf(fund.publicKey), log.entries, log.heads)];
  await writeFile(path.join(dir, 'audit.ndjson'), `${lines.join('\n')}\n`);
  // An edited amount in entry 3.
  await writeFile(
    path.join(dir, 'edited.ndjson'),
    `${lines.map((l) => l.replace('"total":"3.00"', '"total":"30.00"')).join('\n')}\n`,
  );
  // Cut back to the head of 10 entries: consistent on its own, but shorter than what was published.
  const cut = lines.findIndex((l) => l.includes('"treeSize":10'));
  await writeFile(path.join(dir, 'cut.ndjson'), `${lines.slice(0, cut + 1).join('\n')}\n`);
  await writeFile(path.join(dir, 'fund.pub'), `${toBase64(fund.publicKey)}\n`);
  await writeFile(path.join(dir, 'latest-head.json'), JSON.stringify(log.heads.at(-1)));
  await writeFile(path.join(dir, 'early-head.json'), JSON.stringify({ head: published }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[]) => runCli(dir, argv, '');

describe('openpayer audit verify', () => {
  it('verifies an untouched export with the key as base64, hex or a file, and a head published earlier', async () => {
    for (const key of [toBase64(fund.publicKey), toHex(fund.publicKey), 'fund.pub']) {
      const { code, stdout, stderr } = await run([
        'audit',
        'verify',
        'audit.ndjson',
        '--public-key',
        key,
      ]);
      expect(code).toBe(EXIT.ok);
      expect(stdout).toMatch(
        /^valid: 30 entries, 2 signed heads; latest head size 30 at 2025-03-01T10:00:00.000Z/u,
      );
      // The pace goes to standard error (its figures depend on the machine, not checked here).
      expect(stderr).toMatch(/^verified 30 entries in \d+\.\d{2} s \([\d,]+ entries\/s\)\n$/u);
    }
    const known = await run([
      'audit',
      'verify',
      'audit.ndjson',
      '--public-key',
      'fund.pub',
      '--known',
      'early-head.json',
      '--json',
    ]);
    expect(known.code).toBe(EXIT.ok);
    expect(JSON.parse(known.stdout)).toMatchObject({
      valid: true,
      entries: 30,
      heads: 2,
      problems: [],
    });
  });

  it('exits 1 naming the line of an edited entry, and for a log cut back below a published head', async () => {
    const edited = await run(['audit', 'verify', 'edited.ndjson', '--public-key', 'fund.pub']);
    expect(edited.code).toBe(EXIT.recordsWithErrors);
    expect(edited.stdout).toContain('NOT valid');
    expect(edited.stderr).not.toContain('verified');
    expect(edited.stdout).toMatch(/audit\.root_mismatch {2}line 12: /u);

    const alone = await run(['audit', 'verify', 'cut.ndjson', '--public-key', 'fund.pub']);
    expect(alone.code).toBe(EXIT.ok);
    const cut = await run([
      'audit',
      'verify',
      'cut.ndjson',
      '--public-key',
      'fund.pub',
      '--known',
      'latest-head.json',
    ]);
    expect(cut.code).toBe(EXIT.recordsWithErrors);
    expect(cut.stdout).toContain('audit.log_truncated');
  });

  it('refuses another key, and says what is wrong with its arguments', async () => {
    const wrong = await run([
      'audit',
      'verify',
      'audit.ndjson',
      '--public-key',
      toBase64(other.publicKey),
    ]);
    expect(wrong.code).toBe(EXIT.recordsWithErrors);
    expect(wrong.stdout).toContain('audit.unknown_key');
    expect(wrong.stdout).toContain('audit.bad_signature');

    expect((await run(['audit', 'verify', 'audit.ndjson'])).code).toBe(EXIT.usage);
    expect((await run(['audit'])).code).toBe(EXIT.usage);
    expect((await run(['audit', 'prove'])).code).toBe(EXIT.usage);
    const badKey = await run(['audit', 'verify', 'audit.ndjson', '--public-key', 'nope']);
    expect(badKey.code).toBe(EXIT.input);
    expect(badKey.stderr).toContain('--public-key nope');
    const missing = await run(['audit', 'verify', 'missing.ndjson', '--public-key', 'fund.pub']);
    expect(missing.code).toBe(EXIT.input);
    const badKnown = await run([
      'audit',
      'verify',
      'audit.ndjson',
      '--public-key',
      'fund.pub',
      '--known',
      'audit.ndjson',
    ]);
    expect(badKnown.code).toBe(EXIT.input);
  });
});

describe('openpayer audit export / head', () => {
  it('exports the log of an embedded database and prints a head that the export is checked against', async () => {
    const db = path.join(dir, 'db');
    const store = await openStore({ dataDir: db, durable: false });
    for (let i = 0; i < 12; i++) {
      await store.transaction((tx) =>
        appendAudit(tx, [
          {
            kind: 'policy.uploaded',
            actor: 'key_admin',
            object: { type: 'policy', id: `p.${i}` },
            state: { id: `p.${i}` },
            person: `P-${i}`,
          },
        ]),
      );
    }
    await store.close();

    const head = await run(['audit', 'head', '--db', 'db', '--out', 'head.json']);
    expect(head.code).toBe(EXIT.ok);
    expect(head.stderr).toContain('tree head: 12 entries');
    const published = JSON.parse(await readFile(path.join(dir, 'head.json'), 'utf8')) as {
      head: { treeSize: number };
      publicKey: string;
    };
    expect(published.head.treeSize).toBe(12);

    const exported = await run(['audit', 'export', '--db', 'db', '--out', 'audit-db.ndjson']);
    expect(exported.code).toBe(EXIT.ok);
    expect(exported.stderr).toContain(`--public-key ${published.publicKey}`);
    const text = await readFile(path.join(dir, 'audit-db.ndjson'), 'utf8');
    expect(text).not.toContain('P-3');
    const verified = await run([
      'audit',
      'verify',
      'audit-db.ndjson',
      '--public-key',
      published.publicKey,
      '--known',
      'head.json',
    ]);
    expect(verified.stdout).toContain('valid: 12 entries');
    expect(verified.code).toBe(EXIT.ok);
  });

  it('says which database it cannot open', async () => {
    const missing = await run(['audit', 'export', '--db', 'no-such-db']);
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('no database in');
    const both = await run(['audit', 'head', '--db', 'db', '--database-url', 'postgres://x/y']);
    expect(both.code).toBe(EXIT.usage);
  });
});
