import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../exit-codes.ts';
import { SuperviseEngine, type SuperviseSources, type SuperviseVersions } from './engine.ts';

/**
 * A supervise worker: one SuperviseEngine. Messages in: `batch` (claim lines as UTF-8 bytes
 * joined by "\n", with their record and line numbers, and whether each is only history — a claim
 * a resumed run reviewed already), `finish`. Messages out: `ready` or `failed`, `results` (each
 * record's output lines as UTF-8 bytes, `ends` where each record's bytes end, and its tally keys
 * joined by "\n"), `done`.
 */

export type ToWorker =
  | {
      readonly type: 'batch';
      readonly records: Float64Array;
      readonly lines: Float64Array;
      /** 1: remember the claim as history, write nothing. */
      readonly historyOnly: Uint8Array;
      readonly bytes: Uint8Array<ArrayBuffer>;
    }
  | { readonly type: 'finish' };

export type FromWorker =
  | { readonly type: 'ready'; readonly versions: SuperviseVersions }
  | { readonly type: 'failed'; readonly code: string; readonly message: string }
  | {
      readonly type: 'results';
      readonly records: Float64Array;
      /** Where each record's output ends in `bytes` (exclusive). */
      readonly ends: Float64Array;
      readonly bytes: Uint8Array;
      /** Each record's tally keys, joined by "\n" ('' for none). */
      readonly keys: readonly string[];
      /** The batch's own buffer, given back to be filled again. */
      readonly spare: ArrayBuffer;
    }
  | { readonly type: 'done'; readonly held: number };

const port = parentPort;
if (port === null) throw new Error('the supervise worker runs in a worker thread');
const post = (message: FromWorker, transfer?: ArrayBuffer[]) => {
  port.postMessage(message, transfer);
};

let engine: SuperviseEngine | undefined;
try {
  engine = new SuperviseEngine(workerData as SuperviseSources);
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
  if (message.type === 'finish') {
    post({ type: 'done', held: engine.history.size });
    return;
  }
  const { bytes, records, lines, historyOnly } = message;
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = Buffer.from(new ArrayBuffer(1 << 16));
  let used = 0;
  let start = 0;
  const ends = new Float64Array(records.length);
  const keys: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const newline = input.indexOf(0x0a, start);
    const end = newline === -1 ? input.length : newline;
    const outcome = engine.reviewLine(
      lines[i] ?? 0,
      input.toString('utf8', start, end),
      historyOnly[i] === 1,
    );
    start = end + 1;
    if (outcome.text !== '') {
      // At most three bytes of UTF-8 per UTF-16 unit.
      const room = outcome.text.length * 3;
      if (used + room > out.length) {
        const bigger = Buffer.from(new ArrayBuffer(Math.max(out.length * 2, used + room)));
        out.copy(bigger, 0, 0, used);
        out = bigger;
      }
      used += out.write(outcome.text, used, 'utf8');
    }
    ends[i] = used;
    keys.push(outcome.keys.join('\n'));
  }
  const spare = bytes.buffer;
  post(
    {
      type: 'results',
      records,
      ends,
      bytes: new Uint8Array(out.buffer, 0, used),
      keys,
      spare,
    },
    [out.buffer, spare],
  );
});
