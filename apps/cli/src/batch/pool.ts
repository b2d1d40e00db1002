import type { ResourceLimits } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import { CliError, type CliErrorCode } from '../exit-codes.ts';

/**
 * The worker pool of a streaming batch (settle, supervise): worker handles, the batches of
 * claims waiting to be sent to each worker, and the flow state of the reorder window.
 */

/** Records sent to one worker at a time. */
export const BATCH = 256;
/** Records sent but not yet written, across workers: bounds the reorder buffer. */
export const WINDOW = 4096;
/**
 * Bytes a batch buffer starts with (256 claims of ≈1.2 KB fit). Batch buffers go to a worker and
 * come back with its results, to be filled again: a million claims would otherwise allocate
 * gigabytes of buffers, and each few megabytes of them costs the main thread a full collection.
 */
export const BATCH_BYTES = 1 << 19;

const YOUNG_ENV = 'OPENPAYER_WORKER_YOUNG_MB';
const YOUNG_DEFAULT_MB = 32;

function megabytes(envVar: string, defaultMb: number): number {
  const text = process.env[envVar];
  if (text === undefined || text === '') return defaultMb;
  if (!/^\d{1,6}$/u.test(text.trim()) || Number(text) < 1) {
    throw new CliError(
      'usage',
      `the environment variable ${envVar} must be a whole number of megabytes from 1 to 999,999, got "${text}"`,
    );
  }
  return Number(text);
}

/**
 * A worker's heap limits: its old generation from envVar (default defaultMb), its young one from
 * OPENPAYER_WORKER_YOUNG_MB (default youngDefaultMb, 32 unless given). Without a limit V8 lets each
 * worker's heap grow with garbage long before collecting it. A value that is not a whole number is
 * refused.
 */
export function workerLimits(
  envVar: string,
  defaultMb: number,
  youngDefaultMb = YOUNG_DEFAULT_MB,
): ResourceLimits {
  return {
    maxOldGenerationSizeMb: megabytes(envVar, defaultMb),
    maxYoungGenerationSizeMb: megabytes(YOUNG_ENV, youngDefaultMb),
  };
}

/** What a worker answers when it cannot start, and what a stopped worker answers every wait with. */
export interface FailedMessage {
  readonly type: 'failed';
  readonly code: string;
  readonly message: string;
}

type Results<From> = Extract<From, { readonly type: 'results' }>;

/** One worker thread: batch results go to onResults, other messages are awaited with next(). */
export class WorkerHandle<To, From extends { readonly type: string }> {
  readonly worker: Worker;
  private readonly waiting: ((message: From | FailedMessage) => void)[] = [];
  /** Messages that came before anyone asked for them. */
  private readonly early: (From | FailedMessage)[] = [];

  constructor(
    script: URL,
    options: {
      readonly workerData: unknown;
      readonly resourceLimits: ResourceLimits;
      /** Named in the error of a worker that stops, e.g. "settlement". */
      readonly kind: string;
    },
    onResults: (message: Results<From>) => void,
    onCrash: (error: Error) => void,
  ) {
    this.worker = new Worker(script, {
      workerData: options.workerData,
      resourceLimits: options.resourceLimits,
    });
    this.worker.on('message', (message: From) => {
      if (message.type === 'results') onResults(message as Results<From>);
      else {
        const waiter = this.waiting.shift();
        if (waiter) waiter(message);
        else this.early.push(message);
      }
    });
    this.worker.on('error', onCrash);
    this.worker.on('exit', (code) => {
      // A worker that dies answers every wait with a failure, so nothing waits forever.
      const failed: FailedMessage = {
        type: 'failed',
        code: 'internal',
        message: `a worker stopped (exit ${code})`,
      };
      for (const resolve of this.waiting.splice(0)) resolve(failed);
      this.early.push(failed);
      if (code !== 0) {
        onCrash(new Error(`a ${options.kind} worker stopped with exit code ${code}`));
      }
    });
  }

  /** The next message that is not a batch result (ready, seeded, done, failed). */
  next(): Promise<From | FailedMessage> {
    const early = this.early.shift();
    if (early !== undefined) return Promise.resolve(early);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  send(message: To, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }
}

const PASSED_ON: readonly string[] = [
  'file_not_found',
  'malformed_input',
  'file_unreadable',
  'usage',
];

/**
 * Each worker's first message, once all have loaded their sources; the first that failed (a
 * missing or malformed policy, catalog or rule set) is thrown with its code.
 */
export async function awaitReady<To, From extends { readonly type: string }>(
  workers: readonly WorkerHandle<To, From>[],
): Promise<Exclude<From, FailedMessage>[]> {
  const firsts: Exclude<From, FailedMessage>[] = [];
  for (const handle of workers) {
    const first = await handle.next();
    if (first.type === 'failed') {
      const failed = first as FailedMessage;
      const code = (
        PASSED_ON.includes(failed.code) ? failed.code : 'malformed_input'
      ) as CliErrorCode;
      throw new CliError(code, failed.message);
    }
    firsts.push(first as Exclude<From, FailedMessage>);
  }
  return firsts;
}

/** Claims waiting to be sent to one worker: their bytes (joined by "\n"), records and lines. */
export interface PendingBatch {
  bytes: Uint8Array<ArrayBuffer>;
  used: number;
  readonly records: number[];
  readonly lines: number[];
  /** A number per claim for the caller's own use (supervise: 1 for history only). */
  readonly marks: number[];
}

/** Buffers of one kind a batch keeps for reuse (the rest are left to the collector). */
export const KEPT_BUFFERS = 16;

/** Batch buffers the workers gave back, ready to be filled again. */
export class SpareBuffers {
  private readonly kept: ArrayBuffer[] = [];

