import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { open, stat, truncate, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { CliError, type CliErrorCode } from '../exit-codes.ts';
import {
  type AccumulatorsRecord,
  type EngineSources,
  type EngineTotals,
  addPayerTotals,
  emptyTotals,
} from './engine.ts';
import { hashString } from '../demo/rng.ts';
import { CsvClaimAssembler, csvHeader } from './csv-claims.ts';
import type { FromWorker, ToWorker } from './worker.ts';

/**
 * A streaming batch settlement over worker threads.
 *
 * The main thread reads the input line by line and sends each claim to the worker that owns its
 * person (a hash of the person id), in input order; workers answer batches of output lines, which
 * the main thread writes back in input order through a bounded reorder window. So memory stays
 * flat whatever the input size, and the output is byte-identical whatever the number of workers:
 * each claim sees exactly the accumulators of the same person's earlier claims in the file.
 *
 * The output file is its own checkpoint: it is always a prefix of the full result (written in
 * input order). `resume` keeps its complete lines, rebuilds the totals and the accumulators from
 * them, and settles the remaining claims — each claim is settled exactly once.
 */

export interface BatchOptions extends EngineSources {
  /** Absolute path of the claims, or '-' for stdin. */
  readonly input: string;
  /** NDJSON (one claim per line) or CSV (one row per claim line; see csv-claims.ts). */
  readonly format: 'ndjson' | 'csv';
  /** Absolute path of the output (NDJSON); stdout when absent. */
  readonly out?: string | undefined;
  readonly workers: number;
  readonly resume: boolean;
  /** Absolute path of starting accumulators (NDJSON). */
  readonly accumulators?: string | undefined;
  /** Absolute path to write the accumulators after the batch (NDJSON, sorted). */
  readonly accumulatorsOut?: string | undefined;
  readonly stdin: Readable;
  readonly stdout: { write(text: string): unknown };
  /** Called about twice a second with the progress. */
  readonly onProgress?: (progress: Progress) => void;
}

export interface Progress {
  readonly done: number;
  readonly bytesRead: number;
  readonly bytesTotal: number | null;
  readonly elapsedMs: number;
}

export interface BatchSummary extends EngineTotals {
  readonly resumedAfter: number;
  readonly workers: number;
  readonly elapsedMs: number;
  /** Claims settled by this run (not counting those kept from a resumed output). */
  readonly processed: number;
}

/**
 * A worker's live data is its catalog index and its people's accumulators (≈140 bytes each);
 * without a limit V8 lets each worker's heap grow with garbage long before collecting it.
 */
const WORKER_LIMITS = {
  maxOldGenerationSizeMb: Number(process.env['OPENPAYER_WORKER_HEAP_MB'] ?? 256),
  maxYoungGenerationSizeMb: Number(process.env['OPENPAYER_WORKER_YOUNG_MB'] ?? 32),
};

/** Records sent to one worker at a time. */
const BATCH = 256;
/** Records sent but not yet written, across workers: bounds the reorder buffer. */
const WINDOW = 4096;

const PERSON_ID = /"person"\s*:\s*\{[^{}]*?"id"\s*:\s*"((?:[^"\\]|\\.)*)"/u;

/** The person a claim line belongs to ('' when it has none: such a line fails on its own). */
export function personOf(line: string): string {
  const match = PERSON_ID.exec(line);
  if (match?.[1] !== undefined) return match[1];
  try {
    const value = JSON.parse(line) as { person?: { id?: unknown } } | null;
    const id = value?.person?.id;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

/** The worker's entry: the sources through tsx, like bin/openpayer.mjs. */
function workerScript(): URL {
  return new URL('../../bin/settle-worker.mjs', import.meta.url);
}

class WorkerHandle {
  readonly worker: Worker;
  private readonly waiting: ((message: FromWorker) => void)[] = [];
  /** Messages that came before anyone asked for them. */
  private readonly early: FromWorker[] = [];

  constructor(
    sources: EngineSources,
    onResults: (records: readonly number[], text: string) => void,
    onCrash: (error: Error) => void,
  ) {
    this.worker = new Worker(workerScript(), {
      workerData: {
        policy: sources.policy,
        catalog: sources.catalog,
        explain: sources.explain,
      } satisfies EngineSources,
      resourceLimits: WORKER_LIMITS,
    });
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'results') onResults(message.records, message.text);
      else {
        const waiter = this.waiting.shift();
        if (waiter) waiter(message);
        else this.early.push(message);
      }
    });
    this.worker.on('error', onCrash);
    this.worker.on('exit', (code) => {
      // A worker that dies answers every wait with a failure, so nothing waits forever.
      const failed = {
        type: 'failed',
        code: 'internal',
        message: `a worker stopped (exit ${code})`,
      } as const;
      for (const resolve of this.waiting.splice(0)) resolve(failed);
      this.early.push(failed);
      if (code !== 0) onCrash(new Error(`a settlement worker stopped with exit code ${code}`));
    });
  }

  /** The next message that is not a batch result (ready, seeded, done). */
  next(): Promise<FromWorker> {
    const early = this.early.shift();
    if (early !== undefined) return Promise.resolve(early);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}

