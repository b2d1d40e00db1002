import {
  createReadStream,
  createWriteStream,
  existsSync,
  statSync,
  type WriteStream,
} from 'node:fs';
import { open, stat, truncate } from 'node:fs/promises';
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { CliError, type CliErrorCode } from '../exit-codes.ts';
import { type Progress, personHash } from '../settle/batch.ts';
import { digest } from '../settle/seal.ts';
import { assertReadableFile, unreadable } from '../sources.ts';
import {
  type Checkpoint,
  checkpointPathOf,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
} from './checkpoint.ts';
import type { SuperviseSources, SuperviseVersions } from './engine.ts';
import { ERROR_KEY, type SuperviseTotals, emptySuperviseTotals } from './output.ts';
import type { FromWorker, ToWorker } from './worker.ts';

/**
 * A streaming post-payment review over worker threads, built like settle's batch (settle/batch.ts):
 * the main thread reads the input line by line and sends each claim to the worker that owns its
 * person (the same hash of the person id), in input order, so each worker holds the whole history
 * of its people; workers answer each claim's findings, which the main thread writes back in input
 * order through a bounded reorder window. The output is byte-identical whatever the number of
 * workers, and memory stays bounded (the workers keep only the history the rules can read).
 *
 * A claim may have no finding, so the output cannot be its own checkpoint as settle's is: a
 * checkpoint file beside it (checkpoint.ts) says how many claims are done. --resume cuts the
 * output back to the checkpoint, sends the claims done to the workers as history only (so later
 * claims see the same history), and reviews the rest: each finding is written exactly once.
 */

export interface SuperviseBatchOptions extends SuperviseSources {
  /** Absolute path of the claims (NDJSON), or '-' for stdin. */
  readonly input: string;
  /** Absolute path of the output (NDJSON); stdout when absent (then no checkpoint). */
  readonly out?: string | undefined;
  readonly workers: number;
  readonly resume: boolean;
  readonly stdin: Readable;
  readonly stdout: { write(text: string): unknown };
  /** Called about twice a second with the progress. */
  readonly onProgress?: (progress: Progress) => void;
  /** Least time between two checkpoints (default 1,000 ms). */
  readonly checkpointEveryMs?: number;
}

export interface SuperviseSummary extends SuperviseTotals {
  /** Claims done by an earlier run (from the checkpoint). */
  readonly resumedAfter: number;
  readonly workers: number;
  readonly elapsedMs: number;
  /** Claims reviewed by this run. */
  readonly processed: number;
  readonly versions: SuperviseVersions;
  /** Earlier claims the workers held at the end (the history within the lookback). */
  readonly historyHeld: number;
}

const WORKER_LIMITS = {
  maxOldGenerationSizeMb: Number(process.env['OPENPAYER_SUPERVISE_WORKER_HEAP_MB'] ?? 512),
  maxYoungGenerationSizeMb: Number(process.env['OPENPAYER_WORKER_YOUNG_MB'] ?? 32),
};
const BATCH = 256;
const WINDOW = 4096;
const BATCH_BYTES = 1 << 19;
/** Every this many records, one is an anchor of the checkpoint (its digest is kept). */
const ANCHOR_STEP = 256;

const sameVersions = (a: SuperviseVersions, b: SuperviseVersions) =>
  a.catalog === b.catalog &&
  a.rules.length === b.rules.length &&
  a.rules.every((r, i) => {
    const other = b.rules[i];
    return other !== undefined && other.id === r.id && other.digest === r.digest;
  });
const versionsText = (v: SuperviseVersions) =>
  `catalog ${v.catalog} and rule sets ${v.rules.map((r) => `${r.id} (${r.digest})`).join(', ')}`;

class WorkerHandle {
  readonly worker: Worker;
  private readonly waiting: ((message: FromWorker) => void)[] = [];
  private readonly early: FromWorker[] = [];

