import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { emptyStats, generateClaims } from '../demo/generate.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { wholeNumberOption } from './options.ts';
import type { Io } from '../io.ts';

export const DEMO_HELP = `Usage: openpayer demo generate --claims N [--seed S] [--out FILE] [options]

Generate synthetic, realistic claims for the demo region 哈尔滨 (insured region 230100), one
claim per line (NDJSON). Deterministic: the same N and seed give byte-identical output.

Each claim passes \`openpayer validate\`: people insured as employees or residents with their
categories (retired, child, low_income, …), primary / secondary / tertiary demonstration
institutions in the Harbin districts (codes H2301xx…), outpatient, chronic outpatient and
inpatient claims with real ICD-10 / ICD-9-CM-3 医保版 codes, real national drug codes from the
2024 list and the rule base — whose restricted payment scope sometimes holds and sometimes does
not — and real service codes. Amounts are exact: each line is quantity × unit price rounded to
the fen, the total the sum of the lines.

Options:
  --claims N     how many claims (required, a positive integer)
  --seed S       seed, a non-negative integer (default: 1)
  --out FILE     write to FILE instead of standard output (written whole or not at all)
  --quiet        no summary on stderr
  -h, --help     this help

Output (one line per claim):
  {"id":"DEMO-1-0000001","type":"outpatient","scheme":"medical","person":{…},…,"totalAmount":"86.40"}

Exit codes: 0 success · 2 usage error · 3 output cannot be written · 70 internal error

Examples:
  openpayer demo generate --claims 1000 --seed 7 --out claims.ndjson
  openpayer demo generate --claims 1000000 --out claims-1m.ndjson --quiet
  openpayer demo generate --claims 20 | openpayer validate -`;

const MAX_CLAIMS = 100_000_000;
/** Flush to the output in chunks of about this many characters. */
const CHUNK = 1 << 20;

interface Sink {
  write(text: string): unknown;
  once?: (event: 'drain', listener: () => void) => unknown;
}

export async function demoCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      claims: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${DEMO_HELP}\n`);
    return EXIT.ok;
  }
  const [subcommand, ...extra] = positionals;
  if (subcommand === undefined)
    throw new CliError('usage', 'demo needs a subcommand: generate; run openpayer demo --help');
  if (subcommand !== 'generate')
    throw new CliError(
      'usage',
      `unknown demo subcommand "${subcommand}"; the subcommand is generate (openpayer demo --help)`,
    );
  if (extra.length > 0)
    throw new CliError(
      'usage',
      `demo generate takes no FILE argument (got "${extra.join(' ')}"); use --out FILE`,
    );
  if (values.claims === undefined)
    throw new CliError(
      'usage',
      '--claims is required: how many claims to generate, e.g. --claims 1000',
    );
  const claims = wholeNumberOption('--claims', values.claims, 1, 1, MAX_CLAIMS);
  const seed = wholeNumberOption('--seed', values.seed, 1, 0, Number.MAX_SAFE_INTEGER);

  const started = performance.now();
  const stats = emptyStats();
  const generated = generateClaims({ claims, seed, stats });
  if (values.out === undefined) {
    await writeAll(generated, io.stdout);
  } else {
    await writeFileAtomically(path.resolve(io.cwd, values.out), values.out, generated);
  }
  if (!values.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const byType = Object.entries(stats.byType)
      .filter(([, n]) => n > 0)
      .map(([type, n]) => `${String(n)} ${type}`)
      .join(', ');
    const yuan = `${String(stats.totalFen / 100n)}.${String(stats.totalFen % 100n).padStart(2, '0')}`;
    io.stderr.write(
      `generated ${String(stats.claims)} claim${stats.claims === 1 ? '' : 's'} (seed ${String(seed)}${values.out === undefined ? '' : `, ${values.out}`}): ${byType}; ${String(stats.lines)} lines, ${yuan} yuan (${seconds} s)\n`,
    );
  }
  return EXIT.ok;
}

/** NDJSON in ~1 MB chunks, waiting for the sink to drain when it asks to (backpressure). */
async function writeAll(claims: Iterable<unknown>, sink: Sink): Promise<void> {
  let chunk = '';
  for (const claim of claims) {
    chunk += `${JSON.stringify(claim)}\n`;
    if (chunk.length >= CHUNK) {
      await write(sink, chunk);
      chunk = '';
    }
  }
  if (chunk !== '') await write(sink, chunk);
}

async function write(sink: Sink, text: string): Promise<void> {
  if (sink.write(text) === false && typeof sink.once === 'function') {
    const once = sink.once.bind(sink);
    await new Promise<void>((resolve) => {
      once('drain', resolve);
    });
  }
}

/**
 * Writes to a temporary file beside FILE and renames it into place once complete, so a failed or
 * interrupted run never leaves a half-written FILE.
 */
async function writeFileAtomically(
  file: string,
  shown: string,
  claims: Iterable<unknown>,
): Promise<void> {
  const partial = `${file}.partial-${String(process.pid)}`;
  const stream = createWriteStream(partial, { encoding: 'utf8', highWaterMark: CHUNK });
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) => {
    stream.once('error', (error) => {
      failure = error;
      reject(error);
    });
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([writeAll(claims, stream), failed]);
    await Promise.race([
      new Promise<void>((resolve) => {
        stream.end(resolve);
      }),
      failed,
    ]);
    await rename(partial, file);
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    const reason = failure ?? error;
    if (failure === undefined && !(reason instanceof Error && 'code' in reason)) throw error;
    throw new CliError(
      'file_unreadable',
      `cannot write ${shown}: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  }
}
