import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  AuditVerifier,
  type TreeHead,
  publicKeyFrom,
  toBase64,
  treeHeadFrom,
} from '@openpayer/supervision';
import { AuditTree, auditSigningKey, openStore } from '@openpayer/persistence';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { closeOutput, inputFile } from '../records.ts';
import { databaseOption } from './database.ts';

export const AUDIT_HELP = `Usage: openpayer audit verify FILE --public-key KEY [--known HEAD]... [options]
       openpayer audit export [--out FILE] [--db DIR | --database-url URL]
       openpayer audit head [--out FILE] [--db DIR | --database-url URL]

export writes the whole log of a database as NDJSON, up to a tree head it signs now (with
OPENPAYER_AUDIT_SIGNING_KEY, else the database's own key); head prints (or writes) the latest
signed tree head with the public key, for publication: whoever keeps it can later check that
every export still contains it (verify --known).

Verifies an audit log export (NDJSON, as the API's /v1/audit/export and \`openpayer audit
export\` write it) with nothing but the export and the fund's public key: recomputes the hash of
every entry and the Merkle root (RFC 6962) at every signed tree head, checks each head's Ed25519
signature against the key given (never a key the export names), that heads never go back and
that the last one covers every entry. With --known, also that the log still contains a head
published earlier (a third party's copy): a truncated, rewritten or re-signed log fails.
Streams: a million entries keep only their hashes in memory.

KEY is the Ed25519 public key: 32 bytes as base64 or hex, or a file holding that text.
HEAD is a file with a signed tree head as JSON ({"treeSize","timestamp","rootHash","signature",
"keyId"}, as GET /v1/audit/head answers and the export's head lines hold).

Options:
  --public-key KEY  the fund's public key (required)
  --known FILE      a tree head published earlier; repeatable
  --json            print the report as JSON on stdout
  --out FILE        export / head: write to FILE instead of standard output
  --db DIR          export / head: the embedded database's folder (default: OPENPAYER_DB_DIR or
                    .openpayer/db in the repository, as openpayer serve uses)
  --database-url URL  export / head: PostgreSQL instead (default: DATABASE_URL)
  -h, --help        this help

Prints "valid" with the entries, heads and the latest head, or each problem with its line; on
success also the pace on standard error ("verified N entries in S s (R entries/s)").
Exit codes: 0 the log verifies · 1 it does not (problems listed) · 2 usage error · 3 a file cannot
be read or the key or a known head is not readable

Examples:
  openpayer audit head --out published-head.json
  openpayer audit export --out audit.ndjson
  openpayer audit verify audit.ndjson --public-key MCowBQYDK2VwAyEA…
  openpayer audit verify audit.ndjson --public-key fund.pub --known published-head.json`;

async function keyFrom(value: string, cwd: string): Promise<Uint8Array> {
  const direct = publicKeyFrom(value);
  if (direct !== undefined) return direct;
  let text: string;
  try {
    text = await readFile(await inputFile(value, cwd), 'utf8');
  } catch (error) {
    if (error instanceof CliError) {
      throw new CliError(
        'malformed_input',
        `--public-key ${value} is neither 32 bytes of base64 or hex nor a readable file`,
      );
    }
    throw error;
  }
  const key = publicKeyFrom(text);
  if (key === undefined) {
    throw new CliError('malformed_input', `${value} does not hold a 32-byte key in base64 or hex`);
  }
  return key;
}

async function knownHead(file: string, cwd: string): Promise<TreeHead> {
  const text = await readFile(await inputFile(file, cwd), 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError('malformed_input', `--known ${file} is not JSON`);
  }
  // The API's head answer, an export's head line, or the bare head.
  const parsed = treeHeadFrom(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CliError(
      'malformed_input',
      `--known ${file} is not a signed tree head: ${first ? `${first.path.join('.')}: ${first.message}` : ''}`,
    );
  }
  return parsed.data;
}

