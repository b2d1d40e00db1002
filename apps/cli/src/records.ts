import { WriteStream, createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { CliError } from './exit-codes.ts';
import type { Io } from './io.ts';

export type InputFormat = 'auto' | 'json' | 'ndjson';

/** One record of an input file: its value, or why it could not be read. Line numbers are 1-based. */
export type InputRecord =
  | { readonly index: number; readonly line: number; readonly value: unknown }
  | { readonly index: number; readonly line: number; readonly error: string };

/**
 * Records from a file (or stdin for `-`): NDJSON is streamed line by line, so memory stays flat
 * whatever the size; a JSON file holds one claim or an array of claims. A bad NDJSON line is a
 * bad record (reported with its line number); it does not stop the others.
 */
export async function* readRecords(
  source: string,
  format: InputFormat,
  stdin: Readable,
  cwd: string,
): AsyncGenerator<InputRecord> {
  if (source === '-') {
    const text = await readAll(stdin);
    yield* recordsFromText(text, format === 'auto' ? sniff(text) : format);
    return;
  }
  const file = await inputFile(source, cwd);
  const chosen = format === 'auto' ? formatFromExtension(file) : format;
  if (chosen === 'ndjson') {
    yield* ndjsonLines(
      createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }),
    );
    return;
  }
  const text = await readFile(file, 'utf8');
  yield* recordsFromText(text, chosen ?? sniff(text));
}

function formatFromExtension(file: string): 'json' | 'ndjson' | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  return undefined;
}

/** A whole-document JSON parse succeeds → JSON; otherwise NDJSON. */
function sniff(text: string): 'json' | 'ndjson' {
  try {
    JSON.parse(text);
    return 'json';
  } catch {
    return 'ndjson';
  }
}

async function* recordsFromText(
  text: string,
  format: 'json' | 'ndjson',
): AsyncGenerator<InputRecord> {
  if (format === 'ndjson') {
    yield* ndjsonLines(text.split(/\r?\n/));
    return;
  }
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      'malformed_input',
      `input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const values = Array.isArray(document) ? (document as unknown[]) : [document];
  let index = 0;
  for (const value of values) {
    index += 1;
    yield { index, line: 1, value };
  }
}

async function* ndjsonLines(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<InputRecord> {
  let line = 0;
  let index = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    index += 1;
    try {
      yield { index, line, value: JSON.parse(text) as unknown };
    } catch (error) {
      yield {
        index,
        line,
        error: `line ${line} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The absolute path of an input file, or a CliError saying why it cannot be read. */
export async function inputFile(source: string, cwd: string): Promise<string> {
  const file = path.resolve(cwd, source);
  try {
    if (!(await stat(file)).isFile())
      throw new CliError('file_unreadable', `${source} is not a file`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError('file_not_found', `cannot read ${source}: no such file`);
  }
  return file;
}

/** Flushes and closes an `--out` file (standard output is left open). */
export async function closeOutput(out: { write(text: string): unknown }, io: Io): Promise<void> {
  if (out === io.stdout || !(out instanceof WriteStream)) return;
  await new Promise<void>((resolve, reject) => {
    out.end((error?: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });
}
