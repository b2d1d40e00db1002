import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../exit-codes.ts';
import { type AccumulatorsRecord, type EngineSources, SettleEngine } from './engine.ts';
import { digest } from '../batch/digest.ts';
import { SEAL_BYTES, seal } from './seal.ts';

/**
 * A batch worker: one SettleEngine. Messages in: `seed` (accumulators), `batch` (claim lines as
 * UTF-8 bytes joined by "\n", with their record and line numbers, and results buffers to reuse),
 * `finish`. Messages out: `ready` or `failed`, `results` (output lines as UTF-8 bytes, each
 * sealed — see seal.ts — and ending in "\n", with their record numbers), `done` (totals and the
 * accumulators it holds). Batches travel as bytes in transferred buffers: the main thread neither
 * decodes the input nor encodes the output.
 */

export type ToWorker =
  | { readonly type: 'seed'; readonly records: readonly AccumulatorsRecord[] }
  | {
      readonly type: 'batch';
      readonly records: Float64Array;
      readonly lines: Float64Array;
      readonly bytes: Uint8Array<ArrayBuffer>;
      /** Results buffers the main thread has written out, to write results into again. */
      readonly outputs: readonly ArrayBuffer[];
    }
  | { readonly type: 'finish'; readonly accumulators: boolean };

export type FromWorker =
  /** The engine is loaded: the policy and catalog release that every result line names. */
  | {
      readonly type: 'ready';
      readonly versions: { readonly policy: string; readonly catalog: string };
    }
  | { readonly type: 'failed'; readonly code: string; readonly message: string }
  | { readonly type: 'seeded'; readonly problems: readonly string[] }
  | {
      readonly type: 'results';
      readonly records: Float64Array;
      readonly bytes: Uint8Array<ArrayBuffer>;
      /** The batch's own buffer, given back to be filled again. */
      readonly spare: ArrayBuffer;
    }
  | {
      readonly type: 'done';
      readonly totals: ReturnType<SettleEngine['summary']>;
      readonly accumulators: readonly AccumulatorsRecord[];
    };

/** Results buffers given back by the main thread (see ToWorker's `outputs`). */
const outputs: ArrayBuffer[] = [];
const KEPT_OUTPUTS = 8;

const port = parentPort;
if (port === null) throw new Error('the settle worker runs in a worker thread');
const post = (message: FromWorker, transfer?: ArrayBuffer[]) => {
  port.postMessage(message, transfer);
};

let engine: SettleEngine | undefined;
try {
  engine = new SettleEngine(workerData as EngineSources);
  post({ type: 'ready', versions: engine.versions });
} catch (error) {
  post({
    type: 'failed',
    code: error instanceof CliError ? error.code : 'internal',
    message: error instanceof Error ? error.message : String(error),
  });
}

port.on('message', (message: ToWorker) => {
  if (engine === undefined) return;
  if (message.type === 'batch') {
    const { bytes, records, lines } = message;
    for (const given of message.outputs) if (outputs.length < KEPT_OUTPUTS) outputs.push(given);
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Each claim is decoded, settled and its result encoded before the next: no string outlives
    // its claim, so the young generation's collections find almost nothing alive to copy.
    const wanted = Math.max(1 << 16, input.length + (input.length >> 2));
    let reused = outputs.pop();
    while (reused !== undefined && reused.byteLength < wanted) reused = outputs.pop();
    let out = Buffer.from(reused ?? new ArrayBuffer(wanted));
    let used = 0;
    let start = 0;
    for (let i = 0; i < records.length; i++) {
      const newline = input.indexOf(0x0a, start);
      const end = newline === -1 ? input.length : newline;
      const { text } = engine.settleLine(
        records[i] ?? 0,
        lines[i] ?? 0,
        input.toString('utf8', start, end),
      );
      const claimDigest = digest(input.subarray(start, end));
      start = end + 1;
      // At most three bytes of UTF-8 per UTF-16 unit, the seal and the newline.
      const room = text.length * 3 + SEAL_BYTES + 1;
      if (used + room > out.length) {
        const bigger = Buffer.from(new ArrayBuffer(Math.max(out.length * 2, used + room)));
        out.copy(bigger, 0, 0, used);
        out = bigger;
      }
      const lineStart = used;
      used += out.write(text, used, 'utf8');
      used = seal(out, lineStart, used, claimDigest);
      out[used++] = 0x0a;
    }
    const spare = bytes.buffer;
    post({ type: 'results', records, bytes: new Uint8Array(out.buffer, 0, used), spare }, [
      out.buffer,
      spare,
    ]);
  } else if (message.type === 'seed') {
    const problems: string[] = [];
    for (const record of message.records) {
      const issues = engine.seed(record);
      if (issues.length > 0) {
        problems.push(
          `accumulators of ${String(record['personId'])}: ${issues[0]?.path.join('.') ?? ''} ${issues[0]?.message ?? ''}`,
        );
      }
    }
    post({ type: 'seeded', problems });
  } else {
    post({
      type: 'done',
      totals: engine.summary(),
      accumulators: message.accumulators ? engine.accumulatorRecords() : [],
    });
  }
});
