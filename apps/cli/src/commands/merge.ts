import { createReadStream, existsSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CliError, EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { openSeal } from '../settle/seal.ts';
import { assertReadableFile } from '../sources.ts';

export const MERGE_HELP = `Usage: openpayer merge FILE... [--out FILE]

Puts together what N machines settled with openpayer settle --shard I/N (one FILE per shard, in
any order): the result lines in record order — exactly, byte for byte, the output one machine
gives without --shard. Each result line is checked as --resume checks it (sealed, unchanged),
and the files must hold every record of the claims exactly once: a record in none of them (a
shard missing or cut short) or in two of them (a shard given twice, or files of different
claims) is refused, as are lines of different policies or catalogs. (The files do not say how
many claims there were: records missing after the last one given cannot be noticed.)

The same command merges the shards' --accumulators-out files (lines of personId and year, each
file sorted): the result is sorted by person and year, each person-year once — the
--accumulators-out of the single-machine run.

Options:
  --out FILE   write the merge to FILE (default: standard output). Written to FILE.partial and
               renamed when complete: a refused merge leaves no FILE behind
  -h, --help   this help

Exit codes: 0 merged · 2 usage error · 3 a file unreadable, not settle output, edited, or the
files do not make one batch (a record missing or repeated, other versions)

Example:
  openpayer settle claims.ndjson --policy p.yaml --catalog c.json --shard 1/2 --out part-1.ndjson
  openpayer settle claims.ndjson --policy p.yaml --catalog c.json --shard 2/2 --out part-2.ndjson
  openpayer merge part-1.ndjson part-2.ndjson --out results.ndjson`;

/** One input file, a line at a time, with the key its lines are merged by. */
interface Source {
  readonly file: string;
  readonly lines: AsyncIterator<string>;
  /** The current line and its key; undefined once the file is read. */
  current: { readonly text: string; readonly number: number; readonly key: Key } | undefined;
  number: number;
}

type Kind = 'results' | 'accumulators';
/** A result's record number, or an accumulators line's person and year. */
type Key = number | readonly [string, number];

const compare = (a: Key, b: Key): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [pa, ya] = a as readonly [string, number];
  const [pb, yb] = b as readonly [string, number];
  return pa < pb ? -1 : pa > pb ? 1 : ya - yb;
};

const keyText = (key: Key) =>
  typeof key === 'number' ? `record ${String(key)}` : `person ${key[0]} year ${String(key[1])}`;