interface ResumeState {
  readonly kept: number;
  readonly totals: EngineTotals;
  readonly accumulators: Map<string, AccumulatorsRecord>;
}

/** Keep the complete lines of an interrupted output; rebuild totals and accumulators from them. */
async function resumeFrom(file: string): Promise<ResumeState> {
  const totals = emptyTotals();
  const accumulators = new Map<string, AccumulatorsRecord>();
  if (!existsSync(file)) return { kept: 0, totals, accumulators };
  // Cut a partly written last line (the process was killed in the middle of a write).
  const size = (await stat(file)).size;
  let complete = size;
  if (size > 0) {
    const handle = await open(file, 'r');
    try {
      const tail = Buffer.alloc(Math.min(size, 1 << 20));
      let end = size;
      complete = 0;
      while (end > 0) {
        const start = Math.max(0, end - tail.length);
        const { bytesRead } = await handle.read(tail, 0, end - start, start);
        const at = tail.subarray(0, bytesRead).lastIndexOf(0x0a);
        if (at >= 0) {
          complete = start + at + 1;
          break;
        }
        end = start;
      }
    } finally {
      await handle.close();
    }
  }
  if (complete < size) await truncate(file, complete);
  let kept = 0;
  for await (const line of lines(createReadStream(file, { encoding: 'utf8' }))) {
    if (line.text === '') continue;
    let value: {
      record?: unknown;
      ok?: unknown;
      payers?: Record<string, string>;
      lines?: unknown[];
      issues?: { code: string; severity: string }[];
      accumulators?: AccumulatorsRecord;
    };
    try {
      value = JSON.parse(line.text) as typeof value;
    } catch {
      throw new CliError(
        'malformed_input',
        `cannot resume: line ${line.number} of ${file} is not a result line`,
      );
    }
    if (value.record !== kept + 1) {
      throw new CliError(
        'malformed_input',
        `cannot resume: line ${line.number} of ${file} is record ${String(value.record)}, expected ${kept + 1}`,
      );
    }
    kept++;
    totals.claims++;
    for (const i of value.issues ?? []) {
      if (value.ok === true || i.severity === 'error') {
        totals.issues[i.code] = (totals.issues[i.code] ?? 0) + 1;
      }
    }
    if (value.ok === true) {
      totals.settled++;
      totals.lines += value.lines?.length ?? 0;
      addPayerTotals(totals.payers, value.payers ?? {});
      const a = value.accumulators;
      if (a !== undefined)
        accumulators.set(`${String(a['personId'])}\u0000${String(a['year'])}`, a);
    } else {
      totals.failed++;
    }
  }
  return { kept, totals, accumulators };
}

/** Lines of a text stream, numbered from 1, without their line ends. */
async function* lines(stream: AsyncIterable<string | Buffer>) {
  let rest = '';
  let number = 0;
  for await (const chunk of stream) {
    const text = rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end !== -1) {
      number++;
      yield { number, text: trimLineEnd(text.slice(start, end)), bytes: end - start + 1 };
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest !== '') {
    number++;
    yield { number, text: trimLineEnd(rest), bytes: rest.length };
  }
}

const trimLineEnd = (text: string) => (text.endsWith('\r') ? text.slice(0, -1) : text);