export async function auditCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'export' || sub === 'head') return fromDatabase(sub, rest, io);
  if (sub !== 'verify') {
    throw new CliError(
      'usage',
      sub === undefined
        ? 'openpayer audit needs a subcommand: verify, export or head'
        : `unknown audit subcommand "${sub}" (verify, export, head)`,
    );
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      options: {
        'public-key': { type: 'string' },
        known: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CliError('usage', error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new CliError('usage', 'openpayer audit verify takes one FILE (the export)');
  }
  if (values['public-key'] === undefined) {
    throw new CliError('usage', 'openpayer audit verify needs --public-key KEY');
  }
  const key = await keyFrom(values['public-key'], io.cwd);
  const known = await Promise.all((values.known ?? []).map((f) => knownHead(f, io.cwd)));
  const file = await inputFile(positionals[0] ?? '', io.cwd);

  const verifier = new AuditVerifier(key, { known });
  const started = performance.now();
  let line = 0;
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  for await (const text of lines) verifier.line(text, ++line);
  const report = verifier.finish();
  const seconds = (performance.now() - started) / 1000;

  if (report.valid) {
    // The pace, on standard error: standard output stays the report alone.
    const perSecond = seconds > 0 ? Math.round(report.entries / seconds) : report.entries;
    io.stderr.write(
      `verified ${report.entries.toLocaleString('en')} entries in ${seconds.toFixed(2)} s (${perSecond.toLocaleString('en')} entries/s)\n`,
    );
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else if (report.valid) {
    io.stdout.write(
      `valid: ${report.entries} entries, ${report.heads} signed heads; latest head size ${report.latest?.treeSize ?? 0} at ${new Date(report.latest?.timestamp ?? 0).toISOString()}, root ${report.latest?.rootHash ?? ''}\n`,
    );
  } else {
    io.stdout.write(
      `NOT valid: ${report.problemCount} problem(s) in ${report.entries} entries, ${report.heads} heads\n`,
    );
    for (const p of report.problems) {
      const at =
        typeof p.data?.['line'] === 'number' && p.data['line'] > 0
          ? `line ${String(p.data['line'])}: `
          : '';
      io.stdout.write(`  ${p.code}  ${at}${p.message}\n`);
    }
  }
  return report.valid ? EXIT.ok : EXIT.recordsWithErrors;
}

/** `audit export` and `audit head`: the log of a database, signed now. */
async function fromDatabase(
  sub: 'export' | 'head',
  args: readonly string[],
  io: Io,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        out: { type: 'string' },
        db: { type: 'string' },
        'database-url': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CliError('usage', error instanceof Error ? error.message : String(error));
  }
  const { url, dataDir } = databaseOption(values, io);
  const store = await openStore({ url, dataDir }).catch((error: unknown) => {
    throw new CliError(
      'file_unreadable',
      `cannot open the database: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  try {
    const configured = process.env['OPENPAYER_AUDIT_SIGNING_KEY'] || undefined;
    const tree = new AuditTree(store, await auditSigningKey(store, configured));
    const out =
      values.out === undefined ? io.stdout : createWriteStream(path.resolve(io.cwd, values.out));
    if (sub === 'head') {
      const head = await tree.head();
      out.write(`${JSON.stringify({ head, publicKey: toBase64(tree.publicKey) }, null, 2)}\n`);
      io.stderr.write(`tree head: ${head.treeSize} entries, root ${head.rootHash}\n`);
    } else {
      let lines = 0;
      for await (const line of tree.exportLines()) {
        if (!out.write(`${line}\n`) && 'once' in out) {
          await new Promise((resolve) => (out as NodeJS.WritableStream).once('drain', resolve));
        }
        lines++;
      }
      io.stderr.write(
        `exported ${lines} lines; verify with: openpayer audit verify FILE --public-key ${toBase64(tree.publicKey)}\n`,
      );
    }
    await closeOutput(out, io);
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