  constructor(
    sources: SuperviseSources,
    onResults: (message: Extract<FromWorker, { type: 'results' }>) => void,
    onCrash: (error: Error) => void,
  ) {
    this.worker = new Worker(new URL('../../bin/supervise-worker.mjs', import.meta.url), {
      workerData: {
        catalog: sources.catalog,
        rules: sources.rules,
        historyMax: sources.historyMax,
      } satisfies SuperviseSources,
      resourceLimits: WORKER_LIMITS,
    });
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'results') onResults(message);
      else {
        const waiter = this.waiting.shift();
        if (waiter) waiter(message);
        else this.early.push(message);
      }
    });
    this.worker.on('error', onCrash);
    this.worker.on('exit', (code) => {
      const failed = {
        type: 'failed',
        code: 'internal',
        message: `a worker stopped (exit ${code})`,
      } as const;
      for (const resolve of this.waiting.splice(0)) resolve(failed);
      this.early.push(failed);
      if (code !== 0) onCrash(new Error(`a supervise worker stopped with exit code ${code}`));
    });
  }

  next(): Promise<FromWorker> {
    const early = this.early.shift();
    if (early !== undefined) return Promise.resolve(early);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  send(message: ToWorker, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }
}

/** The claims file's bytes, a chunk at a time, in one buffer reused for every chunk. */
async function* chunksOf(file: string): AsyncGenerator<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw unreadable('the claims', file, error);
  }
  try {
    const buf = Buffer.allocUnsafeSlow(1 << 20);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buf, 0, buf.length, null));
      } catch (error) {
        throw unreadable('the claims', file, error);
      }
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = buf[i] ?? 0;
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    return byte < 0x80 ? false : buf.toString('utf8', start, end).trim() === '';
  }
  return true;
}

interface Resumed {
  readonly checkpoint: Checkpoint | undefined;
  readonly hash: Hash;
}

/** Check an interrupted output against its checkpoint and cut it back to it. */
async function resumeFrom(out: string): Promise<Resumed> {
  const hash = createHash('sha256');
  if (!existsSync(out)) return { checkpoint: undefined, hash };
  assertReadableFile('the output to resume', out);
  const checkpoint = readCheckpoint(out);
  const size = statSync(out).size;
  if (checkpoint === undefined) {
    if (size === 0) return { checkpoint: undefined, hash };
    throw new CliError(
      'usage',
      `cannot resume: ${out} has no checkpoint (${checkpointPathOf(out)}): it was not written by openpayer supervise -o; supervise afresh without --resume`,
    );
  }
  if (size < checkpoint.outputBytes) {
    throw new CliError(
      'malformed_input',
      `cannot resume: ${out} is shorter (${size} bytes) than its checkpoint says (${checkpoint.outputBytes}): it was cut or replaced; supervise again without --resume`,
    );
  }
  let left = checkpoint.outputBytes;
  for await (const chunk of createReadStream(out, {
    start: 0,
    end: Math.max(0, checkpoint.outputBytes - 1),
  })) {
    if (left <= 0) break;
    const buf = chunk as Buffer;
    hash.update(buf.subarray(0, Math.min(buf.length, left)));
    left -= buf.length;
  }
  if (hash.copy().digest('hex') !== checkpoint.outputDigest) {
    throw new CliError(
      'malformed_input',
      `cannot resume: ${out} was changed after it was written (its first ${checkpoint.outputBytes} bytes do not match the digest of its checkpoint); supervise again without --resume`,
    );
  }
  if (size > checkpoint.outputBytes) await truncate(out, checkpoint.outputBytes);
  return { checkpoint, hash };
}

function addKeys(totals: SuperviseTotals, keys: string): void {
  totals.claims++;
  if (keys.startsWith(ERROR_KEY)) {
    totals.failed++;
    const code = keys.slice(ERROR_KEY.length);
    totals.issues[code] = (totals.issues[code] ?? 0) + 1;
    return;
  }
  totals.reviewed++;
  if (keys === '') return;
  for (const key of keys.split('\n')) {
    totals.findings++;
    totals.byRule[key] = (totals.byRule[key] ?? 0) + 1;
  }
}