async function readAccumulatorFile(file: string): Promise<AccumulatorsRecord[]> {
  if (!existsSync(file)) throw new CliError('file_not_found', `no accumulators file ${file}`);
  const records: AccumulatorsRecord[] = [];
  for await (const line of lines(createReadStream(file, { encoding: 'utf8' }))) {
    if (line.text.trim() === '') continue;
    try {
      records.push(JSON.parse(line.text) as AccumulatorsRecord);
    } catch {
      throw new CliError(
        'malformed_input',
        `line ${line.number} of the accumulators file ${file} is not JSON`,
      );
    }
  }
  return records;
}

export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  if (options.input !== '-' && !existsSync(options.input)) {
    throw new CliError('file_not_found', `no such file: ${options.input}`);
  }
  const resumed =
    options.resume && options.out !== undefined
      ? await resumeFrom(options.out)
      : { kept: 0, totals: undefined, accumulators: new Map<string, AccumulatorsRecord>() };
  const seeds = options.accumulators ? await readAccumulatorFile(options.accumulators) : [];

  // The reorder window: results wait here until every earlier record is written.
  const ready = new Map<number, string>();
  let nextToWrite = resumed.kept + 1;
  let sent = resumed.kept;
  let crash: Error | undefined;
  let wake: (() => void) | undefined;
  const wakeUp = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const output: WriteStream | undefined =
    options.out === undefined
      ? undefined
      : createWriteStream(options.out, { flags: options.resume ? 'a' : 'w' });
  const flow = { blocked: false };
  output?.on('drain', () => {
    flow.blocked = false;
    wakeUp();
  });
  let outputError: Error | undefined;
  output?.on('error', (error) => {
    outputError = error;
    wakeUp();
  });

  const write = (text: string) => {
    if (output === undefined) options.stdout.write(text);
    else if (!output.write(text)) flow.blocked = true;
  };

  const onResults = (records: readonly number[], text: string) => {
    const texts = text.split('\n');
    for (let i = 0; i < records.length; i++) ready.set(records[i] ?? 0, texts[i] ?? '');
    let chunk = '';
    let text2 = ready.get(nextToWrite);
    while (text2 !== undefined) {
      ready.delete(nextToWrite);
      chunk += `${text2}\n`;
      nextToWrite++;
      text2 = ready.get(nextToWrite);
    }
    if (chunk !== '') write(chunk);
    wakeUp();
  };

  const count = Math.max(1, options.workers);
  const workers = Array.from(
    { length: count },
    () =>
      new WorkerHandle(options, onResults, (error) => {
        crash = error;
        wakeUp();
      }),
  );
  try {
    for (const handle of workers) {
      const first = await handle.next();
      if (first.type === 'failed') {
        const code = (
          ['file_not_found', 'malformed_input', 'file_unreadable', 'usage'].includes(first.code)
            ? first.code
            : 'malformed_input'
        ) as CliErrorCode;
        throw new CliError(code, first.message);
      }
    }

    // Starting accumulators: the file's, then those of a resumed output (later, so they win).
    const byWorker: AccumulatorsRecord[][] = workers.map(() => []);
    for (const record of [...seeds, ...resumed.accumulators.values()]) {
      byWorker[hashString(String(record['personId'])) % count]?.push(record);
    }
    for (const [i, handle] of workers.entries()) {
      handle.send({ type: 'seed', records: byWorker[i] ?? [] });
    }
    for (const handle of workers) {
      const seeded = await handle.next();
      if (seeded.type === 'seeded' && seeded.problems.length > 0) {
        throw new CliError('malformed_input', seeded.problems[0] ?? 'bad accumulators');
      }
    }

    const pending = workers.map(() => ({
      records: [] as number[],
      lines: [] as number[],
      texts: [] as string[],
    }));
    const flush = (i: number) => {
      const batch = pending[i];
      if (batch === undefined || batch.records.length === 0) return;
      workers[i]?.send({
        type: 'batch',
        records: batch.records,
        lines: batch.lines,
        text: batch.texts.join('\n'),
      });
      pending[i] = { records: [], lines: [], texts: [] };
    };
    const flushAll = () => {
      for (let i = 0; i < count; i++) flush(i);
    };
    const check = () => {
      if (crash) throw crash;
      if (outputError)
        throw new CliError('file_unreadable', `cannot write: ${outputError.message}`);
    };
    /** Wait until the window has room and the output accepts more. */
    const room = async () => {
      while (sent - (nextToWrite - 1) >= WINDOW || flow.blocked) {
        flushAll();
        check();
        await new Promise<void>((resolve) => (wake = resolve));
      }
      check();
    };

    const bytesTotal = options.input === '-' ? null : (await stat(options.input)).size;
    let bytesRead = 0;
    let lastProgress = performance.now();
    let record = 0;
    const source =
      options.input === '-'
        ? options.stdin
        : createReadStream(options.input, { encoding: 'utf8', highWaterMark: 1 << 20 });
    /** One claim (JSON text) to its person's worker, in input order. */
    const dispatch = async (text: string, lineNumber: number) => {
      record++;
      if (record <= resumed.kept) return;
      // A stable hash, so a person goes to the same worker on every run.
      const w = hashString(personOf(text)) % count;
      const batch = pending[w];
      if (batch === undefined) return;
      batch.records.push(record);
      batch.lines.push(lineNumber);
      batch.texts.push(text);
      sent++;
      if (batch.records.length >= BATCH) flush(w);
      if (sent - (nextToWrite - 1) >= WINDOW || flow.blocked) await room();
      if (options.onProgress && (record & 1023) === 0) {
        const now = performance.now();
        if (now - lastProgress > 500) {
          lastProgress = now;
          options.onProgress({
            done: nextToWrite - 1,
            bytesRead,
            bytesTotal,
            elapsedMs: now - started,
          });
        }
      }
    };
    let csv: CsvClaimAssembler | undefined;
    for await (const line of lines(source as AsyncIterable<string | Buffer>)) {
      bytesRead += line.bytes;
      if (line.text.trim() === '') continue;
      if (options.format === 'csv') {
        if (csv === undefined) {
          const header = csvHeader(line.text);
          if (!header.ok) {
            throw new CliError('malformed_input', `line ${line.number}: ${header.message}`);
          }
          csv = new CsvClaimAssembler(header.header);
          continue;
        }
        const claim = csv.push(line.number, line.text);
        if (claim !== undefined) await dispatch(claim.json, claim.line);
        continue;
      }
      await dispatch(line.text, line.number);
    }
    const last = csv?.end();
    if (last !== undefined) await dispatch(last.json, last.line);
    flushAll();
    while (nextToWrite - 1 < sent) {
      check();
      await new Promise<void>((resolve) => (wake = resolve));
    }
    check();

    // Totals and accumulators from every worker.
    const wantAccumulators = options.accumulatorsOut !== undefined;
    for (const handle of workers) handle.send({ type: 'finish', accumulators: wantAccumulators });
    const done = await Promise.all(workers.map((h) => h.next()));
    const totals = resumed.totals ?? emptyTotals();
    const held: AccumulatorsRecord[] = [];
    for (const message of done) {
      if (message.type !== 'done') continue;
      totals.claims += message.totals.claims;
      totals.settled += message.totals.settled;
      totals.failed += message.totals.failed;
      totals.lines += message.totals.lines;
      addPayerTotals(totals.payers, message.totals.payers);
      for (const [code, n] of Object.entries(message.totals.issues)) {
        totals.issues[code] = (totals.issues[code] ?? 0) + n;
      }
      held.push(...message.accumulators);
    }
    if (output !== undefined) {
      await new Promise<void>((resolve, reject) => {
        output.end((error?: Error | null) => {
          if (error) reject(error);
          else resolve();
        });
      });
    }
    if (options.accumulatorsOut !== undefined) {
      held.sort((a, b) => {
        const pa = String(a['personId']);
        const pb = String(b['personId']);
        return pa < pb ? -1 : pa > pb ? 1 : Number(a['year']) - Number(b['year']);
      });
      await writeFile(options.accumulatorsOut, held.map((a) => `${JSON.stringify(a)}\n`).join(''));
    }
    if (process.env['OPENPAYER_DEBUG_BATCH'] === '1') {
      process.stderr.write(
        `main thread busy ${(performance.eventLoopUtilization().utilization * 100).toFixed(0)}%\n`,
      );
    }
    return {
      ...totals,
      payers: sortedPayers(totals.payers),
      resumedAfter: resumed.kept,
      workers: count,
      elapsedMs: performance.now() - started,
      processed: sent - resumed.kept,
    };
  } finally {
    await Promise.all(workers.map((h) => h.worker.terminate()));
    if (output !== undefined && !output.closed) output.destroy();
  }
}

function sortedPayers(payers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(payers).sort(([a], [b]) => (a < b ? -1 : 1)));
}