export async function mergeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${MERGE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    throw new CliError('usage', 'merge takes the output FILE of every shard (at least one)');
  }
  const files = positionals.map((f) => path.resolve(io.cwd, f));
  const repeated = files.find((f, i) => files.indexOf(f) !== i);
  if (repeated !== undefined) {
    throw new CliError('usage', `merge was given ${repeated} twice`);
  }
  for (const file of files) assertReadableFile('the shard output', file);
  const out = values.out === undefined ? undefined : path.resolve(io.cwd, values.out);
  if (out !== undefined && files.includes(out)) {
    throw new CliError('usage', `--out ${out} is one of the files to merge`);
  }

  const partial = out === undefined ? undefined : `${out}.partial`;
  if (out !== undefined && existsSync(out) && statSync(out).isDirectory()) {
    throw new CliError('file_unreadable', `the output ${out} is a directory, not a file`);
  }
  const handle =
    partial === undefined
      ? undefined
      : await open(partial, 'w').catch((error: unknown) => {
          throw new CliError(
            'file_unreadable',
            `cannot write the output ${out ?? ''}: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
  let buffered: string[] = [];
  let bufferedBytes = 0;
  const flush = async () => {
    if (buffered.length === 0) return;
    const text = buffered.join('');
    buffered = [];
    bufferedBytes = 0;
    if (handle === undefined) io.stdout.write(text);
    else await handle.write(text);
  };
  try {
    await mergeInto(files, async (line) => {
      buffered.push(`${line}\n`);
      bufferedBytes += line.length + 1;
      if (bufferedBytes >= 1 << 20) await flush();
    });
    await flush();
    if (handle !== undefined) await handle.sync();
  } catch (error) {
    await handle?.close();
    if (partial !== undefined) await rm(partial, { force: true });
    throw error;
  }
  await handle?.close();
  if (partial !== undefined && out !== undefined) await rename(partial, out);
  return EXIT.ok;
}

/** The k-way merge of the files' lines by key, checked; `emit` gets the lines in order. */
async function mergeInto(
  files: readonly string[],
  emit: (line: string) => Promise<void>,
): Promise<void> {
  let kind: Kind | undefined;
  let versions: string | undefined;
  const sources: Source[] = files.map((file) => ({
    file,
    lines: createInterface({ input: createReadStream(file), crlfDelay: Infinity })[
      Symbol.asyncIterator
    ](),
    current: undefined,
    number: 0,
  }));

  /** The source's next line that is not blank, checked, with its key. */
  const advance = async (source: Source): Promise<void> => {
    const previous = source.current;
    for (;;) {
      const next = await source.lines.next();
      if (next.done === true) {
        source.current = undefined;
        return;
      }
      source.number++;
      const text = next.value;
      if (text.trim() === '') continue;
      const where = `line ${String(source.number)} of ${source.file}`;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new CliError('malformed_input', `${where} is not JSON`);
      }
      const lineKind: Kind | undefined =
        typeof value['record'] === 'number'
          ? 'results'
          : typeof value['personId'] === 'string' && typeof value['year'] === 'number'
            ? 'accumulators'
            : undefined;
      if (lineKind === undefined) {
        throw new CliError(
          'malformed_input',
          `${where} is neither a result of openpayer settle nor an accumulators line`,
        );
      }
      kind ??= lineKind;
      if (lineKind !== kind) {
        throw new CliError(
          'malformed_input',
          `${where} is ${lineKind === 'results' ? 'a result' : 'an accumulators line'}, the lines before it are ${kind === 'results' ? 'results' : 'accumulators lines'}: merge results and accumulators separately`,
        );
      }
      let key: Key;
      if (lineKind === 'results') {
        const sealed = openSeal(text);
        if (!sealed.ok) {
          throw new CliError(
            'malformed_input',
            sealed.reason === 'edited'
              ? `${where} was changed after it was written (its "check" digest does not match its content)`
              : `${where} has no "input" and "check" digests (not written by this version of openpayer settle)`,
          );
        }
        const lineVersions = JSON.stringify(value['versions']);
        versions ??= lineVersions;
        if (lineVersions !== versions) {
          throw new CliError(
            'malformed_input',
            `${where} was settled with ${lineVersions}, other lines with ${versions}: not the shards of one batch`,
          );
        }
        key = value['record'] as number;
      } else {
        key = [value['personId'] as string, value['year'] as number];
      }
      if (previous !== undefined && compare(key, previous.key) <= 0) {
        throw new CliError(
          'malformed_input',
          `${where} (${keyText(key)}) does not come after ${keyText(previous.key)}: not in the order openpayer settle writes`,
        );
      }
      source.current = { text, number: source.number, key };
      return;
    }
  };

  await Promise.all(sources.map(advance));
  let last: { key: Key; file: string } | undefined;
  for (;;) {
    let least: Source | undefined;
    for (const source of sources) {
      if (source.current === undefined) continue;
      if (least?.current === undefined || compare(source.current.key, least.current.key) < 0) {
        least = source;
      }
    }
    const line = least?.current;
    if (least === undefined || line === undefined) break;
    if (last !== undefined && compare(line.key, last.key) === 0) {
      throw new CliError(
        'malformed_input',
        `${keyText(line.key)} is in both ${last.file} and ${least.file}: a shard given twice, or the outputs of different batches`,
      );
    }
    const expected = last === undefined ? 1 : (last.key as number) + 1;
    if (kind === 'results' && line.key !== expected) {
      throw new CliError(
        'malformed_input',
        `record ${String(expected)} is in none of the files: give the output of every shard (I/N for every I), each complete`,
      );
    }
    await emit(line.text);
    last = { key: line.key, file: least.file };
    await advance(least);
  }
}