const cloneTotals = (t: SuperviseTotals): SuperviseTotals => ({
  ...t,
  byRule: { ...t.byRule },
  issues: { ...t.issues },
});

export async function runSupervise(options: SuperviseBatchOptions): Promise<SuperviseSummary> {
  const started = performance.now();
  if (options.input !== '-') assertReadableFile('the claims', options.input);
  const out = options.out;
  if (out !== undefined && existsSync(out) && statSync(out).isDirectory()) {
    throw new CliError(
      'file_unreadable',
      `${options.resume ? 'the output to resume' : 'the output'} ${out} is a directory, not a file`,
    );
  }
  const resumed: Resumed =
    options.resume && out !== undefined
      ? await resumeFrom(out)
      : { checkpoint: undefined, hash: createHash('sha256') };
  const kept = resumed.checkpoint?.claims ?? 0;
  if (out !== undefined && resumed.checkpoint === undefined) removeCheckpoint(out);

  const totals = resumed.checkpoint
    ? cloneTotals(resumed.checkpoint.totals)
    : emptySuperviseTotals();
  const hash = resumed.hash;
  let outputBytes = resumed.checkpoint?.outputBytes ?? 0;
  let flushedBytes = outputBytes;
  let anchor: Checkpoint['anchor'] = resumed.checkpoint?.anchor ?? null;
  const anchors = new Map<number, { line: number; digest: string }>();
  let versions: SuperviseVersions | undefined;

  const ready: ({ bytes: Buffer; keys: string } | undefined)[] = new Array<
    { bytes: Buffer; keys: string } | undefined
  >(WINDOW).fill(undefined);
  let nextToWrite = 1;
  let sent = 0;
  let crash: Error | undefined;
  let wake: (() => void) | undefined;
  const wakeUp = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const output: WriteStream | undefined =
    out === undefined ? undefined : createWriteStream(out, { flags: options.resume ? 'a' : 'w' });
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

  const checkpointEvery = options.checkpointEveryMs ?? 1000;
  let lastCheckpoint = performance.now();
  let pendingCheckpoint: Checkpoint | undefined;
  const snapshot = (): Checkpoint | undefined =>
    versions === undefined
      ? undefined
      : {
          format: 'openpayer-supervise-checkpoint/1',
          claims: nextToWrite - 1,
          outputBytes,
          outputDigest: hash.copy().digest('hex'),
          anchor,
          versions: { catalog: versions.catalog, rules: [...versions.rules] },
          totals: cloneTotals(totals),
        };
  const checkpointIfFlushed = () => {
    if (out === undefined || pendingCheckpoint === undefined) return;
    if (pendingCheckpoint.outputBytes > flushedBytes) return;
    try {
      writeCheckpoint(out, pendingCheckpoint);
    } catch (error) {
      outputError = error instanceof Error ? error : new Error(String(error));
      wakeUp();
    }
    pendingCheckpoint = undefined;
  };

  const write = (chunk: Buffer) => {
    if (chunk.length === 0) return;
    hash.update(chunk);
    outputBytes += chunk.length;
    if (output === undefined) {
      options.stdout.write(chunk.toString('utf8'));
      return;
    }
    const length = chunk.length;
    const more = output.write(chunk, (error) => {
      if (error) return;
      flushedBytes += length;
      checkpointIfFlushed();
    });
    if (!more) flow.blocked = true;
  };

  const spares: ArrayBuffer[] = [];
  const onResults = (message: Extract<FromWorker, { type: 'results' }>) => {
    if (spares.length < 16) spares.push(message.spare);
    const { records, ends, keys } = message;
    const buf = Buffer.from(
      message.bytes.buffer,
      message.bytes.byteOffset,
      message.bytes.byteLength,
    );
    let start = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] ?? 0;
      const end = ends[i] ?? start;
      ready[record % WINDOW] = { bytes: buf.subarray(start, end), keys: keys[i] ?? '' };
      start = end;
    }
    const chunks: Buffer[] = [];
    let next = ready[nextToWrite % WINDOW];
    while (next !== undefined) {
      ready[nextToWrite % WINDOW] = undefined;
      if (nextToWrite > kept) {
        if (next.bytes.length > 0) chunks.push(next.bytes);
        addKeys(totals, next.keys);
      }
      const a = anchors.get(nextToWrite);
      if (a !== undefined) {
        anchors.delete(nextToWrite);
        if (nextToWrite > kept) anchor = { record: nextToWrite, ...a };
      }
      nextToWrite++;
      next = ready[nextToWrite % WINDOW];
    }
    if (chunks.length > 0) write(chunks.length === 1 ? (chunks[0] ?? buf) : Buffer.concat(chunks));
    if (out !== undefined && nextToWrite - 1 > kept) {
      const now = performance.now();
      if (now - lastCheckpoint >= checkpointEvery) {
        lastCheckpoint = now;
        pendingCheckpoint = snapshot();
        checkpointIfFlushed();
      }
    }
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
      if (first.type === 'ready') versions ??= first.versions;
    }
    if (versions === undefined) throw new Error('no worker answered');
    const cp = resumed.checkpoint;
    if (cp !== undefined && !sameVersions(cp.versions, versions)) {
      throw new CliError(
        'usage',
        `cannot resume: ${out ?? ''} was made with ${versionsText(cp.versions)}, not ${versionsText(versions)}: resume with the --rules and --catalog it was made with, or supervise afresh without --resume`,
      );
    }

    interface Pending {
      bytes: Uint8Array<ArrayBuffer>;
      used: number;
      records: number[];
      lines: number[];
      historyOnly: number[];
    }
    const empty = (): Pending => ({
      bytes: new Uint8Array(spares.pop() ?? new ArrayBuffer(BATCH_BYTES)),
      used: 0,
      records: [],
      lines: [],
      historyOnly: [],
    });
    const pending = workers.map(empty);
    const append = (batch: Pending, span: Uint8Array) => {
      const needed = batch.used + span.length + 1;
      if (needed > batch.bytes.length) {
        const bigger = new Uint8Array(new ArrayBuffer(Math.max(batch.bytes.length * 2, needed)));
        bigger.set(batch.bytes.subarray(0, batch.used));
        batch.bytes = bigger;
      }
      if (batch.used > 0) batch.bytes[batch.used++] = 0x0a;
      batch.bytes.set(span, batch.used);
      batch.used += span.length;
    };
    const flush = (i: number) => {
      const batch = pending[i];
      if (batch === undefined || batch.records.length === 0) return;
      const { buffer } = batch.bytes;
      workers[i]?.send(
        {
          type: 'batch',
          records: Float64Array.from(batch.records),
          lines: Float64Array.from(batch.lines),
          historyOnly: Uint8Array.from(batch.historyOnly),
          bytes: new Uint8Array(buffer, 0, batch.used),
        },
        [buffer],
      );
      pending[i] = empty();
    };
    const flushAll = () => {
      for (let i = 0; i < count; i++) flush(i);
    };
    const check = () => {
      if (crash) throw crash;
      if (outputError)
        throw new CliError('file_unreadable', `cannot write: ${outputError.message}`);
    };
    const room = async () => {
      while (sent - (nextToWrite - 1) >= WINDOW || flow.blocked) {
        flushAll();
        check();
        await new Promise<void>((resolve) => (wake = resolve));
      }
      check();
    };

    const inputName = options.input === '-' ? 'standard input' : options.input;
    const bytesTotal = options.input === '-' ? null : (await stat(options.input)).size;
    let bytesRead = 0;
    let lastProgress = performance.now();
    let record = 0;
    const dispatch = (span: Buffer, person: number, lineNumber: number): boolean => {
      record++;
      if (record % ANCHOR_STEP === 0 || (cp?.anchor?.record === record && record <= kept)) {
        const d = digest(span);
        if (record <= kept) {
          if (cp?.anchor?.record === record && cp.anchor.digest !== d) {
            throw new CliError(
              'usage',
              `cannot resume: ${out ?? ''} was not made from these claims (claim ${record}, line ${lineNumber} of ${inputName}, differs from the one its checkpoint names, line ${cp.anchor.line}): resume with the claims it was made from, or supervise afresh without --resume`,
            );
          }
        } else anchors.set(record, { line: lineNumber, digest: d });
      }
      const w = person % count;
      const batch = pending[w];
      if (batch === undefined) return false;
      batch.records.push(record);
      batch.lines.push(lineNumber);
      batch.historyOnly.push(record <= kept ? 1 : 0);
      append(batch, span);
      sent++;
      if (batch.records.length >= BATCH) flush(w);
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
      return sent - (nextToWrite - 1) >= WINDOW || flow.blocked;
    };
    const take = (buf: Buffer, start: number, end: number, lineNumber: number): boolean => {
      if (end > start && buf[end - 1] === 0x0d) end--;
      if (isBlank(buf, start, end)) return false;
      return dispatch(buf.subarray(start, end), personHash(buf, start, end), lineNumber);
    };
    const source: AsyncIterable<string | Buffer> =
      options.input === '-'
        ? (options.stdin as AsyncIterable<string | Buffer>)
        : chunksOf(options.input);
    let rest: Buffer | undefined;
    let lineNumber = 0;
    for await (const chunk of source) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let start = 0;
      let end = buf.indexOf(0x0a, start);
      if (rest !== undefined && end !== -1) {
        const line = Buffer.concat([rest, buf.subarray(0, end)]);
        rest = undefined;
        lineNumber++;
        bytesRead += line.length + 1;
        if (take(line, 0, line.length, lineNumber)) await room();
        start = end + 1;
        end = buf.indexOf(0x0a, start);
      }
      while (end !== -1) {
        lineNumber++;
        bytesRead += end - start + 1;
        if (take(buf, start, end, lineNumber)) await room();
        start = end + 1;
        end = buf.indexOf(0x0a, start);
      }
      if (start < buf.length) {
        rest =
          rest === undefined
            ? Buffer.from(buf.subarray(start))
            : Buffer.concat([rest, buf.subarray(start)]);
      }
    }
    if (rest !== undefined) {
      lineNumber++;
      bytesRead += rest.length;
      if (take(rest, 0, rest.length, lineNumber)) await room();
    }
    if (record < kept) {
      throw new CliError(
        'usage',
        `cannot resume: the checkpoint of ${out ?? ''} counts ${kept} claims done, but ${inputName} has only ${record}: it was made from other claims`,
      );
    }
    flushAll();
    while (nextToWrite - 1 < sent) {
      check();
      await new Promise<void>((resolve) => (wake = resolve));
    }
    check();

    for (const handle of workers) handle.send({ type: 'finish' });
    const done = await Promise.all(workers.map((h) => h.next()));
    let historyHeld = 0;
    for (const message of done) if (message.type === 'done') historyHeld += message.held;
    if (output !== undefined) {
      await new Promise<void>((resolve, reject) => {
        output.end((error?: Error | null) => {
          if (error) reject(error);
          else resolve();
        });
      });
      check();
      const final = snapshot();
      if (out !== undefined && final !== undefined) writeCheckpoint(out, final);
    }
    return {
      ...totals,
      resumedAfter: kept,
      workers: count,
      elapsedMs: performance.now() - started,
      processed: sent - kept,
      versions,
      historyHeld,
    };
  } finally {
    await Promise.all(workers.map((h) => h.worker.terminate()));
    if (output !== undefined && !output.closed) output.destroy();
  }
}
