import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { open, stat, truncate, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CliError } from '../exit-codes.ts';
import type { AccumulatorsRecord, EngineSources } from './engine.ts';
import { type EngineTotals, addPayerTotals, emptyTotals } from './totals.ts';
import { hashString } from '../demo/rng.ts';
import { CsvClaimAssembler, csvHeader } from './csv-claims.ts';
import { claimDigestOf, openSeal } from './seal.ts';
import { assertReadableFile } from '../sources.ts';
import { digest } from '../batch/digest.ts';
import { LineSplitter, chunksOf } from '../batch/input.ts';
import { endOutput, openOutput } from '../batch/output.ts';
import { personHash } from '../batch/person.ts';
import {
  BatchDispatcher,
  Flow,
  SpareBuffers,
  WorkerHandle,
  awaitReady,
  workerLimits,
} from '../batch/pool.ts';
import { workerScript } from '../batch/worker-script.ts';
import { type Progress, ProgressThrottle } from '../batch/progress.ts';
import { ResultsWindow } from './results-window.ts';
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
 * them, and settles the remaining claims — each claim is settled exactly once. Each result line
 * is sealed (seal.ts) with the digest of its claim and of itself: a resume first checks that the
 * kept lines are unchanged, were made with the same policy, catalog and --explain, and — in step
 * with reading the input again — from the same claims, line for line; it refuses otherwise.
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
  /**
   * Settle only the persons of this shard (`--shard i/N`): the claims of the others are read and
   * counted (each result keeps its record and line number in the whole file) but not settled.
   */
  readonly shard?: Shard | undefined;
  readonly stdin: Readable;
  readonly stdout: { write(text: string): unknown };
  /** Called about twice a second with the progress. */
  readonly onProgress?: (progress: Progress) => void;
}

export interface BatchSummary extends EngineTotals {
  readonly resumedAfter: number;
  readonly workers: number;
  readonly elapsedMs: number;
  /** Claims settled by this run (not counting those kept from a resumed output). */
  readonly processed: number;
}

/** Shard `index` (0-based) of `of`: the persons whose hash is index modulo `of`. */
export interface Shard {
  readonly index: number;
  readonly of: number;
}

/**
 * Where a person goes, from the stable hash of their id (batch/person.ts): the shard is the hash
 * modulo the shard count, the worker the rest of it modulo the worker count. Shard and worker
 * thus split independently (a shard's persons still spread over every worker), and a person's
 * claims always meet on one machine and one worker, in file order.
 */
export function personRoute(
  hash: number,
  shards: number,
  workers: number,
): { shard: number; worker: number } {
  return { shard: hash % shards, worker: Math.floor(hash / shards) % workers };
}

type Versions = { readonly policy: string; readonly catalog: string };

interface ResumeState {
  readonly kept: number;
  /** The record number (in the whole input) of the last kept line: `kept` unless sharded. */
  readonly lastRecord: number;
  readonly totals: EngineTotals;
  readonly accumulators: Map<string, AccumulatorsRecord>;
  /** The policy and catalog the kept lines were settled with (none when nothing was kept). */
  readonly versions?: Versions | undefined;
  /** Whether the kept results carry explanations (unknown when none was settled). */
  readonly explained?: boolean | undefined;
  /** Bytes of the kept lines (the output's size after a partial last line was cut). */
  readonly bytes: number;
}