  giveBack(buffer: ArrayBuffer): void {
    if (this.kept.length < KEPT_BUFFERS) this.kept.push(buffer);
  }

  take(): ArrayBuffer | undefined {
    return this.kept.pop();
  }
}

/**
 * The batches of claims waiting to be sent, one per worker. A claim is copied into its worker's
 * batch (so the read buffer can be reused at once); a full batch is sent by `send`, which hands
 * its buffer over to the worker without a copy (it comes back with the results, into `spares`).
 */
export class BatchDispatcher {
  private readonly pending: PendingBatch[];

  constructor(
    private readonly count: number,
    private readonly spares: SpareBuffers,
    private readonly send: (worker: number, batch: PendingBatch) => void,
  ) {
    this.pending = Array.from({ length: count }, () => this.empty());
  }

  /** Adds the claim (its bytes: span) to the batch of worker w; sends the batch when full. */
  add(w: number, record: number, line: number, span: Uint8Array, mark: number): void {
    const batch = this.pending[w];
    if (batch === undefined) return;
    batch.records.push(record);
    batch.lines.push(line);
    batch.marks.push(mark);
    const needed = batch.used + span.length + 1;
    if (needed > batch.bytes.length) {
      const bigger = new Uint8Array(new ArrayBuffer(Math.max(batch.bytes.length * 2, needed)));
      bigger.set(batch.bytes.subarray(0, batch.used));
      batch.bytes = bigger;
    }
    if (batch.used > 0) batch.bytes[batch.used++] = 0x0a;
    batch.bytes.set(span, batch.used);
    batch.used += span.length;
    if (batch.records.length >= BATCH) this.flush(w);
  }

  flush(w: number): void {
    const batch = this.pending[w];
    if (batch === undefined || batch.records.length === 0) return;
    this.send(w, batch);
    this.pending[w] = this.empty();
  }

  flushAll(): void {
    for (let w = 0; w < this.count; w++) this.flush(w);
  }

  private empty(): PendingBatch {
    return {
      bytes: new Uint8Array(this.spares.take() ?? new ArrayBuffer(BATCH_BYTES)),
      used: 0,
      records: [],
      lines: [],
      marks: [],
    };
  }
}

/**
 * The reorder window's flow: records sent and the next to write, whether the output asks to wait
 * (blocked), and what went wrong (a worker crash, an output error). The main thread waits for
 * room (wait) and is woken by results, a drained output or a failure (wakeUp).
 */
export class Flow {
  nextToWrite: number;
  sent: number;
  blocked = false;
  crash: Error | undefined;
  outputError: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(done: number) {
    this.nextToWrite = done + 1;
    this.sent = done;
  }

  readonly wakeUp = (): void => {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  };

  /**
   * Records finished that write nothing (a batch whose results are added up, not written, e.g. a
   * simulation): counted as written, in whatever order their workers answer. The reader is woken
   * only once half the window is free, so that it sends whole batches again: woken at every
   * answer, it would send a few claims at a time (each in a batch buffer of its own) for good.
   */
  completed(records: number): void {
    this.nextToWrite += records;
    if (this.sent - (this.nextToWrite - 1) <= WINDOW / 2) this.wakeUp();
  }

  /** True when the caller must wait for room before sending more. */
  full(): boolean {
    return this.sent - (this.nextToWrite - 1) >= WINDOW || this.blocked;
  }

  /** Throws what went wrong, if anything. */
  check(): void {
    if (this.crash) throw this.crash;
    if (this.outputError) {
      throw new CliError('file_unreadable', `cannot write: ${this.outputError.message}`);
    }
  }

  /** Wait until the window has room and the output accepts more (sending what is pending). */
  async room(dispatcher: BatchDispatcher): Promise<void> {
    while (this.full()) {
      dispatcher.flushAll();
      this.check();
      await this.sleep();
    }
    this.check();
  }

  /** Send what is pending and wait until every record sent is written. */
  async drain(dispatcher: BatchDispatcher): Promise<void> {
    dispatcher.flushAll();
    while (this.nextToWrite - 1 < this.sent) {
      this.check();
      await this.sleep();
    }
    this.check();
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }
}
