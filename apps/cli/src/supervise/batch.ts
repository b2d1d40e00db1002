import { createReadStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CliError } from '../exit-codes.ts';
import { digest } from '../batch/digest.ts';
import { LineSplitter, chunksOf } from '../batch/input.ts';
import { endOutput, openOutput } from '../batch/output.ts';
import { personHash } from '../batch/person.ts';
import {
  BatchDispatcher,
  Flow,
  SpareBuffers,
  WINDOW,
  WorkerHandle,
  awaitReady,
  workerLimits,
} from '../batch/pool.ts';
import { workerScript } from '../batch/worker-script.ts';
import { type Progress, ProgressThrottle } from '../batch/progress.ts';
import { assertReadableFile } from '../sources.ts';
import {
  CHECKPOINT_FORMAT,
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

/**
 * A supervise worker's young generation (MB) unless OPENPAYER_WORKER_YOUNG_MB says otherwise; not
 * the batch default of 32: over the 1M demo claims the process's peak RSS went from 565–577 MB to
 * 509–521 MB at the same CPU (87–107 s against 98–104 s).
 */
const SUPERVISE_YOUNG_MB = 12;

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
  const limits = workerLimits('OPENPAYER_SUPERVISE_WORKER_HEAP_MB', 512, SUPERVISE_YOUNG_MB);
  const resumed: Resumed =
    options.resume && out !== undefined
      ? await resumeFrom(out)
      : { checkpoint: undefined, hash: createHash('sha256') };
  const kept = resumed.checkpoint?.claims ?? 0;

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
  const flow = new Flow(0);
  /** Opened once the workers are ready: bad rules or catalog leave an earlier output alone. */
  let output: WriteStream | undefined;

  const checkpointEvery = options.checkpointEveryMs ?? 1000;
  let lastCheckpoint = performance.now();
  let pendingCheckpoint: Checkpoint | undefined;
  const snapshot = (): Checkpoint | undefined =>
    versions === undefined
      ? undefined
      : {
          format: CHECKPOINT_FORMAT,
          claims: flow.nextToWrite - 1,
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
      flow.outputError = error instanceof Error ? error : new Error(String(error));
      flow.wakeUp();
    }
    pendingCheckpoint = undefined;
  };

  const write = (chunk: Buffer) => {
    if (chunk.length === 0) return;
    outputBytes += chunk.length;
    if (output === undefined) {
      options.stdout.write(chunk.toString('utf8'));
      return;
    }
    // Only a file has a checkpoint, which holds the digest of the output.
    hash.update(chunk);
    const length = chunk.length;
    const more = output.write(chunk, (error) => {
      if (error) return;
      flushedBytes += length;
      checkpointIfFlushed();
    });
    if (!more) flow.blocked = true;
  };

  const spares = new SpareBuffers();
  const onResults = (message: Extract<FromWorker, { type: 'results' }>) => {
    spares.giveBack(message.spare);
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
    let next = ready[flow.nextToWrite % WINDOW];
    while (next !== undefined) {
      const record = flow.nextToWrite;
      ready[record % WINDOW] = undefined;
      if (record > kept) {
        if (next.bytes.length > 0) chunks.push(next.bytes);
        addKeys(totals, next.keys);
      }
      const a = anchors.get(record);
      if (a !== undefined) {
        anchors.delete(record);
        if (record > kept) anchor = { record, ...a };
      }
      flow.nextToWrite++;
      next = ready[flow.nextToWrite % WINDOW];
    }
    if (chunks.length > 0) write(chunks.length === 1 ? (chunks[0] ?? buf) : Buffer.concat(chunks));
    if (out !== undefined && flow.nextToWrite - 1 > kept) {
      const now = performance.now();
      if (now - lastCheckpoint >= checkpointEvery) {
        lastCheckpoint = now;
        pendingCheckpoint = snapshot();
        checkpointIfFlushed();
      }
    }
    flow.wakeUp();
  };

  const count = Math.max(1, options.workers);
  const workers = Array.from(
    { length: count },
    () =>
      new WorkerHandle<ToWorker, FromWorker>(
        workerScript('supervise'),
        {
          workerData: {
            catalog: options.catalog,
            rules: options.rules,
            historyMax: options.historyMax,
          } satisfies SuperviseSources,
          resourceLimits: limits,
          kind: 'supervise',
        },
        onResults,
        (error) => {
          flow.crash = error;
          flow.wakeUp();
        },
      ),
  );
  try {
    for (const first of await awaitReady(workers)) {
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
    if (out !== undefined) {
      if (cp === undefined) removeCheckpoint(out);
      output = openOutput(out, options.resume, flow);
    }

    const dispatcher = new BatchDispatcher(count, spares, (w, batch) => {
      const { buffer } = batch.bytes;
      workers[w]?.send(
        {
          type: 'batch',
          records: Float64Array.from(batch.records),
          lines: Float64Array.from(batch.lines),
          historyOnly: Uint8Array.from(batch.marks),
          bytes: new Uint8Array(buffer, 0, batch.used),
        },
        [buffer],
      );
    });
    const room = () => flow.room(dispatcher);

    const inputName = options.input === '-' ? 'standard input' : options.input;
    const progress = new ProgressThrottle(
      options.onProgress,
      started,
      options.input === '-' ? null : (await stat(options.input)).size,
    );
    let record = 0;
    const take = (buf: Buffer, start: number, end: number, lineNumber: number): boolean => {
      record++;
      const span = buf.subarray(start, end);
      // Anchors only serve the checkpoint, which only a file has.
      if (
        out !== undefined &&
        (record % ANCHOR_STEP === 0 || (cp?.anchor?.record === record && record <= kept))
      ) {
        const d = digest(span);
        if (record <= kept) {
          if (cp?.anchor?.record === record && cp.anchor.digest !== d) {
            throw new CliError(
              'usage',
              `cannot resume: ${out} was not made from these claims (claim ${record}, line ${lineNumber} of ${inputName}, differs from the one its checkpoint names, line ${cp.anchor.line}): resume with the claims it was made from, or supervise afresh without --resume`,
            );
          }
        } else anchors.set(record, { line: lineNumber, digest: d });
      }
      dispatcher.add(
        personHash(buf, start, end) % count,
        record,
        lineNumber,
        span,
        record <= kept ? 1 : 0,
      );
      flow.sent++;
      progress.tick(record, flow.nextToWrite - 1, splitter.bytesRead);
      return flow.full();
    };
    const splitter = new LineSplitter(take, room);
    await splitter.read(
      options.input === '-'
        ? (options.stdin as AsyncIterable<string | Buffer>)
        : chunksOf(options.input),
    );
    if (record < kept) {
      throw new CliError(
        'usage',
        `cannot resume: the checkpoint of ${out ?? ''} counts ${kept} claims done, but ${inputName} has only ${record}: it was made from other claims`,
      );
    }
    await flow.drain(dispatcher);

    for (const handle of workers) handle.send({ type: 'finish' });
    const done = await Promise.all(workers.map((h) => h.next()));
    let historyHeld = 0;
    for (const message of done) if (message.type === 'done') historyHeld += message.held;
    if (output !== undefined) {
      await endOutput(output);
      flow.check();
      const final = snapshot();
      if (out !== undefined && final !== undefined) writeCheckpoint(out, final);
    }
    return {
      ...totals,
      resumedAfter: kept,
      workers: count,
      elapsedMs: performance.now() - started,
      processed: flow.sent - kept,
      versions,
      historyHeld,
    };
  } finally {
    await Promise.all(workers.map((h) => h.worker.terminate()));
    if (output !== undefined && !output.closed) output.destroy();
  }
}