/** The record number a result line starts with (`{"record":N,…`), or NaN. */
const recordOf = (text: string): number => {
  const match = /^\{"record":(\d+),/u.exec(text);
  return match === null ? Number.NaN : Number(match[1]);
};

const sameVersions = (a: Versions, b: Versions) => a.policy === b.policy && a.catalog === b.catalog;
const versionsText = (v: Versions) => `policy ${v.policy} and catalog ${v.catalog}`;

/** Keep the complete lines of an interrupted output; rebuild totals and accumulators from them. */
async function resumeFrom(file: string, sharded: boolean): Promise<ResumeState> {
  const totals = emptyTotals();
  const accumulators = new Map<string, AccumulatorsRecord>();
  if (!existsSync(file)) return { kept: 0, lastRecord: 0, totals, accumulators, bytes: 0 };
  assertReadableFile('the output to resume', file);
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
  let lastRecord = 0;
  let versions: Versions | undefined;
  let explained: boolean | undefined;
  for await (const line of lines(createReadStream(file, { encoding: 'utf8' }))) {
    if (line.text === '') continue;
    let value: {
      record?: unknown;
      ok?: unknown;
      versions?: Versions;
      explanations?: unknown;
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
    // A shard's output holds its persons' records only: increasing, with gaps (which records are
    // the shard's is checked in step with the input, see checkKept).
    const inOrder = sharded
      ? typeof value.record === 'number' &&
        Number.isSafeInteger(value.record) &&
        value.record > lastRecord
      : value.record === kept + 1;
    if (!inOrder) {
      throw new CliError(
        'malformed_input',
        `cannot resume: line ${line.number} of ${file} is record ${String(value.record)}, expected ${sharded ? `a record after ${lastRecord}` : kept + 1}`,
      );
    }
    lastRecord = value.record as number;
    if (typeof value.versions?.policy !== 'string' || typeof value.versions.catalog !== 'string') {
      throw new CliError(
        'malformed_input',
        `cannot resume: line ${line.number} of ${file} does not name its policy and catalog (not written by this version of openpayer settle: settle again without --resume)`,
      );
    }
    if (versions === undefined) versions = value.versions;
    else if (!sameVersions(versions, value.versions)) {
      throw new CliError(
        'malformed_input',
        `cannot resume: line ${line.number} of ${file} was settled with ${versionsText(value.versions)}, the lines before it with ${versionsText(versions)}: not the output of one batch`,
      );
    }
    if (value.ok === true) {
      const explains = value.explanations !== undefined;
      explained ??= explains;
      if (explains !== explained) {
        throw new CliError(
          'malformed_input',
          `cannot resume: line ${line.number} of ${file} ${explains ? 'has' : 'lacks'} the explanations that the lines before it ${explains ? 'lack' : 'have'}: not the output of one batch`,
        );
      }
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
      try {
        addPayerTotals(totals.payers, value.payers ?? {});
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        throw new CliError(
          'malformed_input',
          `cannot resume: line ${line.number} of ${file}: ${error.message}`,
        );
      }
      const a = value.accumulators;
      if (a !== undefined)
        accumulators.set(`${String(a['personId'])}\u0000${String(a['year'])}`, a);
    } else {
      totals.failed++;
    }
    // Last: a damaged figure that the checks above understand is named by its field.
    const sealed = openSeal(line.text);
    if (!sealed.ok) {
      throw new CliError(
        'malformed_input',
        sealed.reason === 'edited'
          ? `cannot resume: line ${line.number} of ${file} was changed after it was written (its "check" digest does not match its content); settle again without --resume`
          : `cannot resume: line ${line.number} of ${file} has no "input" and "check" digests (not written by this version of openpayer settle): settle again without --resume`,
      );
    }
  }
  return { kept, lastRecord, totals, accumulators, versions, explained, bytes: complete };
}

/**
 * The kept lines of a resumed output, read again one by one in step with the input (synchronous
 * reads of a chunk at a time, so memory stays flat): each names the digest of its claim.
 */
class KeptLines {
  private readonly fd: number;
  private buf = Buffer.allocUnsafe(1 << 20);
  private from = 0;
  private to = 0;
  private position = 0;
  private number = 0;

  constructor(
    file: string,
    /** Bytes of the kept lines. */
    private readonly size: number,
  ) {
    this.fd = openSync(file, 'r');
  }

  /** The next line that is not empty, or undefined after the last. */
  next(): { readonly number: number; readonly text: string } | undefined {
    for (;;) {
      const newline = this.buf.subarray(this.from, this.to).indexOf(0x0a);
      if (newline !== -1) {
        const text = trimLineEnd(this.buf.toString('utf8', this.from, this.from + newline));
        this.from += newline + 1;
        this.number++;
        if (text !== '') return { number: this.number, text };
        continue;
      }
      if (this.position >= this.size) return undefined;
      this.buf.copy(this.buf, 0, this.from, this.to);
      this.to -= this.from;
      this.from = 0;
      if (this.to === this.buf.length) {
        const bigger = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(bigger, 0, 0, this.to);
        this.buf = bigger;
      }
      const wanted = Math.min(this.buf.length - this.to, this.size - this.position);
      const read = readSync(this.fd, this.buf, this.to, wanted, this.position);
      if (read === 0) return undefined;
      this.position += read;
      this.to += read;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
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
  assertReadableFile('the accumulators', file);
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
  if (options.input !== '-') assertReadableFile('the claims', options.input);
  // Files to write: a directory there would only be found out after the whole batch.
  for (const [what, file] of [
    [options.resume ? 'the output to resume' : 'the output', options.out],
    ['the accumulators to write', options.accumulatorsOut],
  ] as const) {
    if (file !== undefined && existsSync(file) && statSync(file).isDirectory()) {
      throw new CliError('file_unreadable', `${what} ${file} is a directory, not a file`);
    }
  }
  const limits = workerLimits('OPENPAYER_WORKER_HEAP_MB', 256);
  const resumed =
    options.resume && options.out !== undefined
      ? await resumeFrom(options.out, options.shard !== undefined)
      : {
          kept: 0,
          lastRecord: 0,
          totals: undefined,
          accumulators: new Map<string, AccumulatorsRecord>(),
          versions: undefined,
          explained: undefined,
          bytes: 0,
        };
  const seeds = options.accumulators ? await readAccumulatorFile(options.accumulators) : [];

  const flow = new Flow(resumed.lastRecord);
  const shards = options.shard?.of ?? 1;
  const shard = options.shard?.index ?? 0;
  /** Opened once the workers are ready: a bad policy or catalog leaves an earlier output alone. */
  let output: WriteStream | undefined;

  const results = new ResultsWindow(flow, (chunk, length, done) => {
    if (output === undefined) {
      options.stdout.write(chunk.toString('utf8', 0, length));
      done();
    } else if (!output.write(chunk.subarray(0, length), done)) {
      flow.blocked = true;
    }
  });
  const spares = new SpareBuffers();
  const onResults = (message: Extract<FromWorker, { type: 'results' }>) => {
    spares.giveBack(message.spare);
    results.add(message.records, message.bytes);
  };

  const count = Math.max(1, options.workers);
  const workers = Array.from(
    { length: count },
    () =>
      new WorkerHandle<ToWorker, FromWorker>(
        workerScript('settle'),
        {
          workerData: {
            policy: options.policy,
            catalog: options.catalog,
            explain: options.explain,
          } satisfies EngineSources,
          resourceLimits: limits,
          kind: 'settlement',
        },
        onResults,
        (error) => {
          flow.crash = error;
          flow.wakeUp();
        },
      ),
  );
  let kept: KeptLines | undefined;
  try {
    for (const first of await awaitReady(workers)) {
      if (
        first.type === 'ready' &&
        resumed.versions &&
        !sameVersions(resumed.versions, first.versions)
      ) {
        throw new CliError(
          'usage',
          `cannot resume: ${options.out ?? ''} was settled with ${versionsText(resumed.versions)}, not ${versionsText(first.versions)}: resume with the --policy and --catalog it was made with, or settle afresh without --resume`,
        );
      }
    }
    if (resumed.explained !== undefined && resumed.explained !== options.explain) {
      throw new CliError(
        'usage',
        `cannot resume: ${options.out ?? ''} was written ${resumed.explained ? 'with' : 'without'} --explain: resume with the same options`,
      );
    }
    if (resumed.kept > 0 && options.out !== undefined)
      kept = new KeptLines(options.out, resumed.bytes);

    // Starting accumulators: the file's, then those of a resumed output (later, so they win).
    const byWorker: AccumulatorsRecord[][] = workers.map(() => []);
    for (const record of [...seeds, ...resumed.accumulators.values()]) {
      // Another shard's persons are left out (so --accumulators-out holds this shard's only).
      const route = personRoute(hashString(String(record['personId'])), shards, count);
      if (route.shard === shard) byWorker[route.worker]?.push(record);
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
    if (options.out !== undefined) output = openOutput(options.out, options.resume, flow);

    const dispatcher = new BatchDispatcher(count, spares, (w, batch) => {
      // The buffer is handed over to the worker without a copy (and comes back with the results).
      const { buffer } = batch.bytes;
      const given = results.outputs.splice(0, 2);
      workers[w]?.send(
        {
          type: 'batch',
          records: Float64Array.from(batch.records),
          lines: Float64Array.from(batch.lines),
          bytes: new Uint8Array(buffer, 0, batch.used),
          outputs: given,
        },
        [buffer, ...given],
      );
    });
    const room = () => flow.room(dispatcher);

    const progress = new ProgressThrottle(
      options.onProgress,
      started,
      options.input === '-' ? null : (await stat(options.input)).size,
    );
    let record = 0;
    /** Claims sent to this run's workers (another shard's and kept ones are not). */
    let settledHere = 0;
    const source: AsyncIterable<string | Buffer> =
      options.input === '-'
        ? (options.stdin as AsyncIterable<string | Buffer>)
        : chunksOf(options.input);
    /**
     * One claim (JSON, the bytes of span) to its person's worker, in input order. True when the
     * caller must wait for room() before the next one.
     */
    const dispatch = (span: Buffer, person: number, lineNumber: number): boolean => {
      record++;
      // A stable hash, so a person goes to the same shard and worker on every run.
      const route = personRoute(person, shards, count);
      const mine = route.shard === shard;
      if (record <= resumed.lastRecord) {
        if (mine) checkKept(span, lineNumber);
        return false;
      }
      flow.sent++;
      if (mine) {
        dispatcher.add(route.worker, record, lineNumber, span, 0);
        settledHere++;
      } else {
        results.skip(record);
      }
      progress.tick(record, flow.nextToWrite - 1, splitter.bytesRead);
      return flow.full();
    };
    const dispatchJson = (json: string, lineNumber: number): boolean => {
      const span = Buffer.from(json, 'utf8');
      return dispatch(span, personHash(span, 0, span.length), lineNumber);
    };
    /** A kept result must have been made from the claim at its place in this input. */
    const checkKept = (span: Buffer, lineNumber: number) => {
      const result = kept?.next();
      if (
        result !== undefined &&
        recordOf(result.text) === record &&
        claimDigestOf(result.text) === digest(span)
      ) {
        return;
      }
      throw new CliError(
        'usage',
        `cannot resume: line ${result?.number ?? '?'} of ${options.out ?? ''} was not settled from line ${lineNumber} of ${options.input === '-' ? 'standard input' : options.input} (another claim): resume with the claims it was made from, or settle afresh without --resume`,
      );
    };
    let csv: CsvClaimAssembler | undefined;
    /** One input line that is not blank; true when room() must be awaited. */
    const take = (buf: Buffer, start: number, end: number, lineNumber: number): boolean => {
      if (options.format === 'ndjson') {
        return dispatch(buf.subarray(start, end), personHash(buf, start, end), lineNumber);
      }
      const text = buf.toString('utf8', start, end);
      if (csv === undefined) {
        const header = csvHeader(text);
        if (!header.ok) {
          throw new CliError('malformed_input', `line ${lineNumber}: ${header.message}`);
        }
        csv = new CsvClaimAssembler(header.header);
        return false;
      }
      const claim = csv.push(lineNumber, text);
      return claim !== undefined && dispatchJson(claim.json, claim.line);
    };
    const splitter = new LineSplitter(take, room);
    await splitter.read(source);
    const last = csv?.end();
    if (last !== undefined && dispatchJson(last.json, last.line)) await room();
    if (record < resumed.lastRecord) {
      throw new CliError(
        'usage',
        `cannot resume: ${options.out ?? ''} holds ${options.shard === undefined ? `${resumed.kept} results` : `results up to record ${resumed.lastRecord}`}, but ${options.input === '-' ? 'standard input' : options.input} has only ${record} claims: it was made from other claims`,
      );
    }
    await flow.drain(dispatcher);

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
    if (output !== undefined) await endOutput(output);
    if (options.accumulatorsOut !== undefined) {
      held.sort((a, b) => {
        const pa = String(a['personId']);
        const pb = String(b['personId']);
        return pa < pb ? -1 : pa > pb ? 1 : Number(a['year']) - Number(b['year']);
      });
      try {
        await writeFile(
          options.accumulatorsOut,
          held.map((a) => `${JSON.stringify(a)}\n`).join(''),
        );
      } catch (error) {
        throw new CliError(
          'file_unreadable',
          `cannot write the accumulators ${options.accumulatorsOut}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
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
      processed: settledHere,
    };
  } finally {
    kept?.close();
    await Promise.all(workers.map((h) => h.worker.terminate()));
    if (output !== undefined && !output.closed) output.destroy();
  }
}

function sortedPayers(payers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(payers).sort(([a], [b]) => (a < b ? -1 : 1)));
}
