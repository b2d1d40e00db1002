import { type Flow, KEPT_BUFFERS, WINDOW } from '../batch/pool.ts';

/** What another shard's record writes: nothing (its slot in the reorder window is filled). */
const NOTHING = Buffer.alloc(0);
/** Bytes an output buffer starts with: a write is usually one batch's results (≈300 KB). */
const WRITE_BYTES = 1 << 20;

/** A worker's results buffer in the window: given back once none of its results wait. */
interface ResultsBuffer {
  readonly buffer: ArrayBuffer;
  waiting: number;
}

/**
 * The reorder window of a batch settlement: results wait here (by record number modulo its size)
 * until every earlier record is written, then go out in input order. At most WINDOW records are
 * in flight (the flow's bound), so a slot is free when it is reused.
 *
 * Every buffer on the results' way is reused, none allocated per batch: the buffer a worker
 * writes a batch's results into comes back to the workers (`outputs`, sent with later batches)
 * once each result in it is copied out, and the bytes go to the output from a few buffers of this
 * thread, each filled again once the output has written it (`write`'s `done`). A million claims
 * pass 1.2 GB through these; as fresh buffers they cost the main thread a full collection every
 * ~10,000 claims.
 */
export class ResultsWindow {
  private readonly ready: (Buffer | undefined)[] = new Array<Buffer | undefined>(WINDOW).fill(
    undefined,
  );
  /** The results buffer each waiting result is in. */
  private readonly owners: (ResultsBuffer | undefined)[] = new Array<ResultsBuffer | undefined>(
    WINDOW,
  ).fill(undefined);
  /** Results buffers whose results are all written: to go back to the workers. */
  readonly outputs: ArrayBuffer[] = [];
  /** Buffers the output has written: filled again by the next write. */
  private readonly written: Buffer[] = [];

  constructor(
    private readonly flow: Flow,
    /** Writes chunk[0, length); calls `done` once the chunk may be filled again. */
    private readonly write: (chunk: Buffer, length: number, done: () => void) => void,
  ) {}

  /** A worker's results: one line (ending in "\n") per record, in the records' order. */
  add(records: ArrayLike<number>, bytes: Uint8Array<ArrayBuffer>): void {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const owner: ResultsBuffer = { buffer: bytes.buffer, waiting: records.length };
    let start = 0;
    for (let i = 0; i < records.length; i++) {
      const slot = (records[i] ?? 0) % WINDOW;
      const end = buf.indexOf(0x0a, start) + 1;
      this.ready[slot] = buf.subarray(start, end);
      this.owners[slot] = owner;
      start = end;
    }
    this.writeReady();
  }

  /** Another shard's record: it writes nothing, but holds its place in the order. */
  skip(record: number): void {
    this.ready[record % WINDOW] = NOTHING;
    if (record === this.flow.nextToWrite) this.writeReady();
  }

  /** Writes the results that are next in input order, in one chunk. */
  private writeReady(): void {
    const { flow, ready, owners } = this;
    // From the next to write on: at most the whole window (every slot is filled when the next to
    // write is the last result of the window to come).
    let bytes = 0;
    let end = flow.nextToWrite;
    while (end - flow.nextToWrite < WINDOW) {
      const next = ready[end % WINDOW];
      if (next === undefined) break;
      bytes += next.length;
      end++;
    }
    let chunk = bytes === 0 ? undefined : this.written.pop();
    if (bytes > 0 && (chunk === undefined || chunk.length < bytes)) {
      chunk = Buffer.allocUnsafeSlow(Math.max(bytes, WRITE_BYTES));
    }
    let at = 0;
    for (; flow.nextToWrite < end; flow.nextToWrite++) {
      const slot = flow.nextToWrite % WINDOW;
      const next = ready[slot];
      const owner = owners[slot];
      ready[slot] = undefined;
      owners[slot] = undefined;
      if (chunk !== undefined && next !== undefined) at += next.copy(chunk, at);
      if (owner !== undefined && --owner.waiting === 0 && this.outputs.length < KEPT_BUFFERS) {
        this.outputs.push(owner.buffer);
      }
    }
    if (chunk !== undefined) {
      const filled = chunk;
      this.write(filled, at, () => {
        if (this.written.length < KEPT_BUFFERS) this.written.push(filled);
      });
    }
    flow.wakeUp();
  }
}
